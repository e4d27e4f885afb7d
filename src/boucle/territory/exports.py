"""Downloads of a study's results: CSV, XLSX, and the layout of Eurostat's EW-MFA questionnaire.

- `results_csv`: every result row, with the columns and order of `boucle mfa --format csv`, so
  that a program reads the web's download and the command's output alike. Streamed.
- `results_xlsx`: the same rows in a workbook, with sheets naming the study, the indicators,
  the categories and the territories in the reader's language.
- `questionnaire_xlsx`: the figures laid out as the tables of Eurostat's EW-MFA questionnaire
  are: table A domestic extraction, B imports, C exports, D domestic processed output, E
  balancing items (and F the indicators derived from them); in each, one block per territory
  whose rows are the material categories (or the flows, for D and E) with their questionnaire
  code (MF.1.3.1), and whose columns are the years, in tonnes. For a région or a département, B
  and C are followed by their split between other countries and the rest of the country, as the
  French guide to regional accounts asks.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from boucle.engines.mfa import CATEGORIES, INDICATORS, ROW_FIELDS, TOTAL
from boucle.territory.models import MaterialFlowStudy, StudyResult
from boucle.territory.names import category_name, indicator_name, territory_names

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

_BOLD = Font(bold=True)
# A worksheet holds 1,048,576 rows: the header, then this many results at most.
_ROWS_PER_SHEET = 1_048_575


def attachment(study: MaterialFlowStudy, what: str, extension: str) -> str:
    """The Content-Disposition of a download: `<study name>-<what>.<extension>`."""
    filename = f"{slugify(study.name) or 'study'}-{what}.{extension}"
    return content_disposition_header(as_attachment=True, filename=filename) or ""


def _rows(study: MaterialFlowStudy, *fields: str) -> Iterator[tuple[Any, ...]]:
    # In the engine's order (as stored), read in chunks: a national study has millions of rows.
    return (
        StudyResult.objects.filter(study=study)
        .order_by("pk")
        .values_list(*fields)
        .iterator(chunk_size=5000)
    )


class _Echo:
    """A file that hands back what is written to it: csv.writer then yields lines."""

    def write(self, value: str) -> str:
        return value


def results_csv(study: MaterialFlowStudy) -> Iterator[str]:
    writer = csv.writer(_Echo(), lineterminator="\n")
    yield writer.writerow(ROW_FIELDS)
    for row in _rows(study, *ROW_FIELDS):
        yield writer.writerow(["" if value is None else value for value in row])


def _workbook_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _append(sheet: Worksheet, values: Iterable[Any]) -> None:
    """Appends a row whose texts stay texts: openpyxl takes a text starting with "=" for a
    formula, and a territory code or a study's name is whatever a person typed."""
    sheet.append(list(values))
    for cell in sheet[sheet.max_row]:
        if cell.data_type == "f":
            cell.data_type = "s"


def _heading(sheet: Worksheet, values: Sequence[Any]) -> None:
    _append(sheet, values)
    for cell in sheet[sheet.max_row]:
        cell.font = _BOLD


def _about_sheet(sheet: Worksheet, study: MaterialFlowStudy, lines: Iterable[str]) -> None:
    sheet.title = _("Study")[:31]
    _append(sheet, [study.name])
    sheet["A1"].font = Font(bold=True, size=14)
    _append(sheet, [study.organisation.name])
    if study.territory_scope:
        _append(sheet, [study.territory_scope])
    _append(sheet, [])
    for line in lines:
        _append(sheet, [line])
    computed = timezone.localtime(study.computed_at) if study.computed_at else None
    if computed is not None:
        _append(sheet, [_("Computed on %(date)s.") % {"date": computed.strftime("%Y-%m-%d %H:%M")}])
    if study.reference_territory:
        _append(sheet, [_("Reference territory: %(code)s.") % {"code": study.reference_territory}])
    _append(
        sheet,
        [
            _("Respiration counted in the balancing items.")
            if study.respiration
            else _("Respiration not counted in the balancing items.")
        ],
    )
    for note in study.notes:
        _append(sheet, [note])
    sheet.column_dimensions["A"].width = 100


def results_xlsx(study: MaterialFlowStudy) -> bytes:
    workbook = Workbook()
    _about_sheet(
        workbook.active,
        study,
        [
            _(
                "Every indicator of every territory, year and category, in tonnes, per "
                "inhabitant and per unit of GDP where the population and the GDP were given."
            ),
            _("The other sheets name the codes of the indicators, categories and territories."),
        ],
    )
    results = workbook.create_sheet(_("Results")[:31])
    _heading(results, ROW_FIELDS)
    results.freeze_panes = "A2"
    sheets, written = 1, 0
    for row in _rows(study, *ROW_FIELDS):
        if written == _ROWS_PER_SHEET:
            sheets, written = sheets + 1, 0
            title = _("Results %(number)d") % {"number": sheets}
            results = workbook.create_sheet(title[:31])
            _heading(results, ROW_FIELDS)
            results.freeze_panes = "A2"
        _append(results, row)
        written += 1

    indicators = workbook.create_sheet(_("Indicators")[:31])
    _heading(indicators, [_("Code"), _("Indicator")])
    for code in INDICATORS:
        _append(indicators, [code, indicator_name(code)])
    categories = workbook.create_sheet(_("Categories")[:31])
    _heading(categories, [_("Code"), _("Questionnaire code"), _("Category")])
    for code in CATEGORIES:
        _append(categories, [code, questionnaire_code(code), category_name(code)])
    territories = workbook.create_sheet(_("Territories")[:31])
    _heading(territories, [_("Code"), _("Territory")])
    for code, name in territory_names(list(study.territories)).items():
        _append(territories, [code, name])
    return _workbook_bytes(workbook)


def questionnaire_code(code: str) -> str:
    """The code as the questionnaire writes it: MF131 is MF.1.3.1, MF1110 is MF.1.1.10."""
    if code == TOTAL:
        return TOTAL
    category = CATEGORIES[code]
    if category.parent is None or category.parent == TOTAL:
        return f"MF.{code[2:]}"
    return f"{questionnaire_code(category.parent)}.{code[len(category.parent) :]}"


# The tables whose rows are categories: (table, indicator); DE has extraction categories only.
_CATEGORY_TABLES = (
    ("A", "DE"),
    ("B", "IMP"),
    ("B1", "IMP_INT"),
    ("B2", "IMP_DOM"),
    ("C", "EXP"),
    ("C1", "EXP_INT"),
    ("C2", "EXP_DOM"),
)
# The tables whose rows are flows given for TOTAL: (table, flows).
_FLOW_TABLES = (
    (
        "D",
        (
            "DPO",
            "DPO_AIR",
            "DPO_LANDFILL",
            "DPO_WATER",
            "DPO_DISSIPATIVE_USE",
            "DPO_DISSIPATIVE_LOSS",
        ),
    ),
    ("E", ("BI_IN", "BI_OUT")),
    ("F", ("DMI", "DMC", "PTB", "TMI", "DMO", "NAS", "UDE", "UDE_EROSION", "RECYCLING")),
)


def questionnaire_xlsx(study: MaterialFlowStudy) -> bytes:
    """The results laid out as the EW-MFA questionnaire's tables (see the module docstring)."""
    wanted = {indicator for _, indicator in _CATEGORY_TABLES}
    wanted |= {indicator for _, flows in _FLOW_TABLES for indicator in flows}
    # figures[indicator][territory][category][year] = tonnes
    figures: dict[str, dict[str, dict[str, dict[int, float]]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(dict))
    )
    for territory, year, indicator, category, tonnes in (
        StudyResult.objects.filter(study=study, indicator__in=wanted)
        .values_list("territory", "year", "indicator", "category", "tonnes")
        .iterator(chunk_size=5000)
    ):
        figures[indicator][territory][category][year] = tonnes
    years = list(study.years)
    names = territory_names(list(study.territories))

    workbook = Workbook()
    _about_sheet(
        workbook.active,
        study,
        [
            _(
                "The results laid out as the tables of Eurostat's economy-wide material flow "
                "accounts questionnaire (EW-MFA): A domestic extraction, B imports, C exports, "
                "D domestic processed output, E balancing items, F indicators."
            ),
            _(
                "In each table, one block per territory: a row per category or flow, a column "
                "per year, in tonnes. An empty cell is a figure that was not given."
            ),
            _(
                "B1 and B2 (C1 and C2) split the imports (exports) between other countries and "
                "the rest of the country."
            ),
        ],
    )
    for table, indicator in _CATEGORY_TABLES:
        by_territory = figures.get(indicator)
        if not by_territory and table not in {"A", "B", "C"}:
            continue  # no split was given nor derived
        codes = [
            code
            for code, category in CATEGORIES.items()
            if indicator != "DE" or category.extraction
        ]
        sheet = workbook.create_sheet(f"{table} {indicator_name(indicator)}"[:31])
        for territory in study.territories:
            found = (by_territory or {}).get(territory, {})
            rows = [
                (questionnaire_code(code), category_name(code), found.get(code, {}))
                for code in codes
            ]
            _block(sheet, _block_title(names, territory), years, rows)
    for table, flows in _FLOW_TABLES:
        sheet = workbook.create_sheet(f"{table} {_table_title(table)}"[:31])
        for territory in study.territories:
            rows = [
                (flow, indicator_name(flow), _figure(figures, flow, territory)) for flow in flows
            ]
            _block(sheet, _block_title(names, territory), years, rows)
    return _workbook_bytes(workbook)


def _figure(
    figures: dict[str, dict[str, dict[str, dict[int, float]]]], flow: str, territory: str
) -> dict[int, float]:
    return figures.get(flow, {}).get(territory, {}).get(TOTAL, {})


def _block_title(names: dict[str, str], territory: str) -> str:
    name = names.get(territory, territory)
    return territory if name == territory else f"{name} ({territory})"


def _table_title(table: str) -> str:
    return {
        "D": _("Domestic processed output"),
        "E": _("Balancing items"),
        "F": _("Indicators"),
    }[table]


def _block(
    sheet: Worksheet,
    title: str,
    years: Sequence[int],
    rows: Sequence[tuple[str, str, dict[int, float]]],
) -> None:
    """One territory's block: a title, a header of years, a row per category or flow."""
    if sheet.max_row > 1:
        _append(sheet, [])
    _append(sheet, [title])
    sheet.cell(row=sheet.max_row, column=1).font = _BOLD
    _heading(sheet, [_("Code"), _("Name"), *years])
    for code, name, by_year in rows:
        _append(sheet, [code, name, *(by_year.get(year) for year in years)])
    sheet.column_dimensions["B"].width = 60
