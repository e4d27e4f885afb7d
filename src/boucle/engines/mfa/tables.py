"""Reads a table from a CSV or XLSX file into rows of text, each with its line number.

The first non-empty line is the header; column names are matched without regard to case or
surrounding spaces. CSV files may be separated by commas or semicolons (a French spreadsheet's
export) and encoded in UTF-8 (with or without BOM) or Windows-1252. An XLSX workbook is read
from its first worksheet; its row numbers are the lines. Cells come back as text, numbers
written as Python writes them, so that every reader parses one kind of value.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, BinaryIO, TextIO

from boucle.engines.mfa.errors import InputProblem, MfaInputError

Source = str | os.PathLike[str] | BinaryIO | TextIO | IO[bytes] | IO[str]

_ZIP_MAGIC = b"PK\x03\x04"  # an XLSX workbook is a zip archive


@dataclass(frozen=True)
class Row:
    line: int
    cells: dict[str, str]  # column role -> text, stripped


@dataclass(frozen=True)
class Table:
    name: str  # the file's display name, for messages
    columns: dict[str, str]  # column role -> the header as written, for messages
    rows: list[Row]


def read_table(source: Source, *, name: str | None, columns: Sequence[str]) -> Table:
    """The rows of `source`, keyed by the expected `columns`; other columns are ignored.

    Raises MfaInputError if the file cannot be read or a column is missing.
    """
    display = name or _display_name(source)
    data = _read_bytes(source)
    if data.startswith(_ZIP_MAGIC) or display.lower().endswith((".xlsx", ".xlsm")):
        lines = _xlsx_lines(data, display)
    else:
        lines = _csv_lines(data)
    return _keyed(lines, display, columns)


def _display_name(source: Source) -> str:
    if isinstance(source, str | os.PathLike):
        return Path(source).name
    name = getattr(source, "name", None)
    return Path(name).name if isinstance(name, str) else "input"


def _read_bytes(source: Source) -> bytes:
    if isinstance(source, str | os.PathLike):
        return Path(source).read_bytes()
    content = source.read()
    return content.encode("utf-8") if isinstance(content, str) else bytes(content)


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # A spreadsheet saved as "CSV" by a French Excel is in Windows-1252.
        return data.decode("cp1252", errors="replace")


def _csv_lines(data: bytes) -> Iterator[tuple[int, list[str]]]:
    text = _decode(data)
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    start = 1
    for record in reader:
        yield start, record
        start = reader.line_num + 1


def _xlsx_lines(data: bytes, display: str) -> Iterator[tuple[int, list[str]]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        problem = InputProblem(display, None, None, f"this is not a readable XLSX file ({exc}).")
        raise MfaInputError([problem]) from None
    try:
        sheet = workbook.worksheets[0]
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, [_cell_text(value) for value in values]
    finally:
        workbook.close()


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value)


def _keyed(lines: Iterator[tuple[int, list[str]]], display: str, columns: Sequence[str]) -> Table:
    header: list[str] | None = None
    positions: dict[str, int] = {}
    rows: list[Row] = []
    for line, cells in lines:
        if not any(cell.strip() for cell in cells):
            continue
        if header is None:
            header = [cell.strip() for cell in cells]
            found = {cell.lower(): i for i, cell in enumerate(header) if cell}
            missing = [column for column in columns if column not in found]
            if missing:
                expected = ",".join(columns)
                message = (
                    f"the header must name the columns {expected}; missing: {', '.join(missing)}."
                )
                raise MfaInputError([InputProblem(display, line, None, message)])
            positions = {column: found[column] for column in columns}
            continue
        rows.append(
            Row(
                line,
                {
                    column: cells[i].strip() if i < len(cells) else ""
                    for column, i in positions.items()
                },
            )
        )
    if header is None:
        raise MfaInputError([InputProblem(display, None, None, "the file is empty.")])
    return Table(display, {column: header[i] for column, i in positions.items()}, rows)
