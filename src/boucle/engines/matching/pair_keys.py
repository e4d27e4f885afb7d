"""The blocking's candidate pairs as keys, in compiled loops (numba): what
`candidates.Blocker.pairs_nearby` and `candidates._found` did in numpy passes.

A chunk's candidates are tens of millions of (query, target) pairs, many found twice (the
nearest of a family, those sharing a word, the rare words, the neighbours). Each pair becomes
one int64 key (the query's rank, the target row, and a bit that says "not a neighbour"),
the keys are sorted (numpy), and the sorted keys are taken apart again. In numpy that was
some fifteen passes over arrays of hundreds of MB (concatenations, gathers, shifts, masks,
each writing a new array); here one pass builds the keys and one takes them apart, with the
same integers in the same order as the numpy passes gave.

Imported on first use (`candidates._pair_keys`): a process that imports the engine without
matching (the web app reads its text functions) does not import numba.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from boucle.engines.matching.kernel import _compiled

__all__ = ["found", "keys_into", "taken_apart"]

Ints = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]


@_compiled
def keys_into(
    out: Ints, at: int, queries: Ints, targets: Ints, query_rank: Ints, target_bits: int, flag: int
) -> int:
    """Write each pair's key, `((query_rank[q] << target_bits) | t) << 1 | flag`, into `out`
    from `at`; return where the next pairs go."""
    for i in range(len(queries)):
        out[at + i] = (((query_rank[queries[i]] << target_bits) | targets[i]) << 1) | flag
    return at + len(queries)


@_compiled
def taken_apart(keys: Ints, query_by_rank: Ints, target_bits: int) -> tuple[Ints, Ints, Bools]:
    """From sorted keys, each distinct pair once: its query row, its target row, and whether
    it is a neighbour (one of its keys has the bit 0, which sorts first)."""
    count = 0
    for i in range(len(keys)):
        if i == 0 or (keys[i] ^ keys[i - 1]) > 1:
            count += 1
    queries = np.empty(count, dtype=np.int64)
    targets = np.empty(count, dtype=np.int64)
    nearby = np.empty(count, dtype=np.bool_)
    mask = (np.int64(1) << target_bits) - 1
    j = 0
    for i in range(len(keys)):
        key = keys[i]
        if i == 0 or (key ^ keys[i - 1]) > 1:
            pair = key >> 1
            queries[j] = query_by_rank[pair >> target_bits]
            targets[j] = pair & mask
            nearby[j] = (key & 1) == 0
            j += 1
    return queries, targets, nearby


@_compiled
def found(queries: Ints, index: Ints, members: Ints) -> tuple[Ints, Ints]:
    """(query, member) of each neighbour a KD-tree query found, query by query, in order
    (`index`: the k neighbours of each query, row by row, as indexes into `members`; where
    fewer than k are within the distance bound, the others are len(members))."""
    k = len(index) // len(queries) if len(queries) else 0
    size = len(members)
    count = 0
    for i in range(len(index)):
        if index[i] < size:
            count += 1
    out_queries = np.empty(count, dtype=np.int64)
    out_members = np.empty(count, dtype=np.int64)
    j = 0
    for q in range(len(queries)):
        for i in range(q * k, q * k + k):
            if index[i] < size:
                out_queries[j] = queries[q]
                out_members[j] = members[index[i]]
                j += 1
    return out_queries, out_members
