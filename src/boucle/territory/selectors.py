"""Reads of material flow studies, with the one access helper every study page goes through.

`study_get` answers `Http404` to anyone who is not a member of the study's organisation, so an
outsider cannot even learn that a study exists. The page reads (`study_page`) each take a fixed
number of queries, whatever the number of results: they read the rows they show, by index.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from boucle.accounts.models import Membership, Organisation, User
from boucle.accounts.selectors import membership_get
from boucle.engines.mfa import TOTAL
from boucle.territory import charts
from boucle.territory.models import (
    MaterialFlowStudy,
    StudyBalance,
    StudyFile,
    StudyResult,
    study_may_edit,
)
from boucle.territory.names import (
    balance_flow_name,
    category_name,
    indicator_name,
    territory_names,
)

# The top-level categories the indicator table shows, then their total.
MAIN_CATEGORIES = ("MF1", "MF2", "MF3", "MF4", "MF5", "MF6")
TABLE_INDICATORS = (
    "DE",
    "IMP",
    "IMP_INT",
    "IMP_DOM",
    "EXP",
    "EXP_INT",
    "EXP_DOM",
    "DMI",
    "DMC",
    "PTB",
    "UDE",
    "TMI",
    "DPO",
    "BI_IN",
    "BI_OUT",
    "NAS",
    "DMO",
    "RECYCLING",
)
# The parts indented under their total in the table.
INDICATOR_PARTS = frozenset({"IMP_INT", "IMP_DOM", "EXP_INT", "EXP_DOM"})
SERIES_INDICATORS = ("DE", "IMP", "EXP", "DMI", "DMC", "DPO", "NAS")
COMPARED_INDICATORS = ("DMC", "DMI", "DE", "IMP", "EXP", "DPO", "NAS")


@dataclass(frozen=True)
class StudyAccess:
    """A study as one member of its organisation sees it."""

    membership: Membership
    study: MaterialFlowStudy

    @property
    def organisation(self) -> Organisation:
        return self.membership.organisation

    @property
    def can_edit(self) -> bool:
        return study_may_edit(self.membership, self.study)


def studies_of(organisation: Organisation) -> QuerySet[MaterialFlowStudy]:
    return MaterialFlowStudy.objects.filter(organisation=organisation).select_related("created_by")


def study_get(user: User, organisation_slug: str, study_id: int) -> StudyAccess:
    """The study, for a member of its organisation; 404 for anyone else."""
    membership = membership_get(user, organisation_slug)
    study = studies_of(membership.organisation).filter(pk=study_id).first()
    if study is None:
        raise Http404
    study.organisation = membership.organisation
    return StudyAccess(membership, study)


def study_get_editable(user: User, organisation_slug: str, study_id: int) -> StudyAccess:
    """As `study_get`, for the pages only the author and the managers may open."""
    access = study_get(user, organisation_slug, study_id)
    if not access.can_edit:
        raise Http404
    return access


def study_files(study: MaterialFlowStudy) -> list[StudyFile]:
    return list(study.files.select_related("uploaded_by").order_by("pk"))


def study_file_get(study: MaterialFlowStudy, kind: str) -> StudyFile:
    found = study.files.filter(kind=kind).first()
    if found is None:
        raise Http404
    return found


# The study page


@dataclass(frozen=True)
class Cell:
    tonnes: float | None = None
    tonnes_per_inhabitant: float | None = None


@dataclass(frozen=True)
class IndicatorLine:
    """A line of the indicator table: one indicator by MF1..MF6, then its total."""

    code: str
    name: str
    is_part: bool
    cells: tuple[Cell, ...]  # one per MAIN_CATEGORIES, then TOTAL
    reference_per_inhabitant: float | None
    ratio_to_reference: float | None
    kg_per_eur: float | None = None  # of the total, where the GDP was given
    eur_per_kg: float | None = None  # resource productivity: on DMC only

    @property
    def total(self) -> Cell:
        return self.cells[-1]


@dataclass(frozen=True)
class SeriesLine:
    code: str
    name: str
    tonnes: tuple[float | None, ...]  # one per year of the study
    tonnes_per_inhabitant: tuple[float | None, ...]


@dataclass(frozen=True)
class ComparisonLine:
    territory: str
    name: str
    tonnes_per_inhabitant: float | None
    ratio_to_reference: float | None
    is_reference: bool


@dataclass(frozen=True)
class BalanceLine:
    side: str  # "input", "output" or "stock"
    name: str
    tonnes: float


@dataclass
class StudyPage:
    """What the study page shows for one territory and year."""

    territory: str
    year: int
    indicator: str
    reference: str  # the reference territory's code, or ""
    names: dict[str, str]
    categories: list[tuple[str, str]]  # (code, name) of the table's columns
    table: list[IndicatorLine]
    has_population: bool
    years: list[int]
    series: list[SeriesLine]
    comparison: list[ComparisonLine]
    reference_per_inhabitant: float | None
    balance: list[BalanceLine]
    balance_check: dict[str, Any]
    chart_data: dict[str, Any] = field(default_factory=dict)

    @property
    def territory_name(self) -> str:
        return self.names.get(self.territory, self.territory)

    @property
    def indicator_name(self) -> str:
        return indicator_name(self.indicator)

    @property
    def reference_name(self) -> str:
        return self.names.get(self.reference, self.reference)

    @property
    def consumption(self) -> IndicatorLine | None:
        """The DMC line, whose GDP intensity and resource productivity the page states."""
        return next((line for line in self.table if line.code == "DMC"), None)


def study_page(study: MaterialFlowStudy, *, territory: str, year: int, indicator: str) -> StudyPage:
    """The figures of one territory and year, its years, and all territories in that year:
    four queries on the results, one or two on the territory names."""
    names = territory_names(list(study.territories))
    table, has_population = _indicator_table(study, territory, year)
    series = _series(study, territory)
    comparison, reference_value = _comparison(study, year, indicator, names)
    balance_row = StudyBalance.objects.filter(study=study, territory=territory, year=year).first()
    balance_data = balance_row.data if balance_row is not None else None
    page = StudyPage(
        territory=territory,
        year=year,
        indicator=indicator,
        reference=study.reference_territory,
        names=names,
        categories=[(code, category_name(code)) for code in (*MAIN_CATEGORIES, TOTAL)],
        table=table,
        has_population=has_population,
        years=list(study.years),
        series=series,
        comparison=comparison,
        reference_per_inhabitant=reference_value,
        balance=_balance_lines(balance_data),
        balance_check=_balance_check(balance_data),
    )
    page.chart_data = {
        "sankey": charts.sankey(balance_data, names.get(territory, territory), year),
        "series": charts.series(page.years, series),
        "comparison": charts.comparison(
            comparison, territory, page.reference_name, reference_value
        ),
    }
    return page


def _indicator_table(
    study: MaterialFlowStudy, territory: str, year: int
) -> tuple[list[IndicatorLine], bool]:
    rows = StudyResult.objects.filter(
        study=study,
        territory=territory,
        year=year,
        indicator__in=TABLE_INDICATORS,
        category__in=(*MAIN_CATEGORIES, TOTAL),
    ).values_list(
        "indicator",
        "category",
        "tonnes",
        "tonnes_per_inhabitant",
        "reference_tonnes_per_inhabitant",
        "ratio_to_reference_per_inhabitant",
        "kg_per_eur",
        "resource_productivity_eur_per_kg",
    )
    found: dict[tuple[str, str], tuple[Any, ...]] = {(r[0], r[1]): r for r in rows}
    lines = []
    for code in TABLE_INDICATORS:
        total = found.get((code, TOTAL))
        if total is None:
            continue  # nothing was given that this indicator derives from
        cells = tuple(
            Cell(row[2], row[3]) if (row := found.get((code, category))) else Cell()
            for category in (*MAIN_CATEGORIES, TOTAL)
        )
        lines.append(
            IndicatorLine(
                code=code,
                name=indicator_name(code),
                is_part=code in INDICATOR_PARTS,
                cells=cells,
                reference_per_inhabitant=total[4],
                ratio_to_reference=total[5],
                kg_per_eur=total[6],
                eur_per_kg=total[7],
            )
        )
    has_population = any(line.total.tonnes_per_inhabitant is not None for line in lines)
    return lines, has_population


def _series(study: MaterialFlowStudy, territory: str) -> list[SeriesLine]:
    rows = StudyResult.objects.filter(
        study=study, territory=territory, indicator__in=SERIES_INDICATORS, category=TOTAL
    ).values_list("indicator", "year", "tonnes", "tonnes_per_inhabitant")
    found = {(r[0], r[1]): r for r in rows}
    years = list(study.years)
    lines = []
    for code in SERIES_INDICATORS:
        values = [found.get((code, year)) for year in years]
        if not any(values):
            continue
        lines.append(
            SeriesLine(
                code=code,
                name=indicator_name(code),
                tonnes=tuple(v[2] if v else None for v in values),
                tonnes_per_inhabitant=tuple(v[3] if v else None for v in values),
            )
        )
    return lines


def _comparison(
    study: MaterialFlowStudy, year: int, indicator: str, names: dict[str, str]
) -> tuple[list[ComparisonLine], float | None]:
    rows = StudyResult.objects.filter(
        study=study, year=year, indicator=indicator, category=TOTAL
    ).values_list(
        "territory",
        "tonnes_per_inhabitant",
        "ratio_to_reference_per_inhabitant",
        "reference_tonnes_per_inhabitant",
    )
    found = {r[0]: r for r in rows}
    reference_value = next((r[3] for r in found.values() if r[3] is not None), None)
    lines = [
        ComparisonLine(
            territory=code,
            name=names.get(code, code),
            tonnes_per_inhabitant=found[code][1],
            ratio_to_reference=found[code][2],
            is_reference=code == study.reference_territory,
        )
        for code in study.territories
        if code in found
    ]
    return lines, reference_value


def _balance_lines(data: dict[str, Any] | None) -> list[BalanceLine]:
    if data is None:
        return []
    lines = [BalanceLine("input", balance_flow_name(f, c), t) for f, c, t in data["inputs"]]
    lines += [BalanceLine("output", balance_flow_name(f, c), t) for f, c, t in data["outputs"]]
    lines.append(BalanceLine("stock", indicator_name("NAS"), data["net_addition_to_stock"]))
    return lines


def _balance_check(data: dict[str, Any] | None) -> dict[str, Any]:
    if data is None:
        return {}
    return {
        key: data.get(key)
        for key in ("recycling", "nas_reported", "nas_gap_tonnes", "nas_gap_ratio")
    }
