"""What `compute` returns: every indicator per territory, year and category, and balances.

    results = compute(accounts, population=population, reference="FR")
    for row in results.indicators_for("REG:27", 2010):
        print(row.indicator, row.category, row.tonnes, row.tonnes_per_inhabitant)
    balance = results.balance("REG:27", 2010)   # inputs, outputs and stock, for a Sankey

A row exists where the inputs say something about it: an indicator none of whose flows was
given for that territory, year and category has no row (rather than a misleading zero).
Results keep their figures as arrays; `rows`, the dataclasses, are built on first use, and
`columns()` gives the arrays themselves to programs that handle millions of figures.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass, fields
from functools import cached_property
from typing import Protocol

import numpy as np
from numpy.typing import NDArray

from boucle.engines.mfa.categories import CATEGORIES, CATEGORY_CODES, TOTAL
from boucle.engines.mfa.flows import FLOW_PARTS
from boucle.engines.mfa.indicators import INDICATOR_ORDER, INDICATORS

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

_INDICATOR_CODES = tuple(INDICATORS)
_CATEGORY_POSITION = {code: i for i, code in enumerate(CATEGORY_CODES)}
_MAIN_CATEGORIES = tuple(code for code, c in CATEGORIES.items() if c.depth == 1)  # MF1..MF6


@dataclass(frozen=True)
class IndicatorRow:
    """One indicator of one territory, year and category.

    `tonnes` may be negative for the indicators that are differences (PTB, NAS, NAS_GAP).
    """

    territory: str
    year: int
    indicator: str  # a code of INDICATORS: "DMC", "IMP_INT", ...
    category: str  # "TOTAL", or an MF code of CATEGORIES
    tonnes: float
    tonnes_per_inhabitant: float | None = None  # per inhabitant of the average population
    kg_per_eur: float | None = None  # per unit of GDP: kilograms per euro of GDP
    # GDP over DMC, on DMC rows only: Eurostat's resource productivity, in euros per kilogram.
    resource_productivity_eur_per_kg: float | None = None
    reference_tonnes: float | None = None  # the same figure for the reference territory
    reference_tonnes_per_inhabitant: float | None = None
    # This territory's tonnes per inhabitant over the reference's (1.2: 20 % above).
    ratio_to_reference_per_inhabitant: float | None = None

    def to_record(self) -> dict[str, object]:
        return asdict(self)


# The fields of a result row, in order: the columns of `boucle mfa --format csv` and of every
# table or file that stores or exports results.
ROW_FIELDS: tuple[str, ...] = tuple(field.name for field in fields(IndicatorRow))


@dataclass(frozen=True)
class BalanceFlow:
    """One flow of a material balance, in tonnes: a link of a Sankey diagram."""

    flow: str  # DE, IMP, BI_IN on the input side; EXP, DPO_*, BI_OUT on the output side
    category: str  # MF1..MF6 for DE, IMP, EXP (TOTAL for what no category was given for)
    tonnes: float


@dataclass(frozen=True)
class Balance:
    """The material balance of a territory in a year, Sankey-ready.

    sum(inputs) = sum(outputs) + net_addition_to_stock, exactly: NAS is what closes it.
    Inputs are DE and IMP by MF1..MF6 and BI_IN; outputs EXP by MF1..MF6, the DPO components
    and BI_OUT. Recycling is shown beside the balance, not in it. Where a NAS was measured
    directly (`NAS_REPORTED`), `nas_gap_tonnes` is the balance's NAS minus it and
    `nas_gap_ratio` that gap over the measured NAS: the balance check.
    """

    territory: str
    year: int
    inputs: tuple[BalanceFlow, ...]
    outputs: tuple[BalanceFlow, ...]
    net_addition_to_stock: float
    recycling: float | None = None
    nas_reported: float | None = None
    nas_gap_tonnes: float | None = None
    nas_gap_ratio: float | None = None

    @property
    def total_inputs(self) -> float:
        return sum(flow.tonnes for flow in self.inputs)

    @property
    def total_outputs(self) -> float:
        return sum(flow.tonnes for flow in self.outputs)


class Results:
    """Every indicator of every territory and year computed, and their balances.

    Built by `compute`; the arrays are indexed [slab, indicator, category], a slab being one
    territory in one year.
    """

    def __init__(
        self,
        *,
        slab_territory: tuple[str, ...],
        slab_year: IntArray,
        values: FloatArray,
        population: FloatArray,
        gdp: FloatArray,
        reference_slab: IntArray,
        reference: str | None,
        notes: list[str],
    ) -> None:
        self._slab_territory = slab_territory
        self._slab_year = slab_year
        self._values = values
        self._population = population
        self._gdp = gdp
        self._reference_slab = reference_slab
        self.reference = reference
        # Ancestors left out, and why ("FR 2010: 12 of its 18 members have no accounts.").
        self.notes = notes
        self._slab_of = {
            (territory, int(year)): i
            for i, (territory, year) in enumerate(zip(slab_territory, slab_year, strict=True))
        }

    @property
    def territories(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self._slab_territory))

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(sorted({int(year) for year in self._slab_year}))

    def population(self, territory: str, year: int) -> float | None:
        slab = self._slab_of.get((territory, year))
        return None if slab is None else _optional(self._population[slab])

    def tonnes(
        self, territory: str, year: int, indicator: str, category: str = TOTAL
    ) -> float | None:
        """One figure, or None where it was not computed."""
        slab = self._slab_of.get((territory, year))
        if slab is None:
            return None
        return _optional(
            self._values[slab, INDICATOR_ORDER[indicator], _CATEGORY_POSITION[category]]
        )

    def columns(self) -> dict[str, NDArray[np.generic]]:
        """The figures as parallel arrays, one entry per row (the rows' order and fields)."""
        known = ~np.isnan(self._values)
        slab, indicator, category = np.nonzero(known)
        tonnes = self._values[slab, indicator, category]
        population = self._population[slab]
        gdp = self._gdp[slab]
        with np.errstate(divide="ignore", invalid="ignore"):
            per_inhabitant = tonnes / population
            kg_per_eur = tonnes * 1000 / gdp
            productivity = np.where(
                (indicator == INDICATOR_ORDER["DMC"]) & (tonnes > 0), gdp / (tonnes * 1000), np.nan
            )
            reference = self._reference_slab[slab]
            has_reference = reference >= 0
            safe_reference = np.maximum(reference, 0)
            reference_tonnes = np.where(
                has_reference, self._values[safe_reference, indicator, category], np.nan
            )
            reference_per_inhabitant = reference_tonnes / np.where(
                has_reference, self._population[safe_reference], np.nan
            )
            ratio = per_inhabitant / np.where(
                reference_per_inhabitant != 0, reference_per_inhabitant, np.nan
            )
        return {
            "territory": np.array(self._slab_territory, dtype=object)[slab],
            "year": self._slab_year[slab],
            "indicator": np.array(_INDICATOR_CODES, dtype=object)[indicator],
            "category": np.array(CATEGORY_CODES, dtype=object)[category],
            "tonnes": tonnes,
            "tonnes_per_inhabitant": per_inhabitant,
            "kg_per_eur": kg_per_eur,
            "resource_productivity_eur_per_kg": productivity,
            "reference_tonnes": reference_tonnes,
            "reference_tonnes_per_inhabitant": reference_per_inhabitant,
            "ratio_to_reference_per_inhabitant": ratio,
        }

    @cached_property
    def rows(self) -> list[IndicatorRow]:
        """Every figure, by territory, year, indicator (in INDICATORS order), category."""
        columns = self.columns()
        names = list(columns)
        lists = [columns[name].tolist() for name in names]
        rows = []
        for values in zip(*lists, strict=True):
            fields = dict(zip(names, values, strict=True))
            for name in names[5:]:
                fields[name] = _optional(fields[name])
            rows.append(IndicatorRow(**fields))
        return rows

    @cached_property
    def _rows_by_slab(self) -> dict[tuple[str, int], list[IndicatorRow]]:
        grouped: dict[tuple[str, int], list[IndicatorRow]] = {}
        for row in self.rows:
            grouped.setdefault((row.territory, row.year), []).append(row)
        return grouped

    def indicators_for(self, territory: str, year: int) -> list[IndicatorRow]:
        return list(self._rows_by_slab.get((territory, year), []))

    def row(
        self, territory: str, year: int, indicator: str, category: str = TOTAL
    ) -> IndicatorRow | None:
        return next(
            (
                row
                for row in self._rows_by_slab.get((territory, year), [])
                if row.indicator == indicator and row.category == category
            ),
            None,
        )

    def to_records(self) -> list[dict[str, object]]:
        """The rows as dictionaries, ready for JSON or a CSV writer."""
        return [row.to_record() for row in self.rows]

    def __iter__(self) -> Iterator[IndicatorRow]:
        return iter(self.rows)

    def __len__(self) -> int:
        return int(np.count_nonzero(~np.isnan(self._values)))

    def balance(self, territory: str, year: int) -> Balance | None:
        """The balance of `territory` in `year`, or None where it cannot close (DMI or DPO
        unknown)."""
        slab = self._slab_of.get((territory, year))
        if slab is None:
            return None
        nas = self.tonnes(territory, year, "NAS")
        if nas is None:
            return None
        values = self._values[slab]

        def figure(indicator: str, category: str = TOTAL) -> float | None:
            return _optional(values[INDICATOR_ORDER[indicator], _CATEGORY_POSITION[category]])

        inputs = [*_by_category("DE", figure), *_by_category("IMP", figure)]
        inputs += _present([BalanceFlow("BI_IN", TOTAL, figure("BI_IN") or 0.0)])
        outputs = _by_category("EXP", figure)
        outputs += _parts("DPO", figure)
        outputs += _present([BalanceFlow("BI_OUT", TOTAL, figure("BI_OUT") or 0.0)])
        reported = figure("NAS_REPORTED")
        gap = figure("NAS_GAP")
        return Balance(
            territory=territory,
            year=year,
            inputs=tuple(inputs),
            outputs=tuple(outputs),
            net_addition_to_stock=nas,
            recycling=figure("RECYCLING"),
            nas_reported=reported,
            nas_gap_tonnes=gap,
            nas_gap_ratio=None if gap is None or not reported else gap / abs(reported),
        )


def _optional(value: object) -> float | None:
    if value is None:
        return None
    number = float(value)  # type: ignore[arg-type]
    return None if np.isnan(number) else number


def _present(flows: list[BalanceFlow]) -> list[BalanceFlow]:
    return [flow for flow in flows if flow.tonnes != 0]


def _by_category(indicator: str, figure: _Figure) -> list[BalanceFlow]:
    """The flow by MF1..MF6, and what the total holds beyond them (given for TOTAL only)."""
    total = figure(indicator)
    if total is None:
        return []
    flows = []
    for category in _MAIN_CATEGORIES:
        tonnes = figure(indicator, category)
        if tonnes is not None:
            flows.append(BalanceFlow(indicator, category, tonnes))
    rest = total - sum(flow.tonnes for flow in flows)
    if abs(rest) > 1e-9 * max(abs(total), 1.0):
        flows.append(BalanceFlow(indicator, TOTAL, rest))
    return _present(flows)


def _parts(total_code: str, figure: _Figure) -> list[BalanceFlow]:
    """The parts of a total flow, or the total alone where no part was given (a total given
    beside its parts agrees with them: the accounts' check)."""
    total = figure(total_code)
    if total is None:
        return []
    parts = [
        BalanceFlow(part, TOTAL, tonnes)
        for part in FLOW_PARTS[total_code]
        if (tonnes := figure(part)) is not None
    ]
    return _present(parts or [BalanceFlow(total_code, TOTAL, total)])


class _Figure(Protocol):
    def __call__(self, indicator: str, category: str = TOTAL, /) -> float | None: ...
