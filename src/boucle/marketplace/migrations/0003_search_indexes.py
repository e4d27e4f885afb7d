"""Full-text indexes over `marketplace_lot.search_text`, one per database.

SQLite: an FTS5 table with external content (the text stays in marketplace_lot, the index
holds only the terms), kept in step by triggers, so that any save or `.update()` of a lot's
search_text reaches it whatever code path made it. PostgreSQL: a GIN index on the expression
`to_tsvector('simple', search_text)` (the text is already folded and stemmed by Python, so the
`simple` configuration only splits it), which `boucle.marketplace.search` queries with the
very same expression.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

SQLITE_CREATE = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS marketplace_lot_fts USING fts5("
    "search_text, content='marketplace_lot', content_rowid='id', prefix='2 3')",
    # What `search_text` indexes, from whatever code path inserted, changed or deleted a lot.
    "CREATE TRIGGER IF NOT EXISTS marketplace_lot_fts_insert AFTER INSERT ON marketplace_lot "
    "BEGIN INSERT INTO marketplace_lot_fts(rowid, search_text) "
    "VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER IF NOT EXISTS marketplace_lot_fts_delete AFTER DELETE ON marketplace_lot "
    "BEGIN INSERT INTO marketplace_lot_fts(marketplace_lot_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); END",
    # Only when search_text is in the UPDATE: a stock change (`quantity_available = ...`)
    # leaves the index alone.
    "CREATE TRIGGER IF NOT EXISTS marketplace_lot_fts_update "
    "AFTER UPDATE OF search_text ON marketplace_lot "
    "BEGIN INSERT INTO marketplace_lot_fts(marketplace_lot_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); "
    "INSERT INTO marketplace_lot_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
    "INSERT INTO marketplace_lot_fts(marketplace_lot_fts) VALUES ('rebuild')",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS marketplace_lot_fts_insert",
    "DROP TRIGGER IF EXISTS marketplace_lot_fts_delete",
    "DROP TRIGGER IF EXISTS marketplace_lot_fts_update",
    "DROP TABLE IF EXISTS marketplace_lot_fts",
]
POSTGRESQL_CREATE = [
    "CREATE INDEX IF NOT EXISTS marketplace_lot_search_gin ON marketplace_lot "
    "USING gin (to_tsvector('simple', search_text))",
]
POSTGRESQL_DROP = ["DROP INDEX IF EXISTS marketplace_lot_search_gin"]


def _run(statements: dict[str, list[str]]) -> Any:
    def run(apps: Any, schema_editor: Any) -> None:
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("marketplace", "0002_hire_booking_events"),
    ]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_CREATE, "postgresql": POSTGRESQL_CREATE}),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRESQL_DROP}),
        ),
    ]
