"""The same matching, partitioned on a Dask cluster, for national scale.

1. Declarations are resolved in chunks on the workers (resolution is per declaration).
2. The driver lays both sides out as arrays (`prepare`, one TF-IDF vocabulary and one set of
   rare words, so every partition scores with the same statistics) and broadcasts them.
3. The needs (offers with `reverse`) are partitioned by main resource family and by a grid of
   cells of the map, so a partition asks few family trees about few places; each partition is
   blocked, scored and cut to its top k on a worker.
4. The driver concatenates the partitions and explains the candidates.

Each need's candidates depend only on the prepared arrays, never on which other needs share its
partition, so the result is exactly that of `match` in one process::

    from distributed import Client, LocalCluster
    from boucle.engines.matching.dask_run import match_on_cluster

    with LocalCluster(n_workers=2) as cluster, Client(cluster) as client:
        results = match_on_cluster(client, offers, needs, top=10)

For a real cluster: `dask scheduler` on one machine, `dask worker tcp://scheduler:8786` on the
others (each with this package installed), and `Client("tcp://scheduler:8786")`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from boucle.engines.matching import meaning
from boucle.engines.matching.declarations import Declaration
from boucle.engines.matching.knowledge import Knowledge, load_knowledge
from boucle.engines.matching.match import (
    NeedMatches,
    OfferMatches,
    _candidates,
    _concatenate,
    match_pairs,
)
from boucle.engines.matching.messages import DEFAULT_LANGUAGE, language
from boucle.engines.matching.resolve import Resolution
from boucle.engines.matching.score import Scored
from boucle.engines.matching.sides import Prepared, prepare, resolve_all

__all__ = ["match_on_cluster", "partition_rows"]

Ints = npt.NDArray[np.int64]
CELL_DEGREES = 2.0  # about 200 km: the partitions' grid


def partition_rows(prepared: Prepared, *, reverse: bool, partitions: int) -> list[Ints]:
    """Query rows split into about `partitions` groups of (main family, map cell) keys."""
    side = prepared.offers if reverse else prepared.needs
    if len(side) == 0:
        return []
    lat_cell = np.where(side.located, np.floor(np.degrees(side.lat) / CELL_DEGREES), -999)
    lon_cell = np.where(side.located, np.floor(np.degrees(side.lon) / CELL_DEGREES), -999)
    order = np.lexsort((np.arange(len(side)), lon_cell, lat_cell, side.fam[:, 0]))
    return [part for part in np.array_split(order, max(1, partitions)) if len(part)]


def _resolve_chunk(
    chunk: Sequence[Declaration], knowledge: Knowledge, role: str
) -> list[Resolution]:
    return resolve_all(chunk, knowledge, role)


def _match_part(
    rows: Ints, prepared: Prepared, top: int, max_km: float | None, reverse: bool
) -> Scored:
    return match_pairs(prepared, top=top, max_km=max_km, reverse=reverse, rows=np.sort(rows))


def match_on_cluster(
    client: Any,
    offers: Sequence[Declaration],
    needs: Sequence[Declaration],
    *,
    top: int = 10,
    max_km: float | None = None,
    reverse: bool = False,
    knowledge: Knowledge | None = None,
    partitions: int | None = None,
    chunk: int = 50_000,
    lang: str = DEFAULT_LANGUAGE,
    semantic: bool = False,
) -> list[NeedMatches] | list[OfferMatches]:
    """`match` (or `match_reverse`) computed on the workers of a `distributed.Client`, the
    reasons said in `lang` by the driver (with `semantic`, the descriptions embedded by the
    driver too, and scattered with the rest)."""
    language(lang)  # an unknown language refused before the cluster works
    if semantic:
        meaning.check()  # refused before the cluster works
    knowledge = knowledge or load_knowledge()
    knowledge_future = client.scatter(knowledge, broadcast=True, hash=False)
    resolved: dict[str, list[Resolution]] = {}
    for role, declarations in (("offer", offers), ("need", needs)):
        pieces = [declarations[i : i + chunk] for i in range(0, len(declarations), chunk)]
        futures = client.map(
            _resolve_chunk, pieces, knowledge=knowledge_future, role=role, pure=False
        )
        resolved[role] = [r for piece in client.gather(futures) for r in piece]
    prepared = prepare(
        offers,
        needs,
        knowledge,
        offer_resolutions=resolved["offer"],
        need_resolutions=resolved["need"],
        semantic=semantic,
    )
    workers = len(client.scheduler_info().get("workers", {})) or 1
    parts = partition_rows(prepared, reverse=reverse, partitions=partitions or 4 * workers)
    prepared_future = client.scatter(prepared, broadcast=True, hash=False)
    futures = client.map(
        _match_part,
        parts,
        prepared=prepared_future,
        top=top,
        max_km=max_km,
        reverse=reverse,
        pure=False,
    )
    scored = _concatenate(client.gather(futures), prepared)
    group = scored.offer if reverse else scored.need
    # Each query's pairs come from one part, ranked there by `top_k`: a stable sort by query
    # keeps that ranking as it is (re-sorting by score would break `top_k`'s ties anew).
    order = np.argsort(group, kind="stable")
    scored = scored.take(order)
    if reverse:
        by_offer: dict[str, list[Any]] = {d.id: [] for d in offers}
        for candidate in _candidates(prepared, scored, lang):
            by_offer[candidate.offer_id].append(candidate)
        return [OfferMatches(k, tuple(v)) for k, v in by_offer.items()]
    by_need: dict[str, list[Any]] = {d.id: [] for d in needs}
    for candidate in _candidates(prepared, scored, lang):
        by_need[candidate.need_id].append(candidate)
    return [NeedMatches(k, tuple(v)) for k, v in by_need.items()]
