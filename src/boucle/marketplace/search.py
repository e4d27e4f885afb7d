"""Full-text search of lots (the search helper completes this module: query side, facets).

`search_text` folds a lot's words the same way the query is folded: lower case, accents
stripped, each word stemmed by the French and the English Snowball stemmers, so "chaises",
"chaise" and "Chaise" meet, and "chairs" meets "chair". Both full-text engines (SQLite FTS5,
PostgreSQL tsvector with the `simple` configuration) index this folded text, which is what
makes them return the same lots.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from boucle.engines.matching.text import stem, strip_accents

if TYPE_CHECKING:
    from boucle.marketplace.models import Lot

_WORD = re.compile(r"[a-z0-9]+")


@lru_cache(maxsize=100_000)
def fold_word(word: str) -> tuple[str, ...]:
    """The index terms of one lower-case, accent-free word: its French and English stems."""
    forms = {stem(word, "fr"), stem(word, "en")}
    return tuple(sorted(f for f in forms if f))


def fold_words(text: str) -> list[tuple[str, ...]]:
    """Each word of a text as its tuple of index terms, in order."""
    return [fold_word(w) for w in _WORD.findall(strip_accents(text.lower()))]


def search_text(lot: Lot) -> str:
    """The folded text both engines index for a lot."""
    category = lot.category
    parts = [lot.title, lot.brand, lot.description, category.name_fr, category.name_en]
    if category.parent_id:
        parent = category.parent
        assert parent is not None
        parts += [parent.name_fr, parent.name_en]
    terms: list[str] = []
    seen: set[str] = set()
    for forms in fold_words(" ".join(p for p in parts if p)):
        for term in forms:
            if term not in seen:
                seen.add(term)
                terms.append(term)
    return " ".join(terms)
