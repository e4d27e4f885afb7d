"""Every lot's search text folded again, after the stemmer gave some words a stem of their own.

The search folds a lot's words and a query's words with the matching engine's `stem`
(`boucle.engines.matching.text`), which now keeps apart words Snowball merged with others of
another meaning ("chaises" is "chaise", no longer the "chais" of a wine cellar). A lot saved
before would keep its old stems, and a query for "chaises" would no longer find it. The lots'
`search_text` is computed again with today's folding; the full-text indexes follow it (SQLite's
triggers on the column, PostgreSQL's generated vector).

It calls today's `search_text`, not a frozen copy: a later change of the folding needs a
migration like this one, and this one then folds as that later code does, which is what the
index must hold.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

BATCH = 500


def fold_again(apps: Any, schema_editor: Any) -> None:
    from boucle.marketplace.search import search_text

    lot_model = apps.get_model("marketplace", "Lot")
    lots = lot_model.objects.select_related("category", "category__parent").order_by("pk")
    changed = []
    for lot in lots.iterator(chunk_size=BATCH):
        folded = search_text(lot)
        if folded != lot.search_text:
            lot.search_text = folded
            changed.append(lot)
        if len(changed) >= BATCH:
            lot_model.objects.bulk_update(changed, ["search_text"])
            changed = []
    if changed:
        lot_model.objects.bulk_update(changed, ["search_text"])


class Migration(migrations.Migration):
    dependencies = [("marketplace", "0004_search_geo_cells")]

    operations = [migrations.RunPython(fold_again, migrations.RunPython.noop)]
