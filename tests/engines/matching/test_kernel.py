"""The scoring kernel's sums are numpy's and scipy's to the last bit (`kernel` module)."""

import numpy as np
from scipy import sparse

from boucle.engines.matching.kernel import _dot, _pairwise_sum


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
        got = [
            _dot(left.indptr, left.indices, left.data, a, right.indptr, right.indices,
                 right.data, b, not shuffled, products)
            for a, b in zip(rows_left, rows_right, strict=True)
        ]  # fmt: skip
        assert np.asarray(got, dtype=np.float32).tobytes() == expected.tobytes()
