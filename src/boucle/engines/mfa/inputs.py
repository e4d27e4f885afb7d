"""What the engine computes from: accounts, population, GDP and trade, all in tonnes.

Readers (`readers.py`) build these from files and check them; `Accounts.from_arrays` and
`Trade.from_arrays` build them from arrays (a benchmark, another program) with the same checks.
Large inputs are numpy arrays, one entry per row, so that ten million trade rows cost a few
arrays rather than ten million objects.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np
from numpy.typing import NDArray

from boucle.engines.mfa.categories import CATEGORY_CODES
from boucle.engines.mfa.flows import FLOWS

IntArray = NDArray[np.int64]
FloatArray = NDArray[np.float64]


@dataclass(frozen=True, eq=False)
class Accounts:
    """Checked accounts: one entry per territory, year, flow and category given.

    The arrays are parallel. `flow` indexes `FLOWS`, `category` indexes `CATEGORY_CODES`,
    `territory` indexes `territories`. `tolerance_tonnes` is half a unit of the last digit the
    value was written with (2.5 kt gives 50 t): the room rounding leaves when a total is compared
    with its details. `line` is the line each entry came from (0 when built from arrays).
    """

    source: str
    territories: tuple[str, ...]
    territory: IntArray
    year: IntArray
    flow: IntArray
    category: IntArray
    tonnes: FloatArray
    tolerance_tonnes: FloatArray
    line: IntArray
    columns: Mapping[str, str] = field(default_factory=dict)  # role -> header, for messages

    def __len__(self) -> int:
        return int(self.tonnes.size)

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(int(y) for y in np.unique(self.year))

    def entries(self) -> list[tuple[str, int, str, str, float]]:
        """(territory, year, flow, category, tonnes) for each entry, in input order."""
        return [
            (
                self.territories[t],
                int(y),
                FLOWS[f],
                CATEGORY_CODES[c],
                float(v),
            )
            for t, y, f, c, v in zip(
                self.territory, self.year, self.flow, self.category, self.tonnes, strict=True
            )
        ]


@dataclass(frozen=True, eq=False)
class Trade:
    """Trade between territories of one country, origin to destination, in tonnes.

    Categories are MF codes (NST 2007 chapters are converted when read). It supplies the
    domestic imports and exports (`IMP_DOM`, `EXP_DOM`) of every territory it names, and of
    every ancestor of them, with the trade inside each netted out.
    """

    source: str
    territories: tuple[str, ...]
    origin: IntArray
    destination: IntArray
    year: IntArray
    category: IntArray
    tonnes: FloatArray

    def __len__(self) -> int:
        return int(self.tonnes.size)


@dataclass(frozen=True)
class YearlyFigures:
    """One figure per territory and year: a population or a GDP."""

    source: str
    values: Mapping[tuple[str, int], float]

    def get(self, territory: str, year: int) -> float | None:
        return self.values.get((territory, year))


class Population(YearlyFigures):
    """Average population of the year, in inhabitants."""


class Gdp(YearlyFigures):
    """Gross domestic product of the year, in euros."""


def frozen_mapping(values: Mapping[tuple[str, int], float]) -> Mapping[tuple[str, int], float]:
    return MappingProxyType(dict(values))


def index_codes(codes: Sequence[str]) -> tuple[tuple[str, ...], IntArray]:
    """The distinct codes in first-seen order, and each code's index among them."""
    order: dict[str, int] = {}
    indices = np.fromiter(
        (order.setdefault(code, len(order)) for code in codes), dtype=np.int64, count=len(codes)
    )
    return tuple(order), indices
