"""What a declaration is about: its resource families, each with a confidence and evidence.

Evidence comes from whichever fields are present, strongest first: the EWC code (the resources
that list it, else the words of its official label), the taxonomy's names and synonyms found
in the description (French or English), the kind, and for an offer the resources its sector
typically produces. In a need, words after "pour", "for", "to make"... say what the resource
is for, not what it is, and count for less::

    from boucle.engines.matching.resolve import resolve

    resolution = resolve(declaration, knowledge, role="need")
    for family in resolution.families:
        print(family.resource, family.confidence, family.evidence)
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache, partial
from itertools import pairwise
from typing import NamedTuple

from boucle.engines.matching.declarations import Declaration
from boucle.engines.matching.hazards import (
    SUBSTANCE_OR_HAZARD_WORDS,
    held_substances,
    names_agrochemical,
    names_hazard_class,
    says_takes_hazardous,
    taken_substances,
    unsaid_substances,
)
from boucle.engines.matching.knowledge import Knowledge, within
from boucle.engines.matching.text import (
    NEGATED,
    NOW,
    OTHER,
    REPLACED,
    REPLACING_WORDS,
    SOURCE,
    STOP_WORDS,
    USE,
    WANTED,
    Analysis,
    PhraseHit,
    analyse,
    strip_accents,
)

__all__ = ["Family", "Resolution", "resolve"]

MAX_FAMILIES = 3
EWC_EXACT = 0.95
# A code that several families list ("15 01 02 plastic packaging": film, PET, HDPE, drums...)
# says less about which one it is: 0.95 for one family, 0.9 for two, 0.8 for more; words that
# name one of them settle it (0.95).
EWC_SHARED = {1: 0.95, 2: 0.9}
EWC_MANY = 0.8
EWC_PREFIX = 0.6
# A code's other families once the words have said which one it is: still possible (a lot
# under 15 01 02 described as stretch film may hold some other plastic), no longer likely.
EWC_SETTLED_OTHERS = 0.4
# A code whose families the words never name, while they name in a phrase another waste that
# nothing links to them and share no word with the code's label ("Spent lead-acid batteries"
# under 13 02 05, mineral engine oil): a code picked from a list is more often wrong than what
# the declarer wrote. The code's families drop below the words' (TEXT), still possible. A label
# the words share a word with says where the waste comes from, the words what it holds: "acid
# tar ... mixed with soil" under 19 13 02, solid wastes from soil remediation, is both.
EWC_CONTRADICTED = 0.6
EWC_LABEL = 0.7
TEXT = 0.85
TEXT_SINGLE_WORD = 0.75
USE_CONTEXT = 0.3  # multiplier for a phrase that says what a need is for
REPLACED_CONTEXT = 0.6  # for a phrase naming what a need's resource would replace
UNSAID_USE = 0.6  # for a use when a need names nothing it wants
# "Générateur de gaz chaud pour le séchage: on cherche une source de combustion": what comes
# after "on cherche", "we need", "looking for" is what is wanted; what comes before, the setting.
# Not "wanted": it follows what is wanted ("Spent pickle liquor wanted for ...").
BEFORE_SEEKING = 0.7
_SEEK_WORDS = frozenset(
    [
        "cherche",
        "cherchons",
        "recherche",
        "recherchons",
        "looking",
        "seeking",
        "need",
        "needs",
        "besoin",
        "souhaitons",
        "want",
    ]
)
# Words of where or in what order a need looks ("nous cherchons d'abord dans la région", "we
# are looking locally first"): seeking words followed by these alone name no new resource, and
# what came before them is what is wanted.
_PLACE_ONLY = frozenset(
    [
        "abord",
        "priorite",
        "prioritairement",
        "localement",
        "local",
        "locale",
        "locaux",
        "proximite",
        "region",
        "departement",
        "secteur",
        "zone",
        "alentours",
        "environs",
        "pres",
        "autour",
        "aussi",
        "egalement",
        "first",
        "firstly",
        "priority",
        "locally",
        "nearby",
        "near",
        "area",
        "around",
        "close",
        "also",
    ]
)
# "Wanted" after a noun is a classified ad's "X wanted", which names what is wanted first;
# after "we", "I" it starts it as "looking for" does.
_WANTED_AFTER = frozenset(["wanted"])
_SUBJECTS = frozenset(["we", "i", "is", "are", "be"])
SOURCE_CONTEXT = 0.5  # for a phrase naming where an offer's resource comes from
# What happens today: a need's current supply is what it would replace; an offer's current fate
# ("jusqu'ici en benne DIB", "today partly flared") is not what it is.
NOW_CONTEXT = 0.3
_NEED_ROLE_WEIGHT = {
    WANTED: 1.0,
    USE: USE_CONTEXT,
    REPLACED: REPLACED_CONTEXT,
    SOURCE: 1.0,
    NOW: REPLACED_CONTEXT,
}
_OFFER_ROLE_WEIGHT = {
    WANTED: 1.0,
    USE: 1.0,
    REPLACED: 1.0,
    SOURCE: SOURCE_CONTEXT,
    NOW: NOW_CONTEXT,
    OTHER: 1.0,  # "plutôt que de les jeter, nos palettes": an offer gives what it names
}
# Words naming a family of another kind than the one declared count for less: "used CO2 fire
# extinguishers" declared as equipment is not CO2, "laboratory" in an expertise offer is not
# lab equipment. Materials, energy and water shade into each other (a fuel declared as energy,
# warm water as water), so only equipment, logistics, expertise and space are told apart.
KIND_DISAGREES = 0.7
# Equipment that those who give and take it declare as a material: reusable building products
# are "matériaux de réemploi", building materials, to a site, a reuse platform or a matériauthèque
# ("Surplus de fin de chantier : carrelage, radiateurs", "reclaimed building components"). In a
# material declaration their words keep their full weight; in a space or a service they do not.
_DECLARED_AS_MATERIAL = frozenset(["equipment.building_materials"])
# ... and less still when it follows a family of the declared kind and "de", "of": what a
# service handles is not what it offers or wants ("Transport régulier de palettes" wants
# transport, "Stockage de produits chimiques" storage space).
KIND_HANDLED = 0.4
_OF = frozenset(["de", "des", "du", "d", "of"])
# ... or "à", "at", "in": where the service is given ("des bras à l'entrepôt", "help at our
# warehouse" want hands, not a warehouse).
# "A" once accents go is French "à" only before "la", "le", "les", "l'" ("à l'entrepôt"); else
# the English article ("from a lab clear-out").
_WHERE = frozenset(["au", "aux", "at", "in", "dans"])
_FRENCH_ARTICLES = frozenset(["la", "le", "les", "l"])
_DETERMINERS = _FRENCH_ARTICLES | frozenset(["un", "une", "the", "an", "our", "notre", "nos"])
_FLOWS = frozenset(["material", "energy", "water"])
SECTOR_PRODUCES = 0.4  # times the rule's strength
# A material need that names whom it collects from ("on collecte chez une dizaine de brasseurs",
# "collect from local bakeries", "récupération auprès des restaurants") wants what that trade
# gives: the families its sector produces (`trades.csv` names the trade's NACE class,
# `sector_uses.csv` what the class produces). "Collecte" alone is a waste collection service;
# followed by whom, it is how the need gets its material. "Chez", "from" name whom only in a
# clause that says it collects: "livraison chez nos restaurants" delivers to them, "meals we
# deliver from our bakeries" come from one's own.
TRADE_OUTPUT = 0.6  # times the rule's strength
_FROM_WHOM = frozenset(["chez", "aupres", "from"])
# After these, "de", "dans", "at", "in" name whom too ("collecte des boulangeries", "ramassage
# dans les restaurants").
_COLLECTING = frozenset(
    [
        # a round that calls on its sources: "nous passons chez les scieurs", "pick up from"
        "passons",
        "passer",
        "passage",
        "pick",
        "picks",
        "picked",
        "picking",
        "collecte",
        "collectes",
        "collecter",
        "collectons",
        "collectees",
        "recuperation",
        "recuperer",
        "recuperons",
        "recuperees",
        "ramassage",
        "ramasser",
        "ramassons",
        "collect",
        "collecting",
        "collected",
        "collection",
        "collections",
        "pickup",
    ]
)
_WHOM_AFTER_COLLECTING = frozenset(["de", "des", "du", "d", "dans", "aux", "au", "at", "in"])
_TRADE_GAP = 3  # words between "chez", "from" and the trade ("chez une dizaine de brasseurs")
CONTROLLED_BELOW_C = 20  # a stated temperature under this (°C) is a controlled one
_HEAT_GRADES = ("energy.heat.high_temperature", "energy.heat.low_temperature")
_CONTROLLED = {
    "logistics.warehouse_space": "logistics.cold_storage",
    "logistics.truck_capacity": "logistics.truck_capacity.refrigerated",
}
# Words of cold say the same without a figure ("sous froid positif", "froid négatif", "produits
# surgelés", "chilled", "frozen goods"): chilled goods travel at 0-4 °C and frozen ones at
# -18 °C in insulated, refrigerated bodies (ATP agreement, UNECE 1970, annex 1), which ambient
# trucks and warehouses cannot give. Not the English "cold", an adjective of anything ("cold
# water tanks"): "cold storage", "cold chain" are phrases of their own.
_COLD_WORDS = frozenset(
    [
        "froid",
        "refrigere",
        "refrigeres",
        "refrigeree",
        "refrigerees",
        "surgele",
        "surgeles",
        "surgelee",
        "surgelees",
        "congele",
        "congeles",
        "congelee",
        "congelees",
        "chilled",
        "frozen",
        "refrigerated",
    ]
)
_NOT_COLD = frozenset(["non", "pas", "sans", "not", "no", "without"])
# Nor the cold of a process ("enrobés à froid", "laminé à froid": cold-mix asphalt, cold-rolled
# steel), only "à froid" after storing or carrying; nor the frozen goods that packaging is for
# ("frozen-food packaging", "cartons pour surgelés"): the packaging keeps at ambient.
_KEPT_COLD = frozenset(
    [
        *("stockage", "stockes", "stockee", "stockees", "stocke", "transport", "transporte"),
        *("transportes", "transportee", "transportees", "conservation", "conserve"),
        *("conserves", "conservee", "conservees", "entreposage", "livraison", "livre"),
        *("livres", "livree", "livrees", "maintien", "maintenu", "maintenus", "maintenue"),
        "maintenues",
    ]
)
_PACKAGING_WORDS = frozenset(
    [
        *("packaging", "packagings", "emballage", "emballages", "carton", "cartons", "box"),
        *("boxes", "tray", "trays", "barquette", "barquettes", "film", "films", "label"),
        *("labels", "etiquette", "etiquettes", "sachet", "sachets", "bag", "bags"),
    ]
)
_PACKAGING_REACH = 3


def _cold_of_another_thing(words: tuple[str, ...], at: int) -> bool:
    """Whether the word of cold at `at` is a process's ("à froid") or the goods a packaging
    is for ("frozen-food packaging", "cartons pour surgelés"), not a temperature kept."""
    if words[at] == "froid" and at and words[at - 1] == "a":
        return not (at > 1 and words[at - 2] in _KEPT_COLD)
    after = words[at + 1 : at + 3]
    if after[:1] and (
        after[0] in _PACKAGING_WORDS
        or (after[0] in ("food", "foods") and not _PACKAGING_WORDS.isdisjoint(after[1:]))
    ):
        return True
    return (
        at > 0
        and words[at - 1] in ("pour", "for")
        and not _PACKAGING_WORDS.isdisjoint(words[max(0, at - 1 - _PACKAGING_REACH) : at - 1])
    )


# Aluminium scrap's coating decides who can melt it (EN 13920: used beverage cans and coated
# scrap are grades of their own, de-coated before remelting): words that say the scrap is
# painted or lacquered, or bare ("peu peints", "non laqués", "propres", "uncoated"), give the
# grade of scrap a text names only as aluminium.
_ALUMINIUM = "material.metal.aluminium_scrap"
_BARE = frozenset(
    ["propre", "propres", "nu", "nus", "nue", "nues", "bare", "clean", "uncoated", "unpainted"]
)
_COATED = frozenset(
    [
        "peint",
        "peints",
        "peinte",
        "peintes",
        "laque",
        "laques",
        "laquee",
        "laquees",
        "prelaque",
        "prelaques",
        "prelaquee",  # "tôles prélaquées"
        "prelaquees",
        "revetu",
        "revetus",
        "revetue",
        "revetues",
        "painted",
        "lacquered",
        "coated",
    ]
)
_HARDLY = frozenset(["peu", "non", "pas", "not", "sans", "without", "un"])  # "un-coated"
# The words saying so qualify the aluminium they stand next to: from two words before its
# phrase ("bare aluminium offcuts") to the end of its clause, lists of qualities included
# ("tôles d'aluminium série 5000 des presses, propres, triées"); not across ";", ":", "." to
# another clause. "Propre(s)" says clean only after its noun ("aluminium propre"); before it,
# it says "own" ("nos propres chutes d'aluminium laquées" are coated).
_COATING_BEFORE = 2
_CLEAN_AFTER_ONLY = frozenset(["propre", "propres"])
_COATING_NOUNS = frozenset(["peinture", "laque", "vernis", "revetement", "paint", "coating"])
# Rubble said to be crushed or screened ("gravats de béton concassés 0/31,5", "crushed and
# screened demolition rubble") is recycled aggregate, the product of a crusher (EN 13242), not
# raw rubble, its feed.
_RUBBLE = "material.mineral.aggregate.recycled_concrete"
_PROCESSED_RUBBLE = "material.mineral.aggregate.recycled_aggregate"
_CRUSHED = frozenset(
    [
        *("concasse", "concasses", "concassee", "concassees"),
        *("crible", "cribles", "criblee", "criblees"),
        *("crushed", "screened", "graded"),
    ]
)
KIND_ONLY = 0.3
# Collection (38.12) and treatment (38.22) of hazardous waste: what these sectors take is
# hazardous waste, whether or not their declaration says so.
_HAZARDOUS_WASTE_SECTORS = ("38.12", "38.22")


class Family(NamedTuple):
    """One family a declaration is about (a named tuple: built for every declaration)."""

    resource: str
    confidence: float  # in [0, 1]
    evidence: str  # "EWC 10 01 05", 'words "gypse DSG"', "sector 35.11"


# Family(*fields) without its Python __new__ (as `text._hit`): `_core` builds several a text.
_family = partial(tuple.__new__, Family)


@dataclass(frozen=True)
class Resolution:
    families: tuple[Family, ...]
    kind: str | None
    hazardous: bool  # an offer that is hazardous waste
    accepts_hazardous: bool  # a need that says it takes hazardous waste
    terms: tuple[str, ...]  # stems of the description and EWC label, and concept terms
    # Hazardous by the words of its text alone ("béton avec plaques amiantées"), not by its code
    # or main family.
    hazard_named: bool = False
    # The hazardous substances (`hazards` bits) an offer holds by its words or code, or a need
    # says it takes.
    substances: int = 0
    # What a need says its resource is for ("for our pet food", "pour notre méthaniseur"), the
    # surest such family: a written refusal of that use holds whatever it asks for (`kernel`).
    use: str | None = None


def _resolution(**fields: object) -> Resolution:
    """`Resolution(**fields)`, every field given, without the frozen dataclass's `__init__`
    (one `object.__setattr__` call a field: twice the time, for every declaration)."""
    resolution: Resolution = object.__new__(Resolution)
    resolution.__dict__.update(fields)
    return resolution


@lru_cache(maxsize=20_000)  # declarations share a few thousand codes
def format_ewc(code: str) -> str:
    return " ".join(code[i : i + 2] for i in range(0, len(code), 2))


def resolve(declaration: Declaration, knowledge: Knowledge, *, role: str) -> Resolution:
    """The families, kind and hazardousness of an offer (`role="offer"`) or a need."""
    return _resolve(
        declaration.description,
        declaration.ewc,
        declaration.ewc_hazardous,
        declaration.nace,
        declaration.kind,
        role,
        knowledge,
    )


@lru_cache(maxsize=200_000)
def _resolve(
    description: str,
    ewc: str | None,
    ewc_star: bool,
    nace: str | None,
    kind: str | None,
    role: str,
    knowledge: Knowledge,
) -> Resolution:
    analysis = analyse(description)
    # Most texts have none of the words the readings of collecting, substances, hazards,
    # spoiled food, scrap, destruction, digesters and fats look for: one set operation
    # rather than each reading's own (about a tenth of a resolution).
    reads = not _READ_WORDS.isdisjoint(analysis.words)
    trades = _trades_collected_from(analysis, knowledge) if reads and role == "need" else ()
    # Substances named only as absent or to be checked name no family: which, by the text's
    # punctuation and words, not by its shape alone.
    unsaid = unsaid_substances(analysis, need=role == "need") if reads else _NOWHERE
    collected = _collected_from(analysis.words) if reads else _NOWHERE
    counted = _counted_at(analysis.words)
    # The shape blanks words outside every phrase ("auprès") and holds no punctuation: what
    # `_core` reads of them (lists, brackets, clauses, "collectés chez") is part of the key, or
    # a text would be read as another of its shape read before it.
    key = (
        knowledge.phrases.shape(analysis),
        analysis.commas,
        analysis.breaks,
        analysis.clauses,
        collected,
        counted,
        trades,
        unsaid,
        ewc,
        ewc_star,
        nace,
        kind,
        role,
        knowledge,
    )
    core = _CORES.get(key)
    if core is None:
        if len(_CORES) >= _CORES_MAX:
            _CORES.clear()
        core = _CORES[key] = _core(
            analysis, trades, unsaid, collected, counted, ewc, ewc_star, nace, kind, role, knowledge
        )
    families, resolved_kind, hazardous, extra_terms, use = core
    if reads:
        families, hazardous, extra_terms, use = _read_more(
            analysis, families, hazardous, extra_terms, use, ewc, ewc_star, kind, role, knowledge
        )
    if role == "offer":
        substances = held_substances(analysis) if reads else 0
        substances |= _label_substances(ewc, ewc_star, knowledge)
        # Hazardous by its words alone, whatever family comes first: not by its code or the
        # family that makes it so, which a receiving sector may hold the permits for (`score`).
        named = not hazardous and _hazard_named(analysis, resolved_kind, substances)
        said = False
    else:
        # A need takes hazardous waste when it says so or its sector treats it; one that names
        # a substance takes waste hazardous by that one only (`score`).
        substances = taken_substances(analysis) if reads else 0
        named = False
        said = (reads and says_takes_hazardous(analysis)) or (
            nace is not None and nace.startswith(_HAZARDOUS_WASTE_SECTORS)
        )
    return _resolution(
        families=families,
        kind=resolved_kind,
        hazardous=hazardous or named,
        # A need that asks for a hazardous family by its words ("acide sulfurique", "solvants")
        # takes what meets that family only (`kernel`): not, by that, every hazardous waste. One
        # that declares a hazardous code says it takes hazardous waste.
        accepts_hazardous=(said or ewc_star if role == "need" else hazardous or named or said),
        terms=analysis.terms + extra_terms,
        hazard_named=named,
        substances=substances,
        use=use,
    )


def _read_more(
    analysis: Analysis,
    families: tuple[Family, ...],
    hazardous: bool,
    extra_terms: tuple[str, ...],
    use: str | None,
    ewc: str | None,
    ewc_star: bool,
    kind: str | None,
    role: str,
    knowledge: Knowledge,
) -> tuple[tuple[Family, ...], bool, tuple[str, ...], str | None]:
    """The families, hazardousness, extra terms and use of a text that has some of
    `_READ_WORDS`, as what it says of spoiled food, scrap, destruction, a digester or a use only
    fats serve changes them (each reading finds nothing in a text without its words)."""
    spoiled = _said_spoiled(analysis)
    if spoiled is not None and _FOOD_WASTE in knowledge.index:
        families = _as_food_waste(families, spoiled)
        extra_terms += (concept_term(_FOOD_WASTE),)
    scrapped = _said_scrapped(analysis)
    if scrapped is not None:
        families = _as_scrap(families, scrapped, knowledge)
    condemned = (
        _said_condemned(analysis)
        if role == "offer" and kind in (None, "material") and _FOR_DESTRUCTION in knowledge.index
        else None
    )
    if condemned is not None:
        families = _as_for_destruction(families, condemned)
        extra_terms += (concept_term(_FOR_DESTRUCTION),)
    digester = _digester_named(analysis) if role == "need" else None
    if digester is not None and _AD_FEEDSTOCK in knowledge.index:
        families = _as_digester_feedstock(families, digester)
        if _digester_is_use(analysis):
            use = use or _AD_FEEDSTOCK  # "pour notre méthaniseur": what it takes is digested
    fat_use = _fat_use(analysis)
    if fat_use is not None and families and families[0].resource == _WASTE_OIL:
        families = _as_cooking_oil(families, fat_use)
        # What made it hazardous was the family (mineral oil), unless its code says so.
        hazardous = ewc_star or (ewc is not None and knowledge.is_hazardous_ewc(ewc))
    return families, hazardous, extra_terms, use


def _hazard_named(analysis: Analysis, kind: str | None, substances: int) -> bool:
    """Whether an offer's words say it is hazardous: of a material, a hazard class or a
    hazardous substance; of equipment, a substance only ("transformateurs au pyralène": a
    "cabinet for hazardous products" or an "ADR tank" is no hazardous waste)."""
    if kind == "material":
        return bool(substances) or names_hazard_class(analysis) or names_agrochemical(analysis)
    return kind == "equipment" and bool(substances)


def _label_substances(ewc: str | None, ewc_star: bool, knowledge: Knowledge) -> int:
    """The hazardous substances a hazardous code's label names (17 06 05*: "construction
    materials containing asbestos")."""
    if ewc is None or not (ewc_star or knowledge.is_hazardous_ewc(ewc)):
        return 0
    return held_substances(analyse(knowledge.ewc_label(ewc), "en"))


# What a declaration's fields other than its own words give, by the shape of its text
# (`PhraseIndex.shape`): the families, kind, hazardousness, the terms the text does not show (the
# EWC label's stems and the concept terms of the families named in words), and a need's use.
_Core = tuple[tuple[Family, ...], str | None, bool, tuple[str, ...], str | None]
_CORES: dict[object, _Core] = {}
_NOWHERE: frozenset[int] = frozenset()  # no place in a text
_CORES_MAX = 200_000


@lru_cache(maxsize=4096, typed=True)
def _rounded(confidence: float) -> float:
    """`round(confidence, 4)`, which goes through the decimal digits of the float (a third of
    `add`'s time): confidences are products of a few constants, which texts share."""
    return round(confidence, 4)


def _core(
    analysis: Analysis,
    trades: tuple[tuple[str, int, int], ...],
    unsaid: frozenset[int],
    collected: frozenset[int],
    counted: _Counted,
    ewc: str | None,
    ewc_star: bool,
    nace: str | None,
    kind: str | None,
    role: str,
    knowledge: Knowledge,
) -> _Core:
    words, roles = analysis.words, analysis.roles  # (read for every phrase)
    found: dict[str, Family] = {}

    def add(resource: str, confidence: float, evidence: str) -> None:
        current = found.get(resource)
        if current is None or confidence > current.confidence:
            found[resource] = _family((resource, _rounded(confidence), evidence))

    label_terms: tuple[str, ...] = ()
    code = format_ewc(ewc) if ewc else ""
    exact = False
    coded: list[str] = []
    coded_set: frozenset[str] = frozenset()
    concepts: dict[str, None] = {}  # the families named in words, in order (a set that keeps it)
    if ewc:
        exact = knowledge.lists_ewc(ewc)
        coded = knowledge.resources_for_ewc(ewc)
        coded_set = frozenset(coded)
        for resource in coded:
            confidence = EWC_SHARED.get(len(coded), EWC_MANY) if exact else EWC_PREFIX
            add(resource, confidence, f"EWC {code}")
        label, label_terms, label_hits = _label_reading(ewc, knowledge)
        if label:
            concepts.update((concept_term(h.target), None) for h in label_hits if "." in h.target)
            # The label's words name the resource only for a code no resource lists, and
            # only in phrases: single words of legal labels ("form", "materials") mislead.
            # A code names a waste: "wastes from gas treatment" are solids, not a fuel gas,
            # and "wastes from cooling-water treatment" are sludges, not cooling water.
            if not exact:
                for hit in label_hits:
                    if hit.length > 1 and _can_be_waste(hit.target, knowledge):
                        add(hit.target, EWC_LABEL, f"EWC {code} ({label})")
    uses: list[tuple[str, float, str]] = []
    agreed: list[str] = []
    seeks_from = _seeks_from(words) if role == "need" else 0
    hits = knowledge.phrases.find(analysis)
    if unsaid:
        # "Certificat d'absence d'amiante requis", "asbestos survey required": the lot is
        # asked to be without asbestos, not asbestos (`hazards.unsaid_substances`).
        hits = [
            hit
            for hit in hits
            if unsaid.isdisjoint(range(hit.start, hit.start + _span(words, hit.start, hit.length)))
        ]
    # "Solvants usés en fûts de 200 l", "sand in bulk bags", "farine sur palettes": a container
    # after "en", "in", "sur" says how something else is delivered, not that containers are
    # offered or wanted; it counts only when the text names nothing else.
    # "Une quinzaine de palettes d'huiles", "15 pallets of canned food", "two IBCs of glycerine":
    # containers counted, then what they hold, are the quantity of the goods. In a declaration
    # of a material, energy or water they are never what it offers or wants, even when the
    # goods are named in words the knowledge does not know; elsewhere they are carried.
    # "Chaussures invendues, toutes pointures, 20 cartons", "clothing, new with tags, 40 boxes":
    # containers counted after the goods, ending the text or a clause, are their quantity too;
    # "parfums en fin de série, emballages abîmés", "shampoo with damaged packaging": damaged
    # wrapping is the state of the goods.
    carried = [
        hit
        for hit in hits
        if (
            hit.target.startswith(_CONTAINERS)
            and (_delivered_in(hit, words) or _counted(hit, words, counted))
        )
        or _counted_after_goods(hit, hits, words, analysis.breaks)
        or _damaged_wrapping(hit, hits, words)
    ]
    if kind in _FLOWS and carried and counted[0]:
        hits = [hit for hit in hits if hit not in carried or not _counted(hit, words, counted)]
    if carried and len(carried) < len(hits):
        hits = [hit for hit in hits if hit not in carried]
    # "Tournée du lundi en véhicule électrique", "collected by van", "livraison par camion":
    # a vehicle or a truck after "en", "by", "avec"... in a declaration of a material, energy
    # or water is how its declarer comes and goes, or how the goods travel, not what it offers
    # or wants.
    if kind in _FLOWS:
        hits = [hit for hit in hits if not _travels_by(hit, words)]
    group = _kind_groups(knowledge)
    kind_group = _kind_group(kind) if kind else None
    # Where the words first name a family of the declared kind ("Transport" of a logistics
    # need): a family of another kind after it and "de", "of" is what the service handles.
    own_kind_at = len(words)
    for hit in hits:  # (a loop, not `min` over a generator: most texts have a hit or two)
        if (
            hit.start < own_kind_at
            and group[hit.target] == kind_group
            and roles[hit.start] != NEGATED
        ):
            own_kind_at = hit.start
    # A space after another space and "de", "of", "in" is the whole the first is part of: the
    # roof of a building, the car park of a plant, offices in a hall offer the part.
    whole_of = (
        next(hit.target for hit in hits if hit.start == own_kind_at)
        if kind == "space" and own_kind_at < len(words)
        else None
    )
    first_said: dict[str, float] = {}
    # Families a need names only as what it would replace or back up, not as what it wants.
    only_replaced: dict[str, bool] = {}
    # "Câbles cuivre, collectés chez les entreprises du BTP", "IBCs collected from local food
    # factories": in a material declaration, a word of collecting followed by whom says how the
    # material comes, not that a collection service is offered or wanted. Without a kind, only
    # after the material it names: "Collecte gratuite chez vous de vos cartons" is a service.
    collecting = collected if kind == "material" else frozenset()
    if kind is None and collected:
        named_at = min((hit.start for hit in hits if group[hit.target] == "flow"), default=None)
        if named_at is not None:
            collecting = frozenset(at for at in collected if at > named_at)
    said: list[tuple[PhraseHit, float]] = []  # each hit counted, with its confidence
    for hit in hits:
        context = roles[hit.start]
        if context == NEGATED or (context == OTHER and role == "need"):
            continue  # "sans emballage", "alcohol-free", "un combustible autre que nos écorces"
        if hit.start in collecting and group[hit.target] == "logistics":
            continue
        only_replaced[hit.target] = only_replaced.get(hit.target, True) and context in (
            REPLACED,
            NOW,
        )
        if first_said.get(hit.target, hit.start) >= hit.start:
            first_said[hit.target] = hit.start
        if "." in hit.target:  # a root ("déchets", "materials") says nothing two texts share
            concepts[concept_term(hit.target)] = None
        confidence = TEXT if hit.length > 1 else TEXT_SINGLE_WORD
        if (
            kind
            and kind_group != group[hit.target]
            and not (kind == "material" and hit.target in _DECLARED_AS_MATERIAL)
        ):
            handled = (hit.start > own_kind_at and _handled_or_where(words, hit.start)) or any(
                hit.start < at <= hit.start + _TRADE_GAP for _, at, _ in trades
            )
            confidence *= KIND_HANDLED if handled else KIND_DISAGREES
        elif (
            whole_of is not None
            and hit.start > own_kind_at
            and not within(hit.target, whole_of)
            and not within(whole_of, hit.target)
            and _handled_or_where(words, hit.start)
        ):
            confidence *= KIND_HANDLED
        if hit.start < seeks_from:
            confidence *= BEFORE_SEEKING
        evidence = f'words "{_surface(words, hit.start, hit.length)}"'
        # A phrase written with its own "replace" ("replace our gas boilers") says what is
        # wanted in so many words.
        if not _says_replacing(hit.phrase):
            weights = _NEED_ROLE_WEIGHT if role == "need" else _OFFER_ROLE_WEIGHT
            if role == "need" and context == USE:
                uses.append((hit.target, confidence, evidence))
            confidence *= weights[context]
        add(hit.target, confidence, evidence)
        said.append((hit, confidence))
        # The code and the words agree on one of the code's families: it is that one.
        if coded_set and exact and context != USE and _within_any(hit.target, coded_set):
            add(hit.target, EWC_EXACT, f"EWC {code} and {evidence}")
            agreed.append(hit.target)
    # Once the words have said which of the code's families it is, the others are less likely
    # ("pulpes de betteraves" under 02 04 99, which also lists molasses and bagasse).
    if agreed and len(coded) > 1:
        for other in coded:
            given = found.get(other)
            if given is None or given.evidence != f"EWC {code}":
                continue  # named in words too: it keeps what the words gave it
            if not any(within(a, other) or within(other, a) for a in agreed):
                found[other] = given._replace(confidence=EWC_SETTLED_OTHERS)
    if ewc and coded and exact and not agreed:
        _contradict_code(coded, said, found, ewc, analysis.terms, knowledge)
    listed = _read_together(said, analysis, add, first_said, _hazardous_families(knowledge))
    # Only a need's uses read what else it names (most texts have none: nothing to read).
    if uses:
        # What a need is for may name a kind of what it wants: "water for irrigating" wants
        # irrigation water, "chaleur pour le séchage" heat for drying. Such a use counts as much
        # as the wanted family it refines ("materials" or "waste" refine nothing: every material
        # is one).
        wanted = [(f.resource, f.confidence) for f in found.values() if f.resource != "material"]
        # What a need would replace is not what it wants: "appoint de nos chaudières bois pour le
        # chauffage" wants heat, what it is for, not wood. Nor is a family of another kind than the
        # one declared: a water need's "frais d'entretien partagés" (shared upkeep) names no
        # maintenance it wants, and "ressource pour l'alimentation en eau potable" says the water.
        said_wanted = any(
            c > USE_CONTEXT * TEXT
            for w, c in wanted
            if not only_replaced.get(w, False) and (kind_group is None or group[w] == kind_group)
        )
        for target, confidence, evidence in uses:
            refined = [c for w, c in wanted if w != target and within(target, w)]
            if refined:
                add(target, min(confidence, max(refined)), evidence)
            elif not said_wanted and (
                not kind or _kind_group(kind) == _kind_group(knowledge.resources[target].kind)
            ):
                # Nothing else named: what it is for is the best clue to what it wants
                # ("Accompagnement pour notre dossier ICPE", "Intrants pour notre méthaniseur").
                add(target, confidence * UNSAID_USE, evidence)
    # A category said of animal by-products says where they may go ("déchets de poisson
    # catégorie 1", "ensilaged dead fish (cat. 2)", "SPAn C2"): the category's family, at the
    # confidence of the by-products named, which it refines. Category 3 is what the family
    # stands for when no category is said.
    category = _abp_category(words)
    if category is not None:
        named = [f for f in found.values() if within(f.resource, _ANIMAL_BY_PRODUCTS)]
        if named:
            surest = max(named, key=lambda f: f.confidence)
            add(category, surest.confidence, f"{surest.evidence}, {_CATEGORY_WORDS[category]}")
            first_said[category] = first_said.get(surest.resource, len(words)) - 0.5
    # A temperature says the grade of heat a text names only as heat, or as a heat demand
    # ("chaleur à 120 °C", "hot water at 60 °C for cleaning").
    heat = found.get("energy.heat") or found.get("energy.heat.process_heat")
    temperatures = _temperatures(words)
    degrees = max(temperatures) if temperatures else None
    if heat is not None and degrees is not None:
        grade = "energy.heat.high_temperature" if degrees >= 100 else "energy.heat.low_temperature"
        add(grade, heat.confidence, f"{heat.evidence} at {degrees} °C")
    # A temperature said outright beats the grade a loose phrase implies: "chaleur fatale des
    # fumées, 250 °C" is high-temperature heat although waste heat is most often low-grade.
    # Not when the temperatures said are of both grades ("hot flue gas at 250 °C and warm
    # cooling water at 35 °C" offers both).
    if (
        degrees is not None
        and degrees >= CONTROLLED_BELOW_C
        and (min(temperatures) >= 100 or degrees < 100)
    ):
        grade, other = _HEAT_GRADES if degrees >= 100 else _HEAT_GRADES[::-1]
        implied = found.get(other)
        if implied is not None and implied.evidence.startswith("words"):
            add(grade, implied.confidence, f"{implied.evidence} at {degrees} °C")
            found[other] = implied._replace(
                confidence=round(implied.confidence * KIND_DISAGREES, 4)
            )
    # A temperature under ambient says that storage or transport is temperature-controlled
    # ("entrepôt 2-7 °C", "warehouse & trucks at 2-7 C", "cellule 14-18 °C"): ambient space
    # or trucks cannot serve it.
    cold = (
        None
        if _COLD_WORDS.isdisjoint(words)  # most texts: one set operation, no loop
        else next(
            (
                word
                for at, (word, role) in enumerate(zip(words, roles, strict=True))
                if word in _COLD_WORDS
                and role != NEGATED
                and not (at and words[at - 1] in _NOT_COLD)
                and not _cold_of_another_thing(words, at)
            ),
            None,
        )
    )
    if (degrees is not None and degrees < CONTROLLED_BELOW_C) or cold is not None:
        chill = degrees is not None and degrees < CONTROLLED_BELOW_C
        how = f" at {degrees} °C" if chill else f', "{cold}"'
        for plain, controlled in _CONTROLLED.items():
            given = found.get(plain)
            if given is not None:
                add(controlled, given.confidence, f"{given.evidence}{how}")
                # Said where the plain family is, and before it: what the temperature asks.
                first_said[controlled] = first_said.get(plain, len(words)) - 0.5
    aluminium = found.get(_ALUMINIUM)
    if aluminium is not None:
        aluminium_spans = [
            (
                max(0, hit.start - _COATING_BEFORE),
                hit.start + _span(words, hit.start, hit.length),
                analysis.clause_of(hit.start)[1],
            )
            for hit in hits
            if hit.target == _ALUMINIUM
        ]
        coating = _coating(words, aluminium_spans)
        if coating is not None:
            coated = f"{_ALUMINIUM}.{coating}"
            add(coated, aluminium.confidence, f"{aluminium.evidence}, {coating}")
            first_said[coated] = first_said.get(_ALUMINIUM, 0) - 0.5
    rubble = found.get(_RUBBLE)
    if rubble is not None and not _CRUSHED.isdisjoint(words):
        add(_PROCESSED_RUBBLE, rubble.confidence, f"{rubble.evidence}, crushed")
        first_said[_PROCESSED_RUBBLE] = first_said.get(_RUBBLE, 0) - 0.5
    if trades and kind in (None, "material"):
        for trade, at, end in trades:
            context = roles[at]
            weight = _NEED_ROLE_WEIGHT.get(context, 0.0) * (
                BEFORE_SEEKING if at < seeks_from else 1
            )
            surface = " ".join(words[at:end])
            for resource, strength in _sector_produces(trade, "material", knowledge):
                add(resource, TRADE_OUTPUT * strength * weight, f'words "{surface}" ({trade})')
                first_said.setdefault(resource, at)
    if role == "offer" and nace:
        for resource, strength in _sector_produces(nace, kind, knowledge):
            if _SAID_OTHERWISE.get(resource) not in found:
                add(resource, SECTOR_PRODUCES * strength, f"sector {nace}")
    if kind and kind in knowledge.resources:
        if not found:
            add(kind, KIND_ONLY, f"kind {kind}")
        elif kind not in _FLOWS and not any(
            _kind_group(knowledge.resources[r].kind) == kind for r in found
        ):
            # A space, a service or a piece of equipment whose words name only things of
            # other kinds. An offer's come with it ("spare room with seawater intake and
            # tanks"): the declared kind is what it offers, confirmed by them. A need's may
            # name what it wants in loose words ("emballages réutilisables" declared as
            # equipment): its kind is a clue, not the lead (a root would take any offer).
            sure = KIND_ONLY
            if role == "offer":
                best = max(f.confidence for f in found.values())
                sure = min(1 - (1 - KIND_ONLY) * (1 - best), TEXT_SINGLE_WORD)
            add(kind, sure, f"kind {kind}")
    families = _most_specific(list(found.values()), first_said, listed)
    resolved_kind = kind or (knowledge.resources[families[0].resource].kind if families else None)
    hazard_family = bool(families) and families[0].resource in _hazardous_families(knowledge)
    ewc_hazard = ewc_star or (ewc is not None and knowledge.is_hazardous_ewc(ewc))
    extra_terms = label_terms + tuple(concepts)
    use = max(uses, key=lambda u: u[1])[0] if uses else None
    return tuple(families), resolved_kind or None, ewc_hazard or hazard_family, extra_terms, use


# A family a sector produces that an offer's words say its lot is not: a treatment plant's raw
# inflow ("eaux usées brutes", "raw sewage") is no treated effluent. Read as both, untreated
# sewage was proposed first to a market gardener irrigating vegetables eaten raw, which
# Regulation (EU) 2020/741 forbids (reclaimed water of class A only).
_SAID_OTHERWISE = {"water.treated_wastewater": "water.wastewater"}


# What depends on the EWC code or the sector alone is read once per code (declarations share
# a few thousand codes), not once per declaration.


@lru_cache(maxsize=20_000)
def _label_reading(
    ewc: str, knowledge: Knowledge
) -> tuple[str, tuple[str, ...], tuple[PhraseHit, ...]]:
    """An EWC code's official label, its stems and the phrases found in it."""
    label = knowledge.ewc_label(ewc)
    if not label:
        return label, (), ()
    label_analysis = analyse(label, "en")
    return label, label_analysis.terms, tuple(knowledge.phrases.find(label_analysis))


@lru_cache(maxsize=20_000)
def _sector_produces(
    nace: str, kind: str | None, knowledge: Knowledge
) -> tuple[tuple[str, float], ...]:
    """The resources a sector produces with their strengths, in index order; of the declared
    kind only, when one is (a sector gives several kinds of things; a declared kind says
    which it offers here)."""
    row = knowledge.sector_row(nace, "produces")
    return tuple(
        (knowledge.ids[i], float(row[i]))
        for i in row.nonzero()[0]
        if not kind or knowledge.resources[knowledge.ids[i]].kind == kind
    )


def concept_term(resource: str) -> str:
    """The term that stands, among a text's stems, for a family its words name.

    French and English words for the same thing share no stem ("cendres volantes", "fly
    ash"); both texts get this term, so their TF-IDF vectors meet on what they name. (No stem
    contains "=".)"""
    return "=" + resource


# Families that hold or carry other things, and the words that say something comes in them.
_CONTAINERS = (
    "material.packaging",
    "material.plastic.big_bags",
    "equipment.pallets",
    "equipment.crates_bins",
    "equipment.tanks",
    "equipment.containers_skips",  # "en vrac dans la benne du quai"
)
_DELIVERED_IN = frozenset(["en", "in", "sur", "on", "par", "dans"])


_VEHICLES = "equipment.vehicles"
_TRUCKS = "logistics.truck_capacity"
_TRAVELS_BY = frozenset(["en", "par", "by", "in", "on", "avec", "with"])


@lru_cache(maxsize=20_000)
def _is_vehicle(resource: str) -> bool:
    """Whether a family is a vehicle or a truck's capacity (read for every phrase of a flow)."""
    return within(resource, _VEHICLES) or within(resource, _TRUCKS)


def _travels_by(hit: PhraseHit, words: tuple[str, ...]) -> bool:
    """Whether a phrase names the vehicle someone comes by or goods travel by ("en
    camionnette", "by our van", "livraison par camion")."""
    if not _is_vehicle(hit.target):
        return False
    before = hit.start - 1
    if before > 0 and words[before] in _DETERMINERS:
        before -= 1
    return before >= 0 and words[before] in _TRAVELS_BY


# Articles between "dans", "in" and the container ("dans la benne", "in the skip").
_ARTICLES = frozenset(["la", "le", "les", "l", "un", "une", "des", "the", "a", "an"])


# Words that count ("une quinzaine de palettes", "several pallets of", "two IBCs of"), besides
# numbers written in digits.
_COUNTS = frozenset(
    [
        *("un", "une", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix"),
        *("douze", "quinze", "vingt", "trente", "cent", "cents", "mille", "quelques"),
        *("plusieurs", "dizaine", "dizaines", "douzaine", "douzaines", "quinzaine", "vingtaine"),
        *("trentaine", "quarantaine", "cinquantaine", "centaine", "centaines", "milliers"),
        *("a", "an", "one", "two", "three", "four", "five", "seven", "eight", "nine", "ten"),
        *("twelve", "fifteen", "twenty", "thirty", "fifty", "hundred", "hundreds", "thousand"),
        *("thousands", "dozen", "dozens", "several", "few", "lot", "lots", "couple"),
    ]
)
_OF_GOODS = frozenset(["de", "d", "of"])
# What a count after the goods makes their quantity (`_counted_after_goods`), and what, said
# damaged, is the state of the goods it wraps (`_damaged_wrapping`).
_COUNTED_CONTAINERS = (*_CONTAINERS, "material.paper.cardboard")
_DAMAGED = frozenset(
    [
        *("abime", "abimee", "abimes", "abimees", "endommage", "endommagee", "endommages"),
        *("endommagees", "cabosse", "cabossee", "cabosses", "cabossees", "dechire", "dechiree"),
        *("dechires", "dechirees", "froisse", "froissee", "froisses", "froissees"),
        *("damaged", "dented", "torn", "crushed", "scuffed", "ripped"),
    ]
)
_Counted = tuple[frozenset[int], frozenset[int]]
# ... unless what follows says what the containers are made of or are ("vingt palettes de bois",
# "two pallets of plastic", "dix cuves de 1 000 l", "3 palettes d'occasion"): then they are.
_CONTAINER_MAKE = frozenset(
    [
        *("bois", "wood", "wooden", "plastique", "plastiques", "plastic", "plastics", "inox"),
        *("stainless", "acier", "steel", "metal", "metalliques", "metallique", "metallic"),
        *("aluminium", "aluminum", "alu", "fer", "iron", "pehd", "hdpe", "pp", "pe", "pvc"),
        *("polyethylene", "polypropylene", "carton", "cardboard", "europe", "euro", "epal"),
        *("eur", "type", "format", "formats", "taille", "tailles", "size", "sizes"),
        *("dimension", "dimensions", "occasion", "reemploi", "recuperation", "manutention"),
        *("stockage", "storage", "transport", "contenance", "capacite", "capacity", "volume"),
        *("litres", "liters", "l", "m3", "hl"),
    ]
)


def _counted_at(words: tuple[str, ...]) -> tuple[frozenset[int], frozenset[int]]:
    """Where a word follows a count, and where a "de", "of" comes before what is held ("une
    quinzaine de palettes d'huiles", "15 pallets of canned food", "several big bags of sugar"):
    a container between the two is the quantity of the goods, not the goods."""
    if _COUNTS.isdisjoint(words) and not any(map(str.isdigit, words)):
        return frozenset(), frozenset()  # most texts
    after_count, of_goods = [], []
    for at in range(1, len(words)):
        before = words[at - 1]
        if before in _OF_GOODS and at > 1:
            before = words[at - 2]  # "une quinzaine de palettes"
        if before in _COUNTS or before.isdigit():
            after_count.append(at)
        if words[at] in _OF_GOODS and at + 1 < len(words):
            goods = words[at + 1]
            if goods in _ARTICLES and at + 2 < len(words):
                goods = words[at + 2]
            if goods not in _CONTAINER_MAKE and not any(map(str.isdigit, goods)):
                of_goods.append(at)
    if not after_count or not of_goods:
        return frozenset(), frozenset()
    return frozenset(after_count), frozenset(of_goods)


def _counted(hit: PhraseHit, words: tuple[str, ...], counted: _Counted) -> bool:
    """Whether a container phrase is counted and followed by what it holds (`_counted_at`)."""
    after_count, of_goods = counted
    return hit.start in after_count and hit.start + _span(words, hit.start, hit.length) in of_goods


def _counted_after_goods(
    hit: PhraseHit, hits: list[PhraseHit], words: tuple[str, ...], breaks: frozenset[int]
) -> bool:
    """Whether words read as containers (`_reads_as_container`) follow a count and end the
    text or its clause, after a phrase that names something else: the quantity of those goods,
    not goods of their own."""
    if not hit.start or not _reads_as_container(hit, hits):
        return False
    before = words[hit.start - 1]
    if not (before.isdigit() or before in _COUNTS):
        return False
    end = hit.start + _span(words, hit.start, hit.length)
    if end < len(words) and end not in breaks:
        return False
    return any(other.start < hit.start for other in hits)


def _reads_as_container(hit: PhraseHit, hits: list[PhraseHit]) -> bool:
    """Whether a phrase's words read as a container (cardboard too: "20 cartons" are boxes),
    whichever of their readings this one is ("cartons" is paper too)."""
    return any(
        other.start == hit.start
        and other.length == hit.length
        and other.target.startswith(_COUNTED_CONTAINERS)
        for other in hits
    )


def _damaged_wrapping(hit: PhraseHit, hits: list[PhraseHit], words: tuple[str, ...]) -> bool:
    """Whether words read as containers (`_reads_as_container`) are said damaged, next to
    them ("emballages abîmés", "damaged packaging", "dented boxes"), after a phrase that names
    something else than containers: the state of those goods, not wrapping offered of its own
    ("Big bags déchirés et palettes cassées" offers the bags)."""
    if _DAMAGED.isdisjoint(words) or not _reads_as_container(hit, hits):
        return False
    end = hit.start + _span(words, hit.start, hit.length)
    beside = {words[hit.start - 1] if hit.start else "", words[end] if end < len(words) else ""}
    return not _DAMAGED.isdisjoint(beside) and any(
        other.start < hit.start and not other.target.startswith(_COUNTED_CONTAINERS)
        for other in hits
    )


def _delivered_in(hit: PhraseHit, words: tuple[str, ...]) -> bool:
    """Whether a phrase names the container something comes in ("en fûts", "in IBCs")."""
    if not hit.target.startswith(_CONTAINERS):
        return False
    before = hit.start - 1
    if before > 0 and words[before] in _ARTICLES:
        before -= 1
    return before >= 0 and words[before] in _DELIVERED_IN


def _coating(words: tuple[str, ...], named: list[tuple[int, int, int]]) -> str | None:
    """`clean` or `coated`, as a text says of its scrap's coating, if it does: near where its
    words name aluminium (`named`: where each phrase's reach starts, where the phrase ends,
    where its reach ends), or anywhere when only its code does."""
    if _BARE.isdisjoint(words) and _COATED.isdisjoint(words) and _COATING_NOUNS.isdisjoint(words):
        return None  # most texts
    near = sorted({p for start, _, end in named for p in range(start, end)})
    for position in near if named else range(len(words)):
        word = words[position]
        before = words[position - 1] if position else ""
        if word in _BARE:
            after_noun = any(noun <= position < end for _, noun, end in named)
            if word in _CLEAN_AFTER_ONLY and ((named and not after_noun) or before in _DETERMINERS):
                continue  # "nos propres chutes": their own
            return "clean"
        if word in _COATED:
            return "clean" if before in _HARDLY else "coated"
        if word in _COATING_NOUNS and before in ("sans", "without", "no"):
            return "clean"  # "sans peinture", "no coating"
    return None


def _trades_collected_from(
    analysis: Analysis, knowledge: Knowledge
) -> tuple[tuple[str, int, int], ...]:
    """The trades a text names as whom something is collected from, each as its NACE code,
    where the words saying so start ("chez", "from") and where the trade's name ends."""
    if knowledge.trade_phrases.vocabulary.isdisjoint(analysis.terms):
        return ()  # most texts: one set operation
    words = analysis.words
    if _COLLECTING.isdisjoint(words):
        return ()
    found: dict[tuple[str, int], tuple[str, int, int]] = {}
    # A trade phrase comes back once per entry that names it ("restaurants" under each of its
    # names): each trade counts once where it is named.
    for hit in knowledge.trade_phrases.find(analysis):
        if analysis.roles[hit.start] in (NEGATED, OTHER) or (hit.target, hit.start) in found:
            continue
        for at in range(hit.start - 1, max(hit.start - 2 - _TRADE_GAP, -1), -1):
            if (
                words[at] in _FROM_WHOM
                and not _COLLECTING.isdisjoint(words[slice(*analysis.clause_of(at))])
            ) or (words[at] in _WHOM_AFTER_COLLECTING and at > 0 and words[at - 1] in _COLLECTING):
                end = hit.start + _span(words, hit.start, hit.length)
                found[hit.target, hit.start] = (hit.target, at, end)
                break
    return tuple(found.values())


def _collected_from(words: tuple[str, ...]) -> frozenset[int]:
    """Where a word of collecting is followed by whom ("collectés chez", "picked up from")."""
    if _COLLECTING.isdisjoint(words):
        return frozenset()
    return frozenset(
        at
        for at, word in enumerate(words)
        if word in _COLLECTING and not _FROM_WHOM.isdisjoint(words[at + 1 : at + 3])
    )


# Between a head and its complement ("chutes de découpe d'aluminium", "bain de décapage à l'acide
# chlorhydrique", "offcuts of stainless steel"), and between the items of a list.
_COMPLEMENT = frozenset(["de", "d", "du", "des", "of", "a", "au", "aux", "l", "la", "le", "les"])
_AND_OR = frozenset(["et", "and", "ou", "or"])
# Words of what is left over, which a list's items share: "chutes de cuir, tissus, bois".
_LEFT_OVER = frozenset(
    [
        "chutes",
        "chute",
        "dechets",
        "dechet",
        "residus",
        "residu",
        "offcuts",
        "offcut",
        "scraps",
        "scrap",
        "waste",
        "wastes",
        "residues",
        "poussieres",
        "dust",
    ]
)


@lru_cache(maxsize=20_000)
def _plain_words(phrase: str) -> frozenset[str]:
    return frozenset(strip_accents(phrase).replace("-", " ").split())


@lru_cache(maxsize=4)
def _hazardous_families(knowledge: Knowledge) -> frozenset[str]:
    return frozenset(
        resource
        for resource in knowledge.resources
        if knowledge.hazardous_family[knowledge.index[resource]]
    )


def _read_together(
    said: list[tuple[PhraseHit, float]],
    analysis: Analysis,
    add: Callable[[str, float, str], None],
    first_said: dict[str, float],
    hazardous: frozenset[str],
) -> frozenset[str]:
    """Families named by phrases that belong together, read as one; returns the families named
    as list items beside a descendant (which `_most_specific` keeps).

    A head and its complement name one thing: a generic head names what its complement makes
    precise ("chutes de découpe d'aluminium" are aluminium scrap, as surely as the head is
    said), and a precise head is what its complement, of the same branch, only describes ("bain
    de décapage à l'acide chlorhydrique" is spent pickling liquor, "copeaux de bois" shavings).
    The items of a list are named alike ("chutes de cuir, tissus, bois": the head is said of
    each, the one-word items are as sure as the phrase beside them), and an item that is the
    parent of another is one of the things offered, not a word the other makes precise.
    A complement naming a hazardous family is no mere description: "sciure de bois traité" is
    treated wood first."""
    words = analysis.words
    # Phrases are read together only across a comma or the small words of a complement or a
    # list: most texts, with none, are told by two set operations rather than the walk below.
    if len(said) < 2 or (
        not analysis.commas and _COMPLEMENT.isdisjoint(words) and _AND_OR.isdisjoint(words)
    ):
        return frozenset()
    # The phrases said at each place, in order: one word may name several families ("wood
    # offcuts", "cardboard"), each of them a head, a complement or an item.
    groups: list[list[tuple[PhraseHit, float]]] = []
    for pair in sorted(said, key=lambda pair: pair[0].start):
        if groups and groups[-1][0][0].start == pair[0].start:
            groups[-1].append(pair)
        else:
            groups.append([pair])
    if len(groups) < 2:
        return frozenset()
    listed: set[str] = set()
    chain: list[tuple[PhraseHit, float]] = []

    def close(chain: list[tuple[PhraseHit, float]]) -> None:
        if len(chain) < 2:
            return
        # The head shared is a word of what is left over ("chutes de cuir, tissus, bois",
        # "leather, fabric and wood offcuts"), said with one item and meant of each.
        shared = [c for hit, c in chain if not _LEFT_OVER.isdisjoint(_plain_words(hit.phrase))]
        sure = max(shared, default=0.0)
        for hit, confidence in chain:
            if sure == TEXT and confidence == TEXT_SINGLE_WORD:
                add(hit.target, TEXT, f"{_surface(words, hit.start, hit.length)} (in a list)")
        for hit, _ in chain:
            # Not a root: "chutes d'atelier" beside "ferrailles" names no other material; nor
            # a family its word names with a child ("cardboard" is paper and cardboard,
            # "chaleur fatale" heat and low-temperature heat): the parent is no item of its own.
            if "." not in hit.target:
                continue
            below = [
                other.start
                for other, _ in chain
                if other.target != hit.target and within(other.target, hit.target)
            ]
            if below and hit.start not in below:
                listed.add(hit.target)

    for heads, tails in pairwise(groups):
        first, next_ = heads[0][0], tails[0][0]
        end = max(hit.start + _span(words, hit.start, hit.length) for hit, _ in heads)
        if next_.start < end or analysis.roles[first.start] != analysis.roles[next_.start]:
            close(chain)
            chain = []
            continue
        between = words[end : next_.start]
        if between and _COMPLEMENT.issuperset(between) and next_.start not in analysis.breaks:
            for head, head_sure in heads:
                for tail, tail_sure in tails:
                    _complement(head, head_sure, tail, tail_sure, words, add, first_said, hazardous)
            continue
        if (not between and next_.start in analysis.commas) or (
            between and between[0] in _AND_OR and _COMPLEMENT.issuperset(between[1:])
        ):
            if not chain:
                chain = list(heads)
            chain.extend(tails)
            continue
        close(chain)
        chain = []
    close(chain)
    return frozenset(listed)


def _complement(
    head: PhraseHit,
    head_sure: float,
    tail: PhraseHit,
    tail_sure: float,
    words: tuple[str, ...],
    add: Callable[[str, float, str], None],
    first_said: dict[str, float],
    hazardous: frozenset[str],
) -> None:
    """A head and its complement read as one (`_read_together`)."""
    if head.target != tail.target and within(tail.target, head.target):
        add(
            tail.target,
            head_sure,
            f"{_surface(words, head.start, tail.start + tail.length - head.start)}",
        )
        first_said[tail.target] = min(first_said.get(tail.target, tail.start), head.start)
    elif (
        _branch(head.target) is not None
        and _branch(head.target) == _branch(tail.target)
        and not within(head.target, tail.target)
        and tail.target not in hazardous
    ):
        add(head.target, max(head_sure, tail_sure), f"{_surface(words, head.start, head.length)}")


def _branch(resource: str) -> str | None:
    """The family below the root a family belongs to ("material.wood" for sawdust), if any."""
    parts = resource.split(".")
    return ".".join(parts[:2]) if len(parts) > 2 else None


def _handled_or_where(words: tuple[str, ...], start: int) -> bool:
    """Whether the phrase at `start` follows "de", "of" (what a service handles) or "à", "at",
    "in" (where it is given), articles and possessives between."""
    position = start - 1
    while position >= 0:
        word = words[position]
        if word in _OF or word in _WHERE:
            return True
        if word == "a":
            return position + 1 < start and words[position + 1] in _FRENCH_ARTICLES
        if word not in _DETERMINERS:
            return False
        position -= 1
    return False


def _seeks_from(words: tuple[str, ...]) -> int:
    """Where a need starts saying what it looks for, when it does so after a few words ("we
    want to cut LNG" wants to do something, not to get LNG)."""
    if _SEEK_WORDS.isdisjoint(words):
        return 0  # most needs: one set operation rather than a loop over their words
    for position, word in enumerate(words):
        if word not in _SEEK_WORDS:
            continue
        following = words[position + 1] if position + 1 < len(words) else ""
        if following != "to":
            if word in _WANTED_AFTER and (position == 0 or words[position - 1] not in _SUBJECTS):
                return 0  # "Spent grounds wanted": the ad's object comes first
            if _PLACE_ONLY.issuperset(w for w in words[position + 1 :] if w not in STOP_WORDS):
                return 0  # "...; nous cherchons d'abord dans la région": where, not what
            return position if position >= 3 else 0
    return 0


# A number of degrees among a text's words: a number and "c" ("120 °C"), or one word ("120c").
_DEGREES = re.compile(r"(?<![^ ])([0-9]+) ?c(?![^ ])")


def _temperatures(words: tuple[str, ...]) -> list[int]:
    """The temperatures in °C a text gives ("120 °C", "120°C", "120C"), in order."""
    # Each starts a word with a digit, and digits sort before letters: most texts have no such
    # word, told by one `min` at C speed rather than a pass of the expression (which cannot
    # skip ahead to a literal) over their joined words.
    if not words or min(words) >= "a":
        return []
    return [t for t in map(int, _DEGREES.findall(" ".join(words))) if 0 < t < 2000]


_ANIMAL_BY_PRODUCTS = "material.organic.animal_by_products"
# The words `text.analyse` makes of "catégorie 1", "cat. 2", "C1"..., and the families they
# name among animal by-products (Regulation (EC) No 1069/2009 Art. 8 and 9); the lowest said
# governs ("catégories 1 et 2": a mixture takes the stricter category, Art. 8-9).
_CATEGORIES = {
    "cat1": f"{_ANIMAL_BY_PRODUCTS}.category_1",
    "cat2": f"{_ANIMAL_BY_PRODUCTS}.category_2",
}
_CATEGORY_WORDS = {family: f"category {word[-1]}" for word, family in _CATEGORIES.items()}


def _abp_category(words: tuple[str, ...]) -> str | None:
    """The family of the strictest animal by-product category 1 or 2 a text says, if any."""
    if _CATEGORIES.keys().isdisjoint(words):
        return None  # most texts: one pass over their words
    said = [family for word, family in _CATEGORIES.items() if word in words]
    return said[0] if said else None


# Food said to be mouldy, rotten or spoiled is no longer food: unsafe food may not be placed on
# the market (Regulation (EC) No 178/2002 Art. 14) nor fed to animals (Art. 15; Commission
# Notice 2018/C 133/02 on former foodstuffs: feed must be free of spoilage). What remains is
# biowaste for anaerobic digestion or composting (Directive 2008/98/EC Art. 22), not a surplus
# to donate or to feed: the families of fit food become food waste. "Périmé" alone is not
# spoiled (a past best-before date is still donated); "périmé non consommable" is.
_FOOD_WASTE = "material.organic.food_waste"
_FIT_FOOD = frozenset(["material.organic.bakery_waste", "material.organic.food_surplus"])
_SPOILED = frozenset(
    [
        *("moisi", "moisie", "moisis", "moisies", "moisissure", "moisissures"),
        *("avarie", "avariee", "avaries", "avariees", "pourri", "pourrie", "pourris", "pourries"),
        *("putrefie", "putrefiee", "putrefies", "putrefiees", "inconsommable", "inconsommables"),
        *("mouldy", "moldy", "mildewed", "rotten", "rotting", "rotted", "spoiled", "spoilt"),
        *("putrid", "putrefied"),
    ]
)
_SPOILED_AFTER_NON = frozenset(["consommable", "consommables"])  # "non consommable(s)"
_EXPIRED = frozenset(["perime", "perimee", "perimes", "perimees", "expired"])
_DENYING = frozenset(["non", "pas", "not", "no", "never", "jamais", "sans", "without", "aucun"])
# Mouldy or rotten, said of what a text names by no family, is spoiled food still ("fruits et
# légumes pourris", "rotten potatoes"): food waste, less sure than a family named. Not "non
# consommable" (durable supplies) nor "spoiled" (spoiled prints, ballots) alone.
SPOILED_ONLY = 0.6
_SPOILED_NOT_ALONE = frozenset(["spoiled", "spoilt"]) | {
    f"{n} {w}" for n in ("non", "pas") for w in _SPOILED_AFTER_NON
}


def _said_spoiled(analysis: Analysis) -> str | None:
    """The word by which a text says its food is spoiled, unless denied ("non moisi", "no
    mouldy bread", "pas de pain moisi"), or None."""
    words, roles = analysis.words, analysis.roles
    if _SPOILED.isdisjoint(words) and _SPOILED_AFTER_NON.isdisjoint(words):
        return None  # most texts: one set operation
    for position, word in enumerate(words):
        if word in _SPOILED_AFTER_NON:
            if position == 0 or words[position - 1] not in ("non", "pas"):
                continue
            said, start = f"{words[position - 1]} {word}", position - 1
            if start and words[start - 1] in _EXPIRED:  # "périmés non consommables": food
                said, start = f"{words[start - 1]} {said}", start - 1
        elif word in _SPOILED:
            said, start = word, position
        else:
            continue
        # Denied itself, or said of a denied word ("pas de pain moisi": "pain" is denied).
        if roles[position] == NEGATED:
            continue
        if start and (words[start - 1] in _DENYING or roles[start - 1] == NEGATED):
            continue
        return said
    return None


def _as_food_waste(families: tuple[Family, ...], spoiled: str) -> tuple[Family, ...]:
    """The families of a text that says its food is spoiled: fit food becomes food waste."""
    if not families:
        if spoiled in _SPOILED_NOT_ALONE:
            return families
        return (Family(_FOOD_WASTE, SPOILED_ONLY, f'words "{spoiled}"'),)
    read: list[Family] = []
    for family in families:
        if family.resource in _FIT_FOOD:
            family = Family(_FOOD_WASTE, family.confidence, f'{family.evidence}, "{spoiled}"')
        if all(kept.resource != family.resource for kept in read):
            read.append(family)
    return tuple(read)


# A metal item said to go for scrap ("tram bodies for scrap", "rayonnages bons pour la
# ferraille", "voiture à la casse", "presses to be scrapped") is scrap metal: what a scrap
# dealer or a steelworks takes, as the List of Waste files it (16 01 17 ferrous metal of
# end-of-life vehicles, 17 04 05 iron and steel, 19 12 02 ferrous metal from treatment). Steel
# items are ferrous scrap, aircraft aluminium scrap. "Scrap" in other senses ("scrap paper",
# "fabric scraps", "scrap wood") names no metal item, and changes nothing here.
_SCRAP_OF = {"equipment.aircraft": "material.metal.aluminium_scrap"}
_FERROUS = "material.metal.ferrous_scrap"
_METAL_ITEMS = (
    "equipment.vehicles",  # and rolling stock, refrigerated vehicles
    "equipment.aircraft",
    "equipment.machine_tools",
    "equipment.process_equipment",
    "equipment.agricultural_machinery",
    "equipment.construction_machinery",
    "equipment.racking",
    "equipment.tanks",
    "equipment.handling",
    "equipment.forklift",
    "equipment.generator",
    "equipment.thermal_equipment",
    "equipment.containers_skips",
    "equipment.baler_compactor",
)
# The words after which "scrap", "casse", "ferraille" say where the item goes, not what it is.
_SCRAP_AFTER = {
    "scrap": frozenset(["for", "as"]),
    "casse": frozenset(["la"]),  # "à la casse", "pour la casse"; not "casse de verre"
    "ferraille": frozenset(["la", "pour"]),  # "bons pour la ferraille", "pour ferraille"
}
_SCRAP_ALONE = frozenset(["scrapped", "scrapping", "ferrailler"])
_SCRAP_WORDS = _SCRAP_ALONE | frozenset(_SCRAP_AFTER)


def _said_scrapped(analysis: Analysis) -> str | None:
    """The words by which a text says its item goes for scrap, unless denied, or None."""
    words, roles = analysis.words, analysis.roles
    if _SCRAP_WORDS.isdisjoint(words):
        return None  # most texts: one set operation
    for position, word in enumerate(words):
        if roles[position] == NEGATED:
            continue
        if word in _SCRAP_ALONE:
            if _DENYING.isdisjoint(words[max(0, position - 3) : position]):
                return word
            continue
        after = _SCRAP_AFTER.get(word)
        if after is None or not position or words[position - 1] not in after:
            continue
        # "Not for scrap", "pas à la casse", "pas pour la ferraille": it is not.
        if _DENYING.isdisjoint(words[max(0, position - 4) : position - 1]):
            return f"{words[position - 1]} {word}"
    return None


def _as_scrap(
    families: tuple[Family, ...], scrapped: str, knowledge: Knowledge
) -> tuple[Family, ...]:
    """The families of a text that says its metal item goes for scrap: the scrap first."""
    items = [f for f in families if f.resource.startswith(_METAL_ITEMS)]
    if not items:
        return families
    item = items[0]
    scrap = next((s for i, s in _SCRAP_OF.items() if item.resource.startswith(i)), _FERROUS)
    if scrap not in knowledge.index:
        return families
    first = Family(scrap, item.confidence, f'{item.evidence}, "{scrapped}"')
    # The scrap refines "metals" that "scrap" alone named.
    others = [f for f in families if f.resource not in (scrap, "material.metal")]
    return (first, *others)[:MAX_FAMILIES]


# Goods condemned, seized or ordered destroyed (by a court, customs, a health authority) may be
# neither sold, given nor fed: the order says they are destroyed, under witness and with a
# certificate, by the few plants licensed for it, cement kilns that co-process them and
# incinerators (Regulation (EU) No 608/2013 Art. 23 on goods infringing IP rights; Geocycle's
# and Insee Ecocycle's destruction services). Such a lot is goods for destruction first,
# whatever it is made of: "condemned maize, unfit for human consumption; court order for its
# destruction" goes to the kiln, not to a feed mill. Animal by-products of category 1 or 2
# ("condemned meat") keep their own legal route first (Regulation 1069/2009 Art. 12-13).
_FOR_DESTRUCTION = "material.goods_for_destruction"
_CONDEMNED = frozenset(
    [
        *("condemned", "seized", "confiscated", "contraband", "counterfeit", "counterfeits"),
        *("confisque", "confisquee", "confisques", "confisquees", "contrebande"),
        *("contrefacon", "contrefacons", "contrefait", "contrefaite", "contrefaits"),
        "contrefaites",
    ]
)
_DESTRUCTION = frozenset(["destruction", "destroyed", "detruire", "detruits", "detruites"])
# ... ordered, by these words within three before "destruction" ("court order for professional
# destruction", "ordre de destruction", "ordered destroyed"), or "order(s)" right after it
# ("destruction orders"). Not "à détruire", "to be destroyed" alone: the holder's wish, which
# a shredder or a textile recycler meets as well ("vêtements de travail à détruire").
_ORDERING = frozenset(["order", "orders", "ordered", "court", "ordre", "ordonnance", "ordonnee"])
_ORDER_REACH = 3


# Not the same words in their other senses, nor denied just before: "seized" pumps or bearings
# (stuck), "seized-up"; a "condemned building" (its materials are for re-use); "anti-
# counterfeit" labels, "genuine parts, not counterfeit", "aucune contrefaçon". "Seized" says
# goods only with who seized them or what ("seized by customs", "seized goods").
_CONDEMNED_DENIED = frozenset(
    [
        *("not", "no", "non", "never", "without", "anti", "sans", "aucun", "aucune"),
        *("aucunement", "pas", "ni", "nor", "jamais", "zero"),
    ]
)
_DENIAL_REACH = 2
_SEIZED = frozenset(["seized"])
_SEIZERS = frozenset(
    [
        *("customs", "police", "court", "courts", "authority", "authorities", "goods"),
        *("cargo", "consignment", "consignments", "shipment", "shipments", "stock"),
        *("douane", "douanes", "gendarmerie", "tribunal", "marchandises"),
        *("contraband", "counterfeit", "counterfeits", "confiscated", "illegal", "illicit"),
    ]
)
_CONDEMNED_PLACES = frozenset(
    [
        *("building", "buildings", "house", "houses", "property", "properties", "bridge"),
        *("block", "blocks", "structure", "structures", "flat", "flats", "site", "sites"),
        *("wing", "hall", "warehouse", "factory", "mine", "well", "wells"),
    ]
)


def _said_condemned(analysis: Analysis) -> str | None:
    """The words by which an offer says its goods are condemned, seized or ordered destroyed,
    unless denied, or None."""
    words, roles = analysis.words, analysis.roles
    if _CONDEMNED.isdisjoint(words) and _DESTRUCTION.isdisjoint(words):
        return None  # most texts: one set operation

    def unbroken(first: int, last: int) -> bool:
        return not any(first < b <= last for b in analysis.breaks)

    for position, word in enumerate(words):
        if roles[position] == NEGATED:
            continue
        if word in _CONDEMNED:
            start = max(0, position - _DENIAL_REACH)
            if any(
                words[p] in _CONDEMNED_DENIED and unbroken(p, position)
                for p in range(start, position)
            ):
                continue
            following = words[position + 1 : position + 3]
            if word in _SEIZED and ("up" in following[:1] or _SEIZERS.isdisjoint(words)):
                continue
            if word == "condemned" and not _CONDEMNED_PLACES.isdisjoint(following):
                continue
            return word
        if word not in _DESTRUCTION:
            continue
        start = max(0, position - _ORDER_REACH)
        while start < position and not unbroken(start, position):
            start += 1
        before = words[start:position]
        after = words[position + 1 : position + 2] if unbroken(position, position + 1) else ()
        if not _ORDERING.isdisjoint(before) or after in (("order",), ("orders",)):
            return " ".join([*before, word, *after])
    return None


def _as_for_destruction(families: tuple[Family, ...], condemned: str) -> tuple[Family, ...]:
    """The families of an offer said to be condemned or ordered destroyed: goods for
    destruction first, at the confidence of the surest family named."""
    evidence = f'words "{condemned}"'
    if not families or families[0].resource == "material":
        alone = Family(_FOR_DESTRUCTION, TEXT_SINGLE_WORD, evidence)
        return (alone, *families[1:])[:MAX_FAMILIES]
    if families[0].resource.startswith(f"{_ANIMAL_BY_PRODUCTS}.category_"):
        return families  # a category 1 or 2 by-product's route is set by law
    surest = max(f.confidence for f in families)
    first = Family(_FOR_DESTRUCTION, surest, evidence)
    others = [f for f in families if f.resource != _FOR_DESTRUCTION]
    return (first, *others)[:MAX_FAMILIES]


# "Huile usagée" and "used oil" are, by the List of Waste's words (13 02: waste engine, gear and
# lubricating oils), mineral oil, and hazardous. But an oil said to be for soap or biodiesel is a
# fat: soap is saponified triglycerides (animal fats, vegetable oils), biodiesel their methyl
# esters (EN 14214); no mineral oil serves either. A soap maker asking for "huile usagée pour
# fabriquer du savon" wants used cooking oil, and was offered garages' sump oil (hazardous). The
# use must be said as one ("pour", "to make": `text.USE`) and the text must name no mineral oil.
_WASTE_OIL = "material.chemical.waste_oil"
_COOKING_OIL = "material.organic.used_cooking_oil"
_FAT_USES = frozenset(
    [
        *("savon", "savons", "savonnerie", "savonneries", "saponification", "saponifier"),
        *("soap", "soaps", "soapmaking", "biodiesel", "emhv", "fame", "oleochimie"),
        "oleochemicals",
    ]
)
_MINERAL_OIL = frozenset(
    [
        *("moteur", "moteurs", "vidange", "hydraulique", "hydrauliques", "lubrifiant"),
        *("lubrifiants", "minerale", "minerales", "mineral", "noire", "noires", "carter"),
        *("engine", "engines", "hydraulic", "lubricating", "lubricant", "lubricants", "lube"),
        *("sump", "black", "gear", "gearbox", "transmission", "turbine", "transformer"),
    ]
)


_NOT_FOR = frozenset(
    [
        *("not", "no", "never", "unsuitable", "unfit", "except"),
        *("pas", "non", "jamais", "impropre", "impropres", "sauf", "hors"),
    ]
)


def _fat_use(analysis: Analysis) -> str | None:
    """The word by which a text says its oil is for a use only fats serve (soap, biodiesel),
    when it names no mineral oil, or None."""
    words = analysis.words
    if _FAT_USES.isdisjoint(words) or not _MINERAL_OIL.isdisjoint(words):
        return None  # most texts: two set operations
    for position, (word, role) in enumerate(zip(words, analysis.roles, strict=True)):
        # Said as a use, and not denied just before ("not for soap", "non destinée à la
        # savonnerie": the reading of roles leaves such denials to the words themselves).
        if (
            word in _FAT_USES
            and role == USE
            and _NOT_FOR.isdisjoint(words[max(0, position - 4) : position])
        ):
            return word
    return None


def _as_cooking_oil(families: tuple[Family, ...], use: str) -> tuple[Family, ...]:
    """The families of an oil said to be for soap or biodiesel: mineral oil becomes used
    cooking oil (at the same confidence), once."""
    read: list[Family] = []
    for family in families:
        if family.resource == _WASTE_OIL:
            family = Family(_COOKING_OIL, family.confidence, f'{family.evidence}, for "{use}"')
        if all(kept.resource != family.resource for kept in read):
            read.append(family)
    return tuple(read)


# A digester ferments too: what a need wants "fermentescible", "fermentable", for a digester, a
# methaniser or its methane yield, is digester feedstock ("matières fermentescibles à fort pouvoir
# méthanogène pour notre digesteur"), not the sugars and starch an ethanol plant ferments.
_FERMENTATION_FEEDSTOCK = "material.organic.fermentation_feedstock"
_AD_FEEDSTOCK = "material.organic.biodegradable_fraction"
_DIGESTER = frozenset(
    [
        *("digesteur", "digesteurs", "methaniseur", "methaniseurs", "methanisation"),
        *("methanogene", "methanogenes", "biogaz"),
        *("digester", "digesters", "biogas", "anaerobic"),
    ]
)


def _digester_named(analysis: Analysis) -> str | None:
    """The word by which a text names a digester (not denied: "pas de biogaz"), or None."""
    words = analysis.words
    if _DIGESTER.isdisjoint(words):
        return None  # most texts: one set operation
    for word, role in zip(words, analysis.roles, strict=True):
        if word in _DIGESTER and role != NEGATED:
            return word
    return None


def _digester_is_use(analysis: Analysis) -> bool:
    """Whether a text names a digester as what its resource is for ("pour notre méthaniseur",
    "for our digester"), not as its setting ("site de méthanisation agricole")."""
    return any(
        word in _DIGESTER and role == USE
        for word, role in zip(analysis.words, analysis.roles, strict=True)
    )


def _as_digester_feedstock(families: tuple[Family, ...], digester: str) -> tuple[Family, ...]:
    """The families of a need for a digester: fermentation feedstock becomes digester feedstock
    (at the better of the two confidences, where the first of them stood), once."""
    if all(family.resource != _FERMENTATION_FEEDSTOCK for family in families):
        return families
    best = max(
        f.confidence for f in families if f.resource in (_FERMENTATION_FEEDSTOCK, _AD_FEEDSTOCK)
    )
    read: list[Family] = []
    for family in families:
        if family.resource in (_FERMENTATION_FEEDSTOCK, _AD_FEEDSTOCK):
            if any(kept.resource == _AD_FEEDSTOCK for kept in read):
                continue
            family = Family(_AD_FEEDSTOCK, best, f'{family.evidence}, for a "{digester}"')
        read.append(family)
    return tuple(read)


def _within_any(resource: str, families: frozenset[str]) -> bool:
    """Whether `resource` is one of `families` or below one of them."""
    end = len(resource)
    while end > 0:
        if resource[:end] in families:
            return True
        end = resource.rfind(".", 0, end)
    return False


def _kind_group(kind: str) -> str:
    return "flow" if kind in _FLOWS else kind


@lru_cache(maxsize=20_000)
def _says_replacing(phrase: str) -> bool:
    return not REPLACING_WORDS.isdisjoint(strip_accents(phrase).split())


@lru_cache(maxsize=8)
def _kind_groups(knowledge: Knowledge) -> dict[str, str]:
    """Each family's kind group (`_kind_group`), read for every phrase a text names."""
    return {r.id: _kind_group(r.kind) for r in knowledge.resources.values()}


def _contradict_code(
    coded: list[str],
    said: list[tuple[PhraseHit, float]],
    found: dict[str, Family],
    ewc: str,
    terms: tuple[str, ...],
    knowledge: Knowledge,
) -> None:
    """The families of an exact code lowered to EWC_CONTRADICTED where the words share no
    stem with the code's label (French or English) and name, in a phrase counted at full
    confidence, another waste of their kind that is none of them, holds none of them and has
    no compatibility with any of them either way (`EWC_CONTRADICTED`)."""
    if not _label_stems(ewc, knowledge).isdisjoint(terms):
        return
    index, compat, resources = knowledge.index, knowledge.compat, knowledge.resources
    code = format_ewc(ewc)

    def unrelated(named: str) -> bool:
        # Of one kind: a code's wastewater and the words' chemical ("soude usée" under 05 01 11,
        # wastes from cleaning fuels with bases) are one waste, an aqueous solution of it.
        return all(
            resources[named].kind == resources[other].kind
            and not within(named, other)
            and not within(other, named)
            and compat[index[named], index[other]] == 0
            and compat[index[other], index[named]] == 0
            for other in coded
        )

    if not any(
        hit.length > 1
        and confidence >= TEXT
        and "." in hit.target
        and _can_be_waste(hit.target, knowledge)
        and unrelated(hit.target)
        for hit, confidence in said
    ):
        return
    for other in coded:
        given = found.get(other)
        if given is not None and given.evidence == f"EWC {code}":
            found[other] = given._replace(confidence=EWC_CONTRADICTED)


@lru_cache(maxsize=4096)
def _label_stems(ewc: str, knowledge: Knowledge) -> frozenset[str]:
    """The stems of an EWC code's label in English and in French."""
    return frozenset(
        term
        for language in ("en", "fr")
        for term in analyse(knowledge.ewc_label(ewc, language), language).terms
    )


def _can_be_waste(resource: str, knowledge: Knowledge) -> bool:
    """Whether a family can be what a List of Waste code names: a material or wastewater."""
    return knowledge.resources[resource].kind == "material" or resource.startswith(
        "water.wastewater"
    )


def _surface(words: tuple[str, ...], start: int, length: int) -> str:
    """The phrase as written, stop words included ("gypse de desulfuration")."""
    if length == 1:
        return words[start]  # (`_span`)
    return " ".join(words[start : start + _span(words, start, length)])


def _span(words: tuple[str, ...], start: int, length: int) -> int:
    """How many words the phrase of `length` meaningful words found at `start` covers, stop
    words between included. A phrase starts on a meaningful word (one with a stem): one such
    word is the whole of a one-word phrase, most of those a text names."""
    if length == 1:
        return 1
    count = meaningful = 0
    for word in words[start:]:
        count += 1
        if word not in STOP_WORDS and len(word) >= 2 and not word.isdigit():
            meaningful += 1
            if meaningful == length:
                break
    return count


@lru_cache(maxsize=20_000)
def _ancestors(resource: str) -> tuple[str, ...]:
    """The families above a family, from its root down ("material", "material.organic" for
    "material.organic.food_waste")."""
    ancestors = []
    end = resource.find(".")
    while end >= 0:
        ancestors.append(resource[:end])
        end = resource.find(".", end + 1)
    return tuple(ancestors)


def _most_specific(
    families: list[Family], first_said: dict[str, float], listed: frozenset[str] = frozenset()
) -> list[Family]:
    """The strongest families, an ancestor dropped when a descendant is at least as sure (not
    one named as an item of its own in a list: "chutes de cuir, tissus, bois" offers textiles
    besides leather); among as sure and as specific, the one the text names first ("Pure CO2
    from our capture plants ...; residual heat also available" offers CO2 first)."""
    if len(families) <= 1:
        return families
    # The highest confidence below each ancestor of a family (one pass, not every pair).
    below: dict[str, float] = {}
    for g in families:
        for ancestor in _ancestors(g.resource):
            if below.get(ancestor, -1.0) < g.confidence:
                below[ancestor] = g.confidence
    kept = [
        f for f in families if below.get(f.resource, -1.0) < f.confidence or f.resource in listed
    ]
    if len(kept) == 1:
        return kept  # (a sort would still call its key once)
    never = 10**6  # families from the code or the sector: after those the words name
    kept.sort(
        key=lambda f: (
            -f.confidence,
            -f.resource.count("."),
            first_said.get(f.resource, never),
            f.resource,
        )
    )
    return kept[:MAX_FAMILIES]


# Every word some reading of `_resolve` looks for besides the phrases, the counts and the use:
# of collecting (`_trades_collected_from`, `_collected_from`), the hazards and substances
# (`hazards.SUBSTANCE_OR_HAZARD_WORDS`), and `_read_more`'s spoiled food, scrap, destruction,
# digesters and fats. Each of those readings returns nothing for a text without one of its
# own words (its first test), so a text without any of them skips them all.
_READ_WORDS = frozenset().union(
    _COLLECTING,
    SUBSTANCE_OR_HAZARD_WORDS,
    _SPOILED,
    _SPOILED_AFTER_NON,
    _SCRAP_WORDS,
    _CONDEMNED,
    _DESTRUCTION,
    _DIGESTER,
    _FAT_USES,
)
