"""The partitioned run on a local Dask cluster gives exactly the result of one process."""

from __future__ import annotations

import random

import pytest

from boucle.engines.matching import match, match_reverse
from boucle.engines.matching.dask_run import match_on_cluster

from .helpers import knowledge
from .test_blocking import random_declarations

distributed = pytest.importorskip("distributed")


def test_a_local_cluster_gives_the_single_process_result() -> None:
    rng = random.Random(7)
    offers = random_declarations(rng, "o", 300)
    needs = random_declarations(rng, "n", 250)
    base = knowledge()

    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        on_cluster = match_on_cluster(client, offers, needs, top=5, knowledge=base, partitions=7)
        reverse = match_on_cluster(
            client, offers, needs, top=5, knowledge=base, reverse=True, partitions=5
        )

    assert on_cluster == match(offers, needs, top=5, knowledge=base)
    assert reverse == match_reverse(offers, needs, top=5, knowledge=base)
    assert sum(len(r.candidates) for r in on_cluster) > 200
