"""The names people read for the engine's codes, in the language of the page.

Indicator and category names are the engine's own data (`INDICATORS`, `CATEGORIES`, each with
its French and English name); territory names come from the INSEE list in `boucle.geo`.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _

from boucle.engines.mfa import CATEGORIES, INDICATORS, TOTAL
from boucle.geo.models import Departement


def _language() -> str:
    return translation.get_language() or "fr"


def indicator_name(code: str) -> str:
    indicator = INDICATORS.get(code)
    return indicator.name(_language()) if indicator is not None else code


def category_name(code: str) -> str:
    category = CATEGORIES.get(code)
    return category.name(_language()) if category is not None else code


def balance_flow_name(flow: str, category: str) -> str:
    """How a flow of the balance is named: 'Imports: Biomass', 'Emissions to air'."""
    if category == TOTAL:
        return indicator_name(flow)
    return _("%(flow)s: %(category)s") % {
        "flow": indicator_name(flow),
        "category": category_name(category),
    }


def territory_names(codes: list[str]) -> dict[str, str]:
    """The name of each territory: INSEE names for built-in codes, the code for the others.

    One query at most, whatever the number of codes: régions are read through their
    départements."""
    names = {code: code for code in codes}
    departements = [code[4:] for code in codes if code.startswith("DEP:")]
    regions = [code[4:] for code in codes if code.startswith("REG:")]
    if departements or regions:
        found = Departement.objects.filter(
            Q(code__in=departements) | Q(region__code__in=regions)
        ).select_related("region")
        for departement in found:
            if departement.code in departements:
                names[f"DEP:{departement.code}"] = departement.name
            if departement.region.code in regions:
                names[f"REG:{departement.region.code}"] = departement.region.name
    if "FR" in names:
        names["FR"] = _("France")
    return names
