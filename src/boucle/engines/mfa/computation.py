"""`compute`: from checked inputs to every indicator of every territory and year.

The steps, each in its module:

1. the accounts become a cube of flows by category, rolled up through the category tree
   (`accounts.py`);
2. domestic trade from the origin-destination table, internal trade netted at every level
   (`aggregation.py`), takes the place of IMP_DOM and EXP_DOM, and the totals IMP, EXP, DPO
   are rolled up from their parts and checked against them where given;
3. parents without accounts of their own are summed from their members (`aggregation.py`);
4. respiration, when asked, is added to the balancing items;
5. the indicators are derived (`indicators.py`), then per inhabitant, per euro of GDP and
   against the reference territory (`results.py`).

Input that cannot give a right answer raises `MfaInputError` naming every problem; nothing is
computed from it.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from boucle.engines.mfa.accounts import (
    Cube,
    cube_from_accounts,
    roll_up_categories,
    roll_up_flows,
)
from boucle.engines.mfa.aggregation import (
    DomesticTrade,
    Grid,
    MemberProblem,
    TerritoryIndex,
    aggregate_parents,
    domestic_trade,
    territory_index,
)
from boucle.engines.mfa.errors import InputProblem, ProblemCollector
from boucle.engines.mfa.flows import DOMESTIC_TRADE, FLOW_INDEX, FLOWS
from boucle.engines.mfa.indicators import indicator_values, respiration_tonnes
from boucle.engines.mfa.inputs import Accounts, Gdp, Population, Trade, YearlyFigures
from boucle.engines.mfa.results import Results
from boucle.engines.mfa.territories import Hierarchy
from boucle.engines.mfa.validation import disagreement_problems

IntArray = NDArray[np.int64]
FloatArray = NDArray[np.float64]

_DOMESTIC = [FLOW_INDEX[flow] for flow in DOMESTIC_TRADE]


def compute(
    accounts: Accounts,
    *,
    population: Population | None = None,
    gdp: Gdp | None = None,
    trade: Trade | None = None,
    hierarchy: Hierarchy | None = None,
    reference: str | None = None,
    respiration: bool = False,
) -> Results:
    """Every indicator of every territory of the accounts, and of their ancestors in
    `hierarchy`, for every year of the accounts.

    `trade` supplies domestic imports and exports; `respiration` adds the population's
    breathing to the balancing items (it needs the population); `reference` names the territory
    every figure is compared with.
    """
    problems = ProblemCollector()
    years = np.unique(accounts.year)
    territories = territory_index(
        [*accounts.territories, *(trade.territories if trade is not None else ())], hierarchy
    )
    cube = cube_from_accounts(accounts)
    roll_up_categories(cube)  # the accounts were checked when read: this only fills parents
    slab_territory = np.array(
        [territories.position[code] for code in accounts.territories], dtype=np.int64
    )[cube.pair_territory]
    slab_year = np.searchsorted(years, cube.pair_year)

    domestic = None
    if trade is not None:
        domestic = domestic_trade(trade, territories, years)
        problems.extend(
            _place_domestic_trade(cube, domestic, accounts, trade, slab_territory, slab_year)
        )
    problems.extend(
        disagreement_problems(
            roll_up_flows(cube), cube, source=accounts.source, column=accounts.columns["value"]
        )
    )
    problems.raise_if_any()

    grid = _grid(cube, territories, years, slab_territory, slab_year, population, gdp)
    notes: list[str] = []
    if hierarchy is not None:
        notes, member_problems = aggregate_parents(
            grid, territories, hierarchy, domestic, years, accounts.territories
        )
        problems.extend(_worded(member_problems, accounts, territories, years, hierarchy))
    if respiration:
        problems.extend(_add_respiration(grid, territories, years, population))
    problems.raise_if_any()
    return _results(grid, territories, years, reference, notes, problems, accounts.territories)


def _place_domestic_trade(
    cube: Cube,
    domestic: DomesticTrade,
    accounts: Accounts,
    trade: Trade,
    slab_territory: IntArray,
    slab_year: IntArray,
) -> list[InputProblem]:
    """Domestic trade from the table where it speaks of a territory; a domestic flow given in
    the accounts too would be counted twice, so it is refused."""
    problems = []
    pairs = np.nonzero(domestic.covered[slab_territory, slab_year])[0]
    for flow, supplied in zip(_DOMESTIC, (domestic.imports, domestic.exports), strict=True):
        given = ~np.isnan(cube.value[pairs, flow])
        for pair in pairs[given.any(axis=-1)]:
            territory, year = cube.pair_label(int(pair))
            line = int(cube.line[pair, flow][~np.isnan(cube.value[pair, flow])].min())
            problems.append(
                InputProblem(
                    accounts.source,
                    line or None,
                    accounts.columns["flow"],
                    f"{FLOWS[flow]} of {territory} in {year} is also supplied by the trade "
                    f"table {trade.source}: give domestic trade in one place only.",
                )
            )
        values = supplied[slab_territory[pairs], slab_year[pairs]]
        values[:, 0] = np.nan_to_num(values[:, 0])  # the table speaks of it: zero if no row
        cube.value[pairs, flow] = values
        cube.tolerance[pairs, flow] = 0.0
        cube.line[pairs, flow] = 0
        cube.given[pairs, flow] = False
    return problems


def _grid(
    cube: Cube,
    territories: TerritoryIndex,
    years: IntArray,
    slab_territory: IntArray,
    slab_year: IntArray,
    population: Population | None,
    gdp: Gdp | None,
) -> Grid:
    shape = (len(territories), years.size)
    value = np.full((*shape, *cube.value.shape[1:]), np.nan)
    value[slab_territory, slab_year] = cube.value
    present = np.zeros(shape, dtype=bool)
    present[slab_territory, slab_year] = True
    return Grid(
        value=value,
        present=present,
        population=_yearly_grid(population, territories, years),
        gdp=_yearly_grid(gdp, territories, years),
    )


def _yearly_grid(
    figures: YearlyFigures | None, territories: TerritoryIndex, years: IntArray
) -> FloatArray:
    grid = np.full((len(territories), years.size), np.nan)
    if figures is not None:
        year_slot = {int(year): i for i, year in enumerate(years)}
        for (code, year), value in figures.values.items():
            if code in territories.position and year in year_slot:
                grid[territories.position[code], year_slot[year]] = value
    return grid


def _worded(
    member_problems: list[MemberProblem],
    accounts: Accounts,
    territories: TerritoryIndex,
    years: IntArray,
    hierarchy: Hierarchy,
) -> list[InputProblem]:
    problems = []
    for problem in member_problems:
        member = territories.codes[problem.member]
        year = int(years[problem.year])
        parent = hierarchy.parent_of(member)
        if problem.reason == "domestic":
            message = (
                f"{member} gives {problem.flow} for {year} in the accounts, so {parent} cannot "
                f"be summed from its members: the trade between them can only be netted from an "
                f"origin-destination trade table (--trade), which should then supply it."
            )
        else:
            message = (
                f"{member} gives {problem.flow} for {year} without saying how much is with other "
                f"countries and how much with the rest of the country ({problem.flow}_INT, "
                f"{problem.flow}_DOM), so {parent} cannot be summed from its members."
            )
        line = _first_line(accounts, member, year, problem.flow)
        problems.append(
            InputProblem(accounts.source, line, accounts.columns["flow"] if line else None, message)
        )
    return problems


def _first_line(accounts: Accounts, territory: str, year: int, flow: str) -> int | None:
    if territory not in accounts.territories:
        return None
    match = (
        (accounts.territory == accounts.territories.index(territory))
        & (accounts.year == year)
        & (accounts.flow == FLOW_INDEX[flow])
    )
    lines = accounts.line[match]
    return int(lines.min()) if lines.size and lines.min() > 0 else None


def _add_respiration(
    grid: Grid, territories: TerritoryIndex, years: IntArray, population: Population | None
) -> list[InputProblem]:
    problems = []
    source = population.source if population is not None else "population"
    bi_in, bi_out = FLOW_INDEX["BI_IN"], FLOW_INDEX["BI_OUT"]
    for t, y in zip(*np.nonzero(grid.present), strict=True):
        inhabitants = grid.population[t, y]
        if np.isnan(inhabitants):
            problems.append(
                InputProblem(
                    source,
                    None,
                    None,
                    f"respiration needs the population of {territories.codes[t]} in "
                    f"{int(years[y])}, which is not given.",
                )
            )
            continue
        breathed_in, breathed_out = respiration_tonnes(float(inhabitants))
        grid.value[t, y, bi_in, 0] = np.nan_to_num(grid.value[t, y, bi_in, 0]) + breathed_in
        grid.value[t, y, bi_out, 0] = np.nan_to_num(grid.value[t, y, bi_out, 0]) + breathed_out
    return problems


def _results(
    grid: Grid,
    territories: TerritoryIndex,
    years: IntArray,
    reference: str | None,
    notes: list[str],
    problems: ProblemCollector,
    accounted_codes: tuple[str, ...],
) -> Results:
    # The accounts' territories in their order, then the parents computed from them, deepest
    # first (régions before France).
    accounted = set(accounted_codes)
    order = sorted(
        range(len(territories)),
        key=lambda t: (
            territories.codes[t] not in accounted,
            -int(territories.depth[t]) if territories.codes[t] not in accounted else 0,
            t,
        ),
    )
    slabs = [(t, y) for t in order for y in range(years.size) if grid.present[t, y]]
    slab_t = np.array([t for t, _ in slabs], dtype=np.int64)
    slab_y = np.array([y for _, y in slabs], dtype=np.int64)
    reference_slab = np.full(len(slabs), -1, dtype=np.int64)
    if reference is not None:
        position = {slab: i for i, slab in enumerate(slabs)}
        t_reference = territories.position.get(reference)
        if t_reference is None or not grid.present[t_reference].any():
            problems.add(
                "reference",
                None,
                None,
                f"the reference territory {reference} has no results: it is neither in the "
                "accounts nor computed from them.",
            )
            problems.raise_if_any()
        else:
            for i, y in enumerate(slab_y):
                reference_slab[i] = position.get((t_reference, int(y)), -1)
    return Results(
        slab_territory=tuple(territories.codes[t] for t in slab_t),
        slab_year=years[slab_y].astype(np.int64),
        values=indicator_values(grid.value[slab_t, slab_y]),
        population=grid.population[slab_t, slab_y],
        gdp=grid.gdp[slab_t, slab_y],
        reference_slab=reference_slab,
        reference=reference,
        notes=notes,
    )
