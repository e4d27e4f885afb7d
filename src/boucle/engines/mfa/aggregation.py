"""Territories summed into their parents, with the trade between them netted out.

A département's exports to its neighbour are not exports of their région: summing the members'
domestic imports and exports would count trade inside the région as trade with the rest of the
country. So domestic trade comes from an origin-destination table, and for every territory T
(a member or any ancestor) the engine counts

    IMP_DOM(T) = trade whose destination lies in T and whose origin lies outside T
    EXP_DOM(T) = trade whose origin lies in T and whose destination lies outside T

which nets the trade between the members of T by construction, at every level at once. France
(`FR`) is the whole country: its domestic trade is zero. Every other flow of a parent is the sum
of its members' (domestic extraction, international trade, DPO, balancing items, recycling).

The table is processed in chunks with `np.bincount`, so ten million rows take seconds and a
bounded amount of memory.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from boucle.engines.mfa.accounts import bottom_up_parents
from boucle.engines.mfa.categories import CATEGORY_CODES
from boucle.engines.mfa.flows import FLOW_INDEX, FLOWS
from boucle.engines.mfa.inputs import Trade
from boucle.engines.mfa.territories import FRANCE, Hierarchy

IntArray = NDArray[np.int64]
FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]

_CHUNK_ROWS = 1_000_000  # bounds the temporaries: a few arrays of this many rows at a time


@dataclass(frozen=True)
class TerritoryIndex:
    """Territories numbered 0..n-1 with their ancestry as arrays.

    `ancestor[t, k]` is the k-th ancestor of t (k=0 is t itself), -1 past the root;
    `depth[t]` is the number of ancestors above t; `at_depth[t, d]` is the ancestor of t at
    depth d (the root at 0), -1 below t. Territory a contains t exactly when
    `at_depth[t, depth[a]] == a`.
    """

    codes: tuple[str, ...]
    position: dict[str, int]
    ancestor: IntArray
    depth: IntArray
    at_depth: IntArray

    def __len__(self) -> int:
        return len(self.codes)


def territory_index(codes: Iterable[str], hierarchy: Hierarchy | None) -> TerritoryIndex:
    """The territories named and all their ancestors, parents listed after their members."""
    ordered: dict[str, None] = {}
    for code in codes:
        ordered.setdefault(code, None)
        for above in hierarchy.ancestors_of(code) if hierarchy else ():
            ordered.setdefault(above, None)
    all_codes = tuple(ordered)
    position = {code: i for i, code in enumerate(all_codes)}
    chains = [[code, *(hierarchy.ancestors_of(code) if hierarchy else ())] for code in all_codes]
    levels = max(len(chain) for chain in chains) if chains else 1
    ancestor = np.full((len(all_codes), levels), -1, dtype=np.int64)
    for t, chain in enumerate(chains):
        ancestor[t, : len(chain)] = [position[code] for code in chain]
    depth = ((ancestor >= 0).sum(axis=1) - 1).astype(np.int64)
    at_depth = np.full_like(ancestor, -1)
    for t, chain in enumerate(chains):
        at_depth[t, : len(chain)] = [position[code] for code in reversed(chain)]
    return TerritoryIndex(all_codes, position, ancestor, depth, at_depth)


@dataclass(frozen=True)
class DomesticTrade:
    """Domestic imports and exports by [territory, year, category], in tonnes, rolled up
    through the category tree; NaN where no trade row says anything. `covered[t, y]` says the
    table speaks of t (or of a territory inside it) in that year, so its domestic trade is
    known, zero where no row reaches it."""

    imports: FloatArray
    exports: FloatArray
    covered: BoolArray


def domestic_trade(trade: Trade, territories: TerritoryIndex, years: IntArray) -> DomesticTrade:
    """Each territory's trade with the rest of the country, internal trade netted."""
    n_territories, n_years, n_categories = len(territories), years.size, len(CATEGORY_CODES)
    size = n_territories * n_years * n_categories
    imports = np.zeros(size)
    exports = np.zeros(size)
    imports_seen = np.zeros(size, dtype=np.int64)
    exports_seen = np.zeros(size, dtype=np.int64)
    covered = np.zeros(n_territories * n_years, dtype=bool)

    # Trade codes to the engine's territory numbers; years to their index, -1 if not computed.
    to_territory = np.array(
        [territories.position[code] for code in trade.territories], dtype=np.int64
    )
    first_year = int(years.min()) if years.size else 0
    year_slot = np.full(int(years.max()) - first_year + 1 if years.size else 1, -1, dtype=np.int64)
    year_slot[years - first_year] = np.arange(n_years)
    levels = territories.ancestor.shape[1]
    tables = _pair_tables(territories)

    for start in range(0, len(trade), _CHUNK_ROWS):
        stop = min(start + _CHUNK_ROWS, len(trade))
        origin = to_territory[trade.origin[start:stop]]
        destination = to_territory[trade.destination[start:stop]]
        year = trade.year[start:stop].astype(np.int64) - first_year
        in_range = (year >= 0) & (year < year_slot.size)
        slot = np.where(in_range, year_slot[np.clip(year, 0, year_slot.size - 1)], -1)
        keep = slot >= 0
        origin, destination, slot = origin[keep], destination[keep], slot[keep]
        category = trade.category[start:stop][keep].astype(np.int64)
        tonnes = trade.tonnes[start:stop][keep]
        pair = origin * n_territories + destination if tables is not None else None
        for level in range(levels):
            for side, seen, end, other, table in (
                (imports, imports_seen, destination, origin, 0),
                (exports, exports_seen, origin, destination, 1),
            ):
                node = territories.ancestor[end, level]
                if tables is not None and pair is not None:
                    counted = tables[table][level][pair]
                else:
                    counted = (node >= 0) & ~_contains(territories, node, other)
                if not counted.any():
                    continue
                key = (node[counted] * n_years + slot[counted]) * n_categories + category[counted]
                side += np.bincount(key, weights=tonnes[counted], minlength=size)
                seen += np.bincount(key, minlength=size)
            for end in (origin, destination):
                node = territories.ancestor[end, level]
                named = node >= 0
                covered[node[named] * n_years + slot[named]] = True

    shape = (n_territories, n_years, n_categories)
    return DomesticTrade(
        imports=_rolled_up(imports.reshape(shape), imports_seen.reshape(shape) > 0),
        exports=_rolled_up(exports.reshape(shape), exports_seen.reshape(shape) > 0),
        covered=covered.reshape(n_territories, n_years),
    )


# Up to this many territories, whether a flow crosses the border of each ancestor is worked out
# once per (origin, destination) pair, then looked up for each row; tens of thousands of communes
# would make the table too large, and take the row-by-row test instead.
_PAIR_TABLE_LIMIT = 2048


def _pair_tables(territories: TerritoryIndex) -> tuple[BoolArray, BoolArray] | None:
    """[level, origin * n + destination]: whether the level-th ancestor of the destination
    imports the flow (it does not contain the origin), and likewise for the exporter."""
    n = len(territories)
    if n > _PAIR_TABLE_LIMIT:
        return None
    origins = np.repeat(np.arange(n), n)
    destinations = np.tile(np.arange(n), n)
    levels = territories.ancestor.shape[1]
    receives = np.empty((levels, n * n), dtype=bool)
    sends = np.empty((levels, n * n), dtype=bool)
    for level in range(levels):
        importer = territories.ancestor[destinations, level]
        receives[level] = (importer >= 0) & ~_contains(territories, importer, origins)
        exporter = territories.ancestor[origins, level]
        sends[level] = (exporter >= 0) & ~_contains(territories, exporter, destinations)
    return receives, sends


def _contains(territories: TerritoryIndex, node: IntArray, member: IntArray) -> BoolArray:
    """Row by row, whether territory `node` is `member` or one of its ancestors."""
    depth = territories.depth[np.maximum(node, 0)]
    inside = depth < territories.at_depth.shape[1]
    found = territories.at_depth[member, np.minimum(depth, territories.at_depth.shape[1] - 1)]
    result: BoolArray = (node >= 0) & inside & (found == node)
    return result


def _rolled_up(values: FloatArray, seen: BoolArray) -> FloatArray:
    """Trade rows add up: a parent category holds its own rows plus its children's."""
    values = values.copy()
    seen = seen.copy()
    for parent, children in bottom_up_parents():
        values[:, :, parent] += values[:, :, list(children)].sum(axis=-1)
        seen[:, :, parent] |= seen[:, :, list(children)].any(axis=-1)
    return np.where(seen, values, np.nan)


@dataclass(frozen=True)
class MemberProblem:
    """Why a parent cannot be summed from a member: the member's domestic trade came from the
    accounts (nothing to net it with), or its trade is a total with no split."""

    member: int
    year: int  # the year's index
    flow: str
    reason: str  # "domestic" or "unsplit"


@dataclass
class Grid:
    """Flows of every territory and year: value[territory, year, flow, category] in tonnes."""

    value: FloatArray
    present: BoolArray  # [territory, year]: accounts given or summed from members
    population: FloatArray  # [territory, year], NaN where unknown
    gdp: FloatArray


def aggregate_parents(
    grid: Grid,
    territories: TerritoryIndex,
    hierarchy: Hierarchy,
    domestic: DomesticTrade | None,
    years: IntArray,
    accounted: Iterable[str],
) -> tuple[list[str], list[MemberProblem]]:
    """Fills every parent without accounts of its own from its members, deepest first.

    A parent is computed for a year only when all its members are (a région with one
    département missing would be wrong, not partial); the others are named in the notes.
    """
    notes: list[str] = []
    problems: list[MemberProblem] = []
    # The ancestors of the accounts' territories only: a région the trade table alone names
    # has nothing to be computed from.
    wanted = {above for code in accounted for above in hierarchy.ancestors_of(code)}
    parents = [t for t, code in enumerate(territories.codes) if code in wanted]
    parents.sort(key=lambda t: -int(territories.depth[t]))
    for parent in parents:
        code = territories.codes[parent]
        member_codes = hierarchy.members_of(code)
        members = [territories.position[m] for m in member_codes if m in territories.position]
        unknown = [m for m in member_codes if m not in territories.position]
        for y in range(years.size):
            _sum_yearly_figures(grid, parent, members, unknown, y)
            if grid.present[parent, y]:
                continue  # its own accounts take precedence over the sum of its members
            absent = [
                m
                for m in member_codes
                if m not in territories.position or not grid.present[territories.position[m], y]
            ]
            if absent:
                notes.append(_absent_note(code, int(years[y]), absent, len(member_codes)))
                continue
            problems.extend(
                _member_problems(grid, members, y, domestic, parent_is_france=code == FRANCE)
            )
            grid.value[parent, y] = _sum_members(grid, parent, members, y, domestic, code == FRANCE)
            grid.present[parent, y] = True
    return notes, problems


def _sum_yearly_figures(
    grid: Grid, parent: int, members: list[int], unknown: list[str], y: int
) -> None:
    """A parent's population and GDP, where not given: its members' sum, if all are known."""
    for figures in (grid.population, grid.gdp):
        if np.isnan(figures[parent, y]) and not unknown and members:
            figures[parent, y] = figures[members, y].sum()  # NaN if one member's is unknown


def _absent_note(code: str, year: int, absent: list[str], count: int) -> str:
    named = ", ".join(absent[:5]) + (", ..." if len(absent) > 5 else "")
    return (
        f"{code} {year}: not computed, {len(absent)} of its {count} members have no results "
        f"({named})."
    )


_IMP, _EXP = FLOW_INDEX["IMP"], FLOW_INDEX["EXP"]
_IMP_DOM, _EXP_DOM = FLOW_INDEX["IMP_DOM"], FLOW_INDEX["EXP_DOM"]
_TOTALS_OF_TRADE = (
    (_IMP, FLOW_INDEX["IMP_INT"], _IMP_DOM),
    (_EXP, FLOW_INDEX["EXP_INT"], _EXP_DOM),
)


def _member_problems(
    grid: Grid,
    members: list[int],
    y: int,
    domestic: DomesticTrade | None,
    *,
    parent_is_france: bool,
) -> list[MemberProblem]:
    problems = []
    for member in members:
        slab = grid.value[member, y]
        from_trade = domestic is not None and bool(domestic.covered[member, y])
        for total, international, dom in _TOTALS_OF_TRADE:
            unsplit = ~np.isnan(slab[total]) & np.isnan(slab[international]) & np.isnan(slab[dom])
            if unsplit.any():
                problems.append(MemberProblem(member, y, FLOWS[total], "unsplit"))
            # France's domestic trade is zero whatever its members' is: nothing to net.
            if not from_trade and not parent_is_france and (~np.isnan(slab[dom])).any():
                problems.append(MemberProblem(member, y, FLOWS[dom], "domestic"))
    return problems


def _sum_members(
    grid: Grid,
    parent: int,
    members: list[int],
    y: int,
    domestic: DomesticTrade | None,
    is_france: bool,
) -> FloatArray:
    block = grid.value[members, y]
    known = ~np.isnan(block)
    summed: FloatArray = np.where(
        known.any(axis=0), np.where(known, block, 0.0).sum(axis=0), np.nan
    )
    summed[[_IMP, _EXP, _IMP_DOM, _EXP_DOM]] = np.nan
    if domestic is not None and domestic.covered[parent, y]:
        summed[_IMP_DOM] = domestic.imports[parent, y]
        summed[_EXP_DOM] = domestic.exports[parent, y]
        summed[[_IMP_DOM, _EXP_DOM], 0] = np.nan_to_num(summed[[_IMP_DOM, _EXP_DOM], 0])
    elif is_france:
        summed[[_IMP_DOM, _EXP_DOM], 0] = 0.0
    for total, international, dom in _TOTALS_OF_TRADE:
        parts = summed[[international, dom]]
        has = ~np.isnan(parts)
        summed[total] = np.where(has.any(axis=0), np.where(has, parts, 0.0).sum(axis=0), np.nan)
    return summed
