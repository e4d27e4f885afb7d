"""The score of each (offer, need) pair, computed pair by pair in compiled loops (numba).

`score.score_pairs` says what the score is and calls these two functions, each one pass over
a block of pairs that keeps each pair's intermediate values in registers (the numpy code they
replaced made some forty passes over the block, each gathering or writing an array):

- `criteria`: for each pair the resource part (the best pair of families, what the offer also
  meets of the need's other families, the need's sector use, the impure and out-of-order
  factors), the distance (haversine) and its part, the quantity part and coverage, the kind and
  scale factors, and the caps and hazard rules (`within_cap`, `safe` but for `one_site`); and
  `lower` and `spread`, what a pair scores at least without its text and at most more with it
  (`score.may_reach`).
- `finish`: the text part of the pairs that may still count (the cosine of the TF-IDF rows),
  the score, the rare shared word that makes a pair with no resource link eligible, eligibility
  and fallbacks (`score.NEIGHBOUR`, `CLOSE_IN_MEANING`), and a fallback's resource part raised to
  its text.

Between the two, `may_reach` tells, group by group, which pairs may still count
(`score.may_reach`).

The values are those of the numpy code to the last bit (every array of every pair kept,
compared at 100,000 x 100,000 and on the evaluation set, both directions): each operation is
done in the type and order numpy did it. The resource part is float32 throughout (the
families' confidences and compatibilities are), and a threshold is compared in the type of
what it is compared with (numpy casts a Python float to float32 against a float32 array: 0.45
is then 0.44999999). `exp`, `sin`, `asin` and `sqrt` are the C library's, as numpy's are on a
processor without AVX-512 (with it, numpy has SIMD versions of its own). The text is scipy's
`left[rows].multiply(right[rows]).sum(axis=1)` on float32: the products of the columns both
rows have, in the order of the offer's row (reversed when some row of the block has unsorted
columns: scipy then takes its general path, a linked list), added as numpy's `add.reduceat`
adds them (the first, plus the pairwise sum of the others).

The offers of a block's pairs are scattered over the side: each side's columns are packed one
row per declaration (`rows`, a few cache lines a pair rather than one in each of twenty
arrays), and the loops ask for the rows of the pairs a few steps ahead (`_prefetch`).
Compiled on first use and cached on disk (`cache=True`): a later process loads the machine
code (about 0.5 s) rather than compiling it (about 20 s of CPU).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt
from llvmlite import ir
from numba import njit, types
from numba.core import cgutils
from numba.extending import intrinsic

from boucle.engines.matching.score import CLOSE_IN_MEANING, NEIGHBOUR
from boucle.engines.matching.sides import Side

__all__ = ["Constants", "criteria", "finish", "may_reach", "rows", "top_rows"]


def _compiled(function: Callable[..., Any]) -> Any:
    """`function` compiled (numba), numpy's error model (a division by zero gives inf or NaN,
    as numpy's did), without the GIL (the loops touch no Python object: other threads, a Dask
    worker's or a web server's, run meanwhile), its machine code cached on disk.

    Where numba finds no directory to write its cache in (neither `__pycache__` beside this
    file nor the user's cache directory: a read-only install run by a user without a writable
    home), the function is compiled in each process rather than the import failing (numba
    raises then; `NUMBA_CACHE_DIR` names a writable directory)."""
    try:
        return njit(cache=True, error_model="numpy", nogil=True)(function)
    except RuntimeError as error:  # numba: "cannot cache function ...: no locator available"
        warnings.warn(
            f"the matching kernels are compiled in each process (about 20 s of CPU): {error}; "
            "set NUMBA_CACHE_DIR to a writable directory",
            RuntimeWarning,
            stacklevel=2,
        )
        return njit(error_model="numpy", nogil=True)(function)


@_compiled
def _minimum(a: float, b: float) -> float:
    """np.minimum: NaN if either is (Python's and numba's `min` keep the first argument when
    the second is NaN, so a NaN cap would count on one side and not on the other)."""
    return a if a < b or np.isnan(a) else b


class Constants(NamedTuple):
    """What the kernels compute with (`score` defines them), in the type numpy used: passed as
    an argument, not read as globals, which numba would freeze into its cache."""

    also_meets: np.float32
    sector_weight: np.float32
    sector_yields: np.float32
    impure_factor: np.float32
    out_of_order_factor: np.float32
    resource_min: np.float32
    sector_takes_hazard: np.float32
    need_says: np.float32
    kind_trusted_family: np.float32
    code_tie_a: np.float32  # the confidences of a code's families, and the tolerance of
    code_tie_b: np.float32  # np.isclose around each
    code_tie_tol_a: np.float32
    code_tie_tol_b: np.float32
    earth_diameter_km: float
    reach_decays: float
    distance_unknown: float
    quantity_unknown: float
    quantity_other_units: float
    partial_floor: float
    other_scale: float
    kind_mismatch: float
    weight_resource: np.float32  # times the float32 resource part
    weight_resource_64: float  # times the float64 factor (a fallback's spread)
    weight_distance: float
    weight_text: float
    weight_quantity: float
    text_min: float
    fallback_text_min: float
    fallback_near: float


# The columns of a side that `criteria` reads, one row per declaration, packed so that a pair
# reads a few cache lines of each side rather than one in each of some twenty arrays (the
# offers of a need's pairs are scattered over the whole side: with separate arrays, memory
# latency made the compiled loop slower than numpy's gathers).
X, Y, Z, DECAY, REACH_DECAY, RATE, MAX_KM, CONF = range(8)  # floats, a conf a family
KIND, UNIT, SECTOR, SUBSTANCES, FLAGS, USE, FAM = range(7)  # integers, FAM one a family
IMPURE, OUT_OF_ORDER, WANTS_WORKING, WATERBORNE, HAZARDOUS, HAZARD_NAMED, ACCEPTS_HAZARDOUS = (
    1 << bit for bit in range(7)
)


def rows(side: Side) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.int64]]:
    """A side's rows as `criteria` reads them: floats (the confidences of the families are
    float32 values, kept exactly) and integers."""
    floats = np.column_stack(
        [
            side.xyz[:, 0],
            side.xyz[:, 1],
            side.xyz[:, 2],
            side.decay_km,
            side.reach_decay_km,
            side.rate,
            side.max_km,
            side.conf32.astype(np.float64),
        ]
    )
    flags = np.zeros(len(side.lat), dtype=np.int64)
    for flag, values in (
        (IMPURE, side.impure),
        (OUT_OF_ORDER, side.out_of_order),
        (WANTS_WORKING, side.wants_working),
        (WATERBORNE, side.waterborne),
        (HAZARDOUS, side.hazardous),
        (HAZARD_NAMED, side.hazard_named),
        (ACCEPTS_HAZARDOUS, side.accepts_hazardous),
    ):
        flags |= np.where(values, flag, 0)
    ints = np.column_stack(
        [side.kind, side.unit_family, side.sector, side.substances, flags, side.use, side.fam]
    ).astype(np.int64)
    return np.ascontiguousarray(floats), np.ascontiguousarray(ints)


# How many pairs ahead the kernels ask for the rows a pair will read (`_prefetch`).
AHEAD = 16


def _prefetch_typing(typingctx: Any, array: Any, index: Any) -> Any:
    """Asks the processor to bring the cache line of array[index] (of its row, for a 2-D array)
    while the loop goes on: the rows of the offers a block's pairs read are scattered over the
    side, and a loop that waits for each in turn waits on memory most of its time. A hint
    (LLVM's `prefetch`): it changes no value."""

    def codegen(context: Any, builder: Any, signature: Any, args: Any) -> Any:
        array_type = signature.args[0]
        data = context.make_array(array_type)(context, builder, args[0])
        at = [args[1]] + [context.get_constant(types.intp, 0)] * (array_type.ndim - 1)
        pointer = cgutils.get_item_pointer(  # type: ignore[no-untyped-call]
            context, builder, array_type, data, at
        )
        byte_pointer = ir.IntType(8).as_pointer()
        i32 = ir.IntType(32)
        function = cgutils.get_or_insert_function(  # type: ignore[no-untyped-call]
            builder.module,
            ir.FunctionType(ir.VoidType(), [byte_pointer, i32, i32, i32]),
            "llvm.prefetch.p0i8",
        )
        # A read, kept in every cache level, of data.
        flags = [ir.Constant(i32, 0), ir.Constant(i32, 3), ir.Constant(i32, 1)]
        builder.call(function, [builder.bitcast(pointer, byte_pointer), *flags])
        return context.get_dummy_value()

    return types.void(array, index), codegen


# Called in compiled code as `_prefetch(array, index)`.
_prefetch: Any = intrinsic(_prefetch_typing)


@_compiled
def _block_sum(values: Any, start: int, count: int) -> Any:
    """numpy's sum of up to 128 float32 values (`add.reduce`'s inner loop): in order under 8,
    else eight partial sums."""
    if count < 8:
        total = np.float32(0.0)
        for i in range(start, start + count):
            total += values[i]
        return total
    r0, r1, r2, r3 = values[start], values[start + 1], values[start + 2], values[start + 3]
    r4, r5, r6, r7 = values[start + 4], values[start + 5], values[start + 6], values[start + 7]
    i = 8
    while i < count - (count % 8):
        at = start + i
        r0 += values[at]
        r1 += values[at + 1]
        r2 += values[at + 2]
        r3 += values[at + 3]
        r4 += values[at + 4]
        r5 += values[at + 5]
        r6 += values[at + 6]
        r7 += values[at + 7]
        i += 8
    total = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
    while i < count:
        total += values[start + i]
        i += 1
    return total


@_compiled
def _pairwise_sum(values: Any, start: int, count: int) -> Any:
    """numpy's pairwise sum of `count` float32 values from `start`: blocks of up to 128
    (`_block_sum`), a longer run halved (to a multiple of 8) and its halves added. Without
    recursion (numba's cache does not keep recursive functions): a stack of the runs to add."""
    if count <= 128:
        return _block_sum(values, start, count)
    starts = np.empty(64, dtype=np.int64)
    counts = np.empty(64, dtype=np.int64)  # -1: add the last two sums
    sums = np.empty(64, dtype=np.float32)
    top, done = 0, 0
    starts[0], counts[0] = start, count
    while top >= 0:
        at, length = starts[top], counts[top]
        top -= 1
        if length < 0:
            done -= 1
            sums[done - 1] = sums[done - 1] + sums[done]
        elif length <= 128:
            sums[done] = _block_sum(values, at, length)
            done += 1
        else:
            half = length // 2
            half -= half % 8
            for push_start, push_count in ((0, -1), (at + half, length - half), (at, half)):
                top += 1
                starts[top], counts[top] = push_start, push_count
    return sums[0]


@_compiled
def _dot(
    a_ptr: Any,
    a_col: Any,
    a_val: Any,
    a_bit: Any,
    a_row: int,
    b_ptr: Any,
    b_col: Any,
    b_val: Any,
    b_signature: Any,
    b_row: int,
    canonical: bool,
    products: Any,
    a_distinct: bool,
    b_distinct: bool,
) -> Any:
    """The float32 dot product of two CSR rows as scipy computes it (see the module). A column
    of `a` whose bit (`a_bit`, `RowSummary.bit`) the signature of `b`'s row lacks is not in
    that row: it adds no product, and `b`'s row is not searched for it. A row whose columns
    are each stored once (`a_distinct`, `b_distinct`: `RowSummary.distinct`, every row of the
    TF-IDF) is not searched for a column's other entries: each column is where it first
    appears, and its sum is its one value (0 + value, as the sum of one term is)."""
    a_start, a_end = a_ptr[a_row], a_ptr[a_row + 1]
    b_start, b_end = b_ptr[b_row], b_ptr[b_row + 1]
    count = 0
    for step in range(a_end - a_start):
        at = a_start + step if canonical else a_end - 1 - step
        if ((b_signature >> np.uint64(a_bit[at])) & np.uint64(1)) == 0:
            continue
        column = a_col[at]
        left = np.float32(0.0)
        if a_distinct:
            left += a_val[at]
        else:
            if not canonical:
                # The general path: a column once, where it first appears (duplicates summed).
                first = a_start
                while a_col[first] != column:
                    first += 1
                if first != at:
                    continue
            for i in range(at, a_end):
                if a_col[i] == column:
                    left += a_val[i]
        right = np.float32(0.0)
        found = False
        for i in range(b_start, b_end):
            if b_col[i] == column:
                right += b_val[i]
                found = True
                if b_distinct:
                    break
        if found:
            product = left * right
            if product != 0:
                products[count] = product
                count += 1
    if count == 0:
        return np.float32(0.0)
    return products[0] + _pairwise_sum(products, 1, count - 1)


@_compiled
def _shares_column(a_ptr: Any, a_col: Any, a_row: int, b_ptr: Any, b_col: Any, b_row: int) -> bool:
    for i in range(a_ptr[a_row], a_ptr[a_row + 1]):
        for j in range(b_ptr[b_row], b_ptr[b_row + 1]):
            if a_col[i] == b_col[j]:
                return True
    return False


@_compiled
def criteria(
    c: Constants,
    offer: Any,
    need: Any,
    o_floats: Any,
    o_ints: Any,
    n_floats: Any,
    n_ints: Any,
    o_slots: Any,
    n_slots: Any,
    compat: Any,
    refused: Any,
    refused_use: Any,
    sector_uses: Any,
    hazard_uses: Any,
    root_or_none: Any,
    max_km: float,
    with_nearby: bool,
) -> Any:
    """Every criterion of each pair but the text (see the module), as arrays."""
    count = len(offer)
    f32 = np.float32
    resource = np.empty(count, dtype=np.float32)
    sector_out = np.empty(count, dtype=np.float32)
    distance_km = np.empty(count)
    distance = np.empty(count)
    quantity = np.empty(count)
    coverage = np.empty(count)
    kind_factor = np.empty(count)
    scale = np.empty(count)
    factor = np.empty(count)
    base = np.empty(count)
    lower = np.empty(count)
    spread = np.empty(count)
    offer_family = np.empty(count, dtype=np.int64)
    need_family = np.empty(count, dtype=np.int64)
    within_cap = np.empty(count, dtype=np.bool_)
    safe = np.empty(count, dtype=np.bool_)
    related = np.empty(count, dtype=np.bool_)
    slot_best = np.zeros(len(n_slots), dtype=np.float32)
    for k in range(count):
        if k + AHEAD < count:
            ahead = offer[k + AHEAD]
            # A row spans at most two 64-byte cache lines (80 and 72 bytes, in an array
            # aligned on 16 bytes as numpy's are): its first and its last element are on each.
            _prefetch(o_floats, ahead)
            _prefetch(o_floats[ahead], o_floats.shape[1] - 1)
            _prefetch(o_ints, ahead)
            _prefetch(o_ints[ahead], o_ints.shape[1] - 1)
        o, n = offer[k], need[k]
        o_flags, n_flags = o_ints[o, FLAGS], n_ints[n, FLAGS]
        # The families: the best (offer family, need family) pair of the slots both rows fill.
        # (The numpy code this replaced also took the very first pair of slots when one was
        # empty: its value is then 0, against zeros, and changes nothing.)
        family = f32(0.0)
        best_o, best_n, best_conf = -1, -1, f32(0.0)
        main_meets = f32(0.0)
        for j in range(len(n_slots)):
            b = n_slots[j]
            slot_best[j] = f32(0.0)
            fn = n_ints[n, FAM + b]
            if fn < 0:
                continue
            cn = f32(n_floats[n, CONF + b])
            for a in o_slots:
                fo = o_ints[o, FAM + a]
                if fo < 0:
                    continue
                co = f32(o_floats[o, CONF + a])
                value = co * cn * compat[fo, fn]
                slot_best[j] = max(slot_best[j], value)
                if a == 0:
                    main_meets = max(main_meets, value)
                if value > family:
                    family, best_o, best_n, best_conf = value, fo, fn, co
        if len(n_slots) > 1:
            # What the offer also meets of the need's other families.
            others = slot_best[0]
            for j in range(1, len(n_slots)):
                others += slot_best[j]
            others -= family
            family = min(f32(1.0), family + c.also_meets * others)
        # The need's sector use of the offer's families.
        # (Without a sector or a family, the numpy code's first value was 0: as none.)
        sector, sector_family, sector_main = f32(0.0), -1, f32(0.0)
        row = n_ints[n, SECTOR]
        if row >= 0:
            for a in o_slots:
                fo = o_ints[o, FAM + a]
                if fo < 0:
                    continue
                value = f32(o_floats[o, CONF + a]) * sector_uses[row, fo]
                if value > sector:
                    sector, sector_family = value, fo
        if o_flags & HAZARDOUS:
            # What the sector takes of the offer's main family, the one that makes it
            # hazardous, as a licensed receiver of it (`Prepared.padded_hazard_uses`).
            main = o_ints[o, FAM]
            sector_main = (
                f32(o_floats[o, CONF])
                * hazard_uses[
                    row if row >= 0 else hazard_uses.shape[0] - 1,
                    main if main >= 0 else hazard_uses.shape[1] - 1,
                ]
            )
        main_need = n_ints[n, FAM]
        need_sure = f32(0.0)
        if not root_or_none[main_need if main_need >= 0 else len(root_or_none) - 1]:
            need_sure = max(f32(n_floats[n, CONF]), f32(0.0))
        prior = c.sector_weight * (f32(1.0) - c.sector_yields * need_sure)
        value = f32(1.0) - (f32(1.0) - family) * (f32(1.0) - prior * sector)
        if o_flags & IMPURE and not n_flags & IMPURE:
            value = c.impure_factor * value
        if o_flags & OUT_OF_ORDER and n_flags & WANTS_WORKING:
            value = c.out_of_order_factor * value
        resource[k] = value
        sector_out[k] = sector
        offer_family[k] = best_o if best_o >= 0 else sector_family
        need_family[k] = best_n
        # A written refusal ("may never enter feed") from the offer's main family, or from the
        # family of the best link, to the need's family that link serves, or, for a refusal of
        # where a resource may go (`knowledge.ROUTED`), to what the need says it is for ("fish
        # by-products for our pet food"): whatever the need's sector habits, the offer's lesser
        # readings or the words they share, the pair is not proposed. (Not the need's main
        # family: a digester's "protein-rich substrate" is no feed need for fallen fish.)
        main_offer = o_ints[o, FAM]
        use = n_ints[n, USE]
        refusal = (
            best_n >= 0
            and (
                (main_offer >= 0 and refused[main_offer, best_n])
                or (best_o >= 0 and refused[best_o, best_n])
            )
        ) or (
            use >= 0
            and (
                (main_offer >= 0 and refused_use[main_offer, use])
                or (best_o >= 0 and refused_use[best_o, use])
            )
        )

        # The distance: the great circle between the sites, from the chord between their
        # points on the unit sphere (half the chord is the sine of half the angle: the
        # haversine formula without its sines), its part decaying with the resource's
        # distance (by water five times farther).
        dx = o_floats[o, X] - n_floats[n, X]
        dy = o_floats[o, Y] - n_floats[n, Y]
        dz = o_floats[o, Z] - n_floats[n, Z]
        a_ = (dx * dx + dy * dy + dz * dz) / 4.0
        if a_ < 0.0:
            a_ = 0.0
        elif a_ > 1.0:
            a_ = 1.0
        km = c.earth_diameter_km * np.arcsin(np.sqrt(a_))
        known = not np.isnan(km)
        by_water = o_flags & WATERBORNE and n_flags & WATERBORNE
        decay = o_floats[o, REACH_DECAY] if by_water else o_floats[o, DECAY]
        distance_km[k] = km
        distance[k] = np.exp(-km / decay) if known else c.distance_unknown

        # The quantity.
        uo, un = o_ints[o, UNIT], n_ints[n, UNIT]
        same_units = uo >= 0 and uo == un
        cover = o_floats[o, RATE] / n_floats[n, RATE] if same_units else np.nan
        coverage[k] = cover
        comparable = same_units and not np.isnan(cover)
        part = c.quantity_unknown
        if uo >= 0 and un >= 0 and not same_units:
            part = c.quantity_other_units
        if comparable:
            if cover >= 1.0:
                part = 1.0
            else:
                part = c.partial_floor + (1.0 - c.partial_floor) * np.sqrt(max(cover, 0.0))
        quantity[k] = part

        # The kind and scale factors.
        ko, kn = o_ints[o, KIND], n_ints[n, KIND]
        kinds_differ = ko >= 0 and kn >= 0 and ko != kn
        main_conf = f32(o_floats[o, CONF])
        code_tie = best_conf >= main_conf and (
            abs(main_conf - c.code_tie_a) <= c.code_tie_tol_a
            or main_conf == c.code_tie_a
            or abs(main_conf - c.code_tie_b) <= c.code_tie_tol_b
            or main_conf == c.code_tie_b
        )
        trusted = family >= c.kind_trusted_family and (
            offer_family[k] == o_ints[o, FAM] or code_tie
        )
        kind = c.kind_mismatch if kinds_differ and not trusted else 1.0
        share = cover if comparable else 1.0
        size = 1.0
        if share < c.other_scale:
            size = 0.5 + 0.5 * np.sqrt(max(share, 0.0) / c.other_scale)
        kind_factor[k] = kind
        scale[k] = size
        both = kind * size
        factor[k] = both
        base_k = np.float64(c.weight_resource * value) + c.weight_distance * distance[k]
        base[k] = base_k

        # The caps and the hazard rules (`one_site` is applied after).
        cap = _minimum(_minimum(o_floats[o, MAX_KM], n_floats[n, MAX_KM]), max_km)
        if known:
            within_cap[k] = km <= _minimum(cap, c.reach_decays * decay)
        else:
            within_cap[k] = not np.isfinite(cap)
        sector_takes = (
            sector_main >= c.sector_takes_hazard
            and (need_sure < c.need_says or main_meets >= c.resource_min)
            and not o_flags & HAZARD_NAMED
        )
        takes_substance = (o_ints[o, SUBSTANCES] & n_ints[n, SUBSTANCES]) != 0
        # A need that asks for a hazardous family ("acide sulfurique", "solvants") takes
        # hazardous offers of what meets that family, not every hazardous waste (a farm
        # acidifying slurry gets no asbestos nor metal hydroxide sludge).
        takes_family = bool(n_flags & HAZARDOUS) and main_meets >= c.resource_min
        safe[k] = not refusal and (
            not o_flags & HAZARDOUS
            or n_flags & ACCEPTS_HAZARDOUS
            or sector_takes
            or takes_substance
            or takes_family
        )
        related[k] = value >= c.resource_min
        lower[k] = both * (base_k + c.weight_quantity * part)
        spread_k = both * c.weight_text
        if with_nearby:
            spread_k = spread_k + (
                0.0 if related[k] else both * c.weight_resource_64 * np.float64(f32(1.0) - value)
            )
        spread[k] = spread_k
    return (
        resource,
        sector_out,
        distance_km,
        distance,
        quantity,
        coverage,
        kind_factor,
        scale,
        factor,
        base,
        lower,
        spread,
        offer_family,
        need_family,
        within_cap,
        safe,
        related,
    )


@_compiled
def may_reach(
    lower: Any, spread: Any, sure: Any, group: Any, top: int, levels: int, margin: float
) -> Any:
    """`score.may_reach`, group by group: each run of equal `group` values counts its pairs
    sure to be eligible on `levels` levels of `lower` (in [0, 1]; the last level holds 1), and
    the highest level that `top` of them reach or pass is the floor of its `top`-th best score.
    The same values as the numpy passes it replaced (a per-group histogram, its cumulative sum
    from the top, the floor of each pair's group gathered)."""
    count = len(lower)
    out = np.ones(count, dtype=np.bool_)
    groups = 0
    for k in range(count):
        if k == 0 or group[k] != group[k - 1]:
            groups += 1
    if count < 2 * top * groups:  # groups too small to rule much out
        return out
    counts = np.zeros(levels, dtype=np.int64)
    start = 0
    while start < count:
        end = start + 1
        while end < count and group[end] == group[start]:
            end += 1
        counts[:] = 0
        for k in range(start, end):
            if sure[k]:
                counts[min(max(int(lower[k] * levels), 0), levels - 1)] += 1
        floor = -np.inf
        at_least = 0
        for level in range(levels - 1, -1, -1):
            at_least += counts[level]
            if at_least >= top:
                floor = level / levels
                break
        for k in range(start, end):
            out[k] = lower[k] + spread[k] + margin >= floor
        start = end
    return out


@_compiled
def finish(
    c: Constants,
    offer: Any,
    need: Any,
    wanted: Any,
    nearby: Any,
    o_tfidf: tuple[Any, Any, Any],
    n_tfidf: tuple[Any, Any, Any],
    o_signature: Any,
    n_signature: Any,
    o_bit: Any,
    o_sorted: Any,
    n_sorted: Any,
    o_distinct: Any,
    n_distinct: Any,
    o_rare: tuple[Any, Any],
    n_rare: tuple[Any, Any],
    resource: Any,
    distance: Any,
    quantity: Any,
    factor: Any,
    base: Any,
    within_cap: Any,
    safe: Any,
    related: Any,
) -> Any:
    """The text, score, eligibility and fallbacks of each pair (see the module); `resource`
    is raised in place where a fallback's text is higher. `wanted` is False for pairs that
    cannot reach their group's top (text left at 0, neither eligible nor fallback)."""
    count = len(offer)
    o_ptr, o_col, o_val = o_tfidf
    n_ptr, n_col, n_val = n_tfidf
    # scipy's path for the block: sorted when every row of both sides is.
    canonical = True
    for k in range(count):
        if not (o_sorted[offer[k]] and n_sorted[need[k]]):
            canonical = False
            break
    longest = 1  # the most products a pair has: the offer's row length
    for row in range(len(o_ptr) - 1):
        longest = max(longest, o_ptr[row + 1] - o_ptr[row])
    products = np.empty(longest, dtype=np.float32)
    text = np.zeros(count)
    score = np.empty(count)
    eligible = np.empty(count, dtype=np.bool_)
    fallback = np.empty(count, dtype=np.bool_)
    for k in range(count):
        if k + 2 * AHEAD < count:
            _prefetch(o_signature, offer[k + 2 * AHEAD])
            _prefetch(o_ptr, offer[k + 2 * AHEAD])
        if k + AHEAD < count and wanted[k + AHEAD]:
            ahead = offer[k + AHEAD]
            _prefetch(o_bit, o_ptr[ahead])
            _prefetch(o_col, o_ptr[ahead])
            _prefetch(o_val, o_ptr[ahead])
        o, n = offer[k], need[k]
        if wanted[k] and (o_signature[o] & n_signature[n]) != 0:
            text[k] = np.float64(
                _dot(
                    o_ptr,
                    o_col,
                    o_val,
                    o_bit,
                    o,
                    n_ptr,
                    n_col,
                    n_val,
                    n_signature[n],
                    n,
                    canonical,
                    products,
                    o_distinct[o],
                    n_distinct[n],
                )
            )
        t = text[k]
        score[k] = factor[k] * (base[k] + c.weight_text * t + c.weight_quantity * quantity[k])
        open_ = within_cap[k] and safe[k] and wanted[k]
        is_related = related[k]
        if (
            not is_related
            and open_
            and t >= c.text_min
            and _shares_column(o_rare[0], o_rare[1], o, n_rare[0], n_rare[1], n)
        ):
            is_related = True
        eligible[k] = open_ and is_related
        # A neighbour shares words or is near; one close in meaning needs neither.
        near = nearby[k]
        fallback[k] = (
            open_
            and not is_related
            and (
                (
                    (near & NEIGHBOUR) != 0
                    and (t >= c.fallback_text_min or distance[k] >= c.fallback_near)
                )
                or (near & CLOSE_IN_MEANING) != 0
            )
        )
        if fallback[k] and t > resource[k]:
            # With no known link, the words stand for what the offer is for the need.
            resource[k] = np.float32(t)
            score[k] = factor[k] * (
                np.float64(c.weight_resource * resource[k])
                + c.weight_distance * distance[k]
                + c.weight_text * t
                + c.weight_quantity * quantity[k]
            )
    return text, score, eligible, fallback


# The ranking key's score part must fit its 32 bits (`score.top_k`).
_RANK_END = 4294967296.0  # 2^32
_GROUP_END = 1 << 31  # a group that leaves the key positive


@_compiled
def top_rows(eligible: Any, fallback: Any, group: Any, score: Any, top: int) -> Any:
    """`score.top_k`'s choice without its sort: the rows of the `top` best eligible pairs or
    fallbacks of each group, groups in increasing order, each group's best first, equal
    scores (to 1e-9) in the order of the rows; and True. What the stable argsort of the key
    `group << 32 | rint((1 - score) * 1e9)` gave, where each group's pairs are consecutive
    (as a block's pairs come, by query): the groups' runs are put in order (a few hundred a
    block), and each run keeps its `top` best in one pass (a short list kept sorted), rather
    than every chosen pair of the block being sorted.

    Where the key would not be that order (a score out of [0, 1] or NaN, whose rank does not
    fit its 32 bits; a group out of range, or split over several runs), returns no rows and
    False: the caller sorts, as before."""
    count = len(score)
    chosen = np.empty(count, dtype=np.int64)
    rank = np.empty(count, dtype=np.int64)
    nothing = np.empty(0, dtype=np.int64)
    n = 0
    for k in range(count):
        if eligible[k] or fallback[k]:
            value = np.rint((1.0 - score[k]) * 1e9)
            if not (value >= 0.0 and value < _RANK_END):  # NaN too
                return nothing, False
            if group[k] < 0 or group[k] >= _GROUP_END:
                return nothing, False
            chosen[n] = k
            rank[n] = np.int64(value)
            n += 1
    if n == 0 or top <= 0:
        return nothing, True
    # The runs of equal groups among the chosen pairs, then in increasing order of group.
    runs = 0
    for j in range(n):
        if j == 0 or group[chosen[j]] != group[chosen[j - 1]]:
            runs += 1
    run_start = np.empty(runs + 1, dtype=np.int64)
    run_group = np.empty(runs, dtype=np.int64)
    r = 0
    for j in range(n):
        if j == 0 or group[chosen[j]] != group[chosen[j - 1]]:
            run_start[r] = j
            run_group[r] = group[chosen[j]]
            r += 1
    run_start[runs] = n
    by_group = np.argsort(run_group, kind="mergesort")
    for r in range(1, runs):
        if run_group[by_group[r]] == run_group[by_group[r - 1]]:
            return nothing, False  # a group in two runs
    out = np.empty(n, dtype=np.int64)
    limit = min(top, n)
    kept = np.empty(limit, dtype=np.int64)  # a run's best so far, best first
    at = 0
    for r in range(runs):
        run = by_group[r]
        size = 0
        for j in range(run_start[run], run_start[run + 1]):
            value = rank[j]
            if size == limit and value >= rank[kept[size - 1]]:
                continue  # no better than the last kept, which came first
            if size < limit:
                size += 1
            i = size - 1
            while i > 0 and rank[kept[i - 1]] > value:  # equal ones stay before: stable
                kept[i] = kept[i - 1]
                i -= 1
            kept[i] = j
        for i in range(size):
            out[at] = chosen[kept[i]]
            at += 1
    return out[:at].copy(), True
