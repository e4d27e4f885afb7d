"""The compiled loops (numba) of preparation and blocking: what numpy did in several passes
or sorts over arrays of millions of entries, done in one pass with the same integers in the
same order.

- The blocking's candidate pairs as keys (`candidates.Blocker.pairs_nearby`): a chunk's
  candidates are tens of millions of (query, target) pairs, many found twice (the nearest of
  a family, those sharing a word, the rare words, the neighbours). Each pair becomes one int64
  key (the query's rank, the target row, and two bits that say "not a neighbour" and "not
  close in meaning"), the keys are sorted (numpy), and the sorted keys are taken apart again
  (the flags of a pair's keys joined): in numpy, some fifteen passes over
  arrays of hundreds of MB (concatenations, gathers, shifts, masks, each writing a new array);
  here one pass builds the keys (`keys_into`) and one takes them apart (`taken_apart`). A tree
  query's neighbours are read out in one pass too (`found`).
- The TF-IDF's distinct terms of each document (`sides.tfidf`: `terms_counted`) and each
  row's heaviest terms (`candidates.top_terms`), without the sorts numpy needed: in the main
  process, while the other core waits; and the place of each pair of the workers' results
  in the order of the queries (`places`, `match.match_pairs`).

Imported on first use: a process that imports the engine without preparing or matching (the
web app reads its text functions) does not import numba. `load` loads them all at once.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from boucle.engines.matching.kernel import _compiled

__all__ = ["found", "keys_into", "load", "places", "taken_apart", "terms_counted", "top_terms"]

Ints = npt.NDArray[np.int64]
Flags = npt.NDArray[np.int8]


@_compiled
def keys_into(
    out: Ints, at: int, queries: Ints, targets: Ints, query_rank: Ints, target_bits: int, flags: int
) -> int:
    """Write each pair's key, `((query_rank[q] << target_bits) | t) << 2 | (3 ^ flags)`, into
    `out` from `at` (`flags`: the pairs' neighbour flags, `score.NEIGHBOUR` and
    `score.CLOSE_IN_MEANING`; their complement, so that a pair with none sorts last);
    return where the next pairs go."""
    low = 3 ^ flags
    for i in range(len(queries)):
        out[at + i] = (((query_rank[queries[i]] << target_bits) | targets[i]) << 2) | low
    return at + len(queries)


@_compiled
def taken_apart(keys: Ints, query_by_rank: Ints, target_bits: int) -> tuple[Ints, Ints, Flags]:
    """From sorted keys, each distinct pair once: its query row, its target row, and its
    neighbour flags (those of all its keys, which are adjacent)."""
    count = 0
    for i in range(len(keys)):
        if i == 0 or (keys[i] >> 2) != (keys[i - 1] >> 2):
            count += 1
    queries = np.empty(count, dtype=np.int64)
    targets = np.empty(count, dtype=np.int64)
    nearby = np.zeros(count, dtype=np.int8)
    mask = (np.int64(1) << target_bits) - 1
    j = -1
    for i in range(len(keys)):
        key = keys[i]
        pair = key >> 2
        if i == 0 or pair != (keys[i - 1] >> 2):
            j += 1
            queries[j] = query_by_rank[pair >> target_bits]
            targets[j] = pair & mask
        nearby[j] |= np.int8(3 ^ (key & 3))
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


@_compiled
def terms_counted(ids: Ints, lengths: Ints, vocabulary_size: int) -> tuple[Ints, Ints]:
    """The distinct terms of each document (`ids`, document after document, `lengths[d]` of
    them for document d), document by document in order of first appearance: where each first
    appears in `ids`, and how many times its document has it. What `np.unique` over (document,
    term) keys and a stable sort of the first appearances gave, without the two sorts."""
    size = max(1, vocabulary_size)
    met_in = np.full(size, -1, dtype=np.int64)  # the document that last met each term
    slot = np.zeros(size, dtype=np.int64)  # where that document's count of the term is
    first = np.empty(len(ids), dtype=np.int64)
    counts = np.empty(len(ids), dtype=np.int64)
    found = 0
    at = 0
    for document in range(len(lengths)):
        for _ in range(lengths[document]):
            term = ids[at]
            if met_in[term] != document:
                met_in[term] = document
                slot[term] = found
                first[found] = at
                counts[found] = 1
                found += 1
            else:
                counts[slot[term]] += 1
            at += 1
    return first[:found].copy(), counts[:found].copy()


@_compiled
def top_terms(
    indptr: Ints, data: npt.NDArray[np.float32], indices: Ints, count: int
) -> tuple[Ints, Ints]:
    """(row, column) of each row's `count` largest values, row by row, the largest first (ties
    in the order of the columns as stored): what a stable sort of the entries by row, then by
    value descending, gave, without the sort (rows hold a few terms each)."""
    total = 0
    for row in range(len(indptr) - 1):
        total += min(count, indptr[row + 1] - indptr[row])
    rows = np.empty(total, dtype=np.int64)
    columns = np.empty(total, dtype=np.int64)
    out = 0
    for row in range(len(indptr) - 1):
        start, end = indptr[row], indptr[row + 1]
        # Each round, the largest value after the last one taken (in the order value
        # descending, then place ascending), the first of equal ones.
        last_value = np.inf
        last_at = -1
        for _ in range(min(count, end - start)):
            best = -1
            for at in range(start, end):
                value = data[at]
                after_last = value < last_value or (value == last_value and at > last_at)
                if after_last and (best < 0 or value > data[best]):
                    best = at
            rows[out] = row
            columns[out] = indices[best]
            out += 1
            last_value = data[best]
            last_at = best
    return rows, columns


@_compiled
def places(values: Ints, size: int) -> Ints:
    """Where each value goes when sorted, equal values in their order (values in [0, size)):
    the inverse of `np.argsort(values, kind="stable")`, by counting rather than sorting."""
    starts = np.zeros(size + 1, dtype=np.int64)
    for value in values:
        starts[value + 1] += 1
    for value in range(size):
        starts[value + 1] += starts[value]
    out = np.empty(len(values), dtype=np.int64)
    for i in range(len(values)):
        out[i] = starts[values[i]]
        starts[values[i]] += 1
    return out


def load() -> None:
    """Each loop loaded (from numba's cache, or compiled) now, on empty arrays: before forking
    workers that would each load them, or while the workers resolve."""
    empty = np.zeros(0, dtype=np.int64)
    keys_into(empty.copy(), 0, empty, empty, empty, 1, 0)
    taken_apart(empty, empty, 1)
    found(empty, empty, empty)
    terms_counted(empty, empty, 1)
    top_terms(np.zeros(1, dtype=np.int64), np.zeros(0, dtype=np.float32), empty, 1)
    places(empty, 1)
