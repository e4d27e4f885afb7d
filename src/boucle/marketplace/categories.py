"""The taxonomy of non-food goods, shipped as data in `data/categories.csv` (French, English).

Loaded after every `migrate` as an upsert keyed on the code: a new release may add categories
or rename them; lots keep pointing at theirs. A category removed from the file stays in the
database (lots may use it) until an operator merges it in the admin.
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path
from typing import Any

from django.db import transaction

CATEGORIES_CSV = Path(__file__).parent / "data" / "categories.csv"


@cache
def category_rows() -> tuple[dict[str, str], ...]:
    with CATEGORIES_CSV.open(encoding="utf-8", newline="") as handle:
        return tuple(csv.DictReader(handle))


@transaction.atomic
def load_categories(**kwargs: Any) -> int:
    """Upserts the shipped categories; answers how many rows the file holds."""
    from boucle.marketplace.models import Category

    using = kwargs.get("using", "default")
    existing = {c.code: c for c in Category.objects.using(using).all()}
    for position, row in enumerate(category_rows()):
        parent = existing.get(row["parent"]) if row["parent"] else None
        category = existing.get(row["code"])
        values = {
            "parent": parent,
            "name_fr": row["name_fr"],
            "name_en": row["name_en"],
            "position": position,
        }
        if category is None:
            category = Category.objects.using(using).create(code=row["code"], **values)
            existing[category.code] = category
        elif any(getattr(category, k) != v for k, v in values.items()):
            for key, value in values.items():
                setattr(category, key, value)
            category.save(using=using)
    return len(category_rows())
