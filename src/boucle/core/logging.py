"""The console log handler."""

from __future__ import annotations

import logging
import sys
from typing import TextIO


class StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever `sys.stderr` is at the time of each record.

    `logging.StreamHandler` keeps the stream it was given when logging was configured; test
    runners that capture output swap `sys.stderr` per test and close the old one, and the
    live server's threads then log into a closed file.
    """

    @property
    def stream(self) -> TextIO:
        return sys.stderr

    @stream.setter
    def stream(self, value: TextIO) -> None:
        """Ignored: the handler always writes to the current `sys.stderr`."""
