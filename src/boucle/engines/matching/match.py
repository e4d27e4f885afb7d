"""Matching: for each need the offers that can meet it, ranked and explained (and the reverse).

    from boucle.engines.matching import match, match_reverse, read_declarations

    offers = read_declarations("offers.csv", "offer")
    needs = read_declarations("needs.csv", "need")
    for result in match(offers, needs, top=5, max_km=100):
        for candidate in result.candidates:
            print(result.need_id, candidate.offer_id, candidate.score, candidate.reasons)

`match_pairs` is the array core (top pairs as numpy arrays, no objects), which the benchmarks
and the Dask run use; `match` and `match_reverse` turn its result into explained candidates.
Needs are processed in chunks so memory stays bounded whatever the number of declarations.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise

import numpy as np
import numpy.typing as npt

from boucle.engines.matching.candidates import Blocker, Neighbours
from boucle.engines.matching.declarations import Declaration
from boucle.engines.matching.explain import reasons
from boucle.engines.matching.knowledge import Knowledge, load_knowledge
from boucle.engines.matching.meaning import POOL
from boucle.engines.matching.messages import DEFAULT_LANGUAGE, language
from boucle.engines.matching.parallel import fork_map
from boucle.engines.matching.score import Columns, Scored, add_meaning, score_pairs, top_k
from boucle.engines.matching.sides import Prepared, prepare

__all__ = [
    "Candidate",
    "NeedMatches",
    "OfferMatches",
    "brute_force_pairs",
    "match",
    "match_pairs",
    "match_reverse",
]

Ints = npt.NDArray[np.int64]
CHUNK = 20_000  # query rows blocked at once
# Pairs scored at once: a few MB per array, so that the thirty-odd passes of scoring over them
# run in the cache rather than in memory (and a chunk's scores never all exist at once).
BLOCK_PAIRS = 1 << 17
PER_FAMILY_MIN = 60
NEIGHBOURS_MIN = 20


@dataclass(frozen=True)
class Candidate:
    """One proposed pair, seen from the need (`match`) or from the offer (`match_reverse`)."""

    offer_id: str
    need_id: str
    score: float  # in [0, 1]
    distance_km: float | None  # None when a site is unknown
    reasons: tuple[str, ...]
    parts: dict[str, float] = field(hash=False)  # weighted criteria, summing to the score
    partial_supply: bool  # the offer covers only part of the need's yearly quantity
    # No known resource link: proposed for proximity (and shared words), ranked by its score.
    fallback: bool = False


@dataclass(frozen=True)
class NeedMatches:
    need_id: str
    candidates: tuple[Candidate, ...]


@dataclass(frozen=True)
class OfferMatches:
    offer_id: str
    candidates: tuple[Candidate, ...]


def per_family_for(top: int) -> int:
    """How many nearest declarations of each family are scored per query."""
    return max(6 * top, PER_FAMILY_MIN)


def neighbours_for(top: int) -> int:
    """Among how many nearest declarations of the other side, whatever their family, a query's
    fallbacks are found (`score.top_k`)."""
    return max(2 * top, NEIGHBOURS_MIN)


def match_pairs(
    prepared: Prepared,
    *,
    top: int = 10,
    max_km: float | None = None,
    reverse: bool = False,
    rows: Ints | None = None,
    per_family: int | None = None,
    blocker: Blocker | None = None,
    stats: dict[str, int] | None = None,
    workers: int = 1,
) -> Scored:
    """The `top` best pairs of each need (of each offer with `reverse`), as arrays: eligible
    pairs and fallbacks, by score (`score.top_k`).

        `rows` restricts the queries to some needs (offers); the result depends only on the
        prepared data, so a partitioned run gets exactly the pairs of a single one. `stats`, if
        given, receives the number of pairs scored (`pairs`). `workers` > 1 spreads the chunks over
    as many forked processes."""
    side = prepared.offers if reverse else prepared.needs
    rows = np.arange(len(side), dtype=np.int64) if rows is None else rows
    if blocker is None:
        blocker = Blocker(
            prepared,
            for_needs=not reverse,
            # Sized for the pairs kept: with the semantic view, the pool meaning re-ranks, not
            # `top` (sized for `top`, it missed more of the pool than a plain run of its top).
            per_family=per_family or per_family_for(_kept(prepared, top)),
            max_km=max_km,
            neighbours=neighbours_for(top),
        )
    # Queries near each other on the map in the same chunk and block: they share most of their
    # candidates, whose rows are then read from the processor's caches, not from memory.
    rows = rows[np.argsort(blocker.query_rank[rows], kind="stable")]
    # Eight chunks a worker: the workers take them as they finish, and the last one's work
    # that the other worker cannot share (half a chunk, on average) stays small.
    size = CHUNK if workers <= 1 else max(1_000, min(CHUNK, -(-len(rows) // (8 * workers))))
    chunks = [rows[start : start + size] for start in range(0, len(rows), size)]
    if workers > 1:
        blocker.build_trees()  # once, before the fork, rather than in every worker
        # The processes share the cores: threads inside each tree query only get in the way
        # (100,000 x 100,000 on two workers: match 17.2 s -> 14.9 s).
        blocker.query_workers = 1
    columns = Columns.of(prepared)
    if workers > 1:
        # The scoring kernels loaded (or compiled) once, before the fork, not in every worker:
        # all four, as a chunk calls them (`may_reach` only with `top`: loading it in each
        # worker cost more instructions than scoring 5,000 x 5,000; `top_k`'s `top_rows`).
        empty = np.zeros(0, dtype=np.int64)
        by = "offer" if reverse else "need"
        unscored = score_pairs(
            prepared,
            empty,
            empty,
            nearby=np.zeros(0, dtype=np.int8),
            top=_kept(prepared, top),
            by=by,
            columns=columns,
        )
        top_k(unscored, by=by, top=_kept(prepared, top))
    state = _ChunkState(prepared, columns, blocker, top, max_km, reverse)
    done = fork_map(_match_chunk, chunks, workers=workers, state=state)
    if stats is not None:
        stats["pairs"] = stats.get("pairs", 0) + sum(count for _, count in done)
    # Back in the order of the rows, each query's pairs as top_k ranked them.
    return _in_row_order([scored for scored, _ in done], prepared, reverse)


def _in_row_order(results: list[Scored], prepared: Prepared, reverse: bool) -> Scored:
    """The chunks' results as one, in the order of the query rows, each query's pairs in their
    order: what concatenating them, then a stable sort by query row, gave. Each array is
    written once, straight to its places (found by counting), rather than concatenated, then
    gathered in the sorted order (at 100,000 x 100,000, seventeen arrays of a million pairs
    each, twice, while the other core waits)."""
    if not results:
        return _concatenate(results, prepared)
    from boucle.engines.matching import loops  # numba, already imported to score

    queries = np.concatenate([r.offer if reverse else r.need for r in results])
    size = len(prepared.offers if reverse else prepared.needs)
    place = loops.places(np.asarray(queries, dtype=np.int64), size)
    arrays = {}
    for name in results[0].__dataclass_fields__:
        parts = [getattr(r, name) for r in results]
        array = np.empty(len(place), dtype=np.result_type(*parts))
        at = 0
        for part in parts:
            array[place[at : at + len(part)]] = part
            at += len(part)
        arrays[name] = array
    return Scored(**arrays)


@dataclass(frozen=True)
class _ChunkState:
    prepared: Prepared
    columns: Columns
    blocker: Blocker
    top: int
    max_km: float | None
    reverse: bool


def _match_chunk(state: _ChunkState, rows: Ints) -> tuple[Scored, int]:
    offer_rows, need_rows, nearby = state.blocker.pairs_nearby(rows)
    by = "offer" if state.reverse else "need"
    kept = _kept(state.prepared, state.top)
    results = []
    rank = state.blocker.query_rank[offer_rows if state.reverse else need_rows]
    for a, b in _blocks(rank, BLOCK_PAIRS):
        scored = score_pairs(
            state.prepared,
            offer_rows[a:b],
            need_rows[a:b],
            max_km=state.max_km,
            nearby=nearby[a:b],
            top=kept,
            by=by,
            columns=state.columns,
        )
        results.append(top_k(scored, by=by, top=kept))
    scored = _with_meaning(_concatenate(results, state.prepared), state.prepared, by, state.top)
    return scored, len(offer_rows)


def _kept(prepared: Prepared, top: int) -> int:
    """How many best pairs of each query are kept by the other criteria: `top`, or the pool
    the semantic view re-ranks (`meaning.POOL`)."""
    return top if prepared.meaning is None else max(top, POOL)


def _with_meaning(scored: Scored, prepared: Prepared, by: str, top: int) -> Scored:
    """With the semantic view, the kept pairs re-scored by meaning and cut to the `top`."""
    if prepared.meaning is None:
        return scored
    return top_k(add_meaning(scored, prepared.meaning), by=by, top=top)


def _blocks(group: Ints, size: int) -> list[tuple[int, int]]:
    """Bounds of consecutive blocks of about `size` pairs that never split a group (`group`
    is sorted, as the blocker returns it): the top k of each block are then those of the whole."""
    cuts = np.unique(np.searchsorted(group, group[size::size]))
    bounds = np.r_[0, cuts[cuts > 0], len(group)].tolist()
    return [(a, b) for a, b in pairwise(bounds) if b > a]


def brute_force_pairs(
    prepared: Prepared,
    *,
    top: int = 10,
    max_km: float | None = None,
    reverse: bool = False,
    rows: Ints | None = None,
) -> Scored:
    """The same as `match_pairs`, scoring every pair: the reference blocking is checked with."""
    side, other = (
        (prepared.offers, prepared.needs) if reverse else (prepared.needs, prepared.offers)
    )
    rows = np.arange(len(side), dtype=np.int64) if rows is None else rows
    neighbours = Neighbours(
        prepared, for_needs=not reverse, count=neighbours_for(top), max_km=max_km
    )
    results = []
    columns = Columns.of(prepared)
    by = "offer" if reverse else "need"
    kept = _kept(prepared, top)
    step = max(1, 2_000_000 // max(1, len(other)))
    for start in range(0, len(rows), step):
        chunk = rows[start : start + step]
        query = np.repeat(chunk, len(other))
        target = np.tile(np.arange(len(other), dtype=np.int64), len(chunk))
        offer_rows, need_rows = (query, target) if reverse else (target, query)
        nearby = neighbours.among(query, target)
        scored = score_pairs(
            prepared, offer_rows, need_rows, max_km=max_km, nearby=nearby, columns=columns
        )
        results.append(_with_meaning(top_k(scored, by=by, top=kept), prepared, by, top))
    return _concatenate(results, prepared)


def _concatenate(results: list[Scored], prepared: Prepared) -> Scored:
    if not results:
        empty = np.zeros(0, dtype=np.int64)
        return score_pairs(prepared, empty, empty)
    first = results[0]
    return Scored(
        **{
            name: np.concatenate([getattr(r, name) for r in results])
            for name in first.__dataclass_fields__
        }
    )


def _candidates(
    prepared: Prepared, scored: Scored, lang: str = DEFAULT_LANGUAGE
) -> list[Candidate]:
    out = []
    offers, needs = prepared.offers.declarations, prepared.needs.declarations
    for i in range(len(scored.score)):
        distance = float(scored.distance_km[i])
        coverage = float(scored.coverage[i])
        out.append(
            Candidate(
                offer_id=offers[int(scored.offer[i])].id,
                need_id=needs[int(scored.need[i])].id,
                score=round(float(scored.score[i]), 4),
                distance_km=None if math.isnan(distance) else round(distance, 3),
                reasons=reasons(prepared, scored, i, lang),
                parts=scored.parts(i),
                partial_supply=not math.isnan(coverage) and coverage < 1.0,
                fallback=bool(scored.fallback[i]) and not bool(scored.eligible[i]),
            )
        )
    return out


def match(
    offers: Sequence[Declaration],
    needs: Sequence[Declaration],
    *,
    top: int = 10,
    max_km: float | None = None,
    knowledge: Knowledge | None = None,
    workers: int = 1,
    lang: str = DEFAULT_LANGUAGE,
    semantic: bool = False,
) -> list[NeedMatches]:
    """For every need (in input order), its best `top` offers, best first, explained.

    `max_km` caps the distance for every pair (declarations may cap their own with a
    `max_km` column). A need with no candidate gets an empty tuple. `workers` > 1 resolves and
    scores on as many forked processes (same result). `lang` is the language of the reasons,
    `en` or `fr` (a ValueError for another). `semantic` compares the descriptions by meaning
    too, with the optional model (`meaning`; `MeaningUnavailable` without it)."""
    language(lang)  # an unknown language refused before the work, not after
    prepared = prepare(
        offers, needs, knowledge or load_knowledge(), workers=workers, semantic=semantic
    )
    scored = match_pairs(prepared, top=top, max_km=max_km, workers=workers)
    grouped: dict[str, list[Candidate]] = {d.id: [] for d in needs}
    for candidate in _candidates(prepared, scored, lang):
        grouped[candidate.need_id].append(candidate)
    return [NeedMatches(need_id, tuple(found)) for need_id, found in grouped.items()]


def match_reverse(
    offers: Sequence[Declaration],
    needs: Sequence[Declaration],
    *,
    top: int = 10,
    max_km: float | None = None,
    knowledge: Knowledge | None = None,
    workers: int = 1,
    lang: str = DEFAULT_LANGUAGE,
    semantic: bool = False,
) -> list[OfferMatches]:
    """For every offer (in input order), the `top` needs it could best meet, explained in
    language `lang` (`semantic` as for `match`)."""
    language(lang)
    prepared = prepare(
        offers, needs, knowledge or load_knowledge(), workers=workers, semantic=semantic
    )
    scored = match_pairs(prepared, top=top, max_km=max_km, reverse=True, workers=workers)
    grouped: dict[str, list[Candidate]] = {d.id: [] for d in offers}
    for candidate in _candidates(prepared, scored, lang):
        grouped[candidate.offer_id].append(candidate)
    return [OfferMatches(offer_id, tuple(found)) for offer_id, found in grouped.items()]
