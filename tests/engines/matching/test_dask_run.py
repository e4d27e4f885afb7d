"""The partitioned run on a local Dask cluster gives exactly the result of one process."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from boucle.engines.matching import match, match_reverse
from boucle.engines.matching.dask_run import match_on_cluster

from .helpers import knowledge
from .test_blocking import random_declarations

distributed = pytest.importorskip("distributed")


# Distributed warns when creating its scratch directory takes over a second, which happens on
# a loaded machine (several test runs sharing /tmp/dask-scratch-space and its locks); with
# warnings as errors that failed this test now and then. The warning says nothing of the
# result: it is ignored, and the cluster gets a scratch directory of its own.
@pytest.mark.filterwarnings(
    "ignore:Creating scratch directories is taking a surprisingly long time:UserWarning"
)
def test_a_local_cluster_gives_the_single_process_result(tmp_path: Path) -> None:
    rng = random.Random(7)
    offers = random_declarations(rng, "o", 300)
    needs = random_declarations(rng, "n", 250)
    base = knowledge()

    with (
        distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=False,
            dashboard_address=None,
            local_directory=str(tmp_path),
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
