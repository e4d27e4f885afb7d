"""The accounts as a cube of flows by category, rolled up through the category tree.

Every territory and year of the accounts becomes a slab `value[flow, category]` in tonnes, NaN
where nothing is known. Roll-up fills each unknown parent with the sum of its known children;
where a parent was given beside its children, the two must agree within the rounding of the
figures given, and a disagreement is reported with the line of the parent. The same rule rolls
the parts of a flow (IMP_INT, IMP_DOM) up into its total (IMP).

Unknown is not zero: a flow nobody gave has no result row, while a flow given as 0 has one.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import TypeVar

import numpy as np
from numpy.typing import NDArray

from boucle.engines.mfa.categories import CATEGORY_CODES, children_of
from boucle.engines.mfa.flows import FLOW_INDEX, FLOW_PARTS, FLOWS
from boucle.engines.mfa.inputs import Accounts

_T = TypeVar("_T", bound=np.generic)
FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

# Below this relative difference, two sums of the same figures are equal: what floating-point
# addition in another order leaves.
RELATIVE_EPSILON = 1e-9


@dataclass
class Cube:
    """Flows by category for a list of (territory, year) pairs.

    Arrays are indexed [pair, flow, category]; `line` is the first input line behind a value
    (0 where none), `tolerance` its rounding room in tonnes.
    """

    territories: tuple[str, ...]
    pair_territory: IntArray  # index into territories, one per pair
    pair_year: IntArray
    value: FloatArray
    tolerance: FloatArray
    line: IntArray
    given: NDArray[np.bool_]  # given directly, not derived by roll-up or from trade

    @property
    def pairs(self) -> int:
        return int(self.pair_year.size)

    def pair_label(self, pair: int) -> tuple[str, int]:
        return self.territories[int(self.pair_territory[pair])], int(self.pair_year[pair])


@dataclass(frozen=True)
class Disagreement:
    """A total given beside details that do not add up to it."""

    pair: int
    flow: str
    category: str
    total: float
    parts: tuple[tuple[str, float], ...]  # (flow or category, tonnes) of each known part
    line: int  # the total's line, or the first line behind it when it was itself derived
    by: str  # "category" when the parts are sub-categories, "flow" when they are sub-flows


def cube_from_accounts(accounts: Accounts) -> Cube:
    """One slab per (territory, year) of the accounts, entries placed, nothing rolled up."""
    keys = accounts.territory.astype(np.int64) * 10_000 + accounts.year
    unique_keys, pair_of_entry = np.unique(keys, return_inverse=True)
    shape = (unique_keys.size, len(FLOWS), len(CATEGORY_CODES))
    value = np.full(shape, np.nan)
    tolerance = np.zeros(shape)
    line = np.zeros(shape, dtype=np.int64)
    where = (pair_of_entry, accounts.flow, accounts.category)
    value[where] = accounts.tonnes
    tolerance[where] = accounts.tolerance_tonnes
    line[where] = accounts.line
    given = np.zeros(shape, dtype=bool)
    given[where] = True
    return Cube(
        territories=accounts.territories,
        pair_territory=(unique_keys // 10_000).astype(np.int64),
        pair_year=(unique_keys % 10_000).astype(np.int64),
        value=value,
        tolerance=tolerance,
        line=line,
        given=given,
    )


@cache
def bottom_up_parents() -> tuple[tuple[int, tuple[int, ...]], ...]:
    """(parent, children) category indices, every parent after all its descendants."""
    index = {code: i for i, code in enumerate(CATEGORY_CODES)}
    return tuple(
        (index[code], tuple(index[child] for child in children_of(code)))
        for code in reversed(CATEGORY_CODES)
        if children_of(code)
    )


def roll_up_categories(cube: Cube) -> list[Disagreement]:
    """Fills unknown parent categories from their children, flow by flow; lists conflicts."""
    disagreements: list[Disagreement] = []
    for parent, children in bottom_up_parents():
        found = _roll_up(cube, axis_index=parent, part_indices=children, along="category")
        disagreements.extend(found)
    return disagreements


def roll_up_flows(cube: Cube) -> list[Disagreement]:
    """Fills unknown totals (IMP, EXP, DPO) from their parts, category by category."""
    disagreements: list[Disagreement] = []
    for total, parts in FLOW_PARTS.items():
        part_indices = tuple(FLOW_INDEX[part] for part in parts)
        found = _roll_up(
            cube, axis_index=FLOW_INDEX[total], part_indices=part_indices, along="flow"
        )
        disagreements.extend(found)
    return disagreements


def _roll_up(
    cube: Cube, *, axis_index: int, part_indices: tuple[int, ...], along: str
) -> list[Disagreement]:
    if along == "category":
        total = cube.value[:, :, axis_index]
        parts = cube.value[:, :, list(part_indices)]
        parts_tolerance = cube.tolerance[:, :, list(part_indices)]
        parts_line = cube.line[:, :, list(part_indices)]
        parts_given = cube.given[:, :, list(part_indices)]
    else:
        total = cube.value[:, axis_index, :]
        parts = np.moveaxis(cube.value[:, list(part_indices), :], 1, -1)
        parts_tolerance = np.moveaxis(cube.tolerance[:, list(part_indices), :], 1, -1)
        parts_line = np.moveaxis(cube.line[:, list(part_indices), :], 1, -1)
        parts_given = np.moveaxis(cube.given[:, list(part_indices), :], 1, -1)
    known_parts = ~np.isnan(parts)
    any_part = known_parts.any(axis=-1)
    if not any_part.any():
        return []
    parts_sum = np.where(known_parts, parts, 0.0).sum(axis=-1)
    room = np.where(known_parts, parts_tolerance, 0.0).sum(axis=-1)
    known_total = ~np.isnan(total)

    disagreements: list[Disagreement] = []
    # Compared where something was given at this level: higher up, the same disagreement would
    # only be reported again through the sums that carry it.
    both = known_total & any_part & (_pick(cube.given, axis_index, along) | parts_given.any(-1))
    if both.any():
        total_room = _pick(cube.tolerance, axis_index, along)
        allowed = total_room + room + RELATIVE_EPSILON * np.maximum(np.abs(total), 1.0)
        conflict = both & (np.abs(np.where(both, total, 0.0) - parts_sum) > allowed)
        for first, second in zip(*np.nonzero(conflict), strict=True):
            disagreements.append(
                _disagreement(cube, int(first), int(second), axis_index, part_indices, along)
            )

    fill = any_part & ~known_total
    first_line = np.where(known_parts & (parts_line > 0), parts_line, np.iinfo(np.int64).max)
    first_line = first_line.min(axis=-1)
    first_line[first_line == np.iinfo(np.int64).max] = 0
    # Basic indexing gives views: the copies write into the cube itself.
    np.copyto(_pick(cube.value, axis_index, along), parts_sum, where=fill)
    np.copyto(_pick(cube.tolerance, axis_index, along), room, where=fill)
    np.copyto(_pick(cube.line, axis_index, along), first_line, where=fill)
    return disagreements


def _pick(array: NDArray[_T], axis_index: int, along: str) -> NDArray[_T]:
    return array[:, :, axis_index] if along == "category" else array[:, axis_index, :]


def _disagreement(
    cube: Cube, pair: int, other: int, axis_index: int, part_indices: tuple[int, ...], along: str
) -> Disagreement:
    if along == "category":
        flow, category = other, axis_index
        parts = [
            (CATEGORY_CODES[c], float(cube.value[pair, flow, c]))
            for c in part_indices
            if not np.isnan(cube.value[pair, flow, c])
        ]
    else:
        flow, category = axis_index, other
        parts = [
            (FLOWS[f], float(cube.value[pair, f, category]))
            for f in part_indices
            if not np.isnan(cube.value[pair, f, category])
        ]
    return Disagreement(
        pair=pair,
        flow=FLOWS[flow],
        category=CATEGORY_CODES[category],
        total=float(cube.value[pair, flow, category]),
        parts=tuple(parts),
        line=int(cube.line[pair, flow, category]),
        by=along,
    )
