"""Builds the matching evaluation set: offers.csv, needs.csv and truth.csv in this folder.

The real synergies are hand-written rows of `cases.csv` (one row per case: the giver's offer and
the receiver's need, each in its own words, with the source that documents the exchange). This
script mixes them, under neutral identifiers, among several hundred unrelated declarations drawn
from seeded templates in the same places, near misses included (same word for another resource,
hazardous lots, wrong temperature, quantities far too small), then writes the two files the
engine reads and the truth file the benchmark scores against.

Run it again after editing `cases.csv` or the templates:
`python benchmarks/data/matching/generate.py` (`--check` only compares with the files here).
The output depends only on the files and the seed, so the committed CSV files can be checked.

`cases.csv` columns: `case, source, offer_key`, the offer (`o_*`), the need (`n_*`) and `round`,
the writing round that added the case (1, 2, 3...: the newest round is the one no engine change
has seen yet). Rows that share an `offer_key` share one offer (the first row describes it). A row
whose need columns are empty adds another acceptable offer to the case of that name (both
partners are documented).
"""

from __future__ import annotations

import csv
import hashlib
import math
import random
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = 20261128
COLUMNS = [
    "id",
    "organisation",
    "nace",
    "kind",
    "ewc",
    "description",
    "quantity",
    "unit",
    "period",
    "lat",
    "lon",
]
FIELDS = COLUMNS[1:]


def split_of(case: str) -> str:
    """`dev` for about one case in three, `test` otherwise; stable when cases are added."""
    return "dev" if hashlib.sha256(case.encode()).digest()[0] % 3 == 0 else "test"


@dataclass
class Row:
    values: dict[str, str]
    key: str  # unique before identifiers are assigned
    near_miss: bool = False
    real: bool = False
    id: str = ""


@dataclass
class EvaluationSet:
    offers: list[Row] = field(default_factory=list)
    needs: list[Row] = field(default_factory=list)
    # need, offer, case, source, round
    truth: list[tuple[str, str, str, str, int]] = field(default_factory=list)


# --- the places: every distractor sits near a real site, in the language people there write ---

PLACES: dict[str, tuple[float, float, str]] = {
    "kalundborg": (55.672, 11.095, "en"),
    "aalborg": (57.050, 10.000, "en"),
    "fredericia": (55.565, 9.750, "en"),
    "dunkerque": (51.025, 2.300, "fr"),
    "gravelines": (51.000, 2.130, "fr"),
    "lehavre": (49.490, 0.350, "fr"),
    "lillebonne": (49.510, 0.530, "fr"),
    "nantes": (47.260, -1.800, "fr"),
    "kwinana": (-32.205, 115.780, "en"),
    "perth": (-31.950, 115.860, "en"),
    "rotterdam": (51.900, 4.250, "en"),
    "westland": (51.990, 4.230, "en"),
    "terneuzen": (51.290, 3.820, "en"),
    "guigang": (23.090, 109.600, "en"),
    "ulsan": (35.470, 129.350, "en"),
    "somerset": (51.150, -2.540, "en"),
    "wrexham": (52.990, -3.020, "en"),
    "tyneside": (54.970, -1.800, "en"),
    "lille": (50.500, 3.150, "fr"),
    "brest": (48.550, -4.640, "fr"),
    "alsace": (48.600, 7.300, "fr"),
    "oise": (49.290, 2.530, "fr"),
    "mantes": (48.985, 1.750, "fr"),
    "rennes": (48.130, -1.700, "fr"),
    "manitoba": (49.870, -98.500, "en"),
    "staffordshire": (52.800, -2.180, "en"),
    "norrkoping": (58.605, 16.245, "en"),
    "roussillon": (45.360, 4.795, "fr"),
    "hautdoubs": (46.890, 6.240, "fr"),
    "wissington": (52.565, 0.450, "en"),
    "antwerp": (51.285, 4.260, "en"),
    "kawasaki": (35.515, 139.740, "en"),
    "bazancourt": (49.350, 4.155, "fr"),
    "rouen": (49.400, 0.950, "fr"),
    "lacq": (43.415, -0.620, "fr"),
    "roye": (49.700, 2.790, "fr"),
    "guayama": (17.955, -66.150, "en"),
    "strasbourg": (48.570, 7.790, "fr"),
    "kokkola": (63.860, 23.030, "en"),
    "skelleftea": (64.700, 21.150, "en"),
    "hameenlinna": (61.010, 24.470, "en"),
    "fos": (43.450, 4.900, "fr"),
    "origny": (49.835, 3.490, "fr"),
    "lyon": (45.740, 4.850, "fr"),
    "ain": (45.840, 5.280, "fr"),
    "artois": (50.500, 2.700, "fr"),
    "kitakyushu": (33.900, 130.830, "en"),
    "troyes": (48.250, 4.080, "fr"),
    "limoges": (45.860, 1.050, "fr"),
    "hautesaone": (47.640, 6.050, "fr"),
    "vendee": (46.370, -0.590, "fr"),
    "gardanne": (43.470, 5.350, "fr"),
    "caen": (49.200, -0.300, "fr"),
    # third round, France
    "tricastin": (44.340, 4.725, "fr"),
    "montoir": (47.315, -2.150, "fr"),
    "landes": (44.350, -1.090, "fr"),
    "anjou": (47.540, -0.020, "fr"),
    "gironde": (45.020, -0.285, "fr"),
    "quimper": (48.000, -4.150, "fr"),
    "auvergne": (45.520, 2.930, "fr"),
    "clermont": (45.775, 3.190, "fr"),
    "seineetmarne": (48.915, 2.720, "fr"),
    "retz": (47.020, -1.760, "fr"),
    "comminges": (43.190, 0.990, "fr"),
    "carling": (49.162, 6.712, "fr"),
    "sarrebourg": (48.730, 7.060, "fr"),
    "douai": (50.300, 3.090, "fr"),
    "vosges": (48.200, 6.440, "fr"),
    "bournezeau": (46.640, -1.170, "fr"),
    "neufbrisach": (47.950, 7.540, "fr"),
    "pau": (43.330, -0.420, "fr"),
    "maremne": (43.690, -1.230, "fr"),
    "grenoble": (45.110, 5.720, "fr"),
    "vienne": (45.538, 4.882, "fr"),
    "lamballe": (48.475, -2.500, "fr"),
    # round 3, outside France (written in English)
    "tarragona": (41.150, 1.200, "en"),
    "porsgrunn": (59.130, 9.640, "en"),
    "kungshamn": (58.380, 11.280, "en"),
    "delfzijl": (53.320, 6.950, "en"),
    "moerdijk": (51.690, 4.590, "en"),
    "billingham": (54.600, -1.280, "en"),
    "mongstad": (60.810, 5.030, "en"),
    "siilinjarvi": (63.080, 27.690, "en"),
    "turku": (60.480, 22.400, "en"),
    "badaussee": (47.610, 13.790, "en"),
    "koflach": (47.060, 15.090, "en"),
    "yeosu": (34.850, 127.680, "en"),
    "kamaishi": (39.270, 141.860, "en"),
    "lahti": (60.950, 25.720, "en"),
    "dallas": (32.800, -96.900, "en"),
    "harjavalta": (61.320, 22.130, "en"),
    "merthyr": (51.700, -3.360, "en"),
    "chita": (34.950, 136.910, "en"),
    "ghent": (51.100, 3.770, "en"),
    "sarnia": (42.960, -82.390, "en"),
    "york": (53.960, -1.090, "en"),
    "midlands": (52.430, -1.800, "en"),
    "doncaster": (53.550, -1.050, "en"),
    # round 4, France
    "guadeloupe": (16.320, -61.370, "fr"),
    "reunion": (-21.280, 55.420, "fr"),
    "noirmoutier": (46.990, -2.250, "fr"),
    "cognac": (45.660, -0.330, "fr"),
    "iroise": (48.350, -4.730, "fr"),
    "valenciennes": (50.350, 3.450, "fr"),
    "lens": (50.430, 2.930, "fr"),
    "forez": (45.500, 4.250, "fr"),
    "vichy": (46.200, 3.400, "fr"),
    "mayenne": (48.080, -0.850, "fr"),
    "tonnerrois": (47.800, 4.030, "fr"),
    "larochelle": (46.160, -1.100, "fr"),
    "boulonnais": (50.670, 1.840, "fr"),
    "blesois": (47.650, 1.420, "fr"),
    "martinique": (14.610, -61.010, "fr"),
    "poitou": (46.340, 0.630, "fr"),
    "saintonge": (45.300, -0.320, "fr"),
    "ladefense": (48.880, 2.360, "fr"),
    "bordeaux": (44.800, -0.500, "fr"),
    "issoire": (45.550, 3.250, "fr"),
    "montceau": (46.700, 4.400, "fr"),
    "deuxsevres": (46.790, -0.150, "fr"),
    "villeneuve": (44.400, 0.650, "fr"),
    "alencon": (48.390, 0.240, "fr"),
    "sille": (48.190, -0.120, "fr"),
    "charleville": (49.770, 4.720, "fr"),
    "beziers": (43.350, 3.250, "fr"),
    "sevran": (48.940, 2.520, "fr"),
    "rungis": (48.750, 2.350, "fr"),
    "manosque": (43.830, 5.790, "fr"),
    "artenay": (48.080, 1.880, "fr"),
    "champagne": (49.060, 4.010, "fr"),
    "carcassonne": (43.210, 2.440, "fr"),
    "tarn": (43.730, 2.000, "fr"),
    "nice": (43.670, 7.200, "fr"),
    "roissy": (49.000, 2.560, "fr"),
    "angouleme": (45.660, 0.150, "fr"),
    "choisy": (48.770, 2.410, "fr"),
    "bocage": (48.930, -0.780, "fr"),
    "vendomois": (47.750, 0.820, "fr"),
    "thau": (43.450, 3.620, "fr"),
    "bresse": (46.350, 5.150, "fr"),
    "chablais": (46.390, 6.590, "fr"),
    "brie": (48.550, 3.010, "fr"),
    # round 4, outside France (written in English)
    "prato": (43.870, 11.080, "en"),
    "emmen": (52.700, 6.880, "en"),
    "durban": (-29.960, 30.960, "en"),
    "elsegundo": (33.910, -118.400, "en"),
    "aanekoski": (62.600, 25.730, "en"),
    "stpaul": (44.940, -93.080, "en"),
    "hochst": (50.095, 8.535, "en"),
    "atlantis": (-33.570, 18.490, "en"),
    "aalst": (50.950, 4.100, "en"),
    "aue": (50.590, 12.690, "en"),
    "perlen": (47.110, 8.370, "en"),
    "hamburg": (53.535, 10.020, "en"),
    "london": (51.515, -0.125, "en"),
    "alconbury": (52.370, -0.230, "en"),
    "darwen": (53.690, -2.460, "en"),
    "brussels": (50.845, 4.360, "en"),
    "fortcollins": (40.585, -105.080, "en"),
    "boulder": (40.015, -105.250, "en"),
    "rugby": (52.375, -1.270, "en"),
    "frameries": (50.410, 3.890, "en"),
    "sagamihara": (35.580, 139.380, "en"),
    "shinjuku": (35.690, 139.700, "en"),
    "solihull": (52.420, -1.780, "en"),
    "warrington": (53.390, -2.560, "en"),
    "stenungsund": (58.080, 11.830, "en"),
    "morana": (66.320, 14.150, "en"),
    "geleen": (50.975, 5.790, "en"),
    "faenza": (44.285, 11.880, "en"),
    "gijon": (43.550, -5.730, "en"),
    "mosjoen": (65.840, 13.190, "en"),
    "bozeman": (45.680, -111.040, "en"),
    "richmond": (37.940, -122.370, "en"),
}

NAMES = {
    "en": {
        "stems": [
            "Northfield",
            "Harbour",
            "Westgate",
            "Riverside",
            "Ashby",
            "Kingsway",
            "Meridian",
            "Oakridge",
            "Baltic",
            "Crown",
            "Eastpoint",
            "Fjord",
            "Summit",
            "Greenway",
            "Pioneer",
            "Coastal",
        ],
        "suffix": ["Ltd", "A/S", "Pty Ltd", "Co.", "Group", "Industries", "Services", "plc"],
    },
    "fr": {
        "stems": [
            "Lemaire",
            "Dufresne",
            "Vasseur",
            "Le Gall",
            "Masson",
            "Delattre",
            "Caron",
            "Normandie",
            "Opale",
            "Flandres",
            "Estuaire",
            "Armor",
            "Val de Seine",
            "Picardie",
            "Rhénane",
            "Atlantique",
        ],
        "suffix": ["SAS", "SARL", "SA", "& Fils", "Industries", "Services", "Groupe", "SCOP"],
    },
}


@dataclass(frozen=True)
class Template:
    """One kind of unrelated declaration; `places` None means anywhere."""

    side: str  # offer | need
    kind: str
    nace: str
    sector: dict[str, str]  # the organisation's trade, by language
    texts: dict[str, list[str]]  # descriptions, by language
    unit: str
    quantity: tuple[float, float]
    period: str
    ewc: str = ""
    places: tuple[str, ...] | None = None
    near_miss: bool = False
    count: int = 1


def t(side: str, kind: str, nace: str, sector: tuple[str, str], en: list[str], fr: list[str],
      unit: str, quantity: tuple[float, float], period: str, **kw: object) -> Template:  # fmt: skip
    return Template(
        side, kind, nace, {"en": sector[0], "fr": sector[1]}, {"en": en, "fr": fr},
        unit, quantity, period, **kw,  # type: ignore[arg-type]
    )  # fmt: skip


CEMENT = ("aalborg", "mantes", "lehavre", "dunkerque", "guigang", "kalundborg", "rugby", "gijon")
HEAT = (
    "kalundborg",
    "aalborg",
    "dunkerque",
    "terneuzen",
    "lillebonne",
    "ulsan",
    "westland",
    "norrkoping",
    "roussillon",
    "wissington",
    "antwerp",
    "guayama",
    "kokkola",
    "skelleftea",
    "hameenlinna",
    "rotterdam",
    "lyon",
    "porsgrunn",
    "delfzijl",
    "moerdijk",
    "billingham",
    "siilinjarvi",
    "yeosu",
    "boulonnais",
    "perlen",
    "hamburg",
    "mosjoen",
    "morana",
    "issoire",
    "charleville",
)
SLUDGE = ("kalundborg", "rennes", "mantes", "gravelines", "aanekoski")
WOOD = ("wrexham", "tyneside", "somerset", "gardanne", "kamaishi", "tonnerrois", "anjou", "stpaul")
GYPSUM = ("kalundborg", "aalborg", "fredericia", "badaussee")
CO2 = (
    "rotterdam",
    "westland",
    "terneuzen",
    "kwinana",
    "ulsan",
    "norrkoping",
    "wissington",
    "bazancourt",
    "lillebonne",
    "rouen",
    "billingham",
    "mongstad",
    "ghent",
)
FEED = ("brest", "alsace", "oise", "kalundborg", "norrkoping")

# Near misses: the same words as a real case for a resource that cannot serve it.
NEAR_MISSES = [
    t(
        "offer",
        "material",
        "35.30",
        ("District heating plant", "Chaufferie bois"),
        [
            "Wood ash from our biomass boiler grate, wet, alkaline, some unburnt charcoal",
            "Bottom ash from straw and wood chip boiler, pH 12, suitable for forest liming",
        ],
        [
            "Cendres de bois sous foyer de la chaufferie biomasse, humides, riches en potasse",
            "Cendres de poêles et chaudières à granulés, petites quantités en big-bag",
        ],
        "t",
        (20, 600),
        "year",
        ewc="10 01 01",
        places=CEMENT,
        near_miss=True,
        count=6,
    ),
    t(
        "offer",
        "material",
        "38.21",
        ("Waste incineration", "Incinérateur"),
        [
            "APC residues / fly ash from municipal waste incineration, heavy metals and salts",
            "Boiler and filter ash from the energy-from-waste line, hazardous, to stabilise",
        ],
        [
            "REFIOM: cendres volantes d'incinération d'ordures ménagères, déchet dangereux",
            "Résidus d'épuration des fumées d'incinération (chaux, cendres), classés dangereux",
        ],
        "t",
        (500, 8000),
        "year",
        ewc="19 01 13*",
        places=(*CEMENT, "fos", "limoges"),
        near_miss=True,
        count=5,
    ),
    t(
        "offer",
        "material",
        "43.31",
        ("Drylining contractor", "Plâtrerie"),
        [
            "Plasterboard offcuts from fit-out sites, mixed with mineral wool, screws and tape",
            "Gypsum ceiling tiles from a strip-out, painted, with metal grid pieces",
        ],
        [
            "Chutes de plaques de plâtre de chantier mélangées à de la laine de verre",
            "Dalles de faux-plafond en plâtre peintes, dépose de chantier, en vrac",
        ],
        "t",
        (5, 80),
        "year",
        ewc="17 08 02",
        places=(*GYPSUM, "mantes"),
        near_miss=True,
        count=5,
    ),
    t(
        "offer",
        "material",
        "72.19",
        ("Pilot plant", "Plateforme d'essais"),
        [
            "FGD gypsum samples from our pilot scrubber, a few big bags",
            "Small batch of desulphurisation gypsum from lab trials, 1 pallet",
        ],
        [
            "Gypse de désulfuration issu de notre pilote de laboratoire, quelques big-bags",
            "Échantillons de gypse synthétique, 1 palette",
        ],
        "t",
        (0.5, 3),
        "once",
        ewc="10 01 05",
        places=GYPSUM,
        near_miss=True,
        count=3,
    ),
    t(
        "need",
        "energy",
        "20.16",
        ("Chemical plant", "Chimie"),
        [
            "Process heat at 400 °C for our thermal oil loop (reactor heating), 24/7",
            "High-temperature heat, 350-450 °C, to replace a gas-fired hot oil heater",
        ],
        [
            "Chaleur haute température 400 °C pour circuit d'huile thermique, procédé continu",
            "Besoin de vapeur HP 60 bar / 450 °C pour turbine de process",
        ],
        "MWh",
        (5000, 60000),
        "year",
        places=HEAT,
        near_miss=True,
        count=6,
    ),
    t(
        "offer",
        "energy",
        "10.51",
        ("Dairy", "Laiterie"),
        [
            "Low-grade heat from our refrigeration condensers, 30 °C, small flow",
            "Warm rinse water, 35 °C, a few m3 per day",
        ],
        [
            "Chaleur fatale basse température des groupes froids (30 °C), faible puissance",
            "Eaux tièdes de rinçage à 35 °C, quelques m3 par jour",
        ],
        "MWh",
        (20, 200),
        "year",
        places=HEAT,
        near_miss=True,
        count=5,
    ),
    t(
        "offer",
        "equipment",
        "35.11",
        ("Utility", "Énergie"),
        [
            "Used steam boiler 8 t/h, decommissioned, for sale or free to collect",
            "Second-hand heat exchangers and steam traps from a plant upgrade",
        ],
        [
            "Chaudière vapeur 8 t/h d'occasion, déposée, à céder",
            "Échangeurs thermiques et purgeurs de vapeur d'occasion suite à rénovation",
        ],
        "unit",
        (1, 4),
        "once",
        places=HEAT,
        near_miss=True,
        count=4,
    ),
    t(
        "offer",
        "material",
        "52.10",
        ("Tank terminal", "Dépôt pétrolier"),
        [
            "Oily sludge from tank bottom cleaning, hydrocarbons > 10%, hazardous",
            "Interceptor sludge with oil and heavy metals from the truck wash",
        ],
        [
            "Boues d'hydrocarbures de curage de bacs, déchet dangereux",
            "Boues de séparateur hydrocarbures de l'aire de lavage, dangereuses",
        ],
        "t",
        (50, 3000),
        "year",
        ewc="05 01 03*",
        places=SLUDGE,
        near_miss=True,
        count=6,
    ),
    t(
        "offer",
        "material",
        "25.61",
        ("Surface treatment", "Traitement de surface"),
        [
            "Metal hydroxide sludge from our galvanising wastewater plant (Zn, Ni, Cr)",
            "Paint sludge from spray booths, solvent-borne",
        ],
        [
            "Boues d'hydroxydes métalliques de la station de détoxication (Zn, Ni, Cr)",
            "Boues de peinture des cabines, solvantées",
        ],
        "t",
        (20, 500),
        "year",
        ewc="11 01 09*",
        places=SLUDGE + CEMENT,
        near_miss=True,
        count=4,
    ),
    t(
        "offer",
        "material",
        "47.11",
        ("Retailer", "Enseigne"),
        [
            "12 pallets of unsold shampoo and shower gel, in date",
            "Pallets of returned small appliances (kettles, toasters), boxed",
        ],
        [
            "10 palettes d'invendus d'hygiène (gels douche), DLUO longue",
            "Palettes de produits déclassés: petit électroménager en carton",
        ],
        "pallet",
        (4, 30),
        "once",
        places=(*WOOD, "lille", "mantes"),
        near_miss=True,
        count=5,
    ),
    t(
        "need",
        "material",
        "52.10",
        ("Logistics platform", "Plateforme logistique"),
        [
            "Empty EUR pallets wanted, good condition, 100 a week",
            "Looking for used wooden pallets 1200x800 to ship our goods",
        ],
        [
            "Recherche palettes EUR vides en bon état, 100 par semaine",
            "Besoin de palettes bois 1200x800 d'occasion pour nos expéditions",
        ],
        "pallet",
        (100, 500),
        "week",
        places=(*WOOD, "lille", "mantes"),
        near_miss=True,
        count=4,
    ),
    t(
        "offer",
        "material",
        "43.39",
        ("Demolition", "Démolition"),
        [
            "CCA-treated timber from fencing and decking removal, hazardous",
            "Railway sleepers impregnated with creosote",
        ],
        [
            "Bois traités CCA (poteaux, clôtures), déchet dangereux",
            "Traverses de chemin de fer créosotées",
        ],
        "t",
        (10, 400),
        "year",
        ewc="17 02 04*",
        places=WOOD,
        near_miss=True,
        count=4,
    ),
    t(
        "offer",
        "material",
        "24.10",
        ("Electric steelworks", "Aciérie électrique"),
        [
            "Black EAF slag, crystalline, for aggregates only",
            "Ladle slag (white slag) from secondary metallurgy, dusty",
        ],
        [
            "Laitier noir d'aciérie électrique, cristallisé (usage granulats)",
            "Laitier de poche (blanc) de métallurgie secondaire, pulvérulent",
        ],
        "t",
        (5000, 80000),
        "year",
        ewc="10 02 02",
        places=("dunkerque", "lehavre", "mantes", "fos"),
        near_miss=True,
        count=4,
    ),
    t(
        "offer",
        "material",
        "11.05",
        ("Microbrewery", "Micro-brasserie"),
        [
            "Spent kieselguhr (diatomaceous earth) from beer filtration, wet",
            "A few buckets of spent grain from our homebrew club, once a month",
        ],
        [
            "Kieselguhr usagé de filtration de la bière, humide",
            "Quelques seaux de drêches d'un club de brassage amateur",
        ],
        "t",
        (0.2, 5),
        "year",
        ewc="02 07 99",
        places=FEED,
        near_miss=True,
        count=5,
    ),
    t(
        "offer",
        "material",
        "23.13",
        ("Container glass", "Verrerie"),
        [
            "Coloured bottle glass cullet (green/amber), container grade only",
            "Glass wool offcuts from insulation production",
        ],
        [
            "Calcin de verre creux coloré (bouteilles vertes et brunes)",
            "Chutes de laine de verre d'isolation",
        ],
        "t",
        (100, 5000),
        "year",
        ewc="10 11 12",
        places=("lille", "dunkerque", "koflach"),
        near_miss=True,
        count=3,
    ),
    t(
        "offer",
        "material",
        "22.21",
        ("Plastics converter", "Plasturgie"),
        [
            "PVC film offcuts with plasticiser, printed",
            "Pesticide-contaminated plastic containers and film from a farm supply depot",
        ],
        ["Chutes de film PVC imprimé", "Emballages et films souillés de produits phytosanitaires"],
        "t",
        (1, 40),
        "year",
        ewc="15 01 10*",
        places=("manitoba", "rennes", "brest"),
        near_miss=True,
        count=3,
    ),
    t(
        "offer",
        "equipment",
        "33.12",
        ("Fire safety", "Sécurité incendie"),
        [
            "CO2 fire extinguishers past inspection date, 200 units",
            "Decommissioned CO2 cylinders from a fire suppression system",
        ],
        ["Extincteurs CO2 réformés, 200 unités", "Bouteilles CO2 d'un système d'extinction déposé"],
        "unit",
        (20, 300),
        "once",
        places=CO2,
        near_miss=True,
        count=4,
    ),
    t(
        "offer",
        "material",
        "11.02",
        ("Winery", "Cave"),
        [
            "CO2 from our small fermentation tanks, seasonal, not captured",
            "A few tonnes of carbon dioxide from cider fermentation in autumn",
        ],
        [
            "CO2 de fermentation de notre petite cave, saisonnier",
            "Quelques tonnes de gaz carbonique de fermentation du cidre",
        ],
        "t",
        (1, 8),
        "year",
        places=CO2,
        near_miss=True,
        count=3,
    ),
    t(
        "offer",
        "water",
        "37.00",
        ("Industrial wastewater", "Eaux industrielles"),
        [
            "Process wastewater with hydrocarbons and phenols, needs treatment",
            "Brine from our demineralisation plant, high salt content",
        ],
        [
            "Eaux de procédé chargées en hydrocarbures et phénols",
            "Saumure de régénération des résines, très salée",
        ],
        "m3",
        (5000, 200000),
        "year",
        places=("kalundborg", "kwinana", "gravelines", "guayama", "bazancourt"),
        near_miss=True,
        count=5,
    ),
    t(
        "offer",
        "material",
        "10.20",
        ("Fish processing", "Mareyage"),
        ["Fish heads and frames from filleting, chilled", "Fish processing wastewater sludge"],
        [
            "Têtes et arêtes de poissons de filetage, réfrigérées",
            "Boues de la station de traitement de la marée",
        ],
        "t",
        (50, 1500),
        "year",
        ewc="02 02 02",
        places=("kalundborg", "gravelines", "brest"),
        near_miss=True,
        count=3,
    ),
    t(
        "offer",
        "material",
        "20.13",
        ("Chemicals", "Chimie minérale"),
        [
            "Spent sulphuric acid (70%) with organic contamination, hazardous",
            "Sodium sulphate crystals from a neutralisation step",
        ],
        [
            "Acide sulfurique usé à 70 % pollué organiques, dangereux",
            "Sulfate de sodium cristallisé issu de neutralisation",
        ],
        "t",
        (100, 4000),
        "year",
        ewc="06 01 01*",
        places=("fredericia", "kalundborg", "kwinana", "harjavalta", "siilinjarvi"),
        near_miss=True,
        count=3,
    ),
    t(
        "offer",
        "material",
        "10.81",
        ("Sugar packing", "Conditionnement sucre"),
        [
            "Damaged sugar sacks and sweepings, mixed with dust",
            "Bagasse-fibre tableware rejects (moulded plates)",
        ],
        ["Sucre balayures et sacs abîmés", "Rebuts de vaisselle moulée en bagasse"],
        "t",
        (1, 20),
        "year",
        places=("guigang",),
        near_miss=True,
        count=3,
    ),
    t(
        "offer",
        "water",
        "10.51",
        ("Dairy", "Fromagerie"),
        [
            "Dairy CIP rinse water with caustic and acid, diluted milk",
            "Used brine from the cheese salting room, very salty",
        ],
        [
            "Eaux blanches de nettoyage de la fromagerie (NEP soude/acide), lait dilué",
            "Saumure usagée du saloir des meules, très salée",
        ],
        "m3",
        (50, 2000),
        "year",
        places=("hautdoubs",),
        near_miss=True,
        count=3,
    ),
    t(
        "offer",
        "material",
        "86.10",
        ("Hospital", "Hôpital"),
        [
            "Infectious plastic waste from the wards (syringes, tubing), hazardous",
            "Plastic drums that held pesticides, not rinsed",
        ],
        [
            "Déchets plastiques d'activités de soins à risques infectieux (seringues, tubulures)",
            "Bidons plastiques ayant contenu des pesticides, non rincés",
        ],
        "t",
        (5, 200),
        "year",
        ewc="18 01 03*",
        places=("kawasaki",),
        near_miss=True,
        count=3,
    ),
    t(
        "offer",
        "material",
        "20.59",
        ("Chemicals", "Chimie"),
        [
            "Oil-soaked cardboard and absorbent paper from the workshop",
            "Waxed boxes and silicone release liner from label backing",
        ],
        [
            "Cartons et papiers souillés d'huile et de produits chimiques",
            "Cartons paraffinés et papier siliconé de support d'étiquettes",
        ],
        "t",
        (2, 80),
        "year",
        ewc="15 01 10*",
        places=("strasbourg", "rouen"),
        near_miss=True,
        count=3,
    ),
    t(
        "offer",
        "material",
        "10.81",
        ("Sugar factory", "Sucrerie"),
        [
            "Soil washed off the beet at reception, wet, with stones",
            "Ash from the coal-fired boiler house",
        ],
        [
            "Terres de déterrage des betteraves, humides, avec cailloux",
            "Cendres de la chaudière charbon de la sucrerie",
        ],
        "t",
        (2000, 40000),
        "year",
        ewc="02 04 01",
        places=("roye", "bazancourt", "wissington", "origny"),
        near_miss=True,
        count=4,
    ),
    t(
        "offer",
        "material",
        "72.19",
        ("Laboratory", "Laboratoire"),
        [
            "Expired H2S calibration gas cylinders",
            "Sulphidic spent caustic from a gas scrubber, hazardous",
        ],
        [
            "Bouteilles de gaz étalon H2S périmées",
            "Soude usée sulfurée de lavage de gaz, dangereuse",
        ],
        "t",
        (0.2, 150),
        "year",
        ewc="16 05 04*",
        places=("lacq", "roussillon"),
        near_miss=True,
        count=3,
    ),
    t(
        "offer",
        "material",
        "47.71",
        ("Clothing retailer", "Prêt-à-porter"),
        [
            "Unsold synthetic garments with elastane, mixed with shoes and bags",
            "Polyester fleece and sportswear returns, mixed sizes",
        ],
        [
            "Vêtements synthétiques et élasthanne invendus, en mélange avec chaussures et sacs",
            "Retours de polaires et vêtements de sport en polyester",
        ],
        "t",
        (2, 60),
        "year",
        ewc="20 01 11",
        places=("artois",),
        near_miss=True,
        count=3,
    ),
    t(
        "offer",
        "material",
        "22.22",
        ("Packaging", "Emballage"),
        [
            "PVC blister packs and shrink sleeves, mixed",
            "Black food trays with food residue, not sorted",
        ],
        [
            "Blisters PVC et manchons rétractables en mélange",
            "Barquettes alimentaires noires souillées, non triées",
        ],
        "t",
        (5, 300),
        "year",
        ewc="15 01 02",
        places=("kitakyushu", "kawasaki"),
        near_miss=True,
        count=3,
    ),
    t(
        "offer",
        "material",
        "03.21",
        ("Shellfish farm", "Mytiliculture"),
        [
            "Undersized mussels and mussel-farming waste with flesh, smelly",
            "Mussel ropes and stakes with shells attached",
        ],
        [
            "Moules sous-taille et déchets de mytiliculture avec chair, odorants",
            "Cordes et pieux de bouchots avec coquilles attachées",
        ],
        "t",
        (10, 300),
        "year",
        places=("brest", "caen"),
        near_miss=True,
        count=3,
    ),
    t(
        "offer",
        "material",
        "45.20",
        ("Car breaker", "Casse automobile"),
        [
            "Used car catalytic converters, whole",
            "Spent activated alumina from air dryers, no metals",
        ],
        [
            "Pots catalytiques automobiles usagés, entiers",
            "Alumine activée usée de sécheurs d'air, sans métaux",
        ],
        "t",
        (1, 50),
        "year",
        ewc="16 01 21*",
        places=("nantes", "limoges"),
        near_miss=True,
        count=3,
    ),
    t(
        "offer",
        "material",
        "25.61",
        ("Shot blasting", "Sablage"),
        [
            "Spent blasting grit with paint residue",
            "Grinding sludge with oil from the machining line",
        ],
        [
            "Abrasifs de sablage usagés avec résidus de peinture",
            "Boues de rectification huileuses de la ligne d'usinage",
        ],
        "t",
        (20, 600),
        "year",
        ewc="12 01 16*",
        places=("hautesaone", "dallas"),
        near_miss=True,
        count=3,
    ),
    t(
        "offer",
        "material",
        "56.29",
        ("Catering", "Restauration collective"),
        [
            "Grease trap contents from a central kitchen (water, fat, detergent)",
            "Flotation sludge from a slaughterhouse wastewater plant",
        ],
        [
            "Contenu de bacs à graisses de cuisine centrale (eau, graisses, détergents)",
            "Boues de flottation de la station d'épuration d'un abattoir",
        ],
        "t",
        (20, 800),
        "year",
        ewc="19 08 09",
        places=("vendee", "nantes"),
        near_miss=True,
        count=3,
    ),
    # third round, France: the same words for a resource that cannot serve the real need nearby
    t(
        "offer",
        "energy",
        "47.11",
        ("Supermarket", "Supermarché"),
        [
            "Warm air from the rooftop chiller of our shop, a few kW in summer",
            "Lukewarm water (25 °C) from a small air compressor, 5 kW",
        ],
        [
            "Air tiède rejeté par le groupe froid du magasin, quelques kW en été",
            "Eau à 25 °C du refroidissement d'un petit compresseur d'air, 5 kW",
        ],
        "MWh",
        (2, 30),
        "year",
        places=("tricastin", "anjou", "landes", "gironde", "vienne"),
        near_miss=True,
        count=5,
    ),
    t(
        "offer",
        "material",
        "46.44",
        ("Tableware wholesaler", "Négoce d'arts de la table"),
        [
            "Broken tableware, oven glass and glass-ceramic hobs, mixed",
            "Laminated windscreen glass with PVB film, not separated",
        ],
        [
            "Vaisselle cassée, verre culinaire et plaques vitrocéramiques en mélange",
            "Pare-brise feuilletés avec film PVB, non délaminés",
        ],
        "t",
        (5, 200),
        "year",
        ewc="16 01 20",
        places=("lehavre",),
        near_miss=True,
        count=3,
    ),
    t(
        "offer",
        "material",
        "43.11",
        ("Demolition", "Démolition"),
        [
            "Plasterboard lined with polystyrene (thermal lining), glued together",
            "Asbestos-containing plaster and partition tiles from a strip-out",
        ],
        [
            "Complexes de doublage plâtre + polystyrène collés, non séparables",
            "Plâtres et carreaux de cloison amiantés issus d'un désamiantage",
        ],
        "t",
        (10, 300),
        "year",
        ewc="17 06 05*",
        places=("seineetmarne",),
        near_miss=True,
        count=3,
    ),
    t(
        "offer",
        "material",
        "96.01",
        ("Laundry", "Blanchisserie"),
        [
            "Flue gas from our heavy fuel oil boiler (10 % CO2 with SO2), untreated",
            "Welding gas cylinders (argon/CO2 mix), partly used",
        ],
        [
            "Fumées de chaudière fioul lourd (10 % de CO2 avec SO2), non traitées",
            "Bouteilles de gaz de soudage argon/CO2 entamées",
        ],
        "t",
        (1, 50),
        "year",
        places=("retz", "nantes"),
        near_miss=True,
        count=3,
    ),
    t(
        "offer",
        "material",
        "10.51",
        ("Cheese dairy", "Fromagerie"),
        [
            "Acid whey from lactic curd mixed with cleaning water (caustic, acid)",
            "Downgraded cheeses still in plastic and wax",
        ],
        [
            "Lactosérum acide de caillé lactique mélangé aux eaux de lavage (soude, acide)",
            "Fromages déclassés encore emballés (film plastique, cire)",
        ],
        "m3",
        (50, 2000),
        "year",
        ewc="02 05 01",
        places=("quimper", "auvergne"),
        near_miss=True,
        count=4,
    ),
    t(
        "offer",
        "material",
        "52.22",
        ("Marina", "Port de plaisance"),
        [
            "Dredged harbour mud with TBT and PAH, not inert",
            "Sludge from cleaning an oil separator basin",
        ],
        [
            "Vases de darse contaminées (TBT, HAP), non inertes",
            "Boues de curage d'un bassin séparateur d'hydrocarbures",
        ],
        "m3",
        (200, 5000),
        "year",
        ewc="17 05 05*",
        places=("rouen",),
        near_miss=True,
        count=3,
    ),
    t(
        "offer",
        "material",
        "42.11",
        ("Road maintenance", "Entretien routier"),
        [
            "Road de-icing salt with anti-caking agent, caked in the store",
            "Spent brine from water softener regeneration",
        ],
        [
            "Sel de déneigement avec antimottant, pris en masse dans le hangar",
            "Saumure usée de régénération d'adoucisseurs",
        ],
        "t",
        (10, 500),
        "year",
        places=("grenoble",),
        near_miss=True,
        count=3,
    ),
    t(
        "offer",
        "material",
        "25.62",
        ("Machine shop", "Usinage"),
        [
            "Spent soluble cutting fluid emulsions",
            "Used transformer oil, PCB content unknown",
        ],
        [
            "Émulsions d'huiles de coupe solubles usagées",
            "Huile de transformateur usagée, teneur en PCB inconnue",
        ],
        "t",
        (5, 200),
        "year",
        ewc="13 01 05*",
        places=("lehavre",),
        near_miss=True,
        count=3,
    ),
    t(
        "offer",
        "material",
        "25.62",
        ("Machine shop", "Décolletage"),
        [
            "Aluminium turnings with 15 % cutting oil, not centrifuged",
            "Aluminium-plastic laminate offcuts (coffee pods, pouches)",
        ],
        [
            "Copeaux d'aluminium avec 15 % d'huile de coupe, non essorés",
            "Chutes de complexes aluminium-plastique (capsules, sachets)",
        ],
        "t",
        (5, 300),
        "year",
        ewc="12 01 03",
        places=("neufbrisach", "dunkerque"),
        near_miss=True,
        count=4,
    ),
    t(
        "offer",
        "material",
        "45.20",
        ("Garage", "Garage"),
        [
            "Oily workshop rags and used filters",
            "Old shoes and leather goods, mixed",
        ],
        [
            "Chiffons d'atelier souillés d'huile et filtres usagés",
            "Chaussures et maroquinerie usagées en mélange",
        ],
        "t",
        (1, 40),
        "year",
        ewc="15 02 02*",
        places=("pau", "maremne"),
        near_miss=True,
        count=3,
    ),
    t(
        "offer",
        "material",
        "17.12",
        ("Paper mill", "Papeterie"),
        [
            "Raw wet deinking sludge, 50 % water",
            "Coal boiler bottom ash with 20 % unburnt carbon",
        ],
        [
            "Boues de désencrage brutes humides, 50 % d'eau",
            "Mâchefers de chaudière charbon avec 20 % d'imbrûlés",
        ],
        "t",
        (100, 5000),
        "year",
        ewc="03 03 05",
        places=("vosges", "bournezeau"),
        near_miss=True,
        count=3,
    ),
    t(
        "offer",
        "material",
        "01.50",
        ("Farm", "Exploitation agricole"),
        [
            "Empty pesticide cans and rigid crop-protection containers, not rinsed",
            "Rigid PVC window frames with lead stabiliser",
        ],
        [
            "Bidons phytosanitaires vides non rincés (plastique rigide)",
            "Menuiseries PVC rigide avec stabilisant au plomb",
        ],
        "t",
        (1, 60),
        "year",
        places=("neufbrisach", "hautesaone"),
        near_miss=True,
        count=3,
    ),
    t(
        "offer",
        "equipment",
        "82.19",
        ("Office services", "Services de bureau"),
        [
            "Paper shredder for confidential documents, office model",
            "Small garden leaf vacuum, domestic",
        ],
        [
            "Broyeur de documents de bureau (destructeur de papier), à donner",
            "Aspirateur-souffleur de feuilles de jardin, usage domestique",
        ],
        "unit",
        (1, 3),
        "once",
        places=("douai",),
        near_miss=True,
        count=2,
    ),
    t(
        "offer",
        "space",
        "68.20",
        ("Self storage", "Garde-meubles"),
        [
            "Self-storage box of 15 m2 for rent, monthly",
            "200 car parking spaces available at weekends",
        ],
        [
            "Box de self-stockage de 15 m² à louer au mois",
            "Parking de 200 places disponible le week-end",
        ],
        "m2",
        (10, 300),
        "year",
        places=("lyon",),
        near_miss=True,
        count=2,
    ),
    t(
        "offer",
        "equipment",
        "84.25",
        ("Fire brigade", "Caserne"),
        [
            "Decommissioned fire tender for sale, 1998",
            "Used fire extinguishers to be refilled, lot",
        ],
        [
            "Camion-citerne incendie réformé à vendre (1998)",
            "Lot d'extincteurs usagés à recharger",
        ],
        "unit",
        (1, 20),
        "once",
        places=("carling",),
        near_miss=True,
        count=2,
    ),
    # round 3 (outside France)
    t(
        "offer",
        "water",
        "37.00",
        ("Municipal wastewater", "Assainissement"),
        [
            "Secondary effluent of a small village WWTP, 40 mg/l ammonium, not disinfected",
            "RO reject brine from a desalination unit, 60 g/l dissolved salts",
        ],
        [
            "Eau traitée d'une petite station communale, 40 mg/l d'ammonium, non désinfectée",
            "Concentrat d'osmose inverse d'une unité de dessalement, 60 g/l de sels",
        ],
        "m3",
        (20000, 300000),
        "year",
        places=("tarragona",),
        near_miss=True,
        count=3,
    ),
    t(
        "offer",
        "material",
        "03.11",
        ("Fishing fleet", "Armement de pêche"),
        [
            "Oily bilge water and fish-hold washings from our trawlers",
            "Spent herring curing brine, saturated with salt",
        ],
        [
            "Eaux de cale huileuses et eaux de lavage des cales à poisson",
            "Saumure usagée de salaison du hareng, saturée en sel",
        ],
        "t",
        (20, 600),
        "year",
        ewc="13 04 03*",
        places=("kungshamn",),
        near_miss=True,
        count=3,
    ),
    t(
        "offer",
        "material",
        "35.11",
        ("Biomass power plant", "Centrale biomasse"),
        [
            "Fly ash from burning demolition wood, chromium and lead above limits",
            "Unsorted MSW incinerator bottom ash, for road sub-base only",
        ],
        [
            "Cendres volantes de bois de démolition, chrome et plomb hors seuils",
            "Mâchefers d'incinération d'ordures ménagères bruts, usage routier seulement",
        ],
        "t",
        (2000, 40000),
        "year",
        ewc="10 01 17",
        places=("moerdijk",),
        near_miss=True,
        count=3,
    ),
    t(
        "offer",
        "material",
        "37.00",
        ("Mine water treatment", "Traitement des eaux de mine"),
        [
            "Gypsum and metal hydroxide sludge from neutralising acid mine drainage",
            "Waste rock with a few % sulphides, run of mine",
        ],
        [
            "Boues de neutralisation des eaux acides de mine (gypse et hydroxydes métalliques)",
            "Stériles rocheux à quelques % de sulfures",
        ],
        "t",
        (500, 20000),
        "year",
        ewc="01 03 07*",
        places=("siilinjarvi", "harjavalta"),
        near_miss=True,
        count=3,
    ),
    t(
        "offer",
        "material",
        "43.91",
        ("Roofing contractor", "Couverture"),
        [
            "Old roofing felt with coal-tar pitch (PAH), from 1960s flat roofs",
            "Asbestos-cement roof sheets and felt, mixed, from a barn strip-out",
        ],
        [
            "Anciennes membranes d'étanchéité au brai de houille (HAP)",
            "Plaques fibrociment amianté et feutres mélangés, dépose de hangar",
        ],
        "t",
        (5, 200),
        "year",
        ewc="17 03 03*",
        places=("lahti",),
        near_miss=True,
        count=3,
    ),
    t(
        "offer",
        "material",
        "24.10",
        ("Steel mill", "Aciérie"),
        [
            "EAF baghouse dust with zinc and lead, hazardous",
            "Used lead-acid vehicle batteries, on pallets",
        ],
        [
            "Poussières de filtration d'aciérie électrique (zinc, plomb), dangereuses",
            "Batteries au plomb de véhicules usagées, sur palettes",
        ],
        "t",
        (50, 5000),
        "year",
        ewc="10 02 07*",
        places=("chita",),
        near_miss=True,
        count=3,
    ),
    t(
        "offer",
        "material",
        "31.03",
        ("Mattress recycling", "Recyclage de matelas"),
        [
            "PU foam from used mattresses, soiled, loose",
            "Car-seat foam with glued fabric and wire frames",
        ],
        [
            "Mousse PU de matelas usagés, souillée, en vrac",
            "Mousse de sièges auto avec tissu collé et armatures",
        ],
        "t",
        (10, 300),
        "year",
        ewc="20 03 07",
        places=("merthyr",),
        near_miss=True,
        count=3,
    ),
    t(
        "offer",
        "space",
        "68.20",
        ("Property", "Immobilier"),
        [
            "Office suite to let downtown, 400 m2, no process utilities, not zoned for industry",
            "Retail unit available in a shopping centre",
        ],
        [
            "Bureaux à louer en centre-ville, 400 m2, sans utilités, zone non industrielle",
            "Local commercial disponible en galerie marchande",
        ],
        "unit",
        (1, 2),
        "once",
        places=("sarnia",),
        near_miss=True,
        count=2,
    ),
    t(
        "offer",
        "equipment",
        "72.19",
        ("University lab", "Laboratoire universitaire"),
        [
            "Benchtop glass reactors (1-5 L) and stirrers from a lab clear-out",
            "Small rotary evaporators and vacuum pumps, lab scale",
        ],
        [
            "Réacteurs de paillasse en verre (1 à 5 L) et agitateurs, débarras de labo",
            "Petits évaporateurs rotatifs et pompes à vide de laboratoire",
        ],
        "unit",
        (1, 10),
        "once",
        places=("sarnia",),
        near_miss=True,
        count=2,
    ),
    t(
        "offer",
        "logistics",
        "49.41",
        ("Bulk haulage", "Transport vrac"),
        [
            "Back-haul capacity on our bulk cement tankers, powders only",
            "Spare frozen-only reefers (-25 °C) returning north twice a week",
        ],
        [
            "Retours à vide de nos citernes pulvérulentes (ciment), vrac uniquement",
            "Semi-remorques surgelés (-25 °C) disponibles en retour deux fois par semaine",
        ],
        "t",
        (500, 10000),
        "year",
        places=("york", "midlands", "doncaster"),
        near_miss=True,
        count=4,
    ),
    # round 4, France
    t(
        "offer",
        "material",
        "11.01",
        ("Rum distillery", "Distillerie de rhum"),
        [
            "Wet bagasse from a small craft distillery mill, a few big bags a week in season",
            "Spent wash from rum distillation, liquid, COD 60 g/l, not a fuel",
        ],
        [
            "Bagasse humide du petit moulin de la distillerie, quelques big-bags/semaine en saison",
            "Vinasse de rhumerie liquide (DCO 60 g/l), en lagune, pas un combustible",
        ],
        "t",
        (2, 40),
        "year",
        places=("guadeloupe", "reunion"),
        near_miss=True,
        count=3,
    ),
    t(
        "offer",
        "water",
        "08.93",
        ("Salt marsh", "Marais salant"),
        [
            "Bittern (mother liquor) from the salt pans at the end of the season, 300 g/l",
            "Wash water from a boat careening area, hydrocarbons and antifouling biocides",
        ],
        [
            "Eaux mères des marais salants en fin de saison (saumure, 300 g/l)",
            "Eaux de l'aire de carénage, hydrocarbures et biocides d'antifouling",
        ],
        "m3",
        (200, 5000),
        "year",
        places=("noirmoutier",),
        near_miss=True,
        count=3,
    ),
    t(
        "offer",
        "material",
        "11.02",
        ("Wine estate", "Domaine viticole"),
        [
            "Cellar wash water with caustic soda and detergents, a few m3 after each cleaning",
            "Concentrated beet vinasse sold as a potash fertiliser, 60 % dry matter",
        ],
        [
            "Eaux de lavage de chai avec soude et détergents, quelques m3 après chaque nettoyage",
            "Vinasse de betterave concentrée vendue comme engrais potassique, 60 % de MS",
        ],
        "m3",
        (5, 300),
        "year",
        places=("cognac",),
        near_miss=True,
        count=3,
    ),
    t(
        "offer",
        "material",
        "03.21",
        ("Shellfish farm", "Conchyliculture"),
        [
            "Worn polyethylene oyster bags and netting, full of mud and shells",
            "Mixed polypropylene and polyester mooring ropes, oily",
        ],
        [
            "Poches à huîtres et filets en polyéthylène usagés, pleins de vase et de coquilles",
            "Cordages et bouts mélangés polypropylène/polyester, souillés d'huile",
        ],
        "t",
        (2, 60),
        "year",
        places=("iroise", "brest"),
        near_miss=True,
        count=3,
    ),
    t(
        "offer",
        "material",
        "25.61",
        ("Surface treatment", "Traitement de surface"),
        [
            "Steel shot-blasting dust, zinc-free (< 0.5 % Zn)",
            "Metal hydroxide sludge (chromium, nickel) from the effluent plant, 70 % water",
        ],
        [
            "Poussières de grenaillage acier sans zinc (< 0,5 % Zn)",
            "Boues d'hydroxydes (chrome, nickel) de la station de détoxication, 70 % d'eau",
        ],
        "t",
        (10, 400),
        "year",
        ewc="12 01 17",
        places=("lens", "valenciennes"),
        near_miss=True,
        count=4,
    ),
    t(
        "offer",
        "material",
        "45.32",
        ("Tyre dealer", "Négoce de pneus"),
        [
            "Part-worn tyres still roadworthy (4-6 mm tread), sold by the unit",
            "Retreading buffings mixed with oil and rags, from the workshop floor",
        ],
        [
            "Pneus d'occasion encore roulables (4 à 6 mm de gomme), vendus à l'unité",
            "Râpures de rechapage mélangées à de l'huile et des chiffons, balayures d'atelier",
        ],
        "t",
        (1, 30),
        "year",
        places=("mayenne", "vichy", "clermont"),
        near_miss=True,
        count=4,
    ),
    t(
        "offer",
        "material",
        "16.10",
        ("Pole treatment plant", "Imprégnation de poteaux"),
        [
            "Sawdust and offcuts of pressure-treated wood (copper-chrome salts)",
            "MDF and melamine chipboard dust from a furniture line (urea-formaldehyde glue)",
        ],
        [
            "Sciure et chutes de bois traité autoclave (sels cuivre-chrome)",
            "Poussières de MDF et de panneaux mélaminés (colle urée-formol) d'une ligne de meubles",
        ],
        "t",
        (10, 300),
        "year",
        ewc="03 01 04*",
        places=("tonnerrois", "anjou"),
        near_miss=True,
        count=3,
    ),
    t(
        "offer",
        "space",
        "01.11",
        ("Farm", "Exploitation agricole"),
        [
            "Open farm shed, earth floor, 300 m2, no loading dock",
            "Negative-temperature cold room (-25 °C), 200 m2 to let",
        ],
        [
            "Hangar agricole ouvert, sol en terre battue, 300 m2, sans quai",
            "Chambre froide négative (-25 °C) de 200 m2 à louer",
        ],
        "m2",
        (100, 400),
        "year",
        places=("blesois",),
        near_miss=True,
        count=2,
    ),
    t(
        "offer",
        "logistics",
        "86.23",
        ("Medical practice", "Cabinet médical"),
        [
            "Collection round for infectious healthcare waste (sharps boxes) among practices",
            "Our van returns empty from the hospital laboratory every evening, samples only",
        ],
        [
            "Tournée de collecte de DASRI (boîtes à aiguilles) entre cabinets médicaux",
            "Notre véhicule revient à vide du labo de l'hôpital le soir, échantillons seulement",
        ],
        "t",
        (1, 10),
        "year",
        places=("larochelle",),
        near_miss=True,
        count=2,
    ),
    t(
        "offer",
        "material",
        "47.11",
        ("Supermarket", "Supermarché"),
        [
            "Mouldy bread and out-of-date sandwiches still in their packaging",
            "Unsold pastries with cream and fruit, daily",
        ],
        [
            "Pain moisi et sandwichs périmés encore emballés",
            "Invendus de pâtisseries à la crème et aux fruits, tous les jours",
        ],
        "t",
        (1, 20),
        "year",
        places=("forez",),
        near_miss=True,
        count=2,
    ),
    # round 4, outside France
    t(
        "offer",
        "water",
        "13.30",
        ("Textile finishing", "Ennoblissement textile"),
        [
            "Raw dyehouse effluent before any treatment, strongly coloured, COD ~1,500 mg/l, hot",
            "Acid rinse water from wool carbonising, pH 2, with fibre fly",
        ],
        [
            "Effluents bruts de teinturerie, très colorés, DCO ~1 500 mg/l, chauds",
            "Eaux de rinçage acides du carbonisage de la laine, pH 2",
        ],
        "m3",
        (2000, 60000),
        "year",
        places=("prato", "durban"),
        near_miss=True,
        count=3,
    ),
    t(
        "offer",
        "water",
        "06.10",
        ("Oil production", "Production pétrolière"),
        [
            "Produced water separated from crude: brine, 60 g/l salt, traces of oil and H2S",
            "RO reject (concentrate) from our demin plant, TDS 8,000 mg/l, antiscalant dosed",
        ],
        [
            "Eaux de production séparées du brut : saumure à 60 g/l, traces d'huile et d'H2S",
            "Concentrat d'osmose inverse de notre déminéralisation, très chargé en sels",
        ],
        "m3",
        (5000, 200000),
        "year",
        places=("emmen", "elsegundo"),
        near_miss=True,
        count=3,
    ),
    t(
        "offer",
        "expertise",
        "74.90",
        ("Safety services", "Prévention"),
        [
            "Annual inspection and refill of portable fire extinguishers for offices and shops",
            "8-hour first-aid course for office staff, at your premises",
        ],
        [
            "Vérification annuelle et recharge d'extincteurs pour bureaux et commerces",
            "Formation secourisme 8 h pour personnel de bureau",
        ],
        "unit",
        (1, 20),
        "year",
        places=("hochst",),
        near_miss=True,
        count=3,
    ),
    t(
        "offer",
        "material",
        "20.11",
        ("Industrial gases", "Gaz industriels"),
        [
            "Spent activated alumina desiccant balls from air driers, no metals",
            "Used 4A molecular sieve from gas drying, dusty, in drums",
        ],
        [
            "Alumine activée usagée de sécheurs d'air, sans métaux",
            "Tamis moléculaire 4A usagé de séchage de gaz, en fûts",
        ],
        "t",
        (2, 60),
        "year",
        places=("aue",),
        near_miss=True,
        count=2,
    ),
    t(
        "offer",
        "material",
        "17.12",
        ("Paper mill", "Papeterie"),
        [
            "Pulper rejects from recovered paper: plastics, wire, staples and tape, wet",
            "Sludge from the effluent plant of a printing-ink works, solvent-bearing",
        ],
        [
            "Refus de pulpeur de papiers récupérés : plastiques, fils, agrafes, humides",
            "Boues de station d'une usine d'encres d'imprimerie, chargées en solvants",
        ],
        "t",
        (200, 6000),
        "year",
        ewc="03 03 07",
        places=("darwen", "alconbury"),
        near_miss=True,
        count=3,
    ),
    t(
        "offer",
        "material",
        "56.10",
        ("Café chain", "Chaîne de cafés"),
        [
            "Used aluminium coffee capsules with the grounds still inside",
            "Takeaway cups (paper with PE lining) collected in our cafés",
        ],
        [
            "Capsules de café en aluminium usagées, marc encore à l'intérieur",
            "Gobelets à emporter (carton pelliculé PE) collectés en boutique",
        ],
        "t",
        (5, 200),
        "year",
        places=("london", "alconbury"),
        near_miss=True,
        count=3,
    ),
    t(
        "offer",
        "material",
        "38.32",
        ("Recycling", "Recyclage"),
        [
            "PVC window profile offcuts with rubber gaskets",
            "Mixed dirty film picked at the landfill, soil and food residues",
        ],
        [
            "Chutes de profilés de fenêtres PVC avec joints",
            "Films mélangés souillés issus du tri en décharge, terre et restes alimentaires",
        ],
        "t",
        (10, 400),
        "year",
        places=("atlantis",),
        near_miss=True,
        count=2,
    ),
    t(
        "offer",
        "logistics",
        "49.41",
        ("Haulage", "Transport"),
        [
            "Tanker back-haul Antwerp to Rotterdam, food-grade liquids only",
            "One pallet space in a refrigerated van on Ghent city rounds",
        ],
        [
            "Retour de citerne Anvers-Rotterdam, liquides alimentaires uniquement",
            "Une place palette en camion frigorifique sur tournées urbaines à Gand",
        ],
        "t",
        (20, 2000),
        "year",
        places=("aalst",),
        near_miss=True,
        count=2,
    ),
    t(
        "offer",
        "material",
        "14.12",
        ("Workwear maker", "Vêtements de travail"),
        [
            "Offcuts of PVC-coated polyester fabric (tarpaulin), not separable",
            "Used work clothes soiled with oil and grease",
        ],
        [
            "Chutes de tissu polyester enduit PVC (bâche), matières non séparables",
            "Vêtements de travail usagés souillés d'huile et de graisse",
        ],
        "t",
        (1, 30),
        "year",
        places=("poitou", "saintonge"),
        near_miss=True,
        count=3,
    ),
    t(
        "offer",
        "material",
        "43.11",
        ("Strip-out contractor", "Curage"),
        [
            "Broken raised-floor tiles with cracked calcium-sulphate core, loose in a skip",
            "Glued carpet rolls torn up during strip-out, loose",
        ],
        [
            "Dalles de faux-plancher cassées, âme sulfate de calcium fissurée, en vrac en benne",
            "Moquette en lés collée, arrachée au curage, en vrac",
        ],
        "t",
        (5, 200),
        "once",
        places=("ladefense",),
        near_miss=True,
        count=3,
    ),
    t(
        "offer",
        "water",
        "10.81",
        ("Sugar factory", "Sucrerie"),
        [
            "Untreated beet wash water with soil and sugars, high COD",
            "Cooling-tower blowdown with biocides and scale inhibitors",
        ],
        [
            "Eaux de lavage des betteraves non épurées (terre, sucres, DCO élevée)",
            "Purges de tours aéroréfrigérantes avec biocides et antitartre",
        ],
        "m3",
        (5000, 100000),
        "year",
        places=("clermont",),
        near_miss=True,
        count=3,
    ),
    t(
        "offer",
        "material",
        "56.10",
        ("Restaurant", "Restauration"),
        [
            "Greasy, wet food-service cardboard (pizza boxes, trays)",
            "Open coated board trays and flaps-less boxes, mixed sizes",
        ],
        [
            "Cartons souillés et humides de restauration (boîtes à pizza, plateaux)",
            "Barquettes et plateaux carton enduit, ouverts, sans rabats, tailles mêlées",
        ],
        "t",
        (1, 30),
        "year",
        places=("larochelle",),
        near_miss=True,
        count=3,
    ),
    t(
        "offer",
        "material",
        "01.25",
        ("Nut orchard", "Nuciculture"),
        [
            "Crushed walnut shells without kernels, dusty",
            "Mouldy, fermented downgraded prunes, in bins",
        ],
        [
            "Coques de noix broyées sans cerneaux, poussiéreuses",
            "Pruneaux déclassés moisis et fermentés, en palox",
        ],
        "t",
        (5, 200),
        "year",
        places=("villeneuve",),
        near_miss=True,
        count=3,
    ),
    t(
        "offer",
        "equipment",
        "43.12",
        ("Earthworks", "Terrassement"),
        [
            "Crashed mini-excavator, bent chassis, for scrap only",
            "Ride-on garden mower, domestic, needs a new engine",
        ],
        [
            "Mini-pelle accidentée, châssis tordu, pour ferraille uniquement",
            "Tondeuse autoportée de particulier, moteur à refaire",
        ],
        "unit",
        (1, 2),
        "once",
        places=("alencon",),
        near_miss=True,
        count=2,
    ),
    t(
        "offer",
        "space",
        "68.20",
        ("Property", "Immobilier"),
        [
            "Town-centre shop unit, 300 m2, no heavy-vehicle access",
            "Bare unserviced plot, no building, no rail siding",
        ],
        [
            "Local commercial en centre-ville, 300 m2, sans accès poids lourds",
            "Terrain nu non viabilisé, sans bâtiment ni embranchement",
        ],
        "m2",
        (200, 3000),
        "year",
        places=("montceau",),
        near_miss=True,
        count=2,
    ),
    t(
        "offer",
        "material",
        "22.19",
        ("Rubber goods", "Articles en caoutchouc"),
        [
            "EPDM roofing membrane offcuts bonded to bitumen felt",
            "Char from a tyre pyrolysis trial, oily, in big bags",
        ],
        [
            "Chutes de membrane EPDM collées sur feutre bitumé",
            "Char huileux d'un essai de pyrolyse de pneus, en big-bags",
        ],
        "t",
        (5, 300),
        "year",
        places=("frameries",),
        near_miss=True,
        count=2,
    ),
    t(
        "offer",
        "material",
        "56.10",
        ("Restaurant", "Restauration"),
        [
            "Grease-trap waste pumped from our kitchens",
            "Expired ready meals still sealed in plastic trays, mixed with cans",
        ],
        [
            "Graisses de bac à graisses pompées en cuisine",
            "Plats cuisinés périmés encore sous barquette plastique, mélangés à des canettes",
        ],
        "t",
        (10, 400),
        "year",
        ewc="20 01 25",
        places=("sagamihara", "shinjuku"),
        near_miss=True,
        count=3,
    ),
    t(
        "offer",
        "material",
        "25.62",
        ("Machine shop", "Usinage"),
        [
            "Aluminium turnings soaked in cutting oil, mixed alloys",
            "Painted aluminium cladding with PVC film and screws, from a strip-out",
        ],
        [
            "Copeaux d'aluminium imbibés d'huile de coupe, alliages mélangés",
            "Bardage aluminium peint avec film PVC et vis, dépose de chantier",
        ],
        "t",
        (5, 500),
        "year",
        ewc="12 01 03",
        places=("warrington", "solihull"),
        near_miss=True,
        count=3,
    ),
    t(
        "offer",
        "material",
        "20.14",
        ("Chemical plant", "Chimie"),
        [
            "Tail gas with H2S and some hydrogen from our desulphurisation unit, flared",
            "A few cylinders of laboratory hydrogen left over after a project",
        ],
        [
            "Gaz de queue contenant H2S et un peu d'hydrogène, brûlé à la torche",
            "Quelques bouteilles d'hydrogène de laboratoire restantes",
        ],
        "t",
        (0.1, 50),
        "year",
        places=("stenungsund", "hochst"),
        near_miss=True,
        count=3,
    ),
    t(
        "offer",
        "equipment",
        "11.05",
        ("Homebrew club", "Club de brassage amateur"),
        [
            "Homebrew kit: two 30 L plastic fermenters and a 50 L kettle",
            "Old dairy bulk milk tank, not jacketed for glycol, no CIP",
        ],
        [
            "Kit de brassage amateur : deux fermenteurs plastique de 30 L et une cuve de 50 L",
            "Ancien tank à lait, sans double enveloppe ni NEP",
        ],
        "unit",
        (1, 3),
        "once",
        places=("boulder", "bozeman", "fortcollins"),
        near_miss=True,
        count=3,
    ),
    t(
        "offer",
        "space",
        "68.20",
        ("Property", "Immobilier"),
        [
            "Office floor to let in the town centre, 800 m2, no lab permit, no extraction",
            "Cold store units to rent, food grade only",
        ],
        [
            "Plateau de bureaux à louer en centre-ville, 800 m2, sans autorisation laboratoire",
            "Cellules frigorifiques à louer, usage alimentaire uniquement",
        ],
        "m2",
        (200, 2000),
        "once",
        places=("geleen",),
        near_miss=True,
        count=2,
    ),
    t(
        "offer",
        "material",
        "11.02",
        ("Winery", "Cave"),
        [
            "Cellar wash water with caustic and cleaning agents, in tanks",
            "Bottling-line rejects: full bottles with labels and capsules",
        ],
        [
            "Eaux de lavage de cave avec soude et détergents",
            "Rebuts de ligne d'embouteillage : bouteilles pleines avec étiquettes et capsules",
        ],
        "t",
        (10, 800),
        "year",
        places=("faenza",),
        near_miss=True,
        count=2,
    ),
    # round 5, France: near misses of the hospital, IT, cosmetics, earth, marc and grounds cases
    t(
        "offer",
        "equipment",
        "86.10",
        ("Hospital", "Centre hospitalier"),
        [
            "Scrap hospital beds, motors and frames broken, for metal recycling only",
        ],
        [
            "Lits médicalisés hors d'usage, vérins HS, châssis tordus : à ferrailler",
            "Lits et brancards réformés non réparables, pour la benne métaux",
        ],
        "unit",
        (20, 150),
        "once",
        places=("beziers", "vosges", "ladefense"),
        near_miss=True,
        count=3,
    ),
    t(
        "offer",
        "material",
        "38.12",
        ("WEEE collection", "Collecte DEEE"),
        [
            "Broken PCs and CRT screens for depollution and shredding",
        ],
        [
            "DEEE pro : unités centrales et écrans cassés, écrans cathodiques, pour dépollution",
            "Ordinateurs hors service, cartes mères brûlées, lot en vrac en caisses-palettes",
        ],
        "t",
        (5, 80),
        "year",
        ewc="16 02 13*",
        places=("rouen", "ladefense"),
        near_miss=True,
        count=3,
    ),
    t(
        "offer",
        "material",
        "20.42",
        ("Cosmetics plant", "Fabricant cosmétique"),
        [
            "Expired and off-spec cosmetic products to be destroyed",
        ],
        [
            "Produits cosmétiques périmés ou non conformes (contamination microbio), à détruire",
            "Vracs de crème non conformes en IBC, à incinérer",
        ],
        "t",
        (2, 40),
        "year",
        places=("manosque", "artenay", "tarn"),
        near_miss=True,
        count=3,
    ),
    t(
        "offer",
        "material",
        "43.12",
        ("Earthworks", "Terrassement"),
        [
            "Excavated soil with hydrocarbons and PAH, non-inert, landfill only",
        ],
        [
            "Terres excavées polluées (HCT, HAP), non inertes, à évacuer en ISDND",
            "Déblais de tunnelier chargés en adjuvants de marinage, boueux",
        ],
        "t",
        (2000, 50000),
        "year",
        ewc="17 05 03*",
        places=("sevran", "ladefense"),
        near_miss=True,
        count=3,
    ),
    t(
        "offer",
        "material",
        "11.01",
        ("Distillery", "Distillerie"),
        [
            "Exhausted grape marc after distillation, composted, for land spreading",
        ],
        [
            "Marcs épuisés après distillation et extraction des pépins, compostés, pour épandage",
            "Vinasses de distillation de lies, en bassin d'évaporation",
        ],
        "t",
        (500, 8000),
        "year",
        places=("champagne", "carcassonne", "cognac"),
        near_miss=True,
        count=3,
    ),
    t(
        "offer",
        "material",
        "10.83",
        ("Coffee roaster", "Torréfacteur"),
        [
            "Used aluminium coffee capsules, not emptied",
        ],
        [
            "Capsules de café alu usagées, non vidées, en sacs",
            "Pellicules (parches) de torréfaction, sèches et légères",
        ],
        "t",
        (1, 30),
        "year",
        places=("rungis", "ladefense"),
        near_miss=True,
        count=3,
    ),
    t(
        "offer",
        "energy",
        "63.11",
        ("Server room", "Salle serveurs"),
        [
            "Exhaust air from a small server room, 28 °C, a few kW",
        ],
        [
            "Air extrait de notre petite salle informatique, 28 °C, quelques kW",
            "Chaleur des baies de brassage en sous-sol, ~5 kW, air chaud",
        ],
        "MWh",
        (5, 40),
        "year",
        places=("ladefense",),
        near_miss=True,
        count=2,
    ),
    t(
        "offer",
        "material",
        "86.10",
        ("Clinic", "Clinique"),
        [
            "Soiled linen and oily wiping rags, contaminated, for incineration",
        ],
        [
            "Linge souillé à risque infectieux (filière DASRI), non lavable",
            "Chiffons d'essuyage et textiles huileux de l'atelier, à incinérer",
        ],
        "t",
        (1, 15),
        "year",
        places=("angouleme", "strasbourg"),
        near_miss=True,
        count=2,
    ),
    t(
        "offer",
        "material",
        "38.12",
        ("Battery collection", "Collecte batteries"),
        [
            "Damaged, swollen Li-ion battery packs, hazardous, for recycling only",
        ],
        [
            "Batteries Li-ion endommagées / gonflées, ADR classe 9, à recycler uniquement",
            "Batteries plomb-acide usagées de chariots élévateurs",
        ],
        "t",
        (1, 40),
        "year",
        ewc="16 06 01*",
        places=("ladefense", "bocage", "mantes"),
        near_miss=True,
        count=3,
    ),
    t(
        "offer",
        "material",
        "38.11",
        ("Waste wood", "Bois de recyclage"),
        [
            "Class B waste wood, painted pallets and treated timber mixed",
        ],
        [
            "Bois B en mélange : palettes peintes, bois traités, panneaux, à broyer",
            "Traverses et poteaux créosotés déposés",
        ],
        "t",
        (500, 8000),
        "year",
        places=("roissy", "oise"),
        near_miss=True,
        count=2,
    ),
    t(
        "offer",
        "material",
        "03.21",
        ("Shellfish farm", "Exploitation conchylicole"),
        [
            "Summer mussel mortality: shells with flesh, rotting, odorous",
        ],
        [
            "Moules mortes de l'été avec chair, fermentescibles, odeurs : à enlever vite",
            "Coquilles en mélange avec poches et cordes plastique, non triées",
        ],
        "t",
        (20, 400),
        "year",
        places=("thau", "larochelle"),
        near_miss=True,
        count=2,
    ),
    t(
        "offer",
        "material",
        "01.50",
        ("Farm", "Exploitation agricole"),
        [
            "Soiled agricultural film and PVC pipe offcuts mixed with soil",
        ],
        [
            "Films d'enrubannage souillés de terre, PE en mélange avec ficelles",
            "Chutes de tubes PVC d'irrigation, collées, en vrac",
        ],
        "t",
        (1, 30),
        "year",
        places=("larochelle", "poitou"),
        near_miss=True,
        count=2,
    ),
    t(
        "offer",
        "material",
        "18.12",
        ("Print shop", "Imprimerie"),
        [
            "Siliconed release liner and laminated label waste, not repulpable",
        ],
        [
            "Supports siliconés d'étiquettes et chutes pelliculées, non recyclables en papeterie",
            "Chiffons d'essuyage des presses imbibés de solvants",
        ],
        "t",
        (2, 60),
        "year",
        places=("seineetmarne", "brie"),
        near_miss=True,
        count=2,
    ),
    t(
        "offer",
        "energy",
        "35.21",
        ("Farm biogas", "Méthanisation agricole"),
        [
            "Low-grade heat from digestate storage, 30 °C, a few kW",
        ],
        [
            "Calories du stockage de digestat, 30 °C, quelques kW, l'hiver seulement",
            "Eau tiède de refroidissement moteur déjà valorisée en totalité pour le digesteur",
        ],
        "MWh",
        (5, 50),
        "year",
        places=("bresse", "ain"),
        near_miss=True,
        count=2,
    ),
]

# Unrelated declarations: what any industrial estate has and wants.
GENERIC = [
    t(
        "offer",
        "material",
        "17.21",
        ("Packaging", "Emballage"),
        ["Clean corrugated cardboard, baled", "Cardboard boxes, used once, various sizes"],
        ["Cartons ondulés propres en balles", "Cartons d'emballage réutilisables, tailles variées"],
        "t",
        (5, 400),
        "year",
        ewc="15 01 01",
        count=26,
    ),
    t(
        "offer",
        "equipment",
        "49.41",
        ("Haulage", "Transport"),
        [
            "Idle forklift truck 2.5 t, diesel, available for hire",
            "Reach truck not used since we downsized",
        ],
        ["Chariot élévateur 2,5 t inutilisé, à louer", "Gerbeur électrique disponible"],
        "unit",
        (1, 3),
        "once",
        count=19,
    ),
    t(
        "offer",
        "logistics",
        "49.41",
        ("Haulage", "Transport"),
        [
            "Empty return trips with 24 t curtain-siders, twice a week",
            "Spare capacity in our tanker fleet on the way back",
        ],
        [
            "Retours à vide de nos semi-remorques bâchées, 2 fois par semaine",
            "Capacité disponible en retour sur nos citernes",
        ],
        "t",
        (500, 20000),
        "year",
        count=22,
    ),
    t(
        "offer",
        "space",
        "68.20",
        ("Property", "Immobilier"),
        ["800 m2 of covered storage free for 12 months", "Yard space with crane access, fenced"],
        ["800 m2 d'entrepôt couvert disponible 12 mois", "Aire de stockage extérieure clôturée"],
        "unit",
        (1, 2),
        "once",
        count=19,
    ),
    t(
        "offer",
        "expertise",
        "71.12",
        ("Engineering", "Bureau d'études"),
        [
            "ISO 50001 energy audit skills, can share our energy manager one day a week",
            "Laboratory with ICP for metal analyses, spare capacity",
        ],
        [
            "Compétences audit énergétique ISO 50001, mise à disposition d'un ingénieur",
            "Laboratoire d'analyses (ICP) avec capacité disponible",
        ],
        "unit",
        (1, 5),
        "year",
        count=19,
    ),
    t(
        "offer",
        "material",
        "25.62",
        ("Machining", "Usinage"),
        ["Aluminium turnings with cutting fluid", "Brass swarf, sorted"],
        ["Copeaux d'aluminium huilés", "Copeaux de laiton triés"],
        "t",
        (2, 150),
        "year",
        ewc="12 01 03",
        count=15,
    ),
    t(
        "offer",
        "material",
        "20.16",
        ("Plastics", "Plasturgie"),
        ["HDPE regrind from start-up purges, natural colour", "PP injection sprues, clean"],
        ["Broyat PEHD de purges de démarrage", "Carottes d'injection PP propres"],
        "t",
        (5, 300),
        "year",
        ewc="07 02 13",
        count=19,
    ),
    t(
        "offer",
        "material",
        "10.39",
        ("Food processing", "Agroalimentaire"),
        ["Vegetable peelings and off-spec carrots", "Fruit pomace from juice pressing"],
        ["Épluchures de légumes et carottes déclassées", "Marc de fruits de pressage"],
        "t",
        (50, 3000),
        "year",
        ewc="02 03 04",
        count=19,
    ),
    t(
        "offer",
        "material",
        "13.92",
        ("Textiles", "Textile"),
        ["Polyester fabric offcuts from cutting tables", "Cotton rags, washed"],
        ["Chutes de tissu polyester de coupe", "Chiffons coton lavés"],
        "t",
        (1, 60),
        "year",
        ewc="04 02 22",
        count=15,
    ),
    t(
        "offer",
        "material",
        "43.12",
        ("Earthworks", "Terrassement"),
        [
            "Excavated clean soil and subsoil from a housing site",
            "Crushed concrete 0/31.5 from demolition",
        ],
        ["Terres d'excavation inertes de chantier", "Béton concassé 0/31,5 de démolition"],
        "t",
        (1000, 50000),
        "once",
        ewc="17 05 04",
        count=19,
    ),
    t(
        "offer",
        "material",
        "45.20",
        ("Garage", "Garage"),
        ["Used engine oil in drums", "Spent lead-acid batteries"],
        ["Huiles moteur usagées en fûts", "Batteries plomb usagées"],
        "l",
        (500, 20000),
        "year",
        ewc="13 02 05*",
        count=15,
    ),
    t(
        "offer",
        "material",
        "20.30",
        ("Paints", "Peintures"),
        ["Spent solvent (xylene, acetone) from gun cleaning", "Out-of-date resins in IBCs"],
        ["Solvants usagés de nettoyage (xylène, acétone)", "Résines périmées en GRV"],
        "l",
        (1000, 30000),
        "year",
        ewc="14 06 03*",
        count=12,
    ),
    t(
        "offer",
        "material",
        "22.29",
        ("Plastics", "Plasturgie"),
        ["Empty IBC containers 1000 l, rinsed", "Plastic crates, used, stackable"],
        ["GRV 1000 l vides rincés", "Caisses plastiques gerbables d'occasion"],
        "unit",
        (20, 400),
        "year",
        count=15,
    ),
    t(
        "offer",
        "energy",
        "28.13",
        ("Compressors", "Air comprimé"),
        [
            "Surplus compressed air 7 bar at night",
            "Spare electricity from our rooftop PV at weekends",
        ],
        ["Surplus d'air comprimé 7 bar la nuit", "Électricité PV excédentaire le week-end"],
        "MWh",
        (10, 500),
        "year",
        count=12,
    ),
    t(
        "offer",
        "material",
        "22.11",
        ("Tyres", "Pneumatiques"),
        ["End-of-life truck tyres", "Rubber crumb 1-4 mm"],
        ["Pneus poids lourds usagés", "Granulats de caoutchouc 1-4 mm"],
        "t",
        (20, 2000),
        "year",
        ewc="16 01 03",
        count=11,
    ),
    t(
        "offer",
        "material",
        "56.29",
        ("Catering", "Restauration"),
        ["Used cooking oil from the canteen", "Coffee grounds from vending machines"],
        ["Huiles alimentaires usagées de la cantine", "Marc de café des distributeurs"],
        "l",
        (500, 8000),
        "year",
        ewc="20 01 25",
        count=12,
    ),
    t(
        "offer",
        "equipment",
        "62.02",
        ("IT services", "Services informatiques"),
        ["80 office PCs and screens, replaced after 4 years", "Office chairs and desks"],
        ["80 PC et écrans de bureau renouvelés", "Mobilier de bureau: chaises et bureaux"],
        "unit",
        (10, 200),
        "once",
        count=15,
    ),
    t(
        "need",
        "material",
        "17.21",
        ("Mail order", "Vente à distance"),
        ["Cardboard boxes for shipping, any size", "Packaging material: bubble wrap, void fill"],
        ["Cartons d'expédition toutes tailles", "Calage et papier bulle pour colis"],
        "t",
        (5, 100),
        "year",
        count=22,
    ),
    t(
        "need",
        "logistics",
        "46.90",
        ("Wholesale", "Négoce"),
        ["Transport of 2 trucks a week to the port", "Shared deliveries to city centre shops"],
        [
            "Transport de 2 camions par semaine vers le port",
            "Mutualisation des livraisons en centre-ville",
        ],
        "t",
        (500, 8000),
        "year",
        count=22,
    ),
    t(
        "need",
        "space",
        "82.92",
        ("Packaging services", "Conditionnement"),
        ["Temporary warehouse, 500 m2, dry", "Parking for 10 trailers"],
        ["Entrepôt temporaire 500 m2 au sec", "Stationnement pour 10 remorques"],
        "unit",
        (1, 2),
        "once",
        count=19,
    ),
    t(
        "need",
        "equipment",
        "43.99",
        ("Construction", "BTP"),
        ["Forklift needed for a 3-month peak", "Mobile crane occasionally"],
        ["Chariot élévateur pour un pic d'activité de 3 mois", "Grue mobile ponctuellement"],
        "unit",
        (1, 2),
        "once",
        count=19,
    ),
    t(
        "need",
        "expertise",
        "70.22",
        ("Consulting", "Conseil"),
        ["Help with ISO 14001 certification", "Training in hazardous goods (ADR) for drivers"],
        ["Accompagnement certification ISO 14001", "Formation ADR pour nos chauffeurs"],
        "unit",
        (1, 3),
        "year",
        count=19,
    ),
    t(
        "need",
        "material",
        "22.22",
        ("Plastics recycling", "Recyclage plastique"),
        ["Clean PP and HDPE production scrap", "Post-industrial LDPE stretch film, clear"],
        ["Rebuts de production PP et PEHD propres", "Film étirable PEBD transparent industriel"],
        "t",
        (50, 3000),
        "year",
        count=19,
    ),
    t(
        "need",
        "material",
        "24.53",
        ("Foundry", "Fonderie"),
        ["Clean cast iron returns and steel punchings", "Foundry sand replacement"],
        ["Retours de fonte et chutes de poinçonnage", "Sable de fonderie de substitution"],
        "t",
        (200, 5000),
        "year",
        count=15,
    ),
    t(
        "need",
        "material",
        "38.21",
        ("Composting", "Compostage"),
        ["Green waste and wood chips as structure material", "Garden and park trimmings"],
        ["Déchets verts et broyat comme structurant", "Tailles et tontes d'espaces verts"],
        "t",
        (500, 10000),
        "year",
        count=15,
    ),
    t(
        "need",
        "energy",
        "55.10",
        ("Hotel", "Hôtellerie"),
        ["Cheaper electricity supply for our site", "Green electricity PPA, 2 GWh/year"],
        ["Fourniture d'électricité moins chère", "Contrat d'électricité verte, 2 GWh/an"],
        "MWh",
        (200, 3000),
        "year",
        count=15,
    ),
    t(
        "need",
        "material",
        "32.99",
        ("Workshop", "Atelier"),
        ["Cotton rags for wiping", "Used drums and IBCs for our own waste"],
        ["Chiffons d'essuyage coton", "Fûts et GRV d'occasion"],
        "unit",
        (50, 1000),
        "year",
        count=15,
    ),
    t(
        "need",
        "material",
        "42.11",
        ("Road works", "Travaux routiers"),
        ["Recycled aggregates 0/31.5 for a car park", "Fill material for a platform"],
        ["Granulats recyclés 0/31,5 pour un parking", "Matériaux de remblai pour plateforme"],
        "t",
        (500, 20000),
        "once",
        count=15,
    ),
    t(
        "need",
        "material",
        "16.24",
        ("Joinery", "Menuiserie"),
        ["Hardwood offcuts for small parts", "Sawdust for our pellet press"],
        ["Chutes de bois feuillus pour petites pièces", "Sciure pour presse à granulés"],
        "t",
        (5, 400),
        "year",
        count=12,
    ),
    t(
        "need",
        "water",
        "81.29",
        ("Cleaning", "Nettoyage"),
        ["Rainwater or grey water for vehicle washing", "Non-potable water for dust suppression"],
        [
            "Eau de pluie ou eau grise pour lavage de véhicules",
            "Eau non potable pour arrosage anti-poussières",
        ],
        "m3",
        (200, 20000),
        "year",
        count=15,
    ),
    t(
        "need",
        "equipment",
        "85.59",
        ("Training centre", "Centre de formation"),
        ["Second-hand computers for trainees", "Office furniture for a new site"],
        ["Ordinateurs d'occasion pour nos stagiaires", "Mobilier de bureau pour un nouveau site"],
        "unit",
        (10, 100),
        "once",
        count=12,
    ),
]


def place_point(rng: random.Random, place: str) -> tuple[float, float, str]:
    lat, lon, lang = PLACES[place]
    # within about 15 km of the place
    dlat = rng.uniform(-0.13, 0.13)
    dlon = rng.uniform(-0.13, 0.13) / max(0.2, math.cos(math.radians(lat)))
    return round(lat + dlat, 4), round(lon + dlon, 4), lang


def quantity(rng: random.Random, low: float, high: float, unit: str) -> str:
    value = math.exp(rng.uniform(math.log(low), math.log(high)))
    if unit in ("unit", "pallet"):  # counted things come whole
        value = max(1.0, round(value))
    if value < 10:
        return f"{value:.1f}".rstrip("0").rstrip(".")
    digits = 10 ** max(0, int(math.log10(value)) - 1)
    return str(int(round(value / digits) * digits))


def organisation(rng: random.Random, lang: str, sector: str) -> str:
    names = NAMES[lang]
    return f"{sector} {rng.choice(names['stems'])} {rng.choice(names['suffix'])}"


def instantiate(rng: random.Random, template: Template, n: int) -> Row:
    place = rng.choice(template.places or tuple(PLACES))
    lat, lon, lang = place_point(rng, place)
    description = rng.choice(template.texts[lang])
    values = {
        "organisation": organisation(rng, lang, template.sector[lang]),
        "nace": template.nace,
        "kind": template.kind,
        # EWC codes on some declarations only, as in real registers
        "ewc": template.ewc if template.ewc and rng.random() < 0.6 else "",
        "description": description,
        "quantity": quantity(rng, *template.quantity, template.unit) if rng.random() < 0.85 else "",
        "unit": template.unit,
        "period": template.period,
        "lat": f"{lat}",
        "lon": f"{lon}",
    }
    if not values["quantity"]:
        values["unit"] = values["period"] = ""
    return Row(values, key=f"gen-{template.side}-{n}", near_miss=template.near_miss)


def read_cases(path: Path) -> EvaluationSet:
    data = EvaluationSet()
    offers_by_key: dict[str, Row] = {}
    needs_by_case: dict[str, Row] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for line, record in enumerate(csv.DictReader(handle), start=2):
            case, key = record["case"], record["offer_key"]
            if not record.get("round", "").isdigit():
                raise ValueError(f"{path}:{line}: case {case} has no round (1, 2, 3...)")
            if key and key in offers_by_key:
                offer = offers_by_key[key]
            else:
                values = {
                    name: record[f"o_{name}"] for name in ("organisation", "nace", "kind", "ewc")
                }
                values.update(
                    description=record["o_desc"],
                    quantity=record["o_qty"],
                    unit=record["o_unit"],
                    period=record["o_period"],
                    lat=record["o_lat"],
                    lon=record["o_lon"],
                )
                if not values["description"]:
                    raise ValueError(f"{path}:{line}: the offer of case {case} has no description")
                offer = Row(values, key=f"real-offer-{line}", real=True)
                data.offers.append(offer)
                if key:
                    offers_by_key[key] = offer
            if record["n_desc"]:
                if case in needs_by_case:
                    raise ValueError(f"{path}:{line}: case {case} has two needs")
                values = {name: record[f"n_{name}"] for name in ("organisation", "nace", "kind")}
                values.update(
                    ewc="",
                    description=record["n_desc"],
                    quantity=record["n_qty"],
                    unit=record["n_unit"],
                    period=record["n_period"],
                    lat=record["n_lat"],
                    lon=record["n_lon"],
                )
                needs_by_case[case] = Row(values, key=f"real-need-{case}", real=True)
                data.needs.append(needs_by_case[case])
            elif case not in needs_by_case:
                raise ValueError(f"{path}:{line}: case {case} names an offer before its need")
            data.truth.append(
                (needs_by_case[case].key, offer.key, case, record["source"], int(record["round"]))
            )
    return data


def build(seed: int = SEED) -> EvaluationSet:
    rng = random.Random(seed)  # noqa: S311 (reproducible test data, not secrets)
    data = read_cases(HERE / "cases.csv")
    n = 0
    for template in NEAR_MISSES + GENERIC:
        for _ in range(template.count):
            row = instantiate(rng, template, n)
            n += 1
            (data.offers if template.side == "offer" else data.needs).append(row)
    rng.shuffle(data.offers)
    rng.shuffle(data.needs)
    for prefix, rows in (("OF", data.offers), ("NE", data.needs)):
        for number, row in enumerate(rows, start=1):
            row.id = f"{prefix}{number:04d}"
    return data


def write(data: EvaluationSet, folder: Path = HERE) -> None:
    for name, rows in (("offers.csv", data.offers), ("needs.csv", data.needs)):
        with (folder / name).open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(COLUMNS)
            for row in rows:
                writer.writerow([row.id, *(row.values[f] for f in FIELDS)])
    ids = {row.key: row.id for row in data.offers + data.needs}
    with (folder / "truth.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["need_id", "offer_id", "case", "split", "round", "source"])
        for need, offer, case, source, round_ in sorted(
            data.truth, key=lambda r: (split_of(r[2]), r[2])
        ):
            writer.writerow([ids[need], ids[offer], case, split_of(case), round_, source])


def summary(data: EvaluationSet) -> str:
    cases = {case for _, _, case, _, _ in data.truth}
    dev = sum(1 for case in cases if split_of(case) == "dev")
    rows = data.offers + data.needs
    return (
        f"{len(cases)} real cases ({dev} dev, {len(cases) - dev} test), "
        f"{len(data.offers)} offers and {len(data.needs)} needs, "
        f"{sum(not r.real for r in rows)} generated declarations of which "
        f"{sum(r.near_miss for r in rows)} near misses"
    )


def main(argv: list[str] | None = None) -> int:
    """Writes the files; with `--check`, only says whether the committed ones are up to date."""
    args = sys.argv[1:] if argv is None else argv
    evaluation_set = build()
    if args == ["--check"]:
        with tempfile.TemporaryDirectory() as folder:
            write(evaluation_set, Path(folder))
            stale = [
                name
                for name in ("offers.csv", "needs.csv", "truth.csv")
                if (Path(folder) / name).read_bytes() != (HERE / name).read_bytes()
            ]
        if stale:
            print(f"out of date (run generate.py): {', '.join(stale)}")
            return 1
        print(f"up to date: {summary(evaluation_set)}")
        return 0
    if args:
        print("usage: python benchmarks/data/matching/generate.py [--check]")
        return 2
    write(evaluation_set)
    print(summary(evaluation_set))
    return 0


if __name__ == "__main__":
    sys.exit(main())
