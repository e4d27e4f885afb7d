"""Declarations written inline as CSV, and the fixture knowledge base (a small, stable
extract in the shipped format, so these tests do not move when the shipped data grows)."""

from __future__ import annotations

from pathlib import Path

from boucle.engines.matching import Declaration, Knowledge, load_knowledge
from boucle.engines.matching.declarations import parse_declarations

FIXTURES = Path(__file__).resolve().parent / "fixtures"
KNOWLEDGE_DIR = FIXTURES / "knowledge"
HEADER = "id,organisation,nace,kind,ewc,description,quantity,unit,period,lat,lon"


def knowledge() -> Knowledge:
    return load_knowledge(KNOWLEDGE_DIR)


def declarations(*rows: str, header: str = HEADER, file: str = "test.csv") -> list[Declaration]:
    return parse_declarations([header, *rows], file=file)
