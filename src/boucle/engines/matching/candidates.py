"""Blocking: the few (offer, need) pairs worth scoring, never every pair.

A need wants the offer families whose compatibility with one of its own families (times its
confidence), or whose use by its sector, could lift the resource part over the eligibility
floor. Offers are grouped by family, each group in a KD-tree of the sites as 3-D unit vectors
(scipy's cKDTree, chord distances); each need asks the tree of every family it wants for its
`per_family` nearest offers within the distance cap. Where a family crowds a town, its nearest
say nothing of the text, which may rank a farther offer first; so each need also gets, for
each family it strongly wants and each of its two heaviest TF-IDF words, about a third as many
of the nearest offers of that family that use that word (found along a Z-order curve of the
sites: one binary search for all needs at once, no tree for each of the many (family, word)
keys). Offers sharing a rare word with the need (one at most 30 declarations use) are added
through a sparse product. Offers or needs without a site are paired with every member of their
family (up to 1,000, in file order).

The approximation, measured by `benchmarks/matching_speed.py` against brute force: an offer
that is neither among a need's `per_family` nearest of its family nor among the nearest that
share one of its heaviest words is not scored for that need. The reverse direction (needs for
each offer) groups needs by the families they want::

    blocker = Blocker(prepared, for_needs=True, max_km=None, per_family=30, neighbours=20)
    offer_rows, need_rows = blocker.pairs(np.arange(len(prepared.needs)))
"""

from __future__ import annotations

import functools
from types import ModuleType

import numpy as np
import numpy.typing as npt
from scipy.spatial import cKDTree

from boucle.engines.matching import meaning
from boucle.engines.matching.score import (
    CLOSE_IN_MEANING,
    NEIGHBOUR,
    RESOURCE_MIN,
    SECTOR_WEIGHT,
    Columns,
    let_through,
)
from boucle.engines.matching.sides import REACH_DECAYS, Prepared, Side, chord

__all__ = [
    "Blocker",
    "Neighbours",
    "sorted_unique",
    "wanted_families",
]

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]
Flags = npt.NDArray[np.int8]
_EMPTY = np.zeros(0, dtype=np.int64)
# Queries whose neighbours in meaning are compared at once: the pairs' vectors gathered (both
# sides' 384 float32 for NEAREST pairs a query: about 80 MB at most), not a whole chunk's.
MEANING_BATCH = 256
# A need-family link this strong (confidence x compatibility) gets `per_family` nearest offers;
# a weaker one (a sibling, a vague family) a twentieth as many.
STRONG = 0.5
WEAK_SHARE = 20
# Pairs with a declaration that has no site: every one of the family up to this many.
UNLOCATED_MAX = 1000
# Besides the nearest of a family, about the nearest of it that share one of the query's
# TERMS_PER_QUERY heaviest words, a third as many: where a family crowds a town, the nearest
# say nothing of the text, which may rank a farther one first (100,000 x 100,000: recall@10
# 0.930 -> 0.951 for 8 % more pairs; 0.916 -> 0.957 with the sites around 20 towns).
TERMS_PER_QUERY = 2
TERM_SHARE = 3


def wanted_families(prepared: Prepared, rows: Ints) -> tuple[Ints, Ints, Floats]:
    """(need row, offer family, strength) triples: the families each need could be served
    by, with the best resource part an offer of that family could reach."""
    needs = prepared.needs
    compat = prepared.knowledge.compat
    floor = RESOURCE_MIN / 2
    out_rows: list[Ints] = []
    out_families: list[Ints] = []
    out_strength: list[Floats] = []
    # The needs' families grouped by family (one sort, not a scan of every row for each).
    where_row, where_slot = np.nonzero(needs.fam[rows] >= 0)
    families = needs.fam[rows[where_row], where_slot]
    order = np.argsort(families, kind="stable")
    where_row, families = where_row[order], families[order]
    confidence = needs.conf[rows[where_row], where_slot[order]]
    keys, starts = np.unique(families, return_index=True)
    ends = np.r_[starts[1:], len(families)][: len(starts)]  # none without families
    for family, start, end in zip(keys, starts, ends, strict=True):
        column = compat[:, family]
        candidates = np.flatnonzero(column > 0)
        strength = confidence[start:end][:, None] * column[candidates][None, :]
        r, c = np.nonzero(strength >= floor)
        out_rows.append(rows[where_row[start + r]])
        out_families.append(candidates[c])
        out_strength.append(strength[r, c])
    sectors = needs.sector[rows]
    for sector in np.unique(sectors[sectors >= 0]):
        strength = SECTOR_WEIGHT * prepared.sector_uses[sector]
        used = np.flatnonzero(strength >= floor)
        members = rows[sectors == sector]
        out_rows.append(np.repeat(members, len(used)))
        out_families.append(np.tile(used, len(members)))
        out_strength.append(np.tile(strength[used].astype(np.float64), len(members)))
    if not out_rows:
        return _EMPTY, _EMPTY, np.zeros(0)
    # One key a (need, family): the row, then the family in whole bits (shifts, no division).
    family_bits = len(prepared.knowledge.ids).bit_length()
    keys = (np.concatenate(out_rows) << family_bits) | np.concatenate(out_families)
    if not len(keys):  # only sectors whose uses are all below the floor, and no family
        return _EMPTY, _EMPTY, np.zeros(0)
    strengths = np.concatenate(out_strength)
    order = np.argsort(keys, kind="stable")
    keys, strengths = keys[order], strengths[order]
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    best = np.maximum.reduceat(strengths, starts) if len(keys) else strengths
    keys = keys[starts]
    return keys >> family_bits, keys & ((1 << family_bits) - 1), best


def sorted_unique(values: Ints) -> Ints:
    """np.unique for int64 keys, by sorting (numpy's hash-based unique is slower here)."""
    values = np.sort(values)
    if len(values) == 0:
        return values
    return values[np.r_[True, values[1:] != values[:-1]]]


class _Groups:
    """Rows of one side grouped by an integer key (a family, or a family and a term), each
    group with a KD-tree of its located rows."""

    def __init__(self, side: Side, rows: Ints, keys: Ints) -> None:
        self.side = side
        order = np.argsort(keys, kind="stable")
        rows, keys = rows[order], keys[order]
        self.keys, starts = np.unique(keys, return_index=True)
        ends = np.r_[starts[1:], len(keys)][: len(starts)]  # none when a side is empty
        self.members = {int(k): rows[s:e] for k, s, e in zip(self.keys, starts, ends, strict=True)}
        self._trees: dict[int, tuple[cKDTree, Ints, Ints]] = {}

    def tree(self, key: int) -> tuple[cKDTree, Ints, Ints]:
        if key not in self._trees:
            members = self.members[key]
            located = members[self.side.located[members]]
            unlocated = members[~self.side.located[members]]
            self._trees[key] = (cKDTree(self.side.xyz[located]), located, unlocated)
        return self._trees[key]


def top_terms(side: Side, count: int) -> tuple[Ints, Ints]:
    """(row, term) of each row's `count` heaviest TF-IDF terms (its most telling words), in
    row order (ties in the order of the words)."""
    matrix = side.tfidf
    return _loops().top_terms(  # type: ignore[no-any-return]
        np.asarray(matrix.indptr, dtype=np.int64),
        np.asarray(matrix.data, dtype=np.float32),
        np.asarray(matrix.indices, dtype=np.int64),
        count,
    )


def _ranges(starts: Ints, counts: Ints) -> Ints:
    """The concatenation of range(start, start + count) for each pair."""
    offsets = np.repeat(starts - np.cumsum(counts) + counts, counts)
    return offsets + np.arange(int(counts.sum()), dtype=np.int64)


def _with_terms(rows: Ints, families: Ints, side: Side, width: np.int64) -> tuple[Ints, Ints]:
    """(row, family x width + term) for each (row, family) and each term of the row."""
    indptr = np.asarray(side.tfidf.indptr, dtype=np.int64)
    lengths = indptr[rows + 1] - indptr[rows]
    entry = _ranges(indptr[rows], lengths)
    terms = np.asarray(side.tfidf.indices, dtype=np.int64)[entry]
    return np.repeat(rows, lengths), np.repeat(families, lengths) * width + terms


def map_order(side: Side) -> Ints:
    """Each site's place along a Z-order curve over latitude and longitude (2^18 steps each,
    about 80 m): sites close on the curve are close on the map (not always the reverse); -1
    for none."""
    lat = np.nan_to_num((side.lat + np.pi / 2) / np.pi, nan=0.0)
    lon = np.nan_to_num((side.lon + np.pi) / (2 * np.pi), nan=0.0)
    steps = 1 << 18
    code = _spread_bits(np.clip(lat * steps, 0, steps - 1).astype(np.int64)) << 1
    code |= _spread_bits(np.clip(lon * steps, 0, steps - 1).astype(np.int64))
    return np.where(side.located, code, -1)


def _spread_bits(value: Ints) -> Ints:
    """The 18 low bits of each value moved to the even bits of the result."""
    value = value & 0x3FFFF
    for shift, mask in ((16, 0x0000FFFF0000FFFF), (8, 0x00FF00FF00FF00FF), (4, 0x0F0F0F0F0F0F0F0F)):
        value = (value | (value << shift)) & mask
    value = (value | (value << 2)) & 0x3333333333333333
    return (value | (value << 1)) & 0x5555555555555555


class _KeyedRows:
    """The located rows of one side by an integer key (a family and a term), each key's rows
    in the order of their sites along a Z-order curve: the rows of a key nearest to a site
    are found, about, by one binary search for every query at once (keys are many and most
    small: no tree for each)."""

    SHIFT = 36  # bits of the place along the curve

    def __init__(self, side: Side, rows: Ints, keys: Ints) -> None:
        located = side.located[rows]
        rows, keys = rows[located], keys[located]
        self.order = map_order(side)
        if len(keys) and keys.min() >= 0 and keys.max() < 1 << (63 - self.SHIFT):
            # By key, then by place: one stable sort of both in one int64 (the same order as
            # `np.lexsort`, in half its time), where the keys leave room for the places.
            sort = np.argsort((keys << self.SHIFT) | self.order[rows], kind="stable")
        else:
            sort = np.lexsort((self.order[rows], keys))
        self.rows, keys = rows[sort], keys[sort]
        # The keys are sorted: each starts where it differs from the one before.
        self.starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]]) if len(keys) else _EMPTY
        self.keys = keys[self.starts]
        self.ends = np.r_[self.starts[1:], len(keys)][: len(self.starts)]
        position = np.repeat(np.arange(len(self.keys), dtype=np.int64), self.ends - self.starts)
        self.places = (position << self.SHIFT) | self.order[self.rows]

    def nearest(self, keys: Ints, order: Ints, count: int) -> tuple[Ints, Ints]:
        """For each key and place along the curve, which query it is (an index into `keys`)
        and the `count` rows of that key around the place (every one if it has fewer)."""
        if not len(self.keys):
            return _EMPTY, _EMPTY
        position = np.minimum(np.searchsorted(self.keys, keys), len(self.keys) - 1)
        asked = np.flatnonzero((self.keys[position] == keys) & (order >= 0))
        position = position[asked]
        start, end = self.starts[position], self.ends[position]
        middle = np.searchsorted(self.places, (position << self.SHIFT) | order[asked])
        low = np.maximum(start, np.minimum(middle - count // 2, end - count))
        take = np.minimum(end - low, count)
        return np.repeat(asked, take), self.rows[_ranges(low, take)]


def _found(queries: Ints, index: Ints, members: Ints) -> tuple[Ints, Ints]:
    """(query, member) of each neighbour a KD-tree query found, query by query (`index`: the k
    neighbours of each query, as indexes into `members`; where fewer than k are within the
    distance bound, the others are len(members))."""
    return _loops().found(  # type: ignore[no-any-return]
        np.asarray(queries, dtype=np.int64),
        np.ascontiguousarray(index, dtype=np.int64).ravel(),
        np.asarray(members, dtype=np.int64),
    )


@functools.cache
def _loops() -> ModuleType:
    """The compiled loops of the blocking (`loops`, numba), imported on first use: a process
    that imports the engine without matching does not import numba."""
    from boucle.engines.matching import loops

    return loops


class Blocker:
    """Generates candidate pairs for rows of one side (`queries`) among the other (`targets`)."""

    def __init__(
        self,
        prepared: Prepared,
        *,
        for_needs: bool,
        per_family: int,
        max_km: float | None,
        neighbours: int,
    ) -> None:
        self.prepared = prepared
        self.forward = for_needs
        self.per_family = per_family
        self.per_family_weak = max(1, per_family // WEAK_SHARE)
        self.max_km = max_km
        # Threads per tree query (-1: every core); 1 where processes already share the cores.
        self.query_workers = -1
        offers, needs = prepared.offers, prepared.needs
        self.per_term = max(1, per_family // TERM_SHARE)
        self.neighbours = Neighbours(prepared, for_needs=for_needs, count=neighbours, max_km=max_km)
        self.width = np.int64(max(1, offers.tfidf.shape[1]))
        if for_needs:
            slots = offers.fam >= 0
            rows = np.nonzero(slots)[0]
            self.groups = _Groups(offers, rows, offers.fam[slots])
            term_rows, term_keys = _with_terms(rows, offers.fam[slots], offers, self.width)
            self.term_groups = _KeyedRows(offers, term_rows, term_keys)
        else:
            need_rows, families, strength = wanted_families(prepared, np.arange(len(needs)))
            self.groups = _Groups(needs, need_rows, families)
            strong = strength >= STRONG
            term_rows, term_keys = _with_terms(
                need_rows[strong], families[strong], needs, self.width
            )
            self.term_groups = _KeyedRows(needs, term_rows, term_keys)
        query_side = needs if for_needs else offers
        term_row, self.query_terms = top_terms(query_side, TERMS_PER_QUERY)
        self.query_order = map_order(query_side)
        # Queries in the order of their sites along the curve (those without a site first):
        # consecutive queries, near each other, then read mostly the same targets' rows, which
        # stay in the processor's caches (`query_rank` of a row, and the row of each rank).
        self.query_by_rank = np.argsort(self.query_order, kind="stable")
        self.query_rank = np.empty(len(query_side), dtype=np.int64)
        self.query_rank[self.query_by_rank] = np.arange(len(query_side), dtype=np.int64)
        self.query_terms_at = np.r_[0, np.cumsum(np.bincount(term_row, minlength=len(query_side)))]
        # The farthest an offer of each family may be proposed (its largest reach).
        self.reach: dict[int, float] = {}
        for family, members in self.groups.members.items():
            decay = offers.reach_decay_km[members] if for_needs else None
            self.reach[family] = float(REACH_DECAYS * decay.max()) if decay is not None else np.inf

    def build_trees(self) -> None:
        """Build every family's tree now, and load the compiled loops (`loops`), before
        forking workers that would each build and load them."""
        for family in self.groups.members:
            self.groups.tree(family)
        self.neighbours.tree()
        if self.neighbours.vectors is not None:
            self.neighbours.columns()  # for the closest in meaning
        _loops().load()

    def _queries(self, rows: Ints) -> tuple[Ints, Ints, Floats]:
        if self.forward:
            return wanted_families(self.prepared, rows)
        fam = self.prepared.offers.fam[rows]
        r, slot = np.nonzero(fam >= 0)
        return rows[r], fam[r, slot], np.ones(len(r))

    def pairs(self, rows: Ints) -> tuple[Ints, Ints]:
        """Unique (offer row, need row) candidate pairs for these query rows."""
        offer_rows, need_rows, _ = self.pairs_nearby(rows)
        return offer_rows, need_rows

    def pairs_nearby(self, rows: Ints) -> tuple[Ints, Ints, Flags]:
        """`pairs`, grouped by query in the order of `query_rank` and sorted by target row in
        each group, and for each what it is to its query's `Neighbours` (`NEIGHBOUR`,
        `CLOSE_IN_MEANING`: `Neighbours.among`, without asking the tree again)."""
        query_side = self.prepared.needs if self.forward else self.prepared.offers
        query_rows, families, strength = self._queries(rows)
        found_q: list[Ints] = []
        found_t: list[Ints] = []
        order = np.argsort(families, kind="stable")
        query_rows, families, strength = query_rows[order], families[order], strength[order]
        keys, starts = np.unique(families, return_index=True)
        ends = np.r_[starts[1:], len(families)][: len(starts)]  # none when a side is empty
        for family, start, end in zip(keys, starts, ends, strict=True):
            if int(family) not in self.groups.members:
                continue
            asking = query_rows[start:end]
            tree, located, unlocated = self.groups.tree(int(family))
            # A family that can only be a weak match gets fewer of its nearest members.
            strong = strength[start:end] >= STRONG
            for chosen, k in ((strong, self.per_family), (~strong, self.per_family_weak)):
                if chosen.any():
                    self._spatial(
                        query_side, asking[chosen], tree, located, int(family), k, found_q, found_t
                    )
            if len(unlocated):
                # Without a site, distance cannot rank: all of them, up to a cap, in file order.
                take = unlocated[:UNLOCATED_MAX]
                found_q.append(np.repeat(asking, len(take)))
                found_t.append(np.tile(take, len(asking)))
            lost = asking[~query_side.located[asking]]
            if len(lost) and len(located):
                take = located[:UNLOCATED_MAX]
                found_q.append(np.repeat(lost, len(take)))
                found_t.append(np.tile(take, len(lost)))
        strong = strength >= STRONG
        self._shared_terms(query_side, query_rows[strong], families[strong], found_q, found_t)
        self._rare(rows, found_q, found_t)
        # The neighbours last, with their flags: each pair's key says (in its two lowest bits)
        # what it is to its query; sorted, a pair's keys are adjacent.
        flags = [0] * len(found_q)
        near_q, near_t = self.neighbours.pairs(rows, workers=self.query_workers)
        close_q, close_t = self.neighbours.close_in_meaning(rows, workers=self.query_workers)
        found_q += [near_q, close_q]
        found_t += [near_t, close_t]
        flags += [NEIGHBOUR, CLOSE_IN_MEANING]
        # One key a pair: the query's rank, the target row, and the bits of the flags it does
        # not have, each in whole bits (taken apart by shifts and masks: a division of tens
        # of millions of int64 costs more than their sort). Built and taken apart in one
        # compiled pass each (`loops`), sorted by numpy.
        kernels = _loops()
        target_bits = max(len(self.prepared.offers), len(self.prepared.needs)).bit_length()
        keys = np.empty(sum(len(found) for found in found_q), dtype=np.int64)
        at = 0
        for queries, targets, flag in zip(found_q, found_t, flags, strict=True):
            at = kernels.keys_into(
                keys,
                at,
                np.asarray(queries, dtype=np.int64),
                np.asarray(targets, dtype=np.int64),
                self.query_rank,
                target_bits,
                flag,
            )
        keys.sort()
        q, t, nearby = kernels.taken_apart(keys, self.query_by_rank, target_bits)
        return (t, q, nearby) if self.forward else (q, t, nearby)

    def _spatial(
        self,
        query_side: Side,
        asking: Ints,
        tree: cKDTree,
        located: Ints,
        family: int,
        k: int,
        found_q: list[Ints],
        found_t: list[Ints],
    ) -> None:
        here = asking[query_side.located[asking]]
        if not len(here) or not len(located):
            return
        reach = (
            self.reach[family]
            if self.forward
            else float(REACH_DECAYS * self.prepared.offers.reach_decay_km[here].max())
        )
        cap = min(self.max_km if self.max_km is not None else np.inf, reach)
        k = min(k, len(located))
        bound = float(chord(cap)) * (1 + 1e-9) if np.isfinite(cap) else np.inf
        _, index = tree.query(
            query_side.xyz[here], k=k, distance_upper_bound=bound, workers=self.query_workers
        )
        queries, targets = _found(here, index, located)
        found_q.append(queries)
        found_t.append(targets)

    def _shared_terms(
        self,
        query_side: Side,
        query_rows: Ints,
        families: Ints,
        found_q: list[Ints],
        found_t: list[Ints],
    ) -> None:
        """About the `per_term` nearest of each family that share one of the query's
        heaviest words."""
        at = self.query_terms_at
        counts = at[query_rows + 1] - at[query_rows]
        rows = np.repeat(query_rows, counts)
        keys = (
            np.repeat(families, counts) * self.width
            + self.query_terms[_ranges(at[query_rows], counts)]
        )
        asked, targets = self.term_groups.nearest(keys, self.query_order[rows], self.per_term)
        found_q.append(rows[asked])
        found_t.append(targets)

    def _rare(self, rows: Ints, found_q: list[Ints], found_t: list[Ints]) -> None:
        offers, needs = self.prepared.offers, self.prepared.needs
        if self.forward:
            product = (needs.rare[rows] @ offers.rare.T).tocoo()
        else:
            product = (offers.rare[rows] @ needs.rare.T).tocoo()
        if product.nnz:
            found_q.append(rows[product.row.astype(np.int64)])
            found_t.append(product.col.astype(np.int64))


class Neighbours:
    """The `count` nearest declarations of the other side of each query, whatever their family
    (within the call's distance cap): where a fallback (`score.top_k`) may come from, so that
    a resource the knowledge base does not know still finds the partner next door that shares
    its words. With the semantic view (`prepared.meaning`), also the `meaning.CLOSEST` closest
    in meaning among its `meaning.NEAREST` nearest: fallbacks that need neither shared words
    nor nearness. It is part of what a fallback is, not an approximation of the blocking: the
    brute force asks the same neighbours."""

    def __init__(
        self, prepared: Prepared, *, for_needs: bool, count: int, max_km: float | None
    ) -> None:
        self.prepared = prepared
        self.forward = for_needs
        self.max_km = max_km
        self.query_side = prepared.needs if for_needs else prepared.offers
        self.target_side = prepared.offers if for_needs else prepared.needs
        self.vectors = prepared.meaning
        self.located = np.flatnonzero(self.target_side.located)
        self.count = min(count, len(self.located))
        cap = max_km if max_km is not None else np.inf
        self.bound = float(chord(cap)) * (1 + 1e-9) if np.isfinite(cap) else np.inf
        self._tree: cKDTree | None = None
        self._columns: Columns | None = None

    def tree(self) -> cKDTree:
        if self._tree is None:
            self._tree = cKDTree(self.target_side.xyz[self.located])
        return self._tree

    def pairs(self, rows: Ints, *, workers: int = 1) -> tuple[Ints, Ints]:
        """(query row, target row) of each located query row's neighbours, by query row."""
        here = rows[self.query_side.located[rows]]
        if not len(here) or not self.count:
            return _EMPTY, _EMPTY
        _, index = self.tree().query(
            self.query_side.xyz[here],
            k=self.count,
            distance_upper_bound=self.bound,
            workers=workers,
        )
        return _found(here, index, self.located)

    def close_in_meaning(self, rows: Ints, *, workers: int = 1) -> tuple[Ints, Ints]:
        """(query row, target row) of each located query row's closest in meaning among its
        nearest that the rules let through (`score.let_through`), by query row; none without
        the semantic view. At most `meaning.CLOSEST`, each at least `meaning.CLOSE_ENOUGH`;
        between equally close ones, the nearer."""
        here = rows[self.query_side.located[rows]]
        nearest = min(meaning.NEAREST, len(self.located))
        if self.vectors is None or not len(here) or not nearest:
            return _EMPTY, _EMPTY
        out_q: list[Ints] = []
        out_t: list[Ints] = []
        for start in range(0, len(here), MEANING_BATCH):
            queries = here[start : start + MEANING_BATCH]
            _, index = self.tree().query(
                self.query_side.xyz[queries],
                k=nearest,
                distance_upper_bound=self.bound,
                workers=workers,
            )
            index = np.asarray(index).reshape(len(queries), nearest)  # by distance
            found = index < len(self.located)
            targets = self.located[np.where(found, index, 0)]
            asking = np.broadcast_to(queries[:, None], targets.shape)
            offer, need = (targets, asking) if self.forward else (asking, targets)
            offer, need = offer[found], need[found]
            passed = let_through(
                self.prepared, offer, need, max_km=self.max_km, columns=self.columns()
            )
            close = np.zeros(targets.shape)
            where = np.flatnonzero(found)[passed]  # in the batch's (query, rank) grid
            close.flat[where] = meaning.closeness(self.vectors, offer[passed], need[passed])
            # The closest first, the nearer of equals (a stable sort of rows already by distance).
            best = np.argsort(-close, axis=1, kind="stable")[:, : meaning.CLOSEST]
            kept = np.take_along_axis(close, best, axis=1) >= meaning.CLOSE_ENOUGH
            out_q.append(asking[:, : best.shape[1]][kept])
            out_t.append(np.take_along_axis(targets, best, axis=1)[kept])
        return np.concatenate(out_q), np.concatenate(out_t)

    def columns(self) -> Columns:
        """Both sides' rows as the kernel reads them, packed once (not for every batch)."""
        if self._columns is None:
            self._columns = Columns.of(self.prepared)
        return self._columns

    def among(self, query: Ints, target: Ints) -> Flags:
        """For each pair (query[k], target[k]), what the target is to the query: `NEIGHBOUR`,
        `CLOSE_IN_MEANING`, both (their bits) or neither (0)."""
        flags = np.zeros(len(query), dtype=np.int8)
        if not len(query):
            return flags
        rows = sorted_unique(query)
        width = np.int64(max(len(self.query_side), len(self.target_side)) + 1)
        keys = query * width + target
        for flag, (found_q, found_t) in (
            (NEIGHBOUR, self.pairs(rows)),
            (CLOSE_IN_MEANING, self.close_in_meaning(rows)),
        ):
            known = sorted_unique(found_q * width + found_t)
            if len(known):
                at = np.minimum(np.searchsorted(known, keys), len(known) - 1)
                flags[known[at] == keys] |= flag
        return flags
