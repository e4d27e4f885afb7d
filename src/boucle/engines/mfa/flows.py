"""The flows an account gives, which totals they make up, and which categories each admits.

A row of the accounts is one flow of one category: `DE` of `MF131`, `IMP_INT` of `MF4`,
`DPO_AIR` of `TOTAL`. Three flows are totals of others (`IMP`, `EXP`, `DPO`): a source that has
no split gives the total alone; a total given beside its parts must agree with them.

Two flows go beyond the issue's list, because the method needs somewhere to put them:
`UDE_EROSION` (soil erosion, which the French regional studies count beside unused extraction
and show apart) and `NAS_REPORTED` (a net addition to stock measured directly, which the balance
check compares with the NAS the balance gives).
"""

from __future__ import annotations

from types import MappingProxyType

from boucle.engines.mfa.categories import CATEGORIES, TOTAL

FLOWS: tuple[str, ...] = (
    "DE",
    "UDE",
    "UDE_EROSION",
    "IMP_INT",
    "IMP_DOM",
    "EXP_INT",
    "EXP_DOM",
    "DPO_AIR",
    "DPO_LANDFILL",
    "DPO_WATER",
    "DPO_DISSIPATIVE_USE",
    "DPO_DISSIPATIVE_LOSS",
    "BI_IN",
    "BI_OUT",
    "RECYCLING",
    "NAS_REPORTED",
    "IMP",
    "EXP",
    "DPO",
)
FLOW_INDEX = MappingProxyType({flow: i for i, flow in enumerate(FLOWS)})

# Each total and its parts, in the order the indicators list them.
FLOW_PARTS = MappingProxyType(
    {
        "IMP": ("IMP_INT", "IMP_DOM"),
        "EXP": ("EXP_INT", "EXP_DOM"),
        "DPO": (
            "DPO_AIR",
            "DPO_LANDFILL",
            "DPO_WATER",
            "DPO_DISSIPATIVE_USE",
            "DPO_DISSIPATIVE_LOSS",
        ),
    }
)

# Domestic trade: trade with the rest of the country, which aggregation must net.
DOMESTIC_TRADE = ("IMP_DOM", "EXP_DOM")

# Flows that may be negative: a stock can shrink.
SIGNED_FLOWS = frozenset({"NAS_REPORTED"})

_EXTRACTION = frozenset(code for code, c in CATEGORIES.items() if c.extraction)
_ANY = frozenset(CATEGORIES)
_TOTAL_ONLY = frozenset({TOTAL})

# DPO and the balancing items have classifications of their own (emissions, gases), not the MF
# tree: they are given as TOTAL. Extraction, used or not, exists only for raw materials.
ALLOWED_CATEGORIES = MappingProxyType(
    {
        "DE": _EXTRACTION,
        "UDE": _EXTRACTION,
        "UDE_EROSION": _TOTAL_ONLY,
        "IMP_INT": _ANY,
        "IMP_DOM": _ANY,
        "EXP_INT": _ANY,
        "EXP_DOM": _ANY,
        "IMP": _ANY,
        "EXP": _ANY,
        "DPO": _TOTAL_ONLY,
        "DPO_AIR": _TOTAL_ONLY,
        "DPO_LANDFILL": _TOTAL_ONLY,
        "DPO_WATER": _TOTAL_ONLY,
        "DPO_DISSIPATIVE_USE": _TOTAL_ONLY,
        "DPO_DISSIPATIVE_LOSS": _TOTAL_ONLY,
        "BI_IN": _TOTAL_ONLY,
        "BI_OUT": _TOTAL_ONLY,
        "RECYCLING": _ANY,
        "NAS_REPORTED": _TOTAL_ONLY,
    }
)


def normalise_flow(flow: str) -> str | None:
    cleaned = flow.strip().upper()
    return cleaned if cleaned in FLOW_INDEX else None
