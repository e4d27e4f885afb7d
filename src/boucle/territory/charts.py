"""The data of the study page's charts, as plain dictionaries.

The template writes each one into the page with Django's `json_script` (a
`<script type="application/json">`, which the Content Security Policy treats as data) and
`static/territory/charts.js` draws it with Apache ECharts. Labels are in the page's language;
numbers are in tonnes (or tonnes per inhabitant), formatted by the browser.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from boucle.engines.mfa import TOTAL
from boucle.territory.names import balance_flow_name

if TYPE_CHECKING:
    from boucle.territory.selectors import ComparisonLine, SeriesLine


def sankey(data: dict[str, Any] | None, territory_name: str, year: int) -> dict[str, Any] | None:
    """Inputs (DE and IMP by category, balancing items) -> the economy -> outputs (EXP by
    category, DPO components, balancing items) and the net addition to stock."""
    if data is None:
        return None
    economy = _("Economy of %(territory)s in %(year)s") % {
        "territory": territory_name,
        "year": year,
    }
    nodes: list[dict[str, Any]] = [{"name": economy, "group": "economy"}]
    links: list[dict[str, Any]] = []
    for flow, category, tonnes in data["inputs"]:
        name = balance_flow_name(flow, category)
        if tonnes > 0:
            nodes.append({"name": name, "group": _group(flow, category)})
            links.append({"source": name, "target": economy, "value": tonnes})
    for flow, category, tonnes in data["outputs"]:
        name = balance_flow_name(flow, category)
        if tonnes > 0:
            nodes.append({"name": name, "group": _group(flow, category)})
            links.append({"source": economy, "target": name, "value": tonnes})
    stock = data["net_addition_to_stock"]
    # A shrinking stock supplies the economy: it is drawn on the input side.
    if stock > 0:
        name = _("Net addition to stock")
        nodes.append({"name": name, "group": "stock"})
        links.append({"source": economy, "target": name, "value": stock})
    elif stock < 0:
        name = _("Net removal from stock")
        nodes.append({"name": name, "group": "stock"})
        links.append({"source": name, "target": economy, "value": -stock})
    return {"kind": "sankey", "unit": _("t"), "nodes": nodes, "links": links}


def _group(flow: str, category: str) -> str:
    """The colour family of a node: its material category, or its kind of flow."""
    if category != TOTAL:
        return category
    if flow.startswith("DPO"):
        return "DPO"
    if flow.startswith("BI"):
        return "BI"
    return "other"


def series(years: Sequence[int], lines: Sequence[SeriesLine]) -> dict[str, Any] | None:
    if not lines:
        return None
    return {
        "kind": "line",
        "unit": _("t"),
        "x": [str(year) for year in years],
        "series": [{"name": line.name, "data": list(line.tonnes)} for line in lines],
    }


def comparison(
    lines: Sequence[ComparisonLine],
    territory: str,
    reference_name: str,
    reference_value: float | None,
) -> dict[str, Any] | None:
    """Bars of every territory per inhabitant; the one shown above and the reference stand out."""
    bars = [line for line in lines if line.tonnes_per_inhabitant is not None]
    if not bars:
        return None
    return {
        "kind": "bar",
        "unit": _("t/inhabitant"),
        "x": [line.name for line in bars],
        "values": [line.tonnes_per_inhabitant for line in bars],
        "groups": [
            "selected" if line.territory == territory else "reference" if line.is_reference else ""
            for line in bars
        ],
        "reference": (
            {
                "name": _("Reference: %(territory)s") % {"territory": reference_name},
                "value": reference_value,
            }
            if reference_value is not None
            else None
        ),
    }
