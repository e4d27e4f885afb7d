"""Reads the engine's inputs from CSV or XLSX files, checking every row.

Each reader takes a path or an open file (binary or text) and a display name for messages, and
returns checked input or raises one `MfaInputError` listing every problem with its file, line
and column::

    accounts = read_accounts("bourgogne.csv")
    population = read_population(upload_file, name="population.xlsx")

The formats (one header line, then one row per value; other columns are ignored):

- accounts: `territory,year,flow,category,value,unit`; a row whose value is empty is skipped
  (a blank cell in a spreadsheet says "not given", not zero);
- population: `territory,year,population` (average population of the year);
- GDP: `territory,year,gdp_eur`;
- trade: `origin,destination,year,category,value,unit`, categories as MF codes or NST 2007
  chapters; rows add up (one per transport mode, say), rows inside one territory are ignored;
- hierarchy: `territory,parent`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import numpy as np

from boucle.engines.mfa.categories import CATEGORY_CODES, normalise_category
from boucle.engines.mfa.errors import ProblemCollector
from boucle.engines.mfa.flows import FLOW_INDEX, FLOWS, normalise_flow
from boucle.engines.mfa.inputs import (
    ACCOUNT_COLUMNS,
    Accounts,
    Gdp,
    Population,
    Trade,
    frozen_mapping,
    index_codes,
)
from boucle.engines.mfa.nst import nst_to_mf
from boucle.engines.mfa.numbers import parse_number
from boucle.engines.mfa.tables import Row, Source, Table, read_table
from boucle.engines.mfa.territories import Hierarchy
from boucle.engines.mfa.units import UNITS, normalise_unit, to_tonnes
from boucle.engines.mfa.validation import (
    check_accounts,
    check_trade,
    insee_codes_for,
    territory_problem,
)

T = TypeVar("T")

TRADE_COLUMNS = ("origin", "destination", "year", "category", "value", "unit")
FIRST_YEAR, LAST_YEAR = 1900, 2100
_CATEGORY_INDEX = {code: i for i, code in enumerate(CATEGORY_CODES)}


class _RowReader:
    """Parses the cells of one table, recording each problem where it is."""

    def __init__(self, table: Table, problems: ProblemCollector) -> None:
        self.table = table
        self.problems = problems

    def problem(self, row: Row, column: str, message: str) -> None:
        self.problems.add(self.table.name, row.line, self.table.columns[column], message)

    def field(self, row: Row, column: str, parse: Callable[[str], T | None], what: str) -> T | None:
        text = row.cells[column]
        if not text:
            self.problem(row, column, f"the {column} is missing.")
            return None
        value = parse(text)
        if value is None:
            self.problem(row, column, f"{text!r} is not {what}.")
        return value

    def year(self, row: Row) -> int | None:
        year = self.field(row, "year", _parse_int, "a year")
        if year is not None and not FIRST_YEAR <= year <= LAST_YEAR:
            self.problem(row, "year", f"{year} is not a year between {FIRST_YEAR} and {LAST_YEAR}.")
            return None
        return year

    def mass(self, row: Row) -> tuple[float, float] | None:
        """(tonnes, rounding room in tonnes) from the value and unit columns."""
        number = self.field(row, "value", parse_number, "a number")
        unit_text = row.cells["unit"]
        unit = normalise_unit(unit_text) if unit_text else None
        if not unit_text:
            self.problem(row, "unit", f"the unit is missing: give one of {', '.join(UNITS)}.")
        elif unit is None:
            self.problem(
                row,
                "unit",
                f"{unit_text!r} is not a unit of mass the accounts take: give the value in "
                f"{', '.join(UNITS)} (mixing other units with masses would add unlike things).",
            )
        if number is None or unit is None:
            return None
        value, room = number
        return to_tonnes(value, unit), to_tonnes(room, unit)

    def territory(self, row: Row, column: str, known: frozenset[str]) -> str | None:
        code = row.cells[column]
        message = territory_problem(code, known)
        if message is not None:
            self.problem(row, column, message)
            return None
        return code


def _parse_int(text: str) -> int | None:
    number = parse_number(text)
    if number is None or not float(number[0]).is_integer():
        return None
    return int(number[0])


def read_accounts(source: Source, *, name: str | None = None) -> Accounts:
    """Accounts in long format: `territory,year,flow,category,value,unit`."""
    table = read_table(source, name=name, columns=ACCOUNT_COLUMNS)
    problems = ProblemCollector()
    reader = _RowReader(table, problems)
    known = insee_codes_for(row.cells["territory"] for row in table.rows)
    territory: list[str] = []
    year: list[int] = []
    flow: list[int] = []
    category: list[int] = []
    tonnes: list[float] = []
    room: list[float] = []
    line: list[int] = []
    for row in table.rows:
        if not row.cells["value"]:
            continue
        parsed_territory = reader.territory(row, "territory", known)
        parsed_year = reader.year(row)
        parsed_flow = reader.field(row, "flow", normalise_flow, _one_of("flow", FLOWS))
        parsed_category = reader.field(
            row, "category", normalise_category, "an EW-MFA category (MF1, MF13, MF131, TOTAL)"
        )
        mass = reader.mass(row)
        if (
            parsed_territory is None
            or parsed_year is None
            or parsed_flow is None
            or parsed_category is None
            or mass is None
        ):
            continue
        territory.append(parsed_territory)
        year.append(parsed_year)
        flow.append(FLOW_INDEX[parsed_flow])
        category.append(_CATEGORY_INDEX[parsed_category])
        tonnes.append(mass[0])
        room.append(mass[1])
        line.append(row.line)
    territories, territory_index = index_codes(territory)
    accounts = Accounts(
        source=table.name,
        territories=territories,
        territory=territory_index,
        year=np.array(year, dtype=np.int64),
        flow=np.array(flow, dtype=np.int64),
        category=np.array(category, dtype=np.int64),
        tonnes=np.array(tonnes, dtype=np.float64),
        tolerance_tonnes=np.array(room, dtype=np.float64),
        line=np.array(line, dtype=np.int64),
        columns=table.columns,
    )
    # The rows that could be read are checked too, so that one pass lists every problem.
    return check_accounts(accounts, earlier=problems.problems)


def _one_of(what: str, choices: tuple[str, ...]) -> str:
    return f"a {what} ({', '.join(choices)})"


def _read_yearly(
    source: Source, *, name: str | None, column: str, what: str
) -> tuple[str, dict[tuple[str, int], float]]:
    table = read_table(source, name=name, columns=("territory", "year", column))
    problems = ProblemCollector()
    reader = _RowReader(table, problems)
    known = insee_codes_for(row.cells["territory"] for row in table.rows)
    values: dict[tuple[str, int], float] = {}
    first_line: dict[tuple[str, int], int] = {}
    for row in table.rows:
        territory = reader.territory(row, "territory", known)
        year = reader.year(row)
        number = reader.field(row, column, parse_number, "a number")
        if territory is None or year is None or number is None:
            continue
        if number[0] <= 0:
            reader.problem(row, column, f"{what} must be positive, not {number[0]:g}.")
            continue
        key = (territory, year)
        if key in values:
            reader.problem(
                row,
                column,
                f"the {what} of {territory} in {year} is given twice: here and line "
                f"{first_line[key]}.",
            )
            continue
        values[key] = number[0]
        first_line[key] = row.line
    problems.raise_if_any()
    return table.name, values


def read_population(source: Source, *, name: str | None = None) -> Population:
    """Average population of each territory and year: `territory,year,population`."""
    file, values = _read_yearly(source, name=name, column="population", what="population")
    return Population(file, frozen_mapping(values))


def read_gdp(source: Source, *, name: str | None = None) -> Gdp:
    """GDP in euros of each territory and year: `territory,year,gdp_eur`."""
    file, values = _read_yearly(source, name=name, column="gdp_eur", what="GDP")
    return Gdp(file, frozen_mapping(values))


def read_trade(source: Source, *, name: str | None = None) -> Trade:
    """Trade between territories: `origin,destination,year,category,value,unit`."""
    table = read_table(source, name=name, columns=TRADE_COLUMNS)
    problems = ProblemCollector()
    reader = _RowReader(table, problems)
    known = insee_codes_for(
        code for row in table.rows for code in (row.cells["origin"], row.cells["destination"])
    )
    origin: list[str] = []
    destination: list[str] = []
    year: list[int] = []
    category: list[int] = []
    tonnes: list[float] = []
    for row in table.rows:
        if not row.cells["value"]:
            continue
        parsed_origin = reader.territory(row, "origin", known)
        parsed_destination = reader.territory(row, "destination", known)
        parsed_year = reader.year(row)
        parsed_category = reader.field(
            row,
            "category",
            lambda text: normalise_category(text) or nst_to_mf(text),
            "an EW-MFA category (MF1, MF131, TOTAL) or an NST 2007 chapter (NST01 to NST20)",
        )
        mass = reader.mass(row)
        if (
            parsed_origin is None
            or parsed_destination is None
            or parsed_year is None
            or parsed_category is None
            or mass is None
        ):
            continue
        if mass[0] < 0:
            reader.problem(
                row, "value", f"the value {mass[0]:g} t is negative: a mass traded cannot be."
            )
            continue
        origin.append(parsed_origin)
        destination.append(parsed_destination)
        year.append(parsed_year)
        category.append(_CATEGORY_INDEX[parsed_category])
        tonnes.append(mass[0])
    problems.raise_if_any()
    territories, indices = index_codes([*origin, *destination])
    return check_trade(
        Trade(
            source=table.name,
            territories=territories,
            origin=indices[: len(origin)].astype(np.int32),
            destination=indices[len(origin) :].astype(np.int32),
            year=np.array(year, dtype=np.int32),
            category=np.array(category, dtype=np.int16),
            tonnes=np.array(tonnes, dtype=np.float64),
        )
    )


def read_hierarchy(source: Source, *, name: str | None = None) -> Hierarchy:
    """Which territory is part of which: `territory,parent`."""
    table = read_table(source, name=name, columns=("territory", "parent"))
    problems = ProblemCollector()
    reader = _RowReader(table, problems)
    known = insee_codes_for(
        code for row in table.rows for code in (row.cells["territory"], row.cells["parent"])
    )
    parents: dict[str, str] = {}
    first_line: dict[str, int] = {}
    for row in table.rows:
        child = reader.territory(row, "territory", known)
        parent = reader.territory(row, "parent", known)
        if child is None or parent is None:
            continue
        if child == parent:
            reader.problem(row, "parent", f"{child} cannot be its own parent.")
        elif child in parents:
            reader.problem(
                row,
                "territory",
                f"{child} is given a parent twice: here and line {first_line[child]}.",
            )
        else:
            parents[child] = parent
            first_line[child] = row.line
    for child in parents:
        if _in_cycle(child, parents):
            reader.problem(
                next(r for r in table.rows if r.line == first_line[child]),
                "parent",
                f"{child} is its own ancestor: the hierarchy goes round in a circle.",
            )
    problems.raise_if_any()
    return Hierarchy(parents, source=table.name)


def _in_cycle(start: str, parents: dict[str, str]) -> bool:
    seen = {start}
    current = parents.get(start)
    while current is not None:
        if current == start:
            return True
        if current in seen:
            return False
        seen.add(current)
        current = parents.get(current)
    return False
