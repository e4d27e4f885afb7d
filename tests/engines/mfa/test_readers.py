"""Reading accounts and the other inputs from CSV and XLSX files."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import Workbook

from boucle.engines.mfa import (
    MfaInputError,
    read_accounts,
    read_gdp,
    read_hierarchy,
    read_population,
    read_trade,
)

from .helpers import accounts, csv_text, hierarchy


def entries(text: str) -> list[tuple[str, int, str, str, float]]:
    return accounts(text).entries()


def test_it_reads_long_format_accounts_and_converts_units_to_tonnes() -> None:
    assert entries(
        """
        DEP:21,2010,DE,MF11,1.5,Mt
        DEP:21,2010,DE,MF13,250,kt
        DEP:21,2010,IMP_INT,MF4,75,t
        """
    ) == [
        ("DEP:21", 2010, "DE", "MF11", 1_500_000.0),
        ("DEP:21", 2010, "DE", "MF13", 250_000.0),
        ("DEP:21", 2010, "IMP_INT", "MF4", 75.0),
    ]


def test_units_may_be_mixed_within_one_series() -> None:
    result = entries(
        """
        DEP:21,2010,DE,MF1,1,Mt
        DEP:21,2010,DE,MF11,600,kt
        DEP:21,2010,DE,MF13,400000,t
        """
    )

    assert [tonnes for *_, tonnes in result] == [1e6, 6e5, 4e5]


def test_a_french_spreadsheet_export_is_read_semicolons_and_decimal_commas() -> None:
    text = "Territory;Year;Flow;Category;Value;Unit\nDEP:21;2010;DE;MF1.1;1 234,5;kt\n"

    result = read_accounts(io.BytesIO(text.encode("cp1252")), name="export.csv")

    assert result.entries() == [("DEP:21", 2010, "DE", "MF11", 1_234_500.0)]


def test_a_row_with_an_empty_value_is_not_given_rather_than_zero() -> None:
    result = entries(
        """
        DEP:21,2010,DE,MF11,,kt
        DEP:21,2010,DE,MF13,0,kt
        """
    )

    assert result == [("DEP:21", 2010, "DE", "MF13", 0.0)]


def test_it_reads_a_file_by_path_and_names_it_in_errors(tmp_path: Path) -> None:
    path = tmp_path / "mine.csv"
    path.write_text("territory,year,flow,category,value,unit\nDEP:21,2010,DE,MF1,x,kt\n")

    with pytest.raises(MfaInputError) as caught:
        read_accounts(path)

    assert [str(p) for p in caught.value.errors] == ["mine.csv:2:value: 'x' is not a number."]


def test_a_missing_column_is_named() -> None:
    with pytest.raises(MfaInputError) as caught:
        read_accounts(csv_text("territory,year,flow,category,value\nDEP:21,2010,DE,MF1,1\n"))

    (problem,) = caught.value.errors
    assert problem.line == 1
    assert "missing: unit" in problem.message


def test_it_reads_an_xlsx_workbook_with_rows_as_lines(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["territory", "year", "flow", "category", "value", "unit"])
    sheet.append(["DEP:21", 2010, "DE", "MF11", 1.25, "Mt"])
    sheet.append(["DEP:21", 2010, "DE", "MF16", 3, "kt"])  # extraction of a product: refused
    path = tmp_path / "accounts.xlsx"
    workbook.save(path)

    with pytest.raises(MfaInputError) as caught:
        read_accounts(path)

    (problem,) = caught.value.errors
    assert (problem.file, problem.line, problem.column) == ("accounts.xlsx", 3, "category")


def test_an_xlsx_upload_is_recognised_by_its_content(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Territory", "Year", "Flow", "Category", "Value", "Unit"])
    sheet.append(["DEP:21", 2010, "DE", "MF11", 1.25, "Mt"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)

    result = read_accounts(buffer, name="upload")

    assert result.entries() == [("DEP:21", 2010, "DE", "MF11", 1_250_000.0)]


def test_a_damaged_xlsx_is_refused_with_its_name() -> None:
    with pytest.raises(MfaInputError) as caught:
        read_accounts(io.BytesIO(b"PK\x03\x04 not really"), name="broken.xlsx")

    assert caught.value.errors[0].file == "broken.xlsx"


def test_population_and_gdp_are_read_per_territory_and_year() -> None:
    population = read_population(csv_text("territory,year,population\nDEP:21,2010,530000\n"))
    gdp = read_gdp(csv_text("territory,year,gdp_eur\nDEP:21,2010,1.5e10\n"))

    assert population.get("DEP:21", 2010) == 530_000
    assert gdp.get("DEP:21", 2010) == 1.5e10
    assert gdp.get("DEP:21", 2011) is None


def test_a_population_given_twice_or_not_positive_is_refused() -> None:
    text = "territory,year,population\nDEP:21,2010,530000\nDEP:21,2010,1\nDEP:58,2010,-3\n"

    with pytest.raises(MfaInputError) as caught:
        read_population(csv_text(text), name="pop.csv")

    assert [(p.line, p.column) for p in caught.value.errors] == [
        (3, "population"),
        (4, "population"),
    ]


def test_trade_rows_add_up_and_may_use_nst_chapters() -> None:
    table = read_trade(
        csv_text(
            "origin,destination,year,category,value,unit\n"
            "DEP:21,DEP:58,2010,NST01,1,kt\n"
            "DEP:21,DEP:58,2010,NST01,2,kt\n"
        )
    )

    assert list(table.tonnes) == [1000.0, 2000.0]
    assert table.territories == ("DEP:21", "DEP:58")


def test_a_hierarchy_that_goes_round_in_a_circle_is_refused() -> None:
    with pytest.raises(MfaInputError) as caught:
        hierarchy("A,B\nB,C\nC,A\nD,D\n")

    messages = [p.message for p in caught.value.errors]
    assert "D cannot be its own parent." in messages
    assert sum("goes round in a circle" in m for m in messages) == 3


def test_a_hierarchy_may_hang_user_territories_under_built_in_ones() -> None:
    tree = read_hierarchy(csv_text("territory,parent\nDIJON-METROPOLE,DEP:21\n"))

    assert tree.ancestors_of("DIJON-METROPOLE") == ("DEP:21",)
