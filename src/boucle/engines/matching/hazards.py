"""Whether a text names a hazard: the hazard classes and substances that make a lot hazardous
waste whatever family it is of, and the words by which a need says it takes hazardous waste;
denied ("sans amiante", "non dangereux") or removed ("amiante écarté") hazards are none.

Read by `resolve` (an offer's hazardousness, a need's consent) and `explain` (why a hazardous
offer may go to a need).
"""

from __future__ import annotations

from boucle.engines.matching.text import NEGATED, Analysis

# Words by which a need says it takes hazardous waste ("nous traitons les déchets dangereux").
_HAZARD_WORDS = frozenset(
    [
        "hazardous",
        "dangerous",
        "dangereux",
        "dangereuse",
        "dangereuses",
        "toxic",
        "toxique",
        "toxiques",
    ]
)
# Words by which a text says its lot is hazardous whatever else it names: a hazard class
# (Regulation (EC) No 1272/2008; Directive 2008/98/EC Annex III; "ADR", the agreement under
# which dangerous goods go by road), and substances that make any waste holding them
# hazardous (List of Waste, Decision 2000/532/EC: asbestos 17 06 05*, PCB 16 02 09*, wood
# treated with creosote or CCA 17 02 04*). Rubble with asbestos sheets in it is no longer inert
# rubble, a scrapped transformer filled with pyralène no longer plain scrap: a receiver for
# the first family would be sent it without the permit it needs.
_HAZARD_SUBSTANCES = frozenset(
    [
        *("amiante", "amiantes", "amiantee", "amiantees", "amiantifere", "amiantiferes"),
        *("asbestos", "pcb", "pcbs", "pyralene", "askarel", "askarels", "cca"),
        *("creosote", "creosotes", "creosotee", "creosotees", "creosoted"),
    ]
)
_HAZARD_CLASSES = frozenset(
    ["hazardous", "dangerous", "dangereux", "dangereuse", "dangereuses", "adr"]
)
# What a need may name to say it takes hazardous waste: a class, or a substance it treats
# ("désamianteur: collecte de plaques amiantées").
NEED_HAZARD_WORDS = _HAZARD_WORDS | _HAZARD_SUBSTANCES
# "Non dangereux", "non classé dangereux", "not classified as hazardous", "sans amiante", "ni
# PCB", "aucun déchet dangereux": a denial before the word, over the words that may come
# between; "asbestos-free", "PCB free" after it. ("Sans", "without", "exempt", "pas de" also
# deny as the text's roles say: "sans plâtre ni amiante", "does not contain any asbestos".)
_HAZARD_DENIALS = frozenset(
    [
        *("non", "not", "no", "pas", "ni", "nor", "sans", "without", "hors"),
        *("aucun", "aucune", "zero", "never", "jamais"),
    ]
)
_HAZARD_BETWEEN = frozenset(
    [
        *("classe", "classes", "classee", "classees", "classified", "considered", "as"),
        *("considere", "consideree", "consideres", "considerees", "comme"),
        *("d", "de", "des", "du", "en", "of", "any", "is", "are", "est", "sont"),
        *("contient", "contiennent", "contenant", "contain", "contains", "containing"),
        *("dechet", "dechets", "waste", "wastes", "matiere", "matieres", "material"),
        *("materials", "produit", "produits", "product", "products", "trace", "traces"),
    ]
)
_HAZARD_DENIED_AFTER = frozenset(["free"])
_HAZARD_BETWEEN_SPAN = 3
# "Déblais triés, amiante et cailloux écartés", "asbestos removed before demolition": what was
# taken out is no longer in the lot. Participles only: "plaques amiantées à retirer" are still
# there.
_HAZARD_REMOVED = frozenset(
    [
        *("ecarte", "ecartes", "ecartee", "ecartees", "retire", "retires", "retiree"),
        *("retirees", "enleve", "enleves", "enlevee", "enlevees", "elimine", "elimines"),
        *("eliminee", "eliminees", "removed", "stripped"),
    ]
)
_HAZARD_REMOVED_SPAN = 5


def names_hazard(analysis: Analysis, words: frozenset[str]) -> bool:
    """Whether a text names one of `words` without denying it."""
    if words.isdisjoint(analysis.words):
        return False
    said = analysis.words
    for at, word in enumerate(said):
        if word not in words or analysis.roles[at] == NEGATED:
            continue
        if at + 1 < len(said) and said[at + 1] in _HAZARD_DENIED_AFTER:
            continue
        if not _HAZARD_REMOVED.isdisjoint(said[at + 1 : at + 1 + _HAZARD_REMOVED_SPAN]):
            continue
        before = at - 1
        while (
            before >= 0 and at - before <= _HAZARD_BETWEEN_SPAN and said[before] in _HAZARD_BETWEEN
        ):
            before -= 1
        if before >= 0 and said[before] in _HAZARD_DENIALS:
            continue
        return True
    return False


def hazard_named(analysis: Analysis, kind: str | None) -> bool:
    """Whether an offer's words say it is hazardous: of a material, a hazard class or a
    hazardous substance; of equipment, a substance only ("transformateurs au pyralène": a
    "cabinet for hazardous products" or an "ADR tank" is no hazardous waste)."""
    if kind == "material":
        return names_hazard(analysis, _HAZARD_SUBSTANCES | _HAZARD_CLASSES)
    if kind == "equipment":
        return names_hazard(analysis, _HAZARD_SUBSTANCES)
    return False
