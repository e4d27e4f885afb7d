"""The semantic view's embeddings kept on disk between runs (`vector_cache`)."""

from __future__ import annotations

import sqlite3
import threading
import warnings
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pytest

from boucle.engines.matching import vector_cache
from boucle.engines.matching.vector_cache import VectorCache, _digest, cache_directory


def test_a_vector_put_is_got_back_bit_for_bit_by_a_later_run() -> None:
    vectors = np.random.default_rng(0).standard_normal((3, 8)).astype(np.float32)
    first = VectorCache.open("model-1", dimension=8)
    assert first is not None
    first.put(["a", "b", "c"], vectors)
    first.close()

    later = VectorCache.open("model-1", dimension=8)
    assert later is not None
    found = later.get(["c", "new", "a"])

    assert sorted(found) == [0, 2]
    assert found[0].tobytes() == vectors[2].tobytes()
    assert found[2].tobytes() == vectors[0].tobytes()


def test_each_model_has_its_own_file_and_no_description_is_written() -> None:
    cache = VectorCache.open("model/1 beta", dimension=2)
    assert cache is not None
    cache.put(["confidential: 300 t of spent acid"], np.ones((1, 2), dtype=np.float32))
    cache.close()
    other = VectorCache.open("model-2", dimension=2)
    assert other is not None

    assert other.get(["confidential: 300 t of spent acid"]) == {}
    files = sorted(p.name for p in cache_directory().iterdir())
    assert files == ["meaning-model-2.sqlite3", "meaning-model_1_beta.sqlite3"]
    content = (cache_directory() / "meaning-model_1_beta.sqlite3").read_bytes()
    assert b"spent acid" not in content


def test_many_texts_are_looked_up_past_sqlite_parameter_limit() -> None:
    texts = [f"text {i}" for i in range(2_500)]
    vectors = np.arange(2_500 * 2, dtype=np.float32).reshape(2_500, 2)
    cache = VectorCache.open("m", dimension=2)
    assert cache is not None
    cache.put(texts, vectors)

    found = cache.get(texts)

    assert len(found) == 2_500
    assert found[2_499].tolist() == vectors[2_499].tolist()


def test_a_row_of_another_dimension_is_not_trusted() -> None:
    cache = VectorCache.open("m", dimension=2)
    assert cache is not None
    cache.put(["a"], np.ones((1, 3), dtype=np.float32))  # written by a model of 3 dimensions

    assert cache.get(["a"]) == {}


def test_a_directory_that_cannot_be_made_warns_and_keeps_nothing(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # Beneath a file: no directory can be made there, whoever runs (root included).
    (tmp_path / "a-file").write_text("", encoding="utf-8")
    monkeypatch.setenv("BOUCLE_CACHE_DIR", str(tmp_path / "a-file" / "boucle"))

    with pytest.warns(RuntimeWarning, match="set BOUCLE_CACHE_DIR to a writable directory"):
        assert VectorCache.open("m", dimension=2) is None


def test_a_file_that_is_no_database_warns_and_keeps_nothing() -> None:
    cache_directory().mkdir(parents=True, exist_ok=True)
    (cache_directory() / "meaning-m.sqlite3").write_bytes(b"not a database at all" * 100)

    with pytest.warns(RuntimeWarning, match="every description is embedded"):
        assert VectorCache.open("m", dimension=2) is None


def test_the_directory_follows_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("BOUCLE_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_directory() == tmp_path / "xdg" / "boucle"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert cache_directory() == Path.home() / ".cache" / "boucle"


@pytest.mark.parametrize(
    "stored",
    [
        b"\x00" * 7,  # bytes that are no whole number of float32
        None,
        "a text, not bytes",
        np.array([np.nan, 1.0], dtype=np.float32).tobytes(),  # not a vector the model gives
    ],
    ids=["odd-length", "null", "text", "nan"],
)
def test_a_damaged_row_is_embedded_again_not_an_error(stored: object) -> None:
    cache = VectorCache.open("m", dimension=2)
    assert cache is not None
    cache.put(["kept"], np.ones((1, 2), dtype=np.float32))
    with sqlite3.connect(cache_directory() / "meaning-m.sqlite3") as other:  # another writer
        other.execute(
            "INSERT INTO vectors (digest, vector) VALUES (?, ?)", (_digest("damaged"), stored)
        )
    other.close()

    found = cache.get(["damaged", "kept"])
    cache.close()

    assert list(found) == [1]


def test_a_file_that_is_no_database_is_closed_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[sqlite3.Connection] = []
    real_connect = sqlite3.connect

    def connect(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        connection = real_connect(*args, **kwargs)
        opened.append(connection)
        return connection

    monkeypatch.setattr(vector_cache.sqlite3, "connect", connect)
    cache_directory().mkdir(parents=True, exist_ok=True)
    (cache_directory() / "meaning-m.sqlite3").write_bytes(b"not a database at all" * 100)

    with pytest.warns(RuntimeWarning):
        assert VectorCache.open("m", dimension=2) is None

    assert len(opened) == 1
    with pytest.raises(sqlite3.ProgrammingError, match="closed"):
        opened[0].execute("SELECT 1")


def test_a_relative_xdg_cache_home_is_ignored(monkeypatch: pytest.MonkeyPatch) -> None:
    # The XDG base directory specification: a relative path there is invalid and ignored
    # (else the cache would follow the current directory from one run to the next).
    monkeypatch.delenv("BOUCLE_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")

    assert cache_directory() == Path.home() / ".cache" / "boucle"


def test_the_directory_and_file_it_makes_are_its_owners_only(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # A digest lets one confirm a guessed description: not for the other users of the machine.
    monkeypatch.setenv("BOUCLE_CACHE_DIR", str(tmp_path / "made" / "boucle"))
    cache = VectorCache.open("m", dimension=2)
    assert cache is not None
    cache.close()

    assert (tmp_path / "made" / "boucle").stat().st_mode & 0o777 == 0o700
    assert (tmp_path / "made" / "boucle" / "meaning-m.sqlite3").stat().st_mode & 0o777 == 0o600


def test_past_its_bound_the_file_drops_the_vectors_unused_for_longest(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(vector_cache, "MAX_VECTORS", 10)
    day = [100]
    monkeypatch.setattr(vector_cache, "_today", lambda: day[0])
    cache = VectorCache.open("m", dimension=2)
    assert cache is not None
    old = [f"met on day 100: {i}" for i in range(8)]
    cache.put(old, np.ones((8, 2), dtype=np.float32))
    day[0] = 101
    assert len(cache.get(old[:3])) == 3  # three of them met again the next day

    day[0] = 102
    new = [f"met on day 102: {i}" for i in range(6)]
    cache.put(new, np.ones((6, 2), dtype=np.float32))  # 14 > 10: down to 9

    kept = cache.get(old + new)
    # The five not met since day 100 are dropped; those met again, and the new ones, stay.
    assert sorted(kept) == [0, 1, 2, *range(8, 14)]
    cache.close()


def test_a_file_of_the_earlier_version_is_read_and_written_as_before() -> None:
    _earlier_version_file({"kept before": np.ones(2, np.float32)})

    cache = VectorCache.open("m", dimension=2)
    assert cache is not None
    assert list(cache.get(["kept before"])) == [0]
    cache.put(["new"], np.zeros((1, 2), dtype=np.float32))
    assert sorted(cache.get(["new", "kept before"])) == [0, 1]
    cache.close()


def _earlier_version_file(vectors: dict[str, npt.NDArray[np.float32]]) -> Path:
    """A cache file as the version before the bound wrote it: no `used` column."""
    path = cache_directory() / "meaning-m.sqlite3"
    path.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(path) as earlier:
        earlier.execute("CREATE TABLE vectors (digest BLOB PRIMARY KEY, vector BLOB)")
        for text, vector in vectors.items():
            earlier.execute("INSERT INTO vectors VALUES (?, ?)", (_digest(text), vector.tobytes()))
    earlier.close()
    return path


def test_runs_opening_a_file_of_the_earlier_version_at_once_all_keep_their_cache() -> None:
    _earlier_version_file({"kept before": np.ones(2, np.float32)})
    barrier = threading.Barrier(12)

    def open_and_read() -> list[int]:
        barrier.wait()
        cache = VectorCache.open("m", dimension=2)
        assert cache is not None
        try:
            return list(cache.get(["kept before"]))
        finally:
            cache.close()

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a run that lost its cache says so in a warning
        with ThreadPoolExecutor(max_workers=12) as pool:
            found = [f.result() for f in [pool.submit(open_and_read) for _ in range(12)]]

    assert found == [[0]] * 12


def test_pruning_keeps_what_today_used_and_gives_the_space_back(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(vector_cache, "MAX_VECTORS", 10)
    cache = VectorCache.open("m", dimension=64)
    assert cache is not None
    texts = [f"today {i}" for i in range(30)]
    cache.put(texts, np.ones((30, 64), dtype=np.float32))  # more than the bound, all today's

    assert len(cache.get(texts)) == 30
    tomorrow = vector_cache._today() + 1
    monkeypatch.setattr(vector_cache, "_today", lambda: tomorrow)
    cache.put(["tomorrow"], np.ones((1, 64), dtype=np.float32))  # 31 > 10: down to 9
    cache.close()

    with closing(sqlite3.connect(cache_directory() / "meaning-m.sqlite3")) as check:
        assert check.execute("SELECT count(*) FROM vectors").fetchone() == (9,)
        assert check.execute("PRAGMA freelist_count").fetchone() == (0,)
