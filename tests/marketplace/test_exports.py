"""Exports of a company's lots and orders: CSV for a French spreadsheet, XLSX with typed cells."""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from boucle.accounts.models import Organisation, Site, User
from boucle.marketplace import exports
from boucle.marketplace.models import Lot, LotStatus, Order, OrderStatus
from boucle.marketplace.services.bulk import lots_import
from boucle.marketplace.services.lots import LOT_FIELDS, lot_create, lot_publish
from tests.marketplace.conftest import lot_values

pytestmark = pytest.mark.django_db

LOTS_CSV = "/o/recyclerie-du-rhone/lots/export.csv"
LOTS_XLSX = "/o/recyclerie-du-rhone/lots/export.xlsx"
ORDERS_CSV = "/o/recyclerie-du-rhone/orders/export.csv"
ORDERS_XLSX = "/o/recyclerie-du-rhone/orders/export.xlsx"


def order(lot: Lot, buyer: Organisation, quantity: int, **extra: Any) -> Order:
    """An order as the order service leaves it: units taken from the lot's stock."""
    lot.quantity_available -= quantity
    lot.save(update_fields=["quantity_available"])
    return Order.objects.create(
        lot=lot,
        seller=lot.seller,
        buyer=buyer,
        quantity=quantity,
        unit_price=lot.unit_price,
        vat_rate=lot.vat_rate,
        expires_at=timezone.now() + timedelta(days=3),
        **extra,
    )


def content_of(response: Any) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def csv_rows(response: Any) -> list[list[str]]:
    text = content_of(response).decode("utf-8")
    assert text.startswith("\ufeff")
    return [line.split(";") for line in text[1:].splitlines()]


def sheet_rows(response: Any) -> list[dict[str, Any]]:
    workbook = load_workbook(io.BytesIO(content_of(response)))
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


@pytest.fixture
def sold_lot(lot: Lot, buyer_org: Organisation, buyer: User) -> Lot:
    order(lot, buyer_org, 3, placed_by=buyer)
    lot.refresh_from_db()
    return lot


def test_the_lots_csv_opens_in_a_french_spreadsheet(
    owner_client: Client, sold_lot: Lot, owner: User, seller_site: Site
) -> None:
    lot_create(actor=owner, site=seller_site, **lot_values(title="Tables", unit_price=None))

    response = owner_client.get(LOTS_CSV)

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="recyclerie-du-rhone-lots-' in response["Content-Disposition"]
    header, *rows = csv_rows(response)
    assert header == list(exports.LOT_EXPORT_COLUMNS)
    chairs = dict(zip(header, rows[0], strict=True))
    assert (chairs["status"], chairs["quantity"], chairs["quantity_available"]) == (
        "published",
        "10",
        "7",
    )
    assert (chairs["unit_price"], chairs["vat_rate"], chairs["weight_kg"]) == (
        "12,50",
        "20,0",
        "14,500",
    )
    assert (chairs["site"], chairs["category"], chairs["pickup"]) == (
        "Entrepôt de Gerland",
        "furniture.seating",
        "yes",
    )
    assert chairs["available_until"] == sold_lot.available_until.isoformat()
    tables = dict(zip(header, rows[1], strict=True))
    assert (tables["status"], tables["unit_price"]) == ("draft", "")


def test_the_lots_xlsx_has_typed_cells(owner_client: Client, sold_lot: Lot) -> None:
    (row,) = sheet_rows(owner_client.get(LOTS_XLSX))

    assert row["unit_price"] == 12.5
    assert (row["quantity"], row["quantity_available"]) == (10, 7)
    assert row["available_until"] == datetime.combine(sold_lot.available_until, datetime.min.time())
    assert isinstance(row["published_at"], datetime)
    assert row["pickup"] is True
    assert row["status"] == "published"


@pytest.mark.parametrize("path", [LOTS_CSV, LOTS_XLSX])
def test_an_exported_lots_file_imports_again(
    owner_client: Client, owner: User, company: Organisation, sold_lot: Lot, path: str
) -> None:
    lot_create(
        actor=owner,
        site=sold_lot.site,
        **lot_values(
            title='=HYPERLINK("http://x.example")',
            description="Ligne 1\nLigne 2; avec « guillemets »",
            offer_type="hire",
            unit_price=None,
            hire_price_per_day=Decimal("35.00"),
            deposit=Decimal("200"),
            vat_rate="5.5",
            available_from=date(2026, 1, 5),
        ),
    )
    data = content_of(owner_client.get(path))

    result = lots_import(
        actor=owner,
        organisation=company,
        upload=SimpleUploadedFile("export" + path[-5:], data),
        filename="export" + path[-5:],
    )

    assert result.count == 2
    originals = list(Lot.objects.filter(pk__lt=result.lots[0].pk).order_by("id"))
    for original, copy in zip(originals, result.lots, strict=True):
        for name in (*LOT_FIELDS, "site"):
            assert getattr(copy, name) == getattr(original, name), name
        assert copy.status == LotStatus.DRAFT


def test_the_orders_export_has_sales_and_purchases_with_their_totals(
    owner_client: Client,
    owner: User,
    company: Organisation,
    sold_lot: Lot,
    buyer_org: Organisation,
    buyer_site: Site,
    buyer: User,
) -> None:
    # The company also buys: Bruno's college sells it 4 boxes at 9.99 € with 5.5 % VAT.
    bought = lot_publish(
        actor=buyer,
        lot=lot_create(
            actor=buyer,
            site=buyer_site,
            **lot_values(title="Cahiers", unit_price=Decimal("9.99"), vat_rate="5.5", unit="box"),
        ),
    )
    order(bought, company, 4, placed_by=owner, status=OrderStatus.ACCEPTED)

    header, sale, purchase = csv_rows(owner_client.get(ORDERS_CSV))

    sale_row = dict(zip(header, sale, strict=True))
    assert (sale_row["side"], sale_row["status"], sale_row["buyer"]) == (
        "sale",
        "pending",
        "Collège Jean Moulin",
    )
    assert (sale_row["total_excl_vat"], sale_row["total_incl_vat"]) == ("37,50", "45,00")
    purchase_row = dict(zip(header, purchase, strict=True))
    assert (purchase_row["side"], purchase_row["seller"], purchase_row["unit"]) == (
        "purchase",
        "Collège Jean Moulin",
        "box",
    )
    # 4 x 9.99 = 39.96; VAT 5.5 % = 2.1978, rounded to 2.20.
    assert (purchase_row["total_excl_vat"], purchase_row["vat_amount"]) == ("39,96", "2,20")
    assert purchase_row["total_incl_vat"] == "42,16"

    rows = sheet_rows(owner_client.get(ORDERS_XLSX))
    assert [row["side"] for row in rows] == ["sale", "purchase"]
    assert rows[1]["total_incl_vat"] == pytest.approx(42.16)
    assert isinstance(rows[0]["placed_at"], datetime)
    assert rows[0]["reference"].startswith("C-")


def test_an_outsider_sees_none_of_the_company_orders(
    outsider_client: Client, outsider: User, sold_lot: Lot
) -> None:
    response = outsider_client.get("/o/autre-societe/orders/export.csv")

    assert response.status_code == 200
    assert len(csv_rows(response)) == 1  # the header only


def test_a_text_a_spreadsheet_would_run_stays_a_text(
    owner_client: Client, owner: User, seller_site: Site
) -> None:
    lot_create(actor=owner, site=seller_site, **lot_values(title="=1+2", brand="@SUM(A1)"))

    header, row = csv_rows(owner_client.get(LOTS_CSV))
    cells = dict(zip(header, row, strict=True))
    assert (cells["title"], cells["brand"]) == ("'=1+2", "'@SUM(A1)")
    workbook = load_workbook(io.BytesIO(content_of(owner_client.get(LOTS_XLSX))))
    title = workbook["Lots"].cell(row=2, column=exports.LOT_EXPORT_COLUMNS.index("title") + 1)
    assert (title.value, title.data_type) == ("=1+2", "s")


@pytest.mark.parametrize("path", [LOTS_CSV, LOTS_XLSX, ORDERS_CSV, ORDERS_XLSX])
def test_the_exports_read_a_fixed_number_of_queries(
    owner_client: Client,
    owner: User,
    seller_site: Site,
    buyer_org: Organisation,
    django_assert_max_num_queries: Any,
    path: str,
) -> None:
    def add(count: int) -> None:
        for index in range(count):
            lot = lot_create(actor=owner, site=seller_site, **lot_values(title=f"Lot {index}"))
            order(lot, buyer_org, 1)

    add(2)
    with django_assert_max_num_queries(20) as few:
        content_of(owner_client.get(path))
    add(20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        content_of(owner_client.get(path))
