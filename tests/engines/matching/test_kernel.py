"""The scoring kernel's sums are numpy's and scipy's to the last bit (`kernel` module)."""

import math
import subprocess
import sys
from dataclasses import replace

import numpy as np
import pytest
from scipy import sparse

from boucle.engines.matching import kernel, match, score
from boucle.engines.matching.kernel import _dot, _pairwise_sum
from boucle.engines.matching.sides import RowSummary

from .helpers import declarations, knowledge


def test_pairwise_sum_is_numpys_reduceat() -> None:
    rng = np.random.default_rng(0)
    for count in [*range(1, 300), 1000, 4097]:
        values = (rng.random(count) * rng.choice([1e-3, 1.0, 1e3], count)).astype(np.float32)
        expected = np.add.reduceat(values, [0])[0]
        got = values[0] + _pairwise_sum(values, 1, count - 1) if count > 1 else values[0]
        assert np.float32(got).tobytes() == expected.tobytes(), count


def _random_rows(rng: np.random.Generator, rows: int, *, shuffled: bool) -> sparse.csr_matrix:
    indptr, indices, data = [0], [], []
    for _ in range(rows):
        columns = rng.choice(40, size=rng.integers(0, 25), replace=False)
        columns = columns if shuffled else np.sort(columns)
        if shuffled and len(columns) > 2:
            columns = np.r_[columns, columns[:1]]  # a duplicate column, summed by scipy
        indices.extend(columns.tolist())
        data.extend(rng.random(len(columns)).tolist())
        indptr.append(len(indices))
    matrix = sparse.csr_matrix(
        (np.asarray(data, dtype=np.float32), np.asarray(indices, dtype=np.int32), indptr),
        shape=(rows, 40),
    )
    matrix.has_sorted_indices = False  # as built, not checked
    return matrix


def test_dot_is_scipys_on_both_of_its_paths() -> None:
    rng = np.random.default_rng(1)
    for shuffled in (False, True):
        left, right = (
            _random_rows(rng, 60, shuffled=shuffled),
            _random_rows(rng, 50, shuffled=False),
        )
        rows_left, rows_right = rng.integers(0, 60, 3000), rng.integers(0, 50, 3000)
        expected = np.asarray(left[rows_left].multiply(right[rows_right]).sum(axis=1)).ravel()
        products = np.empty(40, dtype=np.float32)
        # The bit of each of the left rows' columns, the signature of each right row: a column
        # the right row lacks is skipped without a search (duplicates included).
        bit, signature = RowSummary.of(left).bit, RowSummary.of(right).signature
        # Rows with a column stored twice (shuffled) are searched for its other entries, the
        # others are not (`RowSummary.distinct`); told nothing, every row is searched.
        distinct_left, distinct_right = RowSummary.of(left).distinct, RowSummary.of(right).distinct
        assert distinct_left.all() != shuffled
        assert distinct_right.all()
        for told in (True, False):
            got = [
                _dot(left.indptr, left.indices, left.data, bit, a, right.indptr, right.indices,
                     right.data, signature[b], b, not shuffled, products,
                     told and distinct_left[a], told and distinct_right[b])
                for a, b in zip(rows_left, rows_right, strict=True)
            ]  # fmt: skip
            assert np.asarray(got, dtype=np.float32).tobytes() == expected.tobytes()


def test_a_cap_that_is_not_a_number_shuts_the_pair_on_either_side() -> None:
    # The numpy code took np.minimum of the caps (NaN if either is): the kernel's `min` kept
    # the first of two when the second was NaN, so a need's NaN cap was ignored and an
    # offer's was not. (Declarations read from CSV cannot have one; the API's can.)
    from .test_match import OFFERS

    need = declarations("placo,gypse,49.92,2.32", header="id,description,lat,lon")[0]
    for offers, needs, cap in [
        (OFFERS, [replace(need, max_km=math.nan)], None),
        ([replace(o, max_km=math.nan) for o in OFFERS], [need], None),
        (OFFERS, [need], math.nan),
    ]:
        (result,) = match(offers, needs, knowledge=knowledge(), max_km=cap)
        assert result.candidates == ()
    (result,) = match(OFFERS, [need], knowledge=knowledge())
    assert result.candidates  # the same pairs without the NaN


def test_the_kernels_release_the_gil() -> None:
    # A Dask worker's threads, a web server's: they run while a block of pairs is scored.
    for dispatcher in (
        kernel.criteria,
        kernel.may_reach,
        kernel.finish,
        kernel._dot,
        kernel._minimum,
    ):
        assert dispatcher.targetoptions["nogil"]


def test_no_cache_directory_compiles_in_each_process(monkeypatch: pytest.MonkeyPatch) -> None:
    def njit(**options: object) -> object:
        if options.get("cache"):
            raise RuntimeError("cannot cache function 'f': no locator available for file 'x'")
        return real_njit(**options)

    real_njit = kernel.njit
    monkeypatch.setattr(kernel, "njit", njit)
    with pytest.warns(RuntimeWarning, match="NUMBA_CACHE_DIR"):
        twice = kernel._compiled(_twice)
    assert twice(21) == 42


def _twice(value: int) -> int:
    return 2 * value


def test_importing_the_engine_does_not_import_numba() -> None:
    # The web app imports the engine's text functions; numba is imported on the first score.
    code = "import sys, boucle.engines.matching; assert 'numba' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)  # noqa: S603


def _may_reach_numpy(
    lower: np.ndarray, spread: np.ndarray, sure: np.ndarray, group: np.ndarray, top: int
) -> np.ndarray:
    """`score.may_reach` as numpy passes over the whole block (the code the kernel replaced)."""
    levels, margin = score.BOUND_LEVELS, score.BOUND_MARGIN
    local = np.cumsum(np.r_[True, group[1:] != group[:-1]]) - 1
    groups = int(local[-1]) + 1
    if len(lower) < 2 * top * groups:
        return np.ones(len(lower), dtype=np.bool_)
    level = np.clip((lower[sure] * levels).astype(np.int64), 0, levels - 1)
    counts = np.bincount(local[sure] * levels + level, minlength=groups * levels)
    at_least = np.cumsum(counts.reshape(groups, levels)[:, ::-1], axis=1)[:, ::-1]
    reached = (at_least >= top).sum(axis=1)
    floor = np.where(reached > 0, (reached - 1) / levels, -np.inf)
    return lower + spread + margin >= floor[local]  # type: ignore[no-any-return]


def test_may_reach_is_the_numpy_bound() -> None:
    rng = np.random.default_rng(2)
    for count, groups, top in [(5000, 40, 10), (5000, 400, 10), (3000, 7, 50), (3, 1, 1)]:
        group = np.sort(rng.integers(0, groups, count))
        group[count // 2 :] = group[count // 2 :][::-1].copy()  # a group split in two runs
        lower = rng.random(count) * rng.choice([0.3, 1.0], count)
        lower[:3] = [0.0, 1.0, 255 / 256]  # the ends of the levels
        spread = rng.random(count) * 0.2
        sure = rng.random(count) < 0.4
        expected = _may_reach_numpy(lower, spread, sure, group, top)
        got = score.may_reach(lower, spread, sure, group, top)
        assert got.tobytes() == expected.tobytes(), (count, groups, top)


def _scored(rng: np.random.Generator, groups: np.ndarray, scores: np.ndarray) -> score.Scored:
    count = len(groups)
    eligible = rng.random(count) < 0.5
    fallback = ~eligible & (rng.random(count) < 0.3)
    floats = {name: rng.random(count) for name in ("distance_km", "resource", "distance")}
    return score.Scored(
        offer=np.arange(count, dtype=np.int64),
        need=groups.astype(np.int64),
        score=scores,
        text=rng.random(count),
        quantity=rng.random(count),
        kind_factor=rng.random(count),
        scale=rng.random(count),
        offer_family=rng.integers(-1, 5, count),
        need_family=rng.integers(-1, 5, count),
        sector=rng.random(count),
        coverage=rng.random(count),
        eligible=eligible,
        fallback=fallback,
        nearby=rng.integers(0, 4, count).astype(np.int8),
        meaning=np.full(count, np.nan),
        **floats,
    )


def _same(got: score.Scored, expected: score.Scored) -> bool:
    return all(
        np.asarray(getattr(got, name)).tobytes() == np.asarray(getattr(expected, name)).tobytes()
        for name in got.__dataclass_fields__
    )


def test_top_k_without_a_sort_is_the_stable_sorts_choice() -> None:
    # `kernel.top_rows` picks each group's best in one pass: the same pairs in the same order
    # as the stable sort of the whole block, ties (equal to 1e-9) in the order of the rows.
    rng = np.random.default_rng(3)
    for count, groups, top in [(5000, 40, 10), (5000, 400, 10), (3000, 7, 50), (300, 3, 1)]:
        runs = rng.permutation(groups)  # each group consecutive, groups in no order
        group = np.sort(rng.integers(0, groups, count))
        group = runs[group]
        # Few distinct scores (many ties), some equal to within 1e-9, the ends of [0, 1].
        scores = rng.integers(0, 20, count) / 19
        scores[::7] += 1e-11
        scores[:2] = [0.0, 1.0]
        scored = _scored(rng, group, scores)
        for cut in (top, 1, 10_000):
            expected = score._top_k_sorted(scored, scored.need, cut)
            rows, ranked = kernel.top_rows(
                scored.eligible, scored.fallback, scored.need, scored.score, cut
            )
            assert ranked
            assert _same(scored.take(rows), expected), (count, groups, cut)
            assert _same(score.top_k(scored, by="need", top=cut), expected)


def test_top_k_sorts_where_the_groups_are_split_or_a_score_is_out_of_range() -> None:
    # A group in two runs, a NaN score (ranked first by the sort's key), a score above 1: the
    # one-pass choice declines, and the sort decides as it always did.
    rng = np.random.default_rng(4)
    group = np.r_[np.zeros(50), np.ones(50), np.zeros(50)].astype(np.int64)
    base = rng.random(150)
    for scores in (base, np.where(np.arange(150) == 70, np.nan, base), base + 0.5):
        scored = _scored(rng, group, scores)
        scored.eligible[:] = True
        split = scores is base
        _, ranked = kernel.top_rows(scored.eligible, scored.fallback, scored.need, scores, 10)
        assert not ranked
        with np.errstate(invalid="ignore"):  # NaN cast to an integer: the sort's key
            expected = score._top_k_sorted(scored, scored.need, 10)
            assert _same(score.top_k(scored, by="need", top=10), expected), split
