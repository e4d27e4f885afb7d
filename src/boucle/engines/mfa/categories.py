"""Eurostat's EW-MFA material categories, as a tree from `TOTAL` down to the detailed codes.

The tree is data (`data/categories.csv`, its source in `data/SOURCES.md`): each code with its
parent, its French and English names, and whether domestic extraction exists for it. Codes are
written as in Eurostat's `env_ac_mfa` dataset, without dots (`MF131` is MF.1.3.1); readers also
accept the dotted form of the questionnaire (`MF1.3.1`, `MF.1.3.1`) and normalise it.

Extraction exists only for raw materials of MF1 to MF4. The product codes (MF15 animals and
animal products, MF16, MF23, MF311, MF43) and MF5, MF6 exist only in trade::

    >>> from boucle.engines.mfa import CATEGORIES, category_tree
    >>> CATEGORIES["MF131"].name_en
    'Timber (industrial roundwood)'
    >>> CATEGORIES["MF23"].extraction
    False
    >>> [node.category.code for node in category_tree().children]
    ['MF1', 'MF2', 'MF3', 'MF4', 'MF5', 'MF6']
"""

from __future__ import annotations

import csv
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from types import MappingProxyType

TOTAL = "TOTAL"

# MF1.3.1, MF.1.3.1, mf 1.3.1 and MF131 all name the same category.
_DOTTED = re.compile(r"^MF\.?\s*(\d+(?:\.\d+)*)$", re.IGNORECASE)


@dataclass(frozen=True)
class Category:
    """One EW-MFA material category."""

    code: str
    parent: str | None  # None for TOTAL
    name_en: str
    name_fr: str
    extraction: bool  # True where domestic extraction exists (raw materials of MF1 to MF4)
    depth: int  # 0 for TOTAL, 1 for MF1..MF6, 2 for MF11.., and so on

    def name(self, language: str) -> str:
        """The name in `language` ("fr" or "en"; French for anything else but English)."""
        return self.name_en if language.startswith("en") else self.name_fr


@dataclass(frozen=True)
class CategoryNode:
    category: Category
    children: tuple[CategoryNode, ...]


def _load() -> dict[str, Category]:
    text = resources.files(__package__).joinpath("data/categories.csv").read_text("utf-8")
    rows = list(csv.DictReader(text.splitlines()))
    depth: dict[str, int] = {}
    categories: dict[str, Category] = {}
    for row in rows:
        parent = row["parent"] or None
        depth[row["code"]] = 0 if parent is None else depth[parent] + 1
        categories[row["code"]] = Category(
            code=row["code"],
            parent=parent,
            name_en=row["name_en"],
            name_fr=row["name_fr"],
            extraction=row["extraction"] == "yes",
            depth=depth[row["code"]],
        )
    return categories


CATEGORIES: Mapping[str, Category] = MappingProxyType(_load())
"""Every category by code, in the order of the tree (a parent before its children)."""

CATEGORY_CODES: tuple[str, ...] = tuple(CATEGORIES)


def normalise_category(code: str) -> str | None:
    """The canonical code for `code` as typed (`MF1.3.1` gives `MF131`), or None if unknown."""
    cleaned = code.strip()
    if cleaned.upper() == TOTAL:
        return TOTAL
    match = _DOTTED.match(cleaned)
    if match is None:
        return None
    canonical = "MF" + match.group(1).replace(".", "")
    return canonical if canonical in CATEGORIES else None


def children_of(code: str) -> tuple[str, ...]:
    return _children()[code]


def descends_from(code: str, ancestor: str) -> bool:
    """Whether `code` is `ancestor` or lies under it."""
    current: str | None = code
    while current is not None:
        if current == ancestor:
            return True
        current = CATEGORIES[current].parent
    return False


@cache
def _children() -> Mapping[str, tuple[str, ...]]:
    children: dict[str, list[str]] = {code: [] for code in CATEGORIES}
    for category in CATEGORIES.values():
        if category.parent is not None:
            children[category.parent].append(category.code)
    return MappingProxyType({code: tuple(kids) for code, kids in children.items()})


def category_tree() -> CategoryNode:
    """The whole tree, rooted at TOTAL, children in Eurostat's order."""

    def node(code: str) -> CategoryNode:
        return CategoryNode(CATEGORIES[code], tuple(node(child) for child in children_of(code)))

    return node(TOTAL)
