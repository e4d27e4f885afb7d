"""NST 2007 chapters of transport statistics, and the MF category each is counted in.

Transport statistics (the French SitraM and SDES road, rail and waterway data) classify goods by
the 20 chapters of NST 2007. The guide estimates trade between territories from them, so a trade
table may give its categories as NST chapters (`NST01`, `NST 01`, or `01`); each is converted to
one MF category (`data/nst2007_mf.csv`, with the reason for each choice). Several chapters mix
materials and map to their common parent (chapter 01 to MF1) or to MF5, other products::

    >>> nst_to_mf("NST07")
    'MF43'
    >>> NST_CHAPTERS["14"].rationale[:30]
    "Eurostat's MF6 covers waste tr"
"""

from __future__ import annotations

import csv
import re
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from types import MappingProxyType

from boucle.engines.mfa.categories import CATEGORIES

_NST = re.compile(r"^(?:NST[\s:_-]*)?(\d{1,2})$", re.IGNORECASE)


@dataclass(frozen=True)
class NstChapter:
    chapter: str  # two digits, "01" to "20"
    name_en: str
    name_fr: str
    mf_code: str
    rationale: str


def _load() -> dict[str, NstChapter]:
    text = resources.files(__package__).joinpath("data/nst2007_mf.csv").read_text("utf-8")
    chapters = {}
    for row in csv.DictReader(text.splitlines()):
        if row["mf_code"] not in CATEGORIES:
            raise ValueError(f"nst2007_mf.csv: {row['mf_code']} is not an MF category.")
        chapters[row["chapter"]] = NstChapter(
            row["chapter"], row["name_en"], row["name_fr"], row["mf_code"], row["rationale"]
        )
    return chapters


NST_CHAPTERS: Mapping[str, NstChapter] = MappingProxyType(_load())


def nst_chapter(code: str) -> str | None:
    """The two-digit chapter `code` names (`NST 7` gives "07"), or None."""
    match = _NST.match(code.strip())
    if match is None:
        return None
    chapter = f"{int(match.group(1)):02d}"
    return chapter if chapter in NST_CHAPTERS else None


def nst_to_mf(code: str) -> str | None:
    """The MF category of the NST 2007 chapter `code`, or None if `code` is not one."""
    chapter = nst_chapter(code)
    return None if chapter is None else NST_CHAPTERS[chapter].mf_code
