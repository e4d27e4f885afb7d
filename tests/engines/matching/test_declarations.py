"""Reading offers and needs: codes normalised, every bad cell named by file, line and column."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from boucle.engines.matching import MatchingInputError, read_declarations
from boucle.engines.matching.declarations import normalise_ewc, normalise_nace

from .helpers import HEADER


def write(tmp_path: Path, *rows: str, header: str = HEADER) -> Path:
    path = tmp_path / "offers.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def test_it_reads_a_declaration_with_codes_normalised(tmp_path: Path) -> None:
    path = write(
        tmp_path, "o1,Centrale Nord,3511Z,material,10 01 05,Gypse DSG,80000,tonnes,year,49.9,2.3"
    )

    (offer,) = read_declarations(path, "offer")

    assert offer.id == "o1"
    assert offer.nace == "35.11"
    assert offer.ewc == "100105"
    assert not offer.ewc_hazardous
    assert (offer.quantity, offer.unit, offer.period) == (80000.0, "t", "year")
    assert (offer.lat, offer.lon) == (49.9, 2.3)
    assert offer.line == 2


def test_only_id_and_description_are_required(tmp_path: Path) -> None:
    path = write(tmp_path, "n1,chaleur pour serres", header="id,description")

    (need,) = read_declarations(path, "need")

    assert need.kind is None
    assert need.lat is None
    assert need.quantity is None


def test_every_bad_cell_is_reported_with_its_line_and_column(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "o1,A,35.11,plasma,10 01 05,x,10,t,year,49,2",
        "o2,B,3X,material,1001O5,x,-3,t,fortnight,49,",
        "o3,C,,material,,x,10,tons/h,year,95,200",
        "o1,D,,material,,x,,,,,",
        "o4,E,,material,,x,5,,year,,",
    )

    with pytest.raises(MatchingInputError) as caught:
        read_declarations(path, "offer")

    found = {(p.line, p.column) for p in caught.value.errors}
    assert found == {
        (2, "kind"),
        (3, "nace"),
        (3, "ewc"),
        (3, "quantity"),
        (3, "period"),
        (3, "lon"),
        (4, "unit"),
        (4, "lat"),
        (4, "lon"),
        (5, "id"),
        (6, "unit"),
    }
    messages = [str(p) for p in caught.value.errors]
    assert f"{path}:2:kind: unknown kind 'plasma'" in messages[0]
    assert any("duplicate id 'o1' (first on line 2)" in m for m in messages)
    assert any("lat is given without lon" in m for m in messages)
    assert any("the latitude 95 is outside -90..90" in m for m in messages)


def test_a_missing_required_column_is_reported_on_the_header(tmp_path: Path) -> None:
    path = write(tmp_path, "o1,10", header="id,quantity")

    with pytest.raises(MatchingInputError) as caught:
        read_declarations(path)

    assert [str(p) for p in caught.value.errors] == [
        f"{path}:1:description: the column 'description' is missing"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10 01 05", ("100105", False)),
        ("100105", ("100105", False)),
        ("13 02 05*", ("130205", True)),
        ("16.06.01 *", ("160601", True)),
        ("10 01", ("1001", False)),
        ("1001051", None),
        ("AB 01 05", None),
    ],
)
def test_ewc_codes(text: str, expected: tuple[str, bool] | None) -> None:
    assert normalise_ewc(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("35.11", "35.11"), ("3511Z", "35.11"), ("35.11Z", "35.11"), ("23", "23"), ("3", None)],
)
def test_nace_codes(text: str, expected: str | None) -> None:
    assert normalise_nace(text) == expected


def test_a_semicolon_separated_file_with_decimal_commas_is_read(tmp_path: Path) -> None:
    # What a French Excel writes as "CSV (séparateur : point-virgule)".
    path = tmp_path / "offres.csv"
    path.write_text(
        "id;description;quantity;unit;period;lat;lon\n"
        "o1;Sciure de chêne, sèche;12,5;t;year;50,9512;2,1334\n",
        encoding="utf-8",
    )

    (offer,) = read_declarations(path, "offer")

    assert offer.description == "Sciure de chêne, sèche"
    assert (offer.quantity, offer.lat, offer.lon) == (12.5, 50.9512, 2.1334)


def test_a_french_decimal_comma_is_read_in_a_comma_separated_file(tmp_path: Path) -> None:
    path = write(tmp_path, 'o1,A,,material,,sciure,"12,5",t,year,"50,95",2.13')

    (offer,) = read_declarations(path, "offer")

    assert (offer.quantity, offer.lat) == (12.5, 50.95)


def test_thousands_separators_are_refused_rather_than_guessed(tmp_path: Path) -> None:
    path = write(tmp_path, 'o1,A,,material,,sciure,"1,200.5",t,year,,')

    with pytest.raises(MatchingInputError) as caught:
        read_declarations(path, "offer")

    assert [str(p) for p in caught.value.errors] == [
        f"{path}:2:quantity: '1,200.5' is not a number: write it without thousands "
        "separators, such as 1200.5 or 1200,5"
    ]


def test_a_windows_1252_file_is_read(tmp_path: Path) -> None:
    # What a French Excel writes as plain "CSV": accents in Windows-1252, not UTF-8.
    path = tmp_path / "offres.csv"
    path.write_bytes("id;description\no1;Sciure de chêne\n".encode("cp1252"))

    (offer,) = read_declarations(path, "offer")

    assert offer.description == "Sciure de chêne"


def test_a_file_that_is_not_csv_text_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "offres.csv"
    path.write_bytes(b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00b\xee\x9dh^\x01")

    with pytest.raises(MatchingInputError) as caught:
        read_declarations(path, "offer")

    assert [str(p) for p in caught.value.errors] == [
        f"{path}: this is not a CSV text file (a spreadsheet? save it as CSV UTF-8)"
    ]


def test_a_row_with_one_cell_says_cell_in_the_singular(tmp_path: Path) -> None:
    path = write(tmp_path, "o1", header="id,description")

    with pytest.raises(MatchingInputError) as caught:
        read_declarations(path, "offer")

    assert [p.message for p in caught.value.errors] == ["1 cell where the header has 2"]


def test_kinds_units_and_periods_are_read_in_french_too(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "o1,A,,Matière,,x,1,tonnes,an,,",
        "o2,A,,énergie,,x,1,kWh,mois,,",
        "o3,A,,equipement,,x,1,unités,semaine,,",
        "o4,A,,Logistique,,x,1,palettes,jour,,",
        "o5,A,,espace,,x,1,t,une fois,,",
        "o6,A,,eau,,x,1,m3,par an,,",
    )

    read = [(d.kind, d.unit, d.period) for d in read_declarations(path, "offer")]

    assert read == [
        ("material", "t", "year"),
        ("energy", "kWh", "month"),
        ("equipment", "unit", "week"),
        ("logistics", "pallet", "day"),
        ("space", "t", "once"),
        ("water", "m3", "year"),
    ]


def test_a_number_written_the_french_way_with_thousands_gets_the_same_advice(
    tmp_path: Path,
) -> None:
    path = tmp_path / "offres.csv"
    path.write_text("id;description;quantity;unit\no1;sciure;1.200,5;t\n", encoding="utf-8")

    with pytest.raises(MatchingInputError) as caught:
        read_declarations(path, "offer")

    assert caught.value.errors[0].message.endswith("such as 1200.5 or 1200,5")


def test_an_unknown_column_close_to_a_known_one_is_refused_with_a_suggestion(
    tmp_path: Path,
) -> None:
    path = write(tmp_path, "o1,sciure,12,x@y.fr", header="id,description,quantite,contact")

    with pytest.raises(MatchingInputError) as caught:
        read_declarations(path, "offer")

    assert [p.message for p in caught.value.errors] == [
        "unknown column 'contact': delete or rename it (known: id, organisation, nace, kind, "
        "ewc, description, quantity, unit, period, lat, lon, max_km)",
        "unknown column 'quantite': did you mean 'quantity'?",
    ]


def test_ewc_codes_written_with_dashes_are_read() -> None:
    assert normalise_ewc("10-01-05") == ("100105", False)


def test_a_column_named_twice_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "o1,sciure,copeaux", header="id,description,description")

    with pytest.raises(MatchingInputError) as caught:
        read_declarations(path, "offer")

    assert [str(p) for p in caught.value.errors] == [
        f"{path}:1:description: the column 'description' is named twice"
    ]


def test_columns_without_a_name_are_ignored(tmp_path: Path) -> None:
    # A spreadsheet saves the empty columns to the right of a table with empty names.
    path = tmp_path / "offres.csv"
    path.write_text("id;description;;\no1;sciure;;\n", encoding="utf-8")

    (offer,) = read_declarations(path, "offer")

    assert offer.description == "sciure"


def test_a_cell_too_long_for_csv_is_an_error_naming_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, "o1,sciure", f"o2,{'x' * 200_000}", header="id,description")
    # The limit is process-wide, and another engine raises it when it is imported.
    limit = csv.field_size_limit(131_072)
    try:
        with pytest.raises(MatchingInputError) as caught:
            read_declarations(path, "offer")
    finally:
        csv.field_size_limit(limit)

    (problem,) = caught.value.errors
    assert (problem.line, problem.column) == (3, None)
    assert problem.message.startswith("this line is not valid CSV")


def test_a_row_spanning_two_lines_is_reported_on_its_first(tmp_path: Path) -> None:
    path = write(tmp_path, 'o1,"sciure\nde chêne",plasma', "o2,x,", header="id,description,kind")

    with pytest.raises(MatchingInputError) as caught:
        read_declarations(path, "offer")

    assert [(p.line, p.column) for p in caught.value.errors] == [(2, "kind")]


def test_a_file_of_blank_lines_is_empty_and_a_header_below_a_blank_line_is_said(
    tmp_path: Path,
) -> None:
    blank, late = tmp_path / "blank.csv", tmp_path / "late.csv"
    blank.write_text("\n \n", encoding="utf-8")
    late.write_text("\nid,description\no1,sciure\n", encoding="utf-8")

    messages = []
    for path in (blank, late):
        with pytest.raises(MatchingInputError) as caught:
            read_declarations(path, "offer")
        messages += [str(p) for p in caught.value.errors]

    assert messages == [
        f"{blank}: the file is empty",
        f"{late}:1: the first line is empty: the header must be on line 1",
    ]


def test_a_declaration_that_says_nothing_of_what_it_is_is_refused(tmp_path: Path) -> None:
    # An EWC code alone says what it is; an empty description without one does not.
    path = write(tmp_path, "o1,,10 01 02", "o2,,", header="id,description,ewc")

    with pytest.raises(MatchingInputError) as caught:
        read_declarations(path, "offer")

    assert [str(p) for p in caught.value.errors] == [
        f"{path}:3:description: the description is empty and no EWC code says what it is"
    ]


def test_a_unicode_text_export_utf16_with_tabs_is_read(tmp_path: Path) -> None:
    # What Excel writes as "Texte Unicode (*.txt)": UTF-16 with a BOM, cells separated by tabs.
    path = tmp_path / "offres.txt"
    path.write_bytes(
        "id\tdescription\tquantity\tunit\no1\tSciure de chêne\t12,5\tt\n".encode("utf-16")
    )

    (offer,) = read_declarations(path, "offer")

    assert (offer.description, offer.quantity) == ("Sciure de chêne", 12.5)


def test_a_row_with_more_cells_than_the_header_suggests_quoting_and_trailing_empties_pass(
    tmp_path: Path,
) -> None:
    path = write(tmp_path, "o1,Cendres, sèches", "o2,sciure,,", header="id,description")

    with pytest.raises(MatchingInputError) as caught:
        read_declarations(path, "offer")

    assert [str(p) for p in caught.value.errors] == [
        f"{path}:2: 3 cells where the header has 2 (a comma inside a description? put the "
        'description in double quotes: "Cendres, sèches")'
    ]
