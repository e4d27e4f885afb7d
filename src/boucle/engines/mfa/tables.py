"""Reads a table from a CSV or XLSX file into rows of text, each with its line number."""

from __future__ import annotations

from os import PathLike
from typing import BinaryIO, TextIO

Source = str | PathLike[str] | BinaryIO | TextIO
