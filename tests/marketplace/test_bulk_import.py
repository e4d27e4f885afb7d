"""Importing lots from CSV and XLSX files: all or nothing, each problem with its line and column."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from boucle.accounts.models import Organisation, Site, User, VerificationStatus
from boucle.audit.models import AuditAction, AuditEvent
from boucle.core.errors import ServiceError
from boucle.marketplace import exports
from boucle.marketplace.models import Lot, LotStatus
from boucle.marketplace.services import bulk
from boucle.marketplace.services.bulk import LotsImportError, lots_import
from tests.marketplace.conftest import make_site

pytestmark = pytest.mark.django_db

NEXT_YEAR = timezone.localdate().year + 1
HEADER = "site,title,category,condition,quantity,unit_price,vat_rate,weight_kg,available_until"
CHAIRS = (
    "Entrepôt de Gerland,Chaises de bureau,furniture.seating,new_packaged,10,12.50,20,14.5,"
    f"{NEXT_YEAR}-06-30"
)
DESKS = f"Entrepôt de Gerland,Bureaux,furniture,used_good,4,80,20.0,30,{NEXT_YEAR}-06-30"


def upload(content: str | bytes, name: str = "lots.csv") -> SimpleUploadedFile:
    data = content.encode("utf-8") if isinstance(content, str) else content
    return SimpleUploadedFile(name, data)


def run(owner: User, content: str | bytes, name: str = "lots.csv", **kwargs: Any) -> Any:
    company = owner.memberships.get().organisation
    return lots_import(
        actor=owner, organisation=company, upload=upload(content, name), filename=name, **kwargs
    )


def problems_of(owner: User, content: str | bytes, name: str = "lots.csv") -> list[tuple]:
    with pytest.raises(LotsImportError) as caught:
        run(owner, content, name)
    assert not Lot.objects.exists()
    return [(p.line, p.column) for p in caught.value.errors]


def xlsx_bytes(rows: list[list[Any]], title: str = "Lots") -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# Good files


def test_a_comma_separated_file_creates_one_draft_per_row(owner: User, seller_site: Site) -> None:
    result = run(owner, f"{HEADER}\n{CHAIRS}\n{DESKS}\n")

    assert result.count == 2
    chairs, desks = Lot.objects.order_by("id")
    assert (chairs.title, chairs.status, chairs.site) == (
        "Chaises de bureau",
        LotStatus.DRAFT,
        seller_site,
    )
    assert chairs.category.code == "furniture.seating"
    assert (chairs.quantity, chairs.quantity_available) == (10, 10)
    assert chairs.unit_price == Decimal("12.50")
    assert chairs.weight_kg == Decimal("14.5")
    assert chairs.available_until == date(NEXT_YEAR, 6, 30)
    assert (desks.vat_rate, desks.pickup, desks.delivery) == ("20.0", True, False)
    event = AuditEvent.objects.get(action=AuditAction.LOTS_IMPORTED)
    assert event.details == {"count": 2, "published": False}
    assert event.actor == owner


def test_a_french_excel_file_with_bom_semicolons_and_decimal_commas_is_read(
    owner: User, seller_site: Site
) -> None:
    content = (
        "\ufeffsite;title;category;condition;quantity;unit_price;vat_rate;weight_kg;"
        "available_until;is_free;delivery\r\n"
        "Entrepôt de Gerland;Chaises, dossier réglable;furniture.seating;new_packaged;"
        "1 200;12,50;5,5;0,75;31/12/" + str(NEXT_YEAR) + ";non;oui\r\n"
    )
    run(owner, content)

    lot = Lot.objects.get()
    assert lot.title == "Chaises, dossier réglable"
    assert lot.quantity == 1200
    assert (lot.unit_price, lot.vat_rate, lot.weight_kg) == (
        Decimal("12.50"),
        "5.5",
        Decimal("0.750"),
    )
    assert lot.available_until == date(NEXT_YEAR, 12, 31)
    assert (lot.is_free, lot.delivery) == (False, True)


def test_a_windows_1252_file_keeps_its_accents(owner: User, seller_site: Site) -> None:
    content = f"{HEADER}\n{CHAIRS.replace('Chaises', 'Chaises réglées')}\n"
    run(owner, content.encode("cp1252"))

    assert Lot.objects.get().title == "Chaises réglées de bureau"


def test_an_xlsx_file_with_typed_cells_is_read(owner: User, seller_site: Site) -> None:
    rows = [
        HEADER.split(","),
        [
            "Entrepôt de Gerland",
            "Chaises",
            "furniture.seating",
            "new_packaged",
            10,
            12.5,
            0.2,
            14.5,
            date(NEXT_YEAR, 6, 30),
        ],
    ]
    run(owner, xlsx_bytes(rows), "lots.xlsx")

    lot = Lot.objects.get()
    assert (lot.quantity, lot.unit_price, lot.vat_rate) == (10, Decimal("12.50"), "20.0")
    assert lot.available_until == date(NEXT_YEAR, 6, 30)


def test_the_filled_xlsx_template_imports(
    owner: User, company: Organisation, seller_site: Site
) -> None:
    workbook = load_workbook(io.BytesIO(exports.lots_template_xlsx(company)))
    sheet = workbook["Lots"]
    header = [cell.value for cell in sheet[1]]
    values = {
        "site": seller_site.name,
        "title": "Étagères",
        "category": "furniture.storage",
        "condition": "used_fair",
        "quantity": 3,
        "is_free": "yes",
        "pickup": "yes",
    }
    sheet.append([values.get(name) for name in header])
    buffer = io.BytesIO()
    workbook.save(buffer)

    run(owner, buffer.getvalue(), "lots-template.xlsx")

    lot = Lot.objects.get()
    assert (lot.title, lot.is_free, lot.unit_price) == ("Étagères", True, None)


def test_the_site_column_may_be_left_out_when_there_is_one_site(
    owner: User, seller_site: Site
) -> None:
    run(owner, "title,category,condition,quantity\nChaises,furniture.seating,used_good,2\n")

    assert Lot.objects.get().site == seller_site


def test_a_hire_offer_imports_with_its_day_price(owner: User, seller_site: Site) -> None:
    run(
        owner,
        "offer_type,title,category,condition,quantity,hire_price_per_day,deposit\n"
        'hire,Nacelle,industrial,used_good,1,"95,00",500\n',
    )

    lot = Lot.objects.get()
    assert (lot.offer_type, lot.hire_price_per_day, lot.deposit) == (
        "hire",
        Decimal("95.00"),
        Decimal("500"),
    )


def test_publish_on_import_shows_the_lots(owner: User, seller_site: Site) -> None:
    result = run(owner, f"{HEADER}\n{CHAIRS}\n{DESKS}\n", publish=True)

    assert result.published
    assert {lot.status for lot in result.lots} == {LotStatus.PUBLISHED}
    assert set(Lot.objects.values_list("status", flat=True)) == {LotStatus.PUBLISHED}
    assert AuditEvent.objects.filter(action=AuditAction.LOT_PUBLISHED).count() == 2


# Bad rows: every problem, with its line and column, and nothing created


def test_every_problem_of_every_row_is_reported_and_nothing_is_created(
    owner: User, seller_site: Site
) -> None:
    content = "\n".join(
        [
            "site,title,category,condition,quantity,min_order_quantity,unit_price,is_free,"
            "available_until,pickup,delivery",
            "Entrepôt de Gerland,Chaises,furniture.seating,new_packaged,10,1,12.50,no,"
            f"{NEXT_YEAR}-01-01,yes,no",
            "Entrepôt de Gerland,,no-such-category,new_packaged,0,1,12.505,maybe,31/02/2027,yes,no",
            "Atelier inconnu,Tables,furniture,brand_new,dix,1,12.50,no,,yes,no",
            "Entrepôt de Gerland,Bancs,furniture,used_good,5,6,10,no,,yes,no",
            "Entrepôt de Gerland,Lampes,furniture,used_good,5,1,10,no,,no,no",
            f"Entrepôt de Gerland,{'x' * 151},furniture,used_good,5,1,10.00,no,,yes,no",
        ]
    )

    assert problems_of(owner, content) == [
        (3, "title"),
        (3, "category"),
        (3, "quantity"),
        (3, "unit_price"),
        (3, "is_free"),
        (3, "available_until"),
        (4, "site"),
        (4, "condition"),
        (4, "quantity"),
        (5, "min_order_quantity"),  # a rule across fields, checked by lot_create
        (6, "pickup"),
        (7, "title"),
    ]


def test_the_messages_say_what_is_wrong(owner: User, seller_site: Site) -> None:
    content = f'{HEADER}\nEntrepôt de Gerland,Chaises,chairs,new,10,"12,505",19.6,1,soon\n'
    with pytest.raises(LotsImportError) as caught:
        run(owner, content)

    messages = {p.column: p.message for p in caught.value.errors}
    assert "Unknown category “chairs”" in messages["category"]
    assert "new_packaged" in messages["condition"]
    assert "2 decimal places" in messages["unit_price"]
    assert "20, 10, 5.5, 2.1, 0" in messages["vat_rate"]
    assert "YYYY-MM-DD" in messages["available_until"]
    assert str(caught.value.errors[0]).startswith("line 2, column category: ")
    assert caught.value.errors[0].letter == "C"


def test_line_numbers_are_those_a_spreadsheet_shows(owner: User, seller_site: Site) -> None:
    # A blank row still counts; a quoted cell over two lines is one spreadsheet row.
    content = (
        "title,description,category,condition,quantity\n"
        'Chaises,"Deux lignes\nde description",furniture.seating,used_good,2\n'
        "\n"
        "Tables,,furniture,used_good,0\n"
    )
    assert problems_of(owner, content) == [(4, "quantity")]


def test_a_publish_refusal_is_reported_on_its_row_and_nothing_is_kept(
    owner: User, seller_site: Site
) -> None:
    content = f"{HEADER}\n{CHAIRS}\n{DESKS.replace(',80,', ',,')}\n"
    with pytest.raises(LotsImportError) as caught:
        run(owner, content, publish=True)

    assert [(p.line, p.column) for p in caught.value.errors] == [(3, "unit_price")]
    assert not Lot.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditAction.LOTS_IMPORTED).exists()


# Bad files


@pytest.mark.parametrize(
    ("content", "name", "expected"),
    [
        ("", "lots.csv", "The file is empty."),
        ("\n\n", "lots.csv", "The file is empty."),
        ("title,category,condition,quantity\n", "lots.csv", "no lot below it"),
        (b"title,category\n\x81\x8d\x8f,x\n", "lots.csv", "not readable text"),
        (b"PK\x03\x04garbage", "lots.xlsx", "not a readable Excel workbook"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "lots.xls", "Old Excel files (.xls)"),
    ],
)
def test_an_unreadable_file_is_refused_clearly(
    owner: User, seller_site: Site, content: str | bytes, name: str, expected: str
) -> None:
    with pytest.raises(LotsImportError) as caught:
        run(owner, content, name)
    assert expected in caught.value.errors[0].message


def test_unknown_duplicate_and_missing_columns_are_named(owner: User, seller_site: Site) -> None:
    content = "title,colour,title,quantity\nChaises,red,Chaises,2\n"
    with pytest.raises(LotsImportError) as caught:
        run(owner, content)

    found = [(p.line, p.column, p.letter) for p in caught.value.errors]
    assert found == [(1, "colour", "B"), (1, "title", "C"), (1, None, "")]
    assert "category, condition" in caught.value.errors[-1].message


def test_a_value_outside_the_named_columns_is_reported(owner: User, seller_site: Site) -> None:
    content = "title,category,condition,quantity\nChaises,furniture,used_good,2,oops\n"
    assert problems_of(owner, content) == [(2, "E")]


def test_too_many_rows_or_bytes_are_refused(
    owner: User, seller_site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bulk, "MAX_IMPORT_ROWS", 2)
    content = f"{HEADER}\n{CHAIRS}\n{CHAIRS}\n{CHAIRS}\n"
    with pytest.raises(LotsImportError) as caught:
        run(owner, content)
    assert "more than 2 lots" in caught.value.errors[0].message

    monkeypatch.setattr(bulk, "MAX_IMPORT_BYTES", 100)
    with pytest.raises(LotsImportError) as caught:
        run(owner, content)
    assert "larger than" in caught.value.errors[0].message
    assert not Lot.objects.exists()


def test_several_sites_need_the_site_column(
    owner: User, company: Organisation, seller_site: Site
) -> None:
    make_site(company, "69266", "Boutique")
    assert problems_of(
        owner, "title,category,condition,quantity\nChaises,furniture,used_good,2\n"
    ) == [(2, None)]


def test_an_outsider_cannot_import_into_a_company(
    outsider: User, company: Organisation, seller_site: Site
) -> None:
    with pytest.raises(ServiceError):
        lots_import(
            actor=outsider,
            organisation=company,
            upload=upload(f"{HEADER}\n{CHAIRS}\n"),
            filename="lots.csv",
        )
    assert not Lot.objects.exists()


def test_publishing_on_import_needs_a_verified_seller(
    owner: User, company: Organisation, seller_site: Site
) -> None:
    company.verification_status = VerificationStatus.PENDING
    company.save()
    with pytest.raises(ServiceError) as caught:
        run(owner, f"{HEADER}\n{CHAIRS}\n", publish=True)
    assert "not verified" in caught.value.message
    assert not Lot.objects.exists()


# The page


def test_the_import_page_offers_both_templates(owner_client: Client, seller_site: Site) -> None:
    response = owner_client.get("/o/recyclerie-du-rhone/lots/import/")

    assert response.status_code == 200
    body = response.content.decode()
    assert "/o/recyclerie-du-rhone/lots/import/template.xlsx" in body
    assert "/o/recyclerie-du-rhone/lots/import/template.csv" in body
    assert "furniture.seating" in body


def test_the_page_imports_and_sends_to_the_lots(owner_client: Client, seller_site: Site) -> None:
    response = owner_client.post(
        "/o/recyclerie-du-rhone/lots/import/",
        {"file": upload(f"{HEADER}\n{CHAIRS}\n{DESKS}\n")},
    )

    assert response.status_code == 302
    assert response["Location"] == "/o/recyclerie-du-rhone/lots/"
    assert Lot.objects.count() == 2
    page = owner_client.get("/o/recyclerie-du-rhone/lots/import/")
    assert "2 lots imported as drafts" in page.content.decode()


def test_the_page_lists_every_problem_and_imports_nothing(
    owner_client: Client, seller_site: Site
) -> None:
    content = (
        f"{HEADER}\n{CHAIRS.replace(',10,', ',0,')}\n{DESKS.replace('furniture', 'meubles')}\n"
    )
    response = owner_client.post("/o/recyclerie-du-rhone/lots/import/", {"file": upload(content)})

    assert response.status_code == 200
    body = response.content.decode()
    assert body.count('data-testid="problem"') == 2
    assert "<code>quantity</code>" in body
    assert "Unknown category “meubles”" in body
    assert not Lot.objects.exists()


def test_the_page_refuses_a_file_of_another_kind(owner_client: Client, seller_site: Site) -> None:
    response = owner_client.post(
        "/o/recyclerie-du-rhone/lots/import/", {"file": upload(b"%PDF-1.4", "lots.pdf")}
    )
    assert response.status_code == 200
    assert not Lot.objects.exists()
    assert "pdf" in response.content.decode()


def test_the_template_downloads(owner_client: Client, seller_site: Site) -> None:
    csv_response = owner_client.get("/o/recyclerie-du-rhone/lots/import/template.csv")
    text = csv_response.content.decode("utf-8")
    assert text.startswith("\ufeffsite;offer_type;title;")
    assert "attachment" in csv_response["Content-Disposition"]

    xlsx = owner_client.get("/o/recyclerie-du-rhone/lots/import/template.xlsx")
    workbook = load_workbook(io.BytesIO(xlsx.content))
    assert workbook.sheetnames == ["Lots", "Help", "Categories", "Sites"]
    assert [c.value for c in workbook["Lots"][1]] == list(bulk.IMPORT_COLUMNS)
    help_rows = {row[0]: row for row in workbook["Help"].iter_rows(values_only=True) if row[0]}
    assert "new_packaged" in help_rows["condition"][3]
    assert "YYYY-MM-DD" in help_rows["available_until"][3]
    assert workbook["Sites"]["A2"].value == "Entrepôt de Gerland"
    lists = workbook["Lots"].data_validations.dataValidation
    validations = {str(dv.sqref): dv.formula1 for dv in lists}
    assert "new_packaged" in validations["G2:G5001"]  # condition
    assert validations["E2:E5001"].startswith("'Categories'!$A$2:$A$")


@pytest.mark.parametrize(
    "path",
    [
        "/o/recyclerie-du-rhone/lots/import/",
        "/o/recyclerie-du-rhone/lots/import/template.xlsx",
        "/o/recyclerie-du-rhone/lots/export.csv",
        "/o/recyclerie-du-rhone/orders/export.xlsx",
    ],
)
def test_outsiders_get_404_and_members_may_use_the_pages(
    outsider_client: Client, member_client: Client, seller_site: Site, path: str
) -> None:
    assert outsider_client.get(path).status_code == 404
    assert member_client.get(path).status_code == 200
    assert Client().get(path).status_code == 302  # to the login page


def test_an_unknown_format_is_not_found(owner_client: Client, seller_site: Site) -> None:
    assert owner_client.get("/o/recyclerie-du-rhone/lots/export.pdf").status_code == 404
    assert owner_client.get("/o/recyclerie-du-rhone/lots/import/template.ods").status_code == 404


def test_an_outsider_cannot_post_a_file(outsider_client: Client, seller_site: Site) -> None:
    response = outsider_client.post(
        "/o/recyclerie-du-rhone/lots/import/", {"file": upload(f"{HEADER}\n{CHAIRS}\n")}
    )
    assert response.status_code == 404
    assert not Lot.objects.exists()


def test_the_page_says_why_it_cannot_publish(
    owner_client: Client, company: Organisation, seller_site: Site
) -> None:
    company.verification_status = VerificationStatus.PENDING
    company.save()
    response = owner_client.post(
        "/o/recyclerie-du-rhone/lots/import/",
        {"file": upload(f"{HEADER}\n{CHAIRS}\n"), "publish": "on"},
    )

    assert response.status_code == 200
    assert "is not verified yet" in response.content.decode()
    assert not Lot.objects.exists()
