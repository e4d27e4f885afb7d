"""What `compute` returns: a row per territory, year, indicator and category, and balances.

    results = compute(accounts, population=population, reference="FR")
    for row in results.indicators_for("REG:27", 2010):
        print(row.indicator, row.category, row.tonnes, row.tonnes_per_inhabitant)
    balance = results.balance("REG:27", 2010)   # inputs, outputs and stock, for a Sankey

A row exists where the inputs say something about it: an indicator none of whose flows was
given for that territory, year and category has no row (rather than a misleading zero).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from functools import cached_property


@dataclass(frozen=True)
class IndicatorRow:
    """One indicator of one territory, year and category.

    `tonnes` may be negative for the indicators that are differences (PTB, NAS).
    """

    territory: str
    year: int
    indicator: str  # a code of INDICATORS: "DMC", "IMP_INT", ...
    category: str  # "TOTAL", or an MF code of CATEGORIES
    tonnes: float
    tonnes_per_inhabitant: float | None = None  # per inhabitant of the average population
    kg_per_eur: float | None = None  # per unit of GDP: kilograms per euro of GDP
    # GDP divided by the indicator, on DMC rows only: Eurostat's resource productivity.
    resource_productivity_eur_per_kg: float | None = None
    reference_tonnes: float | None = None  # the same figure for the reference territory
    reference_tonnes_per_inhabitant: float | None = None
    # This territory's tonnes per inhabitant over the reference's (1.2: 20 % above).
    ratio_to_reference_per_inhabitant: float | None = None

    def to_record(self) -> dict[str, object]:
        return asdict(self)


@dataclass(frozen=True)
class BalanceFlow:
    """One flow of a material balance, in tonnes: a link of a Sankey diagram."""

    flow: str  # DE, IMP, BI_IN on the input side; EXP, DPO_*, BI_OUT on the output side
    category: str  # MF1..MF6 for DE, IMP and EXP; TOTAL for the others
    tonnes: float


@dataclass(frozen=True)
class Balance:
    """The material balance of a territory in a year, Sankey-ready.

    inputs (DE and IMP by MF1..MF6, BI_IN) = outputs (EXP by MF1..MF6, the DPO components,
    BI_OUT) + net_addition_to_stock, exactly: NAS is what closes it. Recycling is shown beside
    the balance, not in it. When a NAS was measured directly (`NAS_REPORTED`), `nas_gap_tonnes`
    is the NAS of the balance minus it, and `nas_gap_ratio` that gap over the reported NAS.
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


@dataclass(frozen=True)
class Results:
    """Every indicator of every territory and year, and their balances."""

    rows: list[IndicatorRow]
    balances: dict[tuple[str, int], Balance] = field(default_factory=dict)
    # Ancestors left out, and why ("FR 2010: 12 of its 13 members have no accounts.").
    notes: list[str] = field(default_factory=list)
    reference: str | None = None

    @cached_property
    def _by_territory_year(self) -> dict[tuple[str, int], list[IndicatorRow]]:
        grouped: dict[tuple[str, int], list[IndicatorRow]] = {}
        for row in self.rows:
            grouped.setdefault((row.territory, row.year), []).append(row)
        return grouped

    @cached_property
    def _by_key(self) -> dict[tuple[str, int, str, str], IndicatorRow]:
        return {(r.territory, r.year, r.indicator, r.category): r for r in self.rows}

    @property
    def territories(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(row.territory for row in self.rows))

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(sorted({row.year for row in self.rows}))

    def indicators_for(self, territory: str, year: int) -> list[IndicatorRow]:
        return list(self._by_territory_year.get((territory, year), []))

    def row(
        self, territory: str, year: int, indicator: str, category: str = "TOTAL"
    ) -> IndicatorRow | None:
        return self._by_key.get((territory, year, indicator, category))

    def tonnes(
        self, territory: str, year: int, indicator: str, category: str = "TOTAL"
    ) -> float | None:
        found = self.row(territory, year, indicator, category)
        return None if found is None else found.tonnes

    def balance(self, territory: str, year: int) -> Balance | None:
        """The balance of `territory` in `year`, or None where it cannot close (no DPO given)."""
        return self.balances.get((territory, year))

    def to_records(self) -> list[dict[str, object]]:
        """The rows as dictionaries, ready for JSON or a CSV writer."""
        return [row.to_record() for row in self.rows]

    def __iter__(self) -> Iterator[IndicatorRow]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)


def sorted_rows(rows: Iterable[IndicatorRow], order: dict[str, int]) -> list[IndicatorRow]:
    """Rows by territory (as given), year, indicator (in INDICATORS order), category."""
    return sorted(rows, key=lambda r: (order.get(r.territory, 0), r.year))
