"""What the engine computes from: accounts, population, GDP and trade, all in tonnes.

Readers (`readers.py`) build these from files and check them; `Accounts.from_arrays` and
`Trade.from_arrays` build them from arrays (a benchmark, another program) with the same checks.
Large inputs are numpy arrays, one entry per row, so that ten million trade rows cost a few
arrays rather than ten million objects.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from types import MappingProxyType

import numpy as np
from numpy.typing import ArrayLike, NDArray

from boucle.engines.mfa.categories import CATEGORY_CODES
from boucle.engines.mfa.flows import FLOWS

ACCOUNT_COLUMNS = ("territory", "year", "flow", "category", "value", "unit")
DEFAULT_COLUMNS = MappingProxyType({column: column for column in ACCOUNT_COLUMNS})

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
    # The header of each column as the file wrote it ("value": "Valeur"), for messages.
    columns: Mapping[str, str] = field(default_factory=lambda: dict(DEFAULT_COLUMNS))

    @classmethod
    def from_arrays(
        cls,
        *,
        territories: Sequence[str],
        territory: ArrayLike,
        year: ArrayLike,
        flow: ArrayLike,
        category: ArrayLike,
        tonnes: ArrayLike,
        source: str = "accounts",
    ) -> Accounts:
        """Accounts built from parallel arrays (indices into `territories`, `FLOWS` and
        `CATEGORY_CODES`, masses in tonnes), checked as a file would be; problems name the
        entry's position (from 1) as its line."""
        from boucle.engines.mfa.validation import check_accounts

        tonnes_array = np.asarray(tonnes, dtype=np.float64)
        accounts = cls(
            source=source,
            territories=tuple(territories),
            territory=np.asarray(territory, dtype=np.int64),
            year=np.asarray(year, dtype=np.int64),
            flow=np.asarray(flow, dtype=np.int64),
            category=np.asarray(category, dtype=np.int64),
            tonnes=tonnes_array,
            tolerance_tonnes=np.zeros_like(tonnes_array),
            line=np.arange(1, tonnes_array.size + 1, dtype=np.int64),
        )
        return check_accounts(accounts)

    def __len__(self) -> int:
        return int(self.tonnes.size)

    def subset(self, keep: NDArray[np.bool_]) -> Accounts:
        """The entries where `keep` is true, with the same territories."""
        return replace(
            self,
            territory=self.territory[keep],
            year=self.year[keep],
            flow=self.flow[keep],
            category=self.category[keep],
            tonnes=self.tonnes[keep],
            tolerance_tonnes=self.tolerance_tonnes[keep],
            line=self.line[keep],
        )

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
    # Compact integer types: a trade table can have tens of millions of rows.
    origin: NDArray[np.int32]
    destination: NDArray[np.int32]
    year: NDArray[np.int32]
    category: NDArray[np.int16]
    tonnes: FloatArray

    @classmethod
    def from_arrays(
        cls,
        *,
        territories: Sequence[str],
        origin: ArrayLike,
        destination: ArrayLike,
        year: ArrayLike,
        category: ArrayLike,
        tonnes: ArrayLike,
        source: str = "trade",
    ) -> Trade:
        """Trade from parallel arrays (indices into `territories` and `CATEGORY_CODES`,
        masses in tonnes), checked as a file would be."""
        from boucle.engines.mfa.validation import check_trade

        trade = cls(
            source=source,
            territories=tuple(territories),
            origin=np.asarray(origin, dtype=np.int32),
            destination=np.asarray(destination, dtype=np.int32),
            year=np.asarray(year, dtype=np.int32),
            category=np.asarray(category, dtype=np.int16),
            tonnes=np.asarray(tonnes, dtype=np.float64),
        )
        return check_trade(trade)

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
