"""Bulk import of lots from a CSV or XLSX file: all or nothing, every problem located.

A retailer with hundreds of references fills the template (`boucle.marketplace.exports`
writes it) and uploads it. Usage::

    try:
        result = lots_import(actor=olivia, organisation=company, upload=f, filename="lots.csv")
    except LotsImportError as error:
        for problem in error.errors:  # every problem of every row, in file order
            print(problem)            # "line 3, column unit_price: ..."
    else:
        print(result.count)

The file format, stable for machines: a header row naming the columns with the English field
names of `IMPORT_COLUMNS` (any order, any case), one lot per row. CSV in UTF-8 (with or without
BOM; Windows-1252 is read too, as a French Excel saves "CSV (séparateur: point-virgule)"),
separated by commas or semicolons (detected from the header). XLSX: the sheet named "Lots", or
the first one. Decimals with a point or a comma, dates as YYYY-MM-DD (or DD/MM/YYYY), booleans
as yes/no (oui/non, true/false, 1/0). Line numbers are those a spreadsheet shows: the header is
line 1 when it is the first row.

Every row goes through `lot_create`, the one way to post a lot, inside one transaction. A row's
cells are first parsed and checked against the model's own field validators, so that every
problem of a row is reported (not only the first); the rules across fields that `lot_create`
checks come after, one per row. If any row has a problem, the transaction is rolled back and
nothing is created.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import PurePath
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from boucle.accounts.models import Organisation, Site, User
from boucle.accounts.services import organisation_require_verified
from boucle.audit.models import AuditAction
from boucle.audit.services import audit_record
from boucle.core.errors import ServiceError
from boucle.marketplace.models import Category, Condition, Lot, OfferType, Unit, VatRate
from boucle.marketplace.services.lots import (
    LOT_FIELDS,
    SELLER_KINDS,
    lot_create,
    lot_publish,
    require_member,
)

__all__ = [
    "EXPORT_ONLY_COLUMNS",
    "IMPORT_COLUMNS",
    "MAX_IMPORT_BYTES",
    "MAX_IMPORT_ROWS",
    "REQUIRED_COLUMNS",
    "ColumnHelp",
    "ImportProblem",
    "ImportResult",
    "LotsImportError",
    "column_letter",
    "import_columns_help",
    "lots_import",
]

# The columns of an import file: the lot's fields, and the name of the site it is offered from.
IMPORT_COLUMNS = ("site", *LOT_FIELDS)
# Columns without which no row can be read (`site` too when the seller has several sites).
REQUIRED_COLUMNS = ("title", "category", "condition", "quantity")
# Columns a lots export adds (`boucle.marketplace.exports`): read and ignored, so that an
# exported file imports again (as new drafts).
EXPORT_ONLY_COLUMNS = (
    "id",
    "status",
    "quantity_available",
    "published_at",
    "created_at",
    "updated_at",
)
MAX_IMPORT_ROWS = 5_000
MAX_IMPORT_BYTES = 5 * 1024 * 1024
# Wider rows are cut: a template row has 24 columns; this bounds what a hostile sheet can make
# us read.
MAX_COLUMNS = 100
# A worksheet may claim a row far below its last one; openpyxl fills the gap with empty rows.
MAX_SHEET_LINE = 100_000

_TEXT = ("title", "description", "brand", "delivery_terms")
_CHOICES: dict[str, type[OfferType] | type[Condition] | type[Unit]] = {
    "offer_type": OfferType,
    "condition": Condition,
    "unit": Unit,
}
_INTEGERS = ("quantity", "min_order_quantity")
_DECIMALS = (
    "unit_price",
    "retail_value",
    "cost_price",
    "weight_kg",
    "hire_price_per_day",
    "hire_price_per_week",
    "deposit",
)
_BOOLEANS = ("is_free", "pickup", "delivery")
_DATES = ("available_from", "available_until")
_TRUE = frozenset({"yes", "y", "oui", "o", "true", "vrai", "1", "x"})
_FALSE = frozenset({"no", "n", "non", "false", "faux", "0"})
_SPACES = str.maketrans("", "", " \u00a0\u202f")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
_FR_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
# A spreadsheet runs a cell starting with one of these as a formula: the exports prefix such a
# text with an apostrophe (as spreadsheets themselves do), which the import takes off again.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

_ZIP_MAGIC = b"PK\x03\x04"  # an XLSX workbook is a zip archive
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the binary .xls of Excel 97-2003


def column_letter(index: int) -> str:
    """The spreadsheet letter of a 0-based column index: 0 is A, 26 is AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


@dataclass(frozen=True)
class ImportProblem:
    """One problem, where a spreadsheet shows it. `column` is the header's name."""

    line: int | None
    column: str | None
    message: str
    column_index: int | None = None  # 0-based, for the letter

    @property
    def letter(self) -> str:
        return "" if self.column_index is None else column_letter(self.column_index)

    def __str__(self) -> str:
        if self.line is not None and self.column:
            return _("line %(line)d, column %(column)s: %(message)s") % {
                "line": self.line,
                "column": self.column,
                "message": self.message,
            }
        if self.line is not None:
            return _("line %(line)d: %(message)s") % {"line": self.line, "message": self.message}
        return self.message


class LotsImportError(ServiceError):
    """The file was refused: `errors` lists every problem; nothing was created."""

    def __init__(self, errors: Sequence[ImportProblem]) -> None:
        self.errors = list(errors)
        count = len(self.errors)
        super().__init__(
            ngettext(
                "The file has %(count)d problem: nothing was imported.",
                "The file has %(count)d problems: nothing was imported.",
                count,
            )
            % {"count": count}
        )


@dataclass(frozen=True)
class ImportResult:
    lots: list[Lot]
    published: bool

    @property
    def count(self) -> int:
        return len(self.lots)


# Reading the file into rows of text


@dataclass
class _Table:
    header: dict[str, int]  # canonical column name -> 0-based index
    header_line: int
    rows: list[tuple[int, list[str]]] = field(default_factory=list)  # (line, cells)


def _fail(message: str, line: int | None = None) -> LotsImportError:
    return LotsImportError([ImportProblem(line, None, message)])


def _read_bytes(upload: IO[bytes] | Any) -> bytes:
    if hasattr(upload, "seek"):
        upload.seek(0)
    data = upload.read(MAX_IMPORT_BYTES + 1)
    if isinstance(data, str):
        data = data.encode("utf-8")
    if len(data) > MAX_IMPORT_BYTES:
        raise _fail(
            _("The file is larger than %(limit)d MB: split it into several files.")
            % {"limit": MAX_IMPORT_BYTES // (1024 * 1024)}
        )
    return bytes(data)


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    else:
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError:
            # What a French Excel writes as "CSV (séparateur: point-virgule)".
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError:
                pass
            else:
                if "\x00" not in text:
                    return text
    raise _fail(
        _(
            "This file is not readable text: save it from your spreadsheet as “CSV UTF-8” "
            "or as an Excel workbook (.xlsx)."
        )
    )


def _csv_records(data: bytes) -> Iterator[tuple[int, list[str]]]:
    text = _decode(data)
    if "\x00" in text:
        raise _fail(_("This file is not a CSV file: choose a .csv or .xlsx file."))
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {sep: first.count(sep) for sep in (",", ";", "\t")}
    delimiter = max(counts, key=lambda sep: counts[sep])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    # A record is one row of a spreadsheet, even when a quoted cell spans several lines.
    line = 0
    try:
        for line, record in enumerate(reader, start=1):
            yield line, record
    except csv.Error as exc:
        raise _fail(
            _("The file is not valid CSV (%(error)s).") % {"error": exc}, line + 1
        ) from None


def _xlsx_cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        # 15 significant digits drop the binary noise of a computed cell (12.500000000000002).
        text = format(value, ".15g")
        return format(Decimal(text), "f") if "e" in text else text
    return str(value)


def _xlsx_records(data: bytes) -> Iterator[tuple[int, list[str]]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged file
        raise _fail(
            _("This file is not a readable Excel workbook (.xlsx): save it again as .xlsx or CSV.")
        ) from None
    line = 0
    try:
        sheets = {sheet.title.strip().lower(): sheet for sheet in workbook.worksheets}
        sheet = sheets.get("lots") or workbook.worksheets[0]
        rows = sheet.iter_rows(min_row=1, max_col=MAX_COLUMNS, values_only=True)
        for line, values in enumerate(rows, start=1):
            if line > MAX_SHEET_LINE:
                raise _fail(
                    _("The sheet has rows beyond line %(line)d: delete them.")
                    % {"line": MAX_SHEET_LINE},
                    line,
                )
            yield line, [_xlsx_cell(value) for value in values]
    except LotsImportError:
        raise
    except Exception:  # a damaged sheet is found while it is read
        raise _fail(
            _("This file is not a readable Excel workbook (.xlsx): save it again as .xlsx or CSV."),
            line + 1,
        ) from None
    finally:
        workbook.close()


def _records(data: bytes, filename: str) -> Iterator[tuple[int, list[str]]]:
    suffix = PurePath(filename).suffix.lower()
    if data.startswith(_OLE_MAGIC) or suffix == ".xls":
        raise _fail(
            _("Old Excel files (.xls) cannot be read: save the file as .xlsx or as CSV UTF-8.")
        )
    if data.startswith(_ZIP_MAGIC) or suffix in (".xlsx", ".xlsm"):
        return _xlsx_records(data)
    return _csv_records(data)


def _read_table(data: bytes, filename: str) -> _Table:
    if not data.strip():
        raise _fail(_("The file is empty."))
    table: _Table | None = None
    for line, cells in _records(data, filename):
        cells = [cell.strip() for cell in cells[:MAX_COLUMNS]]
        if not any(cells):
            continue  # an empty row: skipped, still counted in the line numbers
        if table is None:
            table = _Table(header=_header(cells, line), header_line=line)
            continue
        if len(table.rows) == MAX_IMPORT_ROWS:
            raise _fail(
                _("The file has more than %(limit)s lots: split it into several files.")
                % {"limit": f"{MAX_IMPORT_ROWS:,}"},
                line,
            )
        table.rows.append((line, cells))
    if table is None:
        raise _fail(_("The file is empty."))
    if not table.rows:
        raise _fail(_("The file has a header but no lot below it."), table.header_line)
    return table


def _header(cells: list[str], line: int) -> dict[str, int]:
    known = set(IMPORT_COLUMNS) | set(EXPORT_ONLY_COLUMNS)
    header: dict[str, int] = {}
    problems: list[ImportProblem] = []
    for index, cell in enumerate(cells):
        name = cell.lstrip("\ufeff").strip().lower()
        if not name:
            continue
        if name not in known:
            message = _("Unknown column “%(name)s”. The columns are: %(columns)s.") % {
                "name": cell,
                "columns": ", ".join(IMPORT_COLUMNS),
            }
            problems.append(ImportProblem(line, cell, message, index))
        elif name in header:
            message = _("The column “%(name)s” appears twice.") % {"name": name}
            problems.append(ImportProblem(line, name, message, index))
        else:
            header[name] = index
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        message = ngettext(
            "A required column is missing: %(columns)s.",
            "Required columns are missing: %(columns)s.",
            len(missing),
        ) % {"columns": ", ".join(missing)}
        problems.append(ImportProblem(line, None, message))
    if problems:
        raise LotsImportError(problems)
    return header


# Turning a row's cells into lot fields


class _CellError(Exception):
    pass


@dataclass
class _Context:
    organisation: Organisation
    actor: User
    sites: dict[str, Site]  # lower-case name -> site
    categories: dict[str, Category]  # code, and unambiguous lower-case names -> category

    @property
    def only_site(self) -> Site | None:
        values = list({site.pk: site for site in self.sites.values()}.values())
        return values[0] if len(values) == 1 else None


def _context(actor: User, organisation: Organisation) -> _Context:
    sites = {site.name.strip().lower(): site for site in organisation.sites.all()}
    for site in sites.values():
        site.organisation = organisation  # spares lot_create a query per row
    categories: dict[str, Category] = {}
    names: dict[str, list[Category]] = {}
    for category in Category.objects.select_related("parent"):
        categories[category.code.lower()] = category
        for name in {category.name_fr.lower(), category.name_en.lower()}:
            names.setdefault(name, []).append(category)
    for name, found in names.items():
        if len(found) == 1:
            categories.setdefault(name, found[0])
    return _Context(organisation, actor, sites, categories)


def _text(raw: str) -> str:
    if raw.startswith("'") and raw[1:2] and raw[1] in FORMULA_STARTS:
        return raw[1:]
    return raw


def _decimal(raw: str) -> Decimal:
    cleaned = raw.translate(_SPACES).removesuffix("€")
    if "," in cleaned and "." in cleaned:
        raise _CellError(
            _("“%(value)s” is not a number: write it without thousands separators, like 1234.50.")
            % {"value": raw}
        )
    cleaned = cleaned.replace(",", ".")
    if not _NUMBER.fullmatch(cleaned):
        raise _CellError(
            _("“%(value)s” is not a number: write it like 12.50 or 12,50.") % {"value": raw}
        )
    try:
        return Decimal(cleaned)
    except InvalidOperation:  # pragma: no cover - the pattern lets only numbers through
        raise _CellError(_("“%(value)s” is not a number.") % {"value": raw}) from None


def _integer(raw: str) -> int:
    cleaned = raw.translate(_SPACES)
    if not re.fullmatch(r"[+-]?\d+", cleaned):
        raise _CellError(_("“%(value)s” is not a whole number: write it like 12.") % {"value": raw})
    return int(cleaned)


def _boolean(raw: str) -> bool:
    value = raw.lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise _CellError(_("“%(value)s” is neither yes nor no.") % {"value": raw})


def _date(raw: str) -> date:
    french = _FR_DATE.fullmatch(raw)
    try:
        if french:
            day, month, year = (int(part) for part in french.groups())
            return date(year, month, day)
        return date.fromisoformat(raw[:10] if re.match(r"\d{4}-\d\d-\d\d[ T]", raw) else raw)
    except ValueError:
        raise _CellError(
            _("“%(value)s” is not a date: write it as YYYY-MM-DD, like 2027-01-31.")
            % {"value": raw}
        ) from None


def _choice(raw: str, choices: type[OfferType] | type[Condition] | type[Unit]) -> str:
    value = raw.lower()
    if value in choices.values:
        return value
    raise _CellError(
        _("“%(value)s” is not allowed here: use one of %(allowed)s.")
        % {"value": raw, "allowed": ", ".join(choices.values)}
    )


_VAT_RATES = {Decimal(value): value for value in VatRate.values}


def _vat_rate(raw: str) -> str:
    try:
        rate = _decimal(raw.removesuffix("%").strip())
    except _CellError:
        rate = None
    if rate is not None and 0 < rate < 1:
        rate *= 100  # a cell formatted as a percentage holds 0.2 for 20 %
    if rate is not None and rate in _VAT_RATES:
        return _VAT_RATES[rate]
    allowed = ", ".join(format(Decimal(value).normalize(), "f") for value in VatRate.values)
    raise _CellError(
        _("“%(value)s” is not a French VAT rate: use one of %(allowed)s.")
        % {"value": raw, "allowed": allowed}
    )


def _parse_cell(name: str, raw: str, context: _Context) -> Any:
    if name in _TEXT:
        return _text(raw)
    if name in _CHOICES:
        return _choice(raw, _CHOICES[name])
    if name in _INTEGERS:
        return _integer(raw)
    if name in _DECIMALS:
        return _decimal(raw)
    if name in _BOOLEANS:
        return _boolean(raw)
    if name in _DATES:
        return _date(raw)
    if name == "vat_rate":
        return _vat_rate(raw)
    if name == "category":
        category = context.categories.get(raw.lower())
        if category is None:
            raise _CellError(
                _("Unknown category “%(value)s”: use a code of the template's category list.")
                % {"value": raw}
            )
        return category
    raise AssertionError(name)  # pragma: no cover - every import column is handled above


@dataclass
class _Row:
    line: int
    header: dict[str, int]
    site: Site | None = None
    fields: dict[str, Any] = field(default_factory=dict)
    problems: list[ImportProblem] = field(default_factory=list)

    def add(self, name: str | None, message: str) -> None:
        """A problem in the named column (None, or a column the file lacks: the whole row)."""
        index = self.header.get(name) if name else None
        self.problems.append(
            ImportProblem(self.line, name if index is not None else None, message, index)
        )

    def sorted_problems(self) -> list[ImportProblem]:
        return sorted(self.problems, key=lambda p: (p.column_index is None, p.column_index or 0))


def _parse_row(line: int, cells: list[str], table: _Table, context: _Context) -> _Row:
    """The row's values; the problems of cells that cannot be read, of every cell."""
    header = table.header
    row = _Row(line, header)
    named = set(header.values())
    for index, value in enumerate(cells):
        if value and index not in named:
            message = _("This cell has no column header: name the column or empty the cell.")
            row.problems.append(ImportProblem(line, column_letter(index), message, index))
    for name, index in header.items():
        raw = cells[index] if index < len(cells) else ""
        if name in EXPORT_ONLY_COLUMNS or name == "site":
            continue
        if not raw:
            if name in REQUIRED_COLUMNS:
                row.add(name, _("This cell is required."))
            continue
        try:
            row.fields[name] = _parse_cell(name, raw, context)
        except _CellError as exc:
            row.add(name, str(exc))
    site_name = cells[header["site"]] if "site" in header and header["site"] < len(cells) else ""
    if site_name:
        row.site = context.sites.get(site_name.lower())
        if row.site is None:
            names = sorted({site.name for site in context.sites.values()})
            row.add(
                "site",
                _("“%(value)s” is not one of your sites: %(sites)s.")
                % {"value": site_name, "sites": ", ".join(names) or "—"},
            )
    else:
        row.site = context.only_site
        if row.site is None:
            row.add("site", _("Name the site the lot is offered from."))
    return row


def _check_fields(row: _Row, context: _Context) -> None:
    """The model's own validators on every field, so that a row reports all its problems
    (those of the cells already refused are not repeated)."""
    reported = {p.column for p in row.problems}
    lot = Lot(seller=context.organisation, created_by=context.actor)
    for name, value in row.fields.items():
        setattr(lot, name, value)
    if lot.offer_type == OfferType.HIRE:  # as lot_create does
        lot.is_free, lot.unit_price = False, None
    lot.quantity_available = lot.quantity
    try:
        lot.full_clean(
            exclude=[
                "seller",
                "site",
                "created_by",
                "category",
                "search_text",
                "latitude",
                "longitude",
                "quantity_available",
                "status",
            ],
            validate_unique=False,
            validate_constraints=False,
        )
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            if name not in reported:
                row.add(None if name == "__all__" else name, " ".join(messages))


def _row_create(row: _Row, context: _Context) -> Lot | None:
    """The lot of a row, or None with the row's problems listed.

    `lot_create` stops at the first problem; a row it refuses is checked again field by field
    to list them all (a good row, the common case, is validated once).
    """
    if row.site is not None and not row.problems:
        try:
            return lot_create(actor=context.actor, site=row.site, **row.fields)
        except ServiceError as exc:
            _check_fields(row, context)
            if not row.problems:  # a rule across fields: lot_create's own message
                row.add(exc.field, exc.message)
            return None
    _check_fields(row, context)
    return None


# The service


def _check_seller(actor: User, organisation: Organisation, publish: bool) -> None:
    require_member(actor, organisation)
    if organisation.kind not in SELLER_KINDS:
        raise ServiceError(_("Only companies, associations and public bodies may offer lots."))
    if publish:
        organisation_require_verified(organisation)


def lots_import(
    *,
    actor: User,
    organisation: Organisation,
    upload: IO[bytes] | Any,
    filename: str,
    publish: bool = False,
) -> ImportResult:
    """Creates a draft lot per row of the file (published too with `publish`), or none.

    Raises LotsImportError listing every problem with its line and column, or ServiceError
    when the person may not import at all (not a member, not a seller, not verified).
    """
    _check_seller(actor, organisation, publish)
    table = _read_table(_read_bytes(upload), filename)
    context = _context(actor, organisation)
    if not context.sites:
        raise ServiceError(
            _("Add a site first: every lot is offered from one of the organisation's sites."),
            field="site",
        )
    problems: list[ImportProblem] = []
    created: list[tuple[int, Lot]] = []
    with transaction.atomic():
        for line, cells in table.rows:
            row = _parse_row(line, cells, table, context)
            lot = _row_create(row, context)
            if lot is None:
                problems += row.sorted_problems()
            else:
                created.append((line, lot))
        if publish and not problems:
            for position, (line, lot) in enumerate(created):
                try:
                    created[position] = (line, lot_publish(actor=actor, lot=lot))
                except ServiceError as exc:
                    problems.append(_located(line, table, exc))
        if problems:
            # Leaving the block by an exception rolls back every lot created above.
            raise LotsImportError(problems)
        audit_record(
            organisation=organisation,
            actor=actor,
            action=AuditAction.LOTS_IMPORTED,
            subject=PurePath(filename).name,
            details={"count": len(created), "published": publish},
        )
    return ImportResult(lots=[lot for _line, lot in created], published=publish)


def _located(line: int, table: _Table, exc: ServiceError) -> ImportProblem:
    index = table.header.get(exc.field) if exc.field else None
    return ImportProblem(line, exc.field if index is not None else None, exc.message, index)


# What each column means, for the template's help sheet and the import page


@dataclass(frozen=True)
class ColumnHelp:
    name: str
    required: bool
    meaning: str
    values: str


def _choices_text(choices: Any) -> str:
    return "\n".join(f"{value}: {label}" for value, label in choices.choices)


def import_columns_help() -> list[ColumnHelp]:
    """Every import column, in the active language, with the values it takes."""
    money = _("Euros excluding VAT, at most 2 decimals; a point or a comma (12.50 or 12,50).")
    yes_no = _("yes or no (oui/non, true/false, 1/0 are read too).")
    day = _("A date written YYYY-MM-DD (2027-01-31); DD/MM/YYYY is read too.")
    vat = "\n".join(f"{Decimal(value).normalize():f}: {label}" for value, label in VatRate.choices)
    rows = [
        (
            "site",
            False,
            _(
                "The name of the site the lot is offered from (one of yours). May be "
                "left empty when the organisation has a single site."
            ),
            _("A name from the Sites list."),
        ),
        (
            "offer_type",
            False,
            _("Sale of goods, or hire of equipment. Empty: sale."),
            _choices_text(OfferType),
        ),
        ("title", True, _("What buyers read first, at most 150 characters."), ""),
        ("description", False, _("Details: state, dimensions, what is included."), ""),
        ("category", True, _("The category's code."), _("A code from the Categories list.")),
        ("brand", False, _("The brand, if any."), ""),
        ("condition", True, _("The state of the goods."), _choices_text(Condition)),
        ("quantity", True, _("How many units the lot holds, a whole number of at least 1."), ""),
        ("unit", False, _("What one unit is. Empty: unit."), _choices_text(Unit)),
        (
            "min_order_quantity",
            False,
            _("The fewest units a buyer may order, at most the quantity. Empty: 1."),
            "",
        ),
        (
            "is_free",
            False,
            _("Given free of charge (then leave the price empty). Empty: no."),
            yes_no,
        ),
        (
            "unit_price",
            False,
            _("Price per unit; needed to publish a sale that is not free."),
            money,
        ),
        ("vat_rate", False, _("VAT rate in percent. Empty: 20."), vat),
        ("retail_value", False, _("Reference retail value per unit (for donations)."), money),
        ("cost_price", False, _("Cost price per unit (for donations)."), money),
        (
            "weight_kg",
            False,
            _("Weight of one unit in kilograms (for the impact figures)."),
            _("A number, at most 3 decimals; a point or a comma."),
        ),
        ("hire_price_per_day", False, _("Hire offers: price per day."), money),
        ("hire_price_per_week", False, _("Hire offers: price per week."), money),
        ("deposit", False, _("Hire offers: the deposit asked."), money),
        ("pickup", False, _("Buyers may collect at the site. Empty: yes."), yes_no),
        ("delivery", False, _("You deliver. Empty: no."), yes_no),
        ("delivery_terms", False, _("Delivery terms, at most 250 characters."), ""),
        ("available_from", False, _("First day the goods can be collected."), day),
        ("available_until", False, _("Last day of the offer; it expires after."), day),
    ]
    assert [name for name, *_rest in rows] == list(IMPORT_COLUMNS)
    return [
        ColumnHelp(name, required, str(meaning), str(values))
        for name, required, meaning, values in rows
    ]
