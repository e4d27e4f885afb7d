"""Full-text indexes that stay fast when a common word meets a radius.

SQLite: the FTS5 index also holds each lot's grid cells, so that a search by words and radius
is one intersection inside FTS5.

Without them, a common word ("palettes": one lot in five) made SQLite read every matching
lot's row to test its position, 20,000 lookups for the 300 lots around a city (27 ms at 100,000
lots); with them, FTS5 intersects the word's list with the lists of the few cells covering the
radius (1 ms). The cells are three grids of 0.1, 0.4 and 1.6 degrees, as words of a second
column (`cells`) that query words never reach: `a1357x1848 b339x462 c84x115`, computed from
latitude and longitude by the triggers, in SQL, whatever code path moves or edits a lot
(`boucle.marketplace.search.geo_cells` is the same formula in Python).

The table is contentless: the search reads only rowids and bm25 from it, never text.

PostgreSQL: the tsvector is stored, in a generated column `search_vector` that Django's model
does not know (PostgreSQL fills it on every insert and update), with the GIN index on it. With
0003's expression index, the planner often starts from the position index around the place and
then had to parse `to_tsvector(search_text)` again for every lot in the box (110 ms for 1,300
lots around Strasbourg); a stored vector is tested in microseconds.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations


def cells_sql(row: str) -> str:
    """The SQL of a row's cells (`new` or `old` in a trigger, a table alias in a SELECT).

    Multiplying by 10, 2.5 and 0.625 (exact in binary) rather than dividing by the cell size
    gives the very same doubles as Python; CAST truncates like floor for these positive values.
    """
    parts = []
    for prefix, scale in (("a", "10"), ("b", "2.5"), ("c", "0.625")):
        parts.append(
            f"'{prefix}' || CAST(({row}.latitude + 90) * {scale} AS INTEGER) || 'x' || "
            f"CAST(({row}.longitude + 180) * {scale} AS INTEGER)"
        )
    return " || ' ' || ".join(parts)


SQLITE_CREATE = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS marketplace_lot_fts USING fts5("
    "search_text, cells, content='', prefix='2 3')",
    "CREATE TRIGGER IF NOT EXISTS marketplace_lot_fts_insert AFTER INSERT ON marketplace_lot "
    "BEGIN INSERT INTO marketplace_lot_fts(rowid, search_text, cells) "
    f"VALUES (new.id, new.search_text, {cells_sql('new')}); END",
    # A contentless index forgets a row only when told its exact old terms.
    "CREATE TRIGGER IF NOT EXISTS marketplace_lot_fts_delete AFTER DELETE ON marketplace_lot "
    "BEGIN INSERT INTO marketplace_lot_fts(marketplace_lot_fts, rowid, search_text, cells) "
    f"VALUES ('delete', old.id, old.search_text, {cells_sql('old')}); END",
    # A stock change (`quantity_available = ...`) leaves the index alone.
    "CREATE TRIGGER IF NOT EXISTS marketplace_lot_fts_update "
    "AFTER UPDATE OF search_text, latitude, longitude ON marketplace_lot "
    "BEGIN INSERT INTO marketplace_lot_fts(marketplace_lot_fts, rowid, search_text, cells) "
    f"VALUES ('delete', old.id, old.search_text, {cells_sql('old')}); "
    "INSERT INTO marketplace_lot_fts(rowid, search_text, cells) "
    f"VALUES (new.id, new.search_text, {cells_sql('new')}); END",
]
SQLITE_FILL = [
    "INSERT INTO marketplace_lot_fts(marketplace_lot_fts) VALUES ('delete-all')",
    "INSERT INTO marketplace_lot_fts(rowid, search_text, cells) "
    f"SELECT l.id, l.search_text, {cells_sql('l')} FROM marketplace_lot l",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS marketplace_lot_fts_insert",
    "DROP TRIGGER IF EXISTS marketplace_lot_fts_delete",
    "DROP TRIGGER IF EXISTS marketplace_lot_fts_update",
    "DROP TABLE IF EXISTS marketplace_lot_fts",
]
# 0003's index, to go back to.
SQLITE_PREVIOUS = [
    "CREATE VIRTUAL TABLE marketplace_lot_fts USING fts5("
    "search_text, content='marketplace_lot', content_rowid='id', prefix='2 3')",
    "CREATE TRIGGER marketplace_lot_fts_insert AFTER INSERT ON marketplace_lot "
    "BEGIN INSERT INTO marketplace_lot_fts(rowid, search_text) "
    "VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER marketplace_lot_fts_delete AFTER DELETE ON marketplace_lot "
    "BEGIN INSERT INTO marketplace_lot_fts(marketplace_lot_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); END",
    "CREATE TRIGGER marketplace_lot_fts_update "
    "AFTER UPDATE OF search_text ON marketplace_lot "
    "BEGIN INSERT INTO marketplace_lot_fts(marketplace_lot_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); "
    "INSERT INTO marketplace_lot_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
    "INSERT INTO marketplace_lot_fts(marketplace_lot_fts) VALUES ('rebuild')",
]


POSTGRESQL_CREATE = [
    "ALTER TABLE marketplace_lot ADD COLUMN search_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple', search_text)) STORED",
    "CREATE INDEX marketplace_lot_search_vector ON marketplace_lot USING gin (search_vector)",
    "DROP INDEX IF EXISTS marketplace_lot_search_gin",
]
POSTGRESQL_PREVIOUS = [
    "CREATE INDEX IF NOT EXISTS marketplace_lot_search_gin ON marketplace_lot "
    "USING gin (to_tsvector('simple', search_text))",
    "ALTER TABLE marketplace_lot DROP COLUMN IF EXISTS search_vector",
]


def _run(statements: dict[str, list[str]]) -> Any:
    def run(apps: Any, schema_editor: Any) -> None:
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("marketplace", "0003_search_indexes"),
    ]

    operations = [
        migrations.RunPython(
            _run(
                {
                    "sqlite": SQLITE_DROP + SQLITE_CREATE + SQLITE_FILL,
                    "postgresql": POSTGRESQL_CREATE,
                }
            ),
            _run({"sqlite": SQLITE_DROP + SQLITE_PREVIOUS, "postgresql": POSTGRESQL_PREVIOUS}),
        ),
    ]
