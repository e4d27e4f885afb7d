"""`boucle lots import` and `boucle lots export`, called in-process as the console script does."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from boucle.accounts.models import Site, User
from boucle.cli import main, subcommand_names
from boucle.marketplace import exports
from boucle.marketplace.models import Lot, LotStatus

pytestmark = pytest.mark.django_db

HEADER = "site,title,category,condition,quantity,unit_price"
GOOD = "Entrepôt de Gerland,Chaises,furniture.seating,new_packaged,10,12.50"


def lots_import(path: Path, *extra: str, email: str = "olivia@recyclerie.example") -> int:
    return main(
        [
            "lots",
            "import",
            str(path),
            "--organisation",
            "recyclerie-du-rhone",
            "--email",
            email,
            *extra,
        ]
    )


def test_the_parser_offers_import_and_export() -> None:
    assert subcommand_names()["lots"] == {"import", "export"}


def test_import_creates_the_lots_and_says_how_many(
    tmp_path: Path, owner: User, seller_site: Site, capsys: Any
) -> None:
    path = tmp_path / "lots.csv"
    path.write_text(f"{HEADER}\n{GOOD}\n{GOOD.replace('Chaises', 'Tables')}\n")

    assert lots_import(path, "--publish") == 0

    assert "2 lots created (published) for Recyclerie du Rhône." in capsys.readouterr().out
    assert set(Lot.objects.values_list("status", flat=True)) == {LotStatus.PUBLISHED}


def test_import_prints_every_problem_and_creates_nothing(
    tmp_path: Path, owner: User, seller_site: Site, capsys: Any
) -> None:
    path = tmp_path / "lots.csv"
    path.write_text(
        f"{HEADER}\n{GOOD}\n"
        "Entrepôt de Gerland,Tables,meubles,new_packaged,0,12.50\n"
        "Entrepôt de Gerland,Bancs,furniture,new_packaged,3,douze\n"
    )

    assert lots_import(path) == 1

    errors = capsys.readouterr().err.splitlines()
    assert errors == [
        "error: line 3, column category: Unknown category “meubles”: use a code of the "
        "template's category list.",
        "error: line 3, column quantity: Ensure this value is greater than or equal to 1.",
        "error: line 4, column unit_price: “douze” is not a number: write it like 12.50 or 12,50.",
    ]
    assert not Lot.objects.exists()


def test_import_refuses_a_person_outside_the_organisation(
    tmp_path: Path, outsider: User, seller_site: Site, capsys: Any
) -> None:
    path = tmp_path / "lots.csv"
    path.write_text(f"{HEADER}\n{GOOD}\n")

    assert lots_import(path, email=outsider.email) == 1

    assert "not a member" in capsys.readouterr().err
    assert not Lot.objects.exists()


def test_import_names_a_missing_file(tmp_path: Path, owner: User, capsys: Any) -> None:
    assert lots_import(tmp_path / "nowhere.csv") == 1
    assert capsys.readouterr().err.startswith("error: file: No such file or directory")


def test_export_writes_the_lots_and_the_orders(tmp_path: Path, lot: Lot, capsys: Any) -> None:
    csv_path = tmp_path / "lots.csv"
    argv = ["lots", "export", "--organisation", "recyclerie-du-rhone", "--format"]
    assert main([*argv, "csv", "--output", str(csv_path)]) == 0
    text = csv_path.read_text(encoding="utf-8-sig")
    assert text.splitlines()[0] == ";".join(exports.LOT_EXPORT_COLUMNS)
    assert ";Chaises de bureau ergonomiques;" in text

    xlsx_path = tmp_path / "orders.xlsx"
    assert main([*argv, "xlsx", "--orders", "--output", str(xlsx_path)]) == 0
    sheet = load_workbook(io.BytesIO(xlsx_path.read_bytes())).worksheets[0]
    assert [cell.value for cell in sheet[1]] == list(exports.ORDER_EXPORT_COLUMNS)
    assert sheet.max_row == 1  # no order yet


def test_export_names_an_unknown_organisation(capsys: Any, db: None) -> None:
    code = main(["lots", "export", "--organisation", "nobody", "--format", "csv", "--output", "-"])

    assert code == 1
    assert capsys.readouterr().err == "error: organisation: No organisation is named 'nobody'.\n"
