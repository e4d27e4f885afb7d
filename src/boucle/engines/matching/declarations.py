"""What companies declare: offers (what they have) and needs (what they want), read from CSV.

One row per declaration; every column but `id` and `description` is optional. A file is read as
a spreadsheet saves it: UTF-8 (with or without a BOM), Windows-1252 or UTF-16 with a BOM,
comma-, semicolon- or tab-separated, numbers with a decimal point or a decimal comma::

    id,organisation,nace,kind,ewc,description,quantity,unit,period,lat,lon
    o1,Centrale Nord,35.11,material,10 01 05,Gypse DSG sec,80000,t,year,49.91,2.30

    from boucle.engines.matching import MatchingInputError, read_declarations

    try:
        offers = read_declarations("offers.csv", "offer")
    except MatchingInputError as error:
        for problem in error.errors:
            print(problem)  # offers.csv:3:unit: unknown unit 'tons/h'; ...

The reader checks every row and collects every problem (unknown kind, unit or period, a badly
written EWC or NACE code, a latitude without its longitude, coordinates out of range, a
negative quantity, a duplicate id, a file that is not CSV text) before raising one
`MatchingInputError`: nothing is matched from a file that has one. An optional `max_km` column
lets a declaration cap its own distance.
"""

from __future__ import annotations

import csv
import difflib
import io
import math
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import chain
from pathlib import Path

from boucle.engines.matching.text import strip_accents
from boucle.engines.matching.units import UNITS, canonical_period, canonical_unit
from boucle.engines.problems import InputError, InputProblem

__all__ = [
    "KINDS",
    "Declaration",
    "InputProblem",
    "MatchingInputError",
    "normalise_ewc",
    "normalise_nace",
    "read_declarations",
]

KINDS = ("material", "energy", "water", "equipment", "logistics", "expertise", "space")
COLUMNS = (
    "id",
    "organisation",
    "nace",
    "kind",
    "ewc",
    "description",
    "quantity",
    "unit",
    "period",
    "lat",
    "lon",
    "max_km",
)
# The kinds as a French declaration names them (accents stripped).
_FRENCH_KINDS = {
    "matiere": "material",
    "energie": "energy",
    "eau": "water",
    "equipement": "equipment",
    "logistique": "logistics",
    "espace": "space",
}
_EWC = re.compile(r"^(\d{2})[\s.-]?(\d{2})?[\s.-]?(\d{2})?\s*(\*?)$")
_NACE_DOTTED = re.compile(r"^(\d{2})(?:\.(\d{1,2}))?[A-Z]?$")
_NACE_PLAIN = re.compile(r"^(\d{2})(\d{1,2})?[A-Z]?$")


@dataclass(frozen=True)
class Declaration:
    """One offer or need. Codes are normalised: `ewc` as digits only (`100105`, chapters and
    sub-chapters as `10` and `1001`), `nace` as `35.11`; `unit` and `period` canonical (see
    `units`); `lat`/`lon` in WGS84 degrees; `max_km` a cap on distance the declarer set."""

    id: str
    description: str
    organisation: str = ""
    nace: str | None = None
    kind: str | None = None
    ewc: str | None = None
    ewc_hazardous: bool = False  # the code was written with its asterisk
    quantity: float | None = None
    unit: str | None = None
    period: str | None = None
    lat: float | None = None
    lon: float | None = None
    max_km: float | None = None
    line: int | None = None  # line in the file it came from, for messages


class MatchingInputError(InputError):
    """Bad declarations: `errors` lists every problem found, in file and line order."""


def normalise_ewc(text: str) -> tuple[str, bool] | None:
    """(`100105`, hazardous?) from `10 01 05*`, `100105`, `10.01.05`; None if malformed."""
    found = _EWC.match(text.strip())
    if found is None:
        return None
    chapter, sub, entry, star = found.groups()
    if entry is not None and sub is None:
        return None
    return chapter + (sub or "") + (entry or ""), star == "*"


def normalise_nace(text: str) -> str | None:
    """`35.11` from `35.11`, `3511Z`, `35.11Z`; `35` and `35.1` for divisions and groups;
    None if it is not a NACE rev. 2 / NAF code."""
    value = text.strip().upper().replace(" ", "")
    found = _NACE_DOTTED.match(value) or _NACE_PLAIN.match(value)
    if found is None:
        return None
    division, rest = found.groups()
    return division if not rest else f"{division}.{rest}"


def read_declarations(path: str | Path, kind: str | None = None) -> list[Declaration]:
    """Every declaration of a CSV file with a header (see the module's docstring).

    `kind` (`offer`/`offers` or `need`/`needs`) says which side the file is; both read alike.
    Raises `MatchingInputError` listing every problem, or OSError if the file cannot be read.
    """
    if kind is not None and kind.rstrip("s") not in ("offer", "need"):
        raise ValueError(f"kind must be 'offer' or 'need', not {kind!r}")
    name = str(path)
    with open(path, "rb") as handle:
        text = _decode(handle.read(), name)
    return parse_declarations(io.StringIO(text, newline=""), file=name)


def _decode(data: bytes, file: str) -> str:
    text = _as_text(data)
    if text is None or "\x00" in text:  # no text file holds a NUL; a workbook or an archive does
        message = "this is not a CSV text file (a spreadsheet? save it as CSV UTF-8)"
        raise MatchingInputError([InputProblem(file, None, None, message)])
    return text


def _as_text(data: bytes) -> str | None:
    """The text of a file in the encodings spreadsheets save, or None."""
    encodings: tuple[str, ...]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Unicode text": UTF-16
        encodings = ("utf-16",)
    else:
        # UTF-8, or what a French Excel writes when asked for plain "CSV": Windows-1252.
        encodings = ("utf-8-sig", "cp1252")
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def parse_declarations(lines: Iterable[str], *, file: str = "<input>") -> list[Declaration]:
    """Declarations from CSV text lines (see `read_declarations`)."""
    problems: list[InputProblem] = []
    remaining = iter(lines)
    first = next(remaining, None)
    if first is not None and not first.strip():
        if any(line.strip() for line in remaining):
            message = "the first line is empty: the header must be on line 1"
            raise MatchingInputError([InputProblem(file, 1, None, message)])
        first = None
    if first is None:
        raise MatchingInputError([InputProblem(file, None, None, "the file is empty")])
    # A French spreadsheet separates cells with ";" (its decimal mark is the comma), a
    # "Unicode text" export with tabs: the header says which.
    delimiter = max((",", ";", "\t"), key=first.count)
    records = _records(chain([first], remaining), delimiter, file, problems)
    _, header = next(records, (1, []))
    columns = [column.strip().lower() for column in header]
    for required in ("id", "description"):
        if required not in columns:
            problems.append(InputProblem(file, 1, required, f"the column {required!r} is missing"))
    for column in sorted(set(columns)):
        # Unnamed columns are the empty ones a spreadsheet saves right of a table: ignored.
        # An unknown column is refused, not ignored: a misspelt "quantite" would drop every
        # quantity without a word.
        if column and column not in COLUMNS:
            problems.append(InputProblem(file, 1, column, _unknown_column(column)))
        elif column and columns.count(column) > 1:
            problems.append(InputProblem(file, 1, column, f"the column {column!r} is named twice"))
    if problems:
        raise MatchingInputError(problems)
    declarations: list[Declaration] = []
    seen: dict[str, int] = {}
    for line, values in records:
        if not any(v.strip() for v in values):
            continue
        if not any(v.strip() for v in values[len(columns) :]):
            values = values[: len(columns)]  # empty cells a spreadsheet leaves after a row
        if len(values) != len(columns):
            problems.append(InputProblem(file, line, None, _cell_count(values, columns, delimiter)))
            continue
        row = {c: v.strip() for c, v in zip(columns, values, strict=True) if c}
        identifier = row.get("id", "")
        if identifier in seen:
            problems.append(
                InputProblem(
                    file,
                    line,
                    "id",
                    f"duplicate id {identifier!r} (first on line {seen[identifier]})",
                )
            )
        elif identifier:
            seen[identifier] = line
        declaration = _declaration(row, file, line, problems)
        if declaration is not None:
            declarations.append(declaration)
    if problems:
        raise MatchingInputError(problems)
    return declarations


def _cell_count(values: list[str], columns: list[str], delimiter: str) -> str:
    cells = "1 cell" if len(values) == 1 else f"{len(values)} cells"
    message = f"{cells} where the header has {len(columns)}"
    if len(values) < len(columns) or "description" not in columns:
        return message
    # The usual cause: a separator written inside a description that is not in quotes.
    start = columns.index("description")
    written = delimiter.join(values[start : start + 1 + len(values) - len(columns)])
    separator = {",": "comma", ";": "semicolon"}.get(delimiter, "tab")
    return (
        f"{message} (a {separator} inside a description? put the description in double "
        f'quotes: "{written}")'
    )


def _unknown_column(column: str) -> str:
    close = difflib.get_close_matches(column, COLUMNS, n=1, cutoff=0.75)
    if close:
        return f"unknown column {column!r}: did you mean {close[0]!r}?"
    return f"unknown column {column!r}: delete or rename it (known: {', '.join(COLUMNS)})"


def _records(
    lines: Iterable[str], delimiter: str, file: str, problems: list[InputProblem]
) -> Iterator[tuple[int, list[str]]]:
    """(line, cells) of each record, the header first; a record is said where it starts,
    even when a quoted cell spans lines. A line the csv module cannot read ends the file
    with a problem."""
    reader = csv.reader(lines, delimiter=delimiter)
    start = 1
    while True:
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            problems.append(
                InputProblem(file, start, None, f"this line is not valid CSV ({error})")
            )
            return
        yield start, values
        start = reader.line_num + 1


def _declaration(
    row: dict[str, str], file: str, line: int, problems: list[InputProblem]
) -> Declaration | None:
    before = len(problems)

    def problem(column: str, message: str) -> None:
        problems.append(InputProblem(file, line, column, message))

    identifier = row.get("id", "")
    if not identifier:
        problem("id", "the id is empty")
    description = row.get("description", "")
    if not description and not row.get("ewc"):
        problem("description", "the description is empty and no EWC code says what it is")
    kind = row.get("kind", "").lower() or None
    kind = _FRENCH_KINDS.get(strip_accents(kind), kind) if kind else None
    if kind is not None and kind not in KINDS:
        problem("kind", f"unknown kind {row['kind']!r} (known: {', '.join(KINDS)})")
    ewc: str | None = None
    hazardous = False
    if row.get("ewc"):
        parsed = normalise_ewc(row["ewc"])
        if parsed is None:
            problem(
                "ewc",
                f"{row['ewc']!r} is not a European List of Waste code "
                "(six digits such as 10 01 05, a trailing * for hazardous)",
            )
        else:
            ewc, hazardous = parsed
    nace: str | None = None
    if row.get("nace"):
        nace = normalise_nace(row["nace"])
        if nace is None:
            problem("nace", f"{row['nace']!r} is not a NACE rev. 2 code (such as 35.11 or 3511Z)")
    quantity = _number(row, "quantity", problem)
    if quantity is not None and quantity < 0:
        problem("quantity", f"the quantity {row['quantity']} is negative")
    unit: str | None = None
    if row.get("unit"):
        unit = canonical_unit(row["unit"])
        if unit is None:
            problem(
                "unit",
                f"unknown unit {row['unit']!r} (known: {', '.join(UNITS)})",
            )
    elif quantity is not None:
        problem("unit", "a quantity needs its unit")
    period: str | None = None
    if row.get("period"):
        period = canonical_period(row["period"])
        if period is None:
            problem(
                "period",
                f"unknown period {row['period']!r} (known: once, day, week, month, year)",
            )
    lat = _number(row, "lat", problem)
    lon = _number(row, "lon", problem)
    if bool(row.get("lat")) != bool(row.get("lon")):
        given, missing = ("lat", "lon") if row.get("lat") else ("lon", "lat")
        problem(missing, f"{given} is given without {missing}")
    if lat is not None and not -90 <= lat <= 90:
        problem("lat", f"the latitude {row['lat']} is outside -90..90")
    if lon is not None and not -180 <= lon <= 180:
        problem("lon", f"the longitude {row['lon']} is outside -180..180")
    max_km = _number(row, "max_km", problem)
    if max_km is not None and max_km < 0:
        problem("max_km", f"the maximum distance {row['max_km']} is negative")
    if len(problems) > before:
        return None
    return Declaration(
        id=identifier,
        description=description,
        organisation=row.get("organisation", ""),
        nace=nace,
        kind=kind,
        ewc=ewc,
        ewc_hazardous=hazardous,
        quantity=quantity,
        unit=unit,
        period=period,
        lat=lat,
        lon=lon,
        max_km=max_km,
        line=line,
    )


def _number(row: dict[str, str], column: str, problem: Callable[[str, str], None]) -> float | None:
    text = row.get(column, "")
    if not text:
        return None
    digits = text.translate(_GROUP_SPACES)
    if "," in digits and "." in digits:
        # 1,200.5 or 1.200,5: which is the decimal mark cannot be known for sure.
        plain = re.sub(r"[,.](?=.*[,.])", "", digits).replace(",", ".")
        problem(
            column,
            f"{text!r} is not a number: write it without thousands separators, such as "
            f"{plain} or {plain.replace('.', ',')}",
        )
        return None
    try:
        value = float(digits.replace(",", "."))  # a French decimal comma: 12,5
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        problem(column, f"{text!r} is not a number")
        return None
    return value


# Spaces that group thousands: plain, no-break (French Excel) and narrow no-break.
_GROUP_SPACES = {ord(" "): None, 0x00A0: None, 0x202F: None}
