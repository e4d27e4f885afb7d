"""A map over chunks on the cores of one machine, by forking (no pickling of the inputs).

The state (prepared arrays, the knowledge base) is set before the fork, so the children see it
as it is, copy-on-write; only each chunk's result travels back. Where fork is not available, or
with one worker, the map runs in this process: the results are the same either way::

    results = fork_map(score_chunk, chunks, workers=2, state=prepared)
"""

from __future__ import annotations

import contextlib
import multiprocessing
import multiprocessing.pool
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

__all__ = ["fork_imap", "fork_map"]

S = TypeVar("S")
T = TypeVar("T")
R = TypeVar("R")

_STATE: dict[str, Any] = {}


def _call(arguments: tuple[Callable[[Any, Any], Any], Any]) -> Any:
    func, item = arguments
    return func(_STATE["state"], item)


def fork_map(func: Callable[[S, T], R], items: Sequence[T], *, workers: int, state: S) -> list[R]:
    """[func(state, item) for item in items], on `workers` forked processes when > 1."""
    if workers <= 1 or len(items) <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        return [func(state, item) for item in items]
    _STATE["state"] = state
    try:
        with _pool(min(workers, len(items))) as pool:
            results: list[R] = pool.map(_call, [(func, item) for item in items], chunksize=1)
            return results
    finally:
        _STATE.clear()


def fork_imap(
    func: Callable[[S, T], R],
    items: Sequence[T],
    *,
    workers: int,
    state: S,
    meanwhile: Callable[[], object] | None = None,
) -> Iterator[R]:
    """`fork_map`'s results one by one, in order, as the workers finish them: the caller works
    on each while the workers compute the next ones. `meanwhile`, if given, is called in this
    process once the workers have their tasks, before the first result is awaited (first, in
    this process, without workers). If it raises, the error reaches the caller once the workers
    have finished the tasks they were given (the pool is closed and joined, `_pool`)."""
    if workers <= 1 or len(items) <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        if meanwhile is not None:
            meanwhile()
        for item in items:
            yield func(state, item)
        return
    _STATE["state"] = state
    try:
        with _pool(min(workers, len(items))) as pool:
            results = pool.imap(_call, [(func, item) for item in items], chunksize=1)
            if meanwhile is not None:
                meanwhile()
            yield from results
    finally:
        _STATE.clear()


@contextlib.contextmanager
def _pool(processes: int) -> Iterator[multiprocessing.pool.Pool]:
    """A pool of forked workers, closed and joined on the way out, even after an error.

    `with Pool()` terminates its workers on the way out: after a worker's error (a declaration
    refused while being resolved), the pool's task thread was seen blocked for good on its
    queue's lock while the parent waited for it (twice in the matching tests, one run in
    several hundred, with other threads alive in the process). Closed and joined, the workers
    finish the tasks already given, read the end of the queue and leave on their own. An
    interrupt (Ctrl-C) still stops them at once."""
    pool = multiprocessing.get_context("fork").Pool(processes)
    try:
        yield pool
    except (KeyboardInterrupt, SystemExit):
        pool.terminate()
        raise
    finally:
        pool.close()
        pool.join()
