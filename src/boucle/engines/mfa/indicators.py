"""The EW-MFA indicators: their definitions, names, and the arithmetic that derives them.

Every indicator is a mass in tonnes per territory, year and category, derived from the flows
after roll-up (see `accounts.py`)::

    DMI = DE + IMP                        domestic material input
    DMC = DMI - EXP                       domestic material consumption
    PTB = IMP - EXP                       physical trade balance
    TMI = DMI + UDE                       total material input (soil erosion apart)
    DPO = DPO_AIR + DPO_LANDFILL + DPO_WATER + DPO_DISSIPATIVE_USE + DPO_DISSIPATIVE_LOSS
    DMO = DPO + EXP                       domestic material output
    NAS = DMI + BI_IN - DPO - EXP - BI_OUT    net addition to stock

IMP and EXP are each the sum of trade with other countries (INT) and with the rest of the
country (DOM). DPO, the balancing items and NAS have no material category: they exist for TOTAL
only. Recycling is reported beside the balance, never in it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np
from numpy.typing import NDArray

from boucle.engines.mfa.flows import FLOW_INDEX

FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class Indicator:
    code: str
    name_en: str
    name_fr: str
    by_category: bool  # False for the indicators that exist for TOTAL only

    def name(self, language: str) -> str:
        return self.name_en if language.startswith("en") else self.name_fr


_DEFINITIONS = (
    ("DE", "Domestic extraction used", "Extraction intérieure utilisée", True),
    ("IMP", "Imports", "Importations", True),
    ("IMP_INT", "Imports from other countries", "Importations internationales", True),
    (
        "IMP_DOM",
        "Imports from the rest of the country",
        "Importations du reste du territoire national",
        True,
    ),
    ("EXP", "Exports", "Exportations", True),
    ("EXP_INT", "Exports to other countries", "Exportations internationales", True),
    (
        "EXP_DOM",
        "Exports to the rest of the country",
        "Exportations vers le reste du territoire national",
        True,
    ),
    ("DMI", "Direct material input", "Entrée directe de matières", True),
    ("DMC", "Domestic material consumption", "Consommation intérieure de matières", True),
    ("PTB", "Physical trade balance", "Balance commerciale physique", True),
    ("UDE", "Unused domestic extraction", "Extraction intérieure inutilisée", True),
    ("UDE_EROSION", "Soil erosion", "Érosion des sols", False),
    ("TMI", "Total material input", "Entrée totale de matières", True),
    ("DPO", "Domestic processed output", "Rejets intérieurs vers la nature", False),
    ("DPO_AIR", "Emissions to air", "Émissions dans l'air", False),
    ("DPO_LANDFILL", "Waste landfilled", "Déchets mis en décharge", False),
    ("DPO_WATER", "Emissions to water", "Émissions dans l'eau", False),
    ("DPO_DISSIPATIVE_USE", "Dissipative use of products", "Usages dissipatifs de produits", False),
    ("DPO_DISSIPATIVE_LOSS", "Dissipative losses", "Pertes dissipatives", False),
    ("DMO", "Domestic material output", "Sortie directe de matières", False),
    ("BI_IN", "Balancing items, input side", "Éléments d'équilibrage en entrée", False),
    ("BI_OUT", "Balancing items, output side", "Éléments d'équilibrage en sortie", False),
    ("NAS", "Net addition to stock", "Addition nette au stock", False),
    (
        "NAS_REPORTED",
        "Net addition to stock, measured directly",
        "Addition nette au stock, mesurée directement",
        False,
    ),
    (
        "NAS_GAP",
        "Net addition to stock: balance minus measured",
        "Addition nette au stock : bilan moins mesure",
        False,
    ),
    ("RECYCLING", "Recycling (beside the balance)", "Recyclage (hors bilan)", True),
)

INDICATORS: Mapping[str, Indicator] = MappingProxyType(
    {code: Indicator(code, en, fr, by_category) for code, en, fr, by_category in _DEFINITIONS}
)
"""Every indicator the engine computes, in the order results list them."""

INDICATOR_ORDER = MappingProxyType({code: i for i, code in enumerate(INDICATORS)})

# The guide's respiration coefficients, in kilograms per person and per day: oxygen breathed in
# is a balancing item on the input side, carbon dioxide and water vapour breathed out are
# balancing items on the output side.
RESPIRATION_O2_IN_KG_PER_PERSON_DAY = 0.68
RESPIRATION_CO2_OUT_KG_PER_PERSON_DAY = 0.82
RESPIRATION_H2O_OUT_KG_PER_PERSON_DAY = 0.96
DAYS_PER_YEAR = 365  # the guide multiplies its daily coefficients by 365, leap years too


def respiration_tonnes(population: float) -> tuple[float, float]:
    """(input, output) balancing items of a population's respiration over a year, in tonnes."""
    person_days = population * DAYS_PER_YEAR
    inputs = person_days * RESPIRATION_O2_IN_KG_PER_PERSON_DAY / 1000
    outputs = (
        person_days
        * (RESPIRATION_CO2_OUT_KG_PER_PERSON_DAY + RESPIRATION_H2O_OUT_KG_PER_PERSON_DAY)
        / 1000
    )
    return inputs, outputs


def known_sum(*terms: tuple[float, FloatArray]) -> FloatArray:
    """The sum of sign * term, NaN only where every term is NaN: an unknown term counts as
    zero as long as another is known (a territory with no mine has no DE of metal ores)."""
    total = np.zeros_like(terms[0][1])
    known = np.zeros(total.shape, dtype=bool)
    for sign, term in terms:
        present = ~np.isnan(term)
        total += sign * np.where(present, term, 0.0)
        known |= present
    result: FloatArray = np.where(known, total, np.nan)
    return result


def indicator_values(flows: FloatArray) -> FloatArray:
    """Indicators [slab, indicator, category] from rolled-up flows [slab, flow, category]."""
    slabs, _, categories = flows.shape
    out = np.full((slabs, len(INDICATORS), categories), np.nan)

    def flow(code: str) -> FloatArray:
        return flows[:, FLOW_INDEX[code], :]

    def put(code: str, values: FloatArray) -> None:
        out[:, INDICATOR_ORDER[code], :] = values

    for code in INDICATORS:
        if code in FLOW_INDEX:
            put(code, flow(code))
    dmi = known_sum((1, flow("DE")), (1, flow("IMP")))
    put("DMI", dmi)
    put("DMC", known_sum((1, dmi), (-1, flow("EXP"))))
    put("PTB", known_sum((1, flow("IMP")), (-1, flow("EXP"))))
    put("TMI", known_sum((1, dmi), (1, flow("UDE"))))
    # Outputs and the stock only mean something once DPO is known: without it, NAS would be
    # DMC under another name.
    dpo = flow("DPO")
    closes = ~np.isnan(dpo) & ~np.isnan(dmi)
    put("DMO", np.where(~np.isnan(dpo), known_sum((1, dpo), (1, flow("EXP"))), np.nan))
    nas = known_sum(
        (1, dmi), (1, flow("BI_IN")), (-1, dpo), (-1, flow("EXP")), (-1, flow("BI_OUT"))
    )
    put("NAS", np.where(closes, nas, np.nan))
    put("NAS_GAP", out[:, INDICATOR_ORDER["NAS"], :] - flow("NAS_REPORTED"))

    by_category = np.array([INDICATORS[code].by_category for code in INDICATORS])
    out[:, ~by_category, 1:] = np.nan  # category 0 is TOTAL
    return out
