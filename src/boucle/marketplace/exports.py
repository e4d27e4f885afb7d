"""Downloads of a company's lots and orders, as CSV and XLSX, and the lots import template.

CSV files are written for a French spreadsheet opened with a double click: UTF-8 with a BOM
(without it Excel reads Windows-1252 and garbles accents), semicolons between cells (a French
Excel splits on them, not on commas, since the comma is its decimal mark), decimal commas (a
"12.50" would be read as text, or as a date), dates as YYYY-MM-DD (which every spreadsheet takes
for a date), yes/no for booleans. The importer (`boucle.marketplace.services.bulk`) reads all of
these, so an exported lots file imports again (as new drafts); programs that want plain types
take the XLSX, whose cells are typed: numbers as numbers, dates as dates, booleans as booleans.

Both formats are built from the same rows of typed values, read with one query (related rows
joined), so a file of thousands of lots costs one query; the CSV is streamed.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from boucle.accounts.models import Organisation
from boucle.marketplace.models import (
    Category,
    Condition,
    Lot,
    OfferType,
    Order,
    Unit,
    VatRate,
)
from boucle.marketplace.services.bulk import (
    FORMULA_STARTS,
    IMPORT_COLUMNS,
    MAX_IMPORT_ROWS,
    import_columns_help,
)

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"
BOM = "\ufeff"
CSV_DELIMITER = ";"

LOT_EXPORT_COLUMNS = (
    "id",
    "status",
    *IMPORT_COLUMNS,
    "quantity_available",
    "published_at",
    "created_at",
    "updated_at",
)
ORDER_EXPORT_COLUMNS = (
    "reference",
    "side",  # sale (the organisation sells) or purchase (it buys)
    "status",
    "placed_at",
    "lot_id",
    "lot_title",
    "category",
    "quantity",
    "unit",
    "unit_price",
    "vat_rate",
    "total_excl_vat",
    "vat_amount",
    "total_incl_vat",
    "seller",
    "seller_siren",
    "buyer",
    "buyer_siren",
    "fulfilment",
    "pickup_at",
    "delivery_address",
    "updated_at",
)

_MONEY = "#,##0.00"
_FORMATS = {
    "unit_price": _MONEY,
    "retail_value": _MONEY,
    "cost_price": _MONEY,
    "hire_price_per_day": _MONEY,
    "hire_price_per_week": _MONEY,
    "deposit": _MONEY,
    "total_excl_vat": _MONEY,
    "vat_amount": _MONEY,
    "total_incl_vat": _MONEY,
    "weight_kg": "0.000",
    "vat_rate": "0.0",
}
_WIDTHS = {"title": 40, "lot_title": 40, "description": 50, "category": 24, "site": 24}
_BOLD = Font(bold=True)


def attachment(organisation: Organisation, what: str, extension: str) -> str:
    """The Content-Disposition of a download: `<slug>-<what>-<date>.<extension>`."""
    filename = f"{organisation.slug}-{what}-{timezone.localdate():%Y-%m-%d}.{extension}"
    return content_disposition_header(as_attachment=True, filename=filename) or ""


# Rows of typed values


def _lots(organisation: Organisation) -> Iterator[Lot]:
    return (
        Lot.objects.filter(seller=organisation)
        .select_related("site", "category")
        .order_by("id")
        .iterator(chunk_size=2000)
    )


def lot_row(lot: Lot) -> list[Any]:
    values: dict[str, Any] = {
        "site": lot.site.name,
        "category": lot.category.code,
        "vat_rate": Decimal(lot.vat_rate),
    }
    return [values[name] if name in values else getattr(lot, name) for name in LOT_EXPORT_COLUMNS]


def lots_rows(organisation: Organisation) -> Iterator[list[Any]]:
    return (lot_row(lot) for lot in _lots(organisation))


def _orders(organisation: Organisation) -> Iterator[Order]:
    return (
        Order.objects.filter(Q(seller=organisation) | Q(buyer=organisation))
        .select_related("lot", "lot__category", "seller", "buyer")
        .order_by("created_at", "id")
        .iterator(chunk_size=2000)
    )


def order_row(order: Order, organisation: Organisation) -> list[Any]:
    values: dict[str, Any] = {
        "reference": order.reference,
        "side": "sale" if order.seller_id == organisation.pk else "purchase",
        "status": order.status,
        "placed_at": order.created_at,
        "lot_id": order.lot_id,
        "lot_title": order.lot.title,
        "category": order.lot.category.code,
        "quantity": order.quantity,
        "unit": order.lot.unit,
        "unit_price": order.unit_price,
        "vat_rate": Decimal(order.vat_rate),
        "total_excl_vat": order.total_excl_vat,
        "vat_amount": order.vat_amount,
        "total_incl_vat": order.total_incl_vat,
        "seller": order.seller.name,
        "seller_siren": order.seller.siren,
        "buyer": order.buyer.name,
        "buyer_siren": order.buyer.siren,
        "fulfilment": order.fulfilment,
        "pickup_at": order.pickup_at,
        "delivery_address": order.delivery_address,
        "updated_at": order.updated_at,
    }
    return [values[name] for name in ORDER_EXPORT_COLUMNS]


def orders_rows(organisation: Organisation) -> Iterator[list[Any]]:
    return (order_row(order, organisation) for order in _orders(organisation))


# CSV


class _Echo:
    """A file that hands back what is written to it: csv.writer then yields lines."""

    def write(self, value: str) -> str:
        return value


def csv_text(value: Any) -> str:
    """A value as the French spreadsheet reads it (see the module docstring)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Decimal):
        return format(value, "f").replace(".", ",")
    if isinstance(value, datetime):
        return f"{timezone.localtime(value):%Y-%m-%d %H:%M}"
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    # A text a spreadsheet would run as a formula is kept a text, as spreadsheets write it.
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _csv(columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    writer = csv.writer(_Echo(), delimiter=CSV_DELIMITER, lineterminator="\r\n")
    yield BOM + writer.writerow(columns)
    for row in rows:
        yield writer.writerow([csv_text(value) for value in row])


def lots_csv(organisation: Organisation) -> Iterator[str]:
    return _csv(LOT_EXPORT_COLUMNS, lots_rows(organisation))


def orders_csv(organisation: Organisation) -> Iterator[str]:
    return _csv(ORDER_EXPORT_COLUMNS, orders_rows(organisation))


def lots_template_csv() -> str:
    return "".join(_csv(IMPORT_COLUMNS, []))


# XLSX


def _workbook_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_value(sheet: Any, name: str, value: Any) -> Any:
    if isinstance(value, datetime):
        # Excel has no time zones: the time as the organisation reads it, on its clock.
        cell = WriteOnlyCell(sheet, value=timezone.localtime(value).replace(tzinfo=None))
        cell.number_format = "yyyy-mm-dd hh:mm"
        return cell
    if isinstance(value, date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "yyyy-mm-dd"
        return cell
    if isinstance(value, Decimal):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = _FORMATS.get(name, "General")
        return cell
    if isinstance(value, str) and value.startswith("="):
        # openpyxl takes a text starting with "=" for a formula; a title is what a person typed.
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        return cell
    return value


def _xlsx(title: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    sheet.freeze_panes = "A2"
    for index, name in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = _WIDTHS.get(name, 14)
    header = []
    for name in columns:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = _BOLD
        header.append(cell)
    sheet.append(header)
    for row in rows:
        sheet.append(
            [_xlsx_value(sheet, name, value) for name, value in zip(columns, row, strict=True)]
        )
    return _workbook_bytes(workbook)


def lots_xlsx(organisation: Organisation) -> bytes:
    # "Lots" in every language: the importer looks for the sheet of that name.
    return _xlsx("Lots", LOT_EXPORT_COLUMNS, lots_rows(organisation))


def orders_xlsx(organisation: Organisation) -> bytes:
    return _xlsx(_("Orders"), ORDER_EXPORT_COLUMNS, orders_rows(organisation))


# The import template


def _text_row(sheet: Worksheet, values: Sequence[Any], *, bold: bool = False) -> None:
    sheet.append(list(values))
    for cell in sheet[sheet.max_row]:
        if cell.data_type == "f":
            cell.data_type = "s"
        if bold:
            cell.font = _BOLD
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def _list_validation(formula: str) -> DataValidation:
    return DataValidation(
        type="list",
        formula1=formula,
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=_("Value not allowed"),
        error=_("Choose a value from the list (see the Help sheet)."),
    )


def _sheet_reference(title: str, count: int) -> str:
    quoted = title.replace("'", "''")
    return f"'{quoted}'!$A$2:$A${count + 1}"


def lots_template_xlsx(organisation: Organisation) -> bytes:
    """The lots sheet to fill (header, lists to choose from), and sheets that explain it."""
    workbook = Workbook()
    lots = workbook.active
    lots.title = "Lots"
    _text_row(lots, IMPORT_COLUMNS, bold=True)
    lots.freeze_panes = "A2"
    for index, name in enumerate(IMPORT_COLUMNS, start=1):
        lots.column_dimensions[get_column_letter(index)].width = _WIDTHS.get(name, 16)

    help_sheet = workbook.create_sheet(_("Help")[:31])
    _text_row(help_sheet, [_("Column"), _("Required"), _("Meaning"), _("Values")], bold=True)
    for column in import_columns_help():
        required = _("yes") if column.required else _("no")
        _text_row(help_sheet, [column.name, required, column.meaning, column.values])
    _text_row(help_sheet, [])
    for note in import_notes():
        _text_row(help_sheet, [note])
    for letter, width in zip("ABCD", (22, 10, 60, 50), strict=True):
        help_sheet.column_dimensions[letter].width = width

    categories = workbook.create_sheet(_("Categories")[:31])
    _text_row(categories, [_("Code"), _("Category"), _("Parent")], bold=True)
    rows = list(Category.objects.select_related("parent").order_by("position"))
    for category in rows:
        parent = category.parent.code if category.parent else ""
        _text_row(categories, [category.code, category.name, parent])
    categories.column_dimensions["A"].width = 30
    categories.column_dimensions["B"].width = 40

    sites = workbook.create_sheet(_("Sites")[:31])
    _text_row(sites, [_("Name"), _("Address")], bold=True)
    site_rows = list(organisation.sites.select_related("commune").order_by("name"))
    for site in site_rows:
        _text_row(sites, [site.name, f"{site.address}, {site.postcode} {site.commune.name}"])
    sites.column_dimensions["A"].width = 30
    sites.column_dimensions["B"].width = 60

    last = MAX_IMPORT_ROWS + 1
    lists = {
        "site": _list_validation(_sheet_reference(sites.title, len(site_rows))),
        "category": _list_validation(_sheet_reference(categories.title, len(rows))),
        "offer_type": _list_validation('"' + ",".join(OfferType.values) + '"'),
        "condition": _list_validation('"' + ",".join(Condition.values) + '"'),
        "unit": _list_validation('"' + ",".join(Unit.values) + '"'),
        "vat_rate": _list_validation('"' + ",".join(VatRate.values) + '"'),
        "is_free": _list_validation('"yes,no"'),
        "pickup": _list_validation('"yes,no"'),
        "delivery": _list_validation('"yes,no"'),
    }
    for name, validation in lists.items():
        letter = get_column_letter(IMPORT_COLUMNS.index(name) + 1)
        validation.add(f"{letter}2:{letter}{last}")
        lots.add_data_validation(validation)
    return _workbook_bytes(workbook)


def import_notes() -> list[str]:
    """What holds for the whole file, said once under the columns' help."""
    return [
        _("One lot per row, under a header row naming the columns; the order does not matter."),
        _(
            "Every lot is created as a draft (or published, if you ask for it on upload). If "
            "any row has a problem, nothing is imported and every problem is listed with its "
            "line and column."
        ),
        _("CSV files: UTF-8 (“CSV UTF-8” in Excel), cells separated by commas or semicolons."),
        _("At most %(rows)s lots per file.") % {"rows": f"{MAX_IMPORT_ROWS:,}"},
    ]
