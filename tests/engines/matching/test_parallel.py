"""The fork map: the same results on forked workers as in this process, in order, and the work
given to do meanwhile done once either way."""

from __future__ import annotations

import multiprocessing
import os

import pytest

from boucle.engines.matching.parallel import fork_imap, fork_map


def _scaled(state: int, item: int) -> tuple[int, int]:
    return state * item, os.getpid()


@pytest.mark.parametrize("workers", [1, 2])
def test_fork_imap_gives_the_results_in_order_and_runs_meanwhile_once(workers: int) -> None:
    calls: list[tuple[int, int]] = []

    def meanwhile() -> None:
        # Where it runs, and how many workers are alive then: the point is to overlap them.
        calls.append((os.getpid(), len(multiprocessing.active_children())))

    results = list(
        fork_imap(_scaled, [1, 2, 3, 4, 5], workers=workers, state=10, meanwhile=meanwhile)
    )

    assert [value for value, _ in results] == [10, 20, 30, 40, 50]
    ((pid, alive),) = calls
    assert pid == os.getpid()  # in this process, not in a worker
    assert alive == (2 if workers == 2 else 0)
    computed_here = {pid for _, pid in results} == {os.getpid()}
    assert computed_here == (workers == 1)


@pytest.mark.parametrize("workers", [1, 2])
def test_an_error_meanwhile_reaches_the_caller(workers: int) -> None:
    def meanwhile() -> None:
        raise RuntimeError("no compiled loops")

    with pytest.raises(RuntimeError, match="no compiled loops"):
        list(fork_imap(_scaled, [1, 2, 3], workers=workers, state=1, meanwhile=meanwhile))


def test_fork_map_equals_the_loop_in_this_process() -> None:
    assert [v for v, _ in fork_map(_scaled, [3, 1, 2], workers=2, state=7)] == [21, 7, 14]
