"""Declarations written inline as CSV, the rows of the shipped knowledge files, and the
fixture knowledge base (a small, stable extract in the shipped format, so these tests do not
move when the shipped data grows)."""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

from boucle.engines.matching import Declaration, Knowledge, load_knowledge
from boucle.engines.matching.declarations import parse_declarations
from boucle.engines.matching.knowledge import DATA_DIR
from boucle.engines.matching.resolve import resolve

FIXTURES = Path(__file__).resolve().parent / "fixtures"
KNOWLEDGE_DIR = FIXTURES / "knowledge"
HEADER = "id,organisation,nace,kind,ewc,description,quantity,unit,period,lat,lon"


@cache
def shipped_rows(name: str) -> tuple[dict[str, str], ...]:
    """The rows of one of the shipped knowledge files (`resources.csv`...), as written."""
    with open(DATA_DIR / name, encoding="utf-8", newline="") as handle:
        return tuple(csv.DictReader(handle))


def knowledge() -> Knowledge:
    return load_knowledge(KNOWLEDGE_DIR)


def declarations(*rows: str, header: str = HEADER, file: str = "test.csv") -> list[Declaration]:
    return parse_declarations([header, *rows], file=file)


def shipped_families(
    description: str, *, role: str, kind: str = "", nace: str = "", ewc: str = ""
) -> list[str]:
    """The shipped knowledge's families of one declaration, most sure first (the description
    may hold commas and quotes: it is quoted as a CSV cell)."""
    quoted = '"' + description.replace('"', '""') + '"'
    (declaration,) = declarations(f"x,,{nace},{kind},{ewc},{quoted},,,,,")
    return [f.resource for f in resolve(declaration, load_knowledge(), role=role).families]
