"""Whether a text names a hazard: the hazard classes and substances that make a lot hazardous
waste whatever family it is of, and the words by which a need says it takes hazardous waste;
denied ("sans amiante", "non dangereux"), removed ("amiante écarté") or merely checked for
("diagnostic amiante négatif") hazards are none.

Read by `resolve` (an offer's hazardousness and substances, a need's consent and the
substances it takes, and the substances a text names only as absent or to be checked, which name
no family either) and `explain` (why a hazardous offer may go to a need).
"""

from __future__ import annotations

from boucle.engines.matching.text import NEGATED, WANTED, Analysis

# Words by which a need says it takes hazardous waste ("nous traitons les déchets dangereux"),
# whatever the hazard.
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
# Each substance is a bit: a need that names one takes waste hazardous by that one only (an
# asbestos landfill takes no oily soil).
ASBESTOS, PCB, TREATED_WOOD = 1, 2, 4
_SUBSTANCES = {
    **dict.fromkeys(
        ["amiante", "amiantes", "amiantee", "amiantees", "amiantifere", "amiantiferes"], ASBESTOS
    ),
    "asbestos": ASBESTOS,
    **dict.fromkeys(["pcb", "pcbs", "pyralene", "askarel", "askarels"], PCB),
    **dict.fromkeys(["polychlorobiphenyle", "polychlorobiphenyles", "polychlorinated"], PCB),
    **dict.fromkeys(
        ["creosote", "creosotes", "creosotee", "creosotees", "creosoted", "cca"], TREATED_WOOD
    ),
}
_SUBSTANCE_WORDS = frozenset(_SUBSTANCES)  # looked for in every text (`_positions`)
# The words without one of which a text takes no hazardous waste (`says_takes_hazardous`) and
# names no substance (`held_substances`, `taken_substances`, `unsaid_substances`): `resolve`
# asks none of them of a text that has none of these words.
SUBSTANCE_OR_HAZARD_WORDS = _SUBSTANCE_WORDS | _HAZARD_WORDS
_HAZARD_CLASSES = frozenset(
    ["hazardous", "dangerous", "dangereux", "dangereuse", "dangereuses", "adr"]
)
# "PCB" is also a printed circuit board, whose scrap a precious-metal refiner buys: the
# substance only where the text speaks of what holds it (insulating oil, transformers,
# capacitors, sealants), never of circuits or boards.
_PCB_ABBREVIATIONS = frozenset(["pcb", "pcbs"])
_PCB_HOLDERS = frozenset(
    [
        *("huile", "huiles", "oil", "oils", "dielectrique", "dielectric", "pyralene", "askarel"),
        *("transformateur", "transformateurs", "transformer", "transformers"),
        *("condensateur", "condensateurs", "capacitor", "capacitors", "mastic", "mastics"),
        *("sealant", "sealants", "contenant", "containing", "contient", "contains", "ppm"),
        *("contamine", "contamines", "contaminee", "contaminees", "contaminated"),
    ]
)
_PCB_BOARDS = frozenset(
    [
        *("circuit", "circuits", "board", "boards", "carte", "cartes", "printed", "imprime"),
        *("imprimes", "electronique", "electroniques", "electronic", "smt", "pcba", "pcbas"),
    ]
)
# "ADR" says dangerous goods only with their class ("ADR classe 3", "class 8 ADR"): "fûts
# homologués ADR", "ADR-approved drums" are packaging fit for them, empty and harmless.
_ADR_CLASS = frozenset(["classe", "class", *"123456789"])
_ADR_PACKAGING = frozenset(
    [
        *("homologue", "homologues", "homologuee", "homologuees", "approved", "certified"),
        *("certifie", "certifies", "certifiee", "certifiees", "agree", "agrees", "agreee"),
        *("agreees", "conforme", "conformes", "compliant"),
    ]
)
_ADR_SPAN = 3
# "Non dangereux", "non classé dangereux", "not classified as hazardous", "sans amiante", "ni
# PCB", "aucun déchet dangereux", "jamais de bois créosoté", "terres exemptes d'amiante": a
# denial before the word, over
# the words that may come between (and the noun a substance qualifies); "asbestos-free", "PCB
# free" after it. ("Sans", "without", "exempt", "pas de" also deny as the text's roles say:
# "sans plâtre ni amiante", "does not contain any asbestos".)
_HAZARD_DENIALS = frozenset(
    [
        *("non", "not", "no", "pas", "ni", "nor", "sans", "without", "hors"),
        *("aucun", "aucune", "zero", "never", "jamais"),
        *("exempt", "exempts", "exempte", "exemptes"),
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
_EXEMPT = frozenset(["exempt", "exempts", "exempte", "exemptes"])
_NEGATIONS_OF_EXEMPT = frozenset(["non", "not", "pas", "never", "jamais"])
# "Absence d'amiante non garantie", "présence de PCB non exclue", "asbestos not ruled out",
# "amiante possible": after the substance, in its clause, its absence is not certain.
_DOUBT_SPAN = 5
_NOT_CERTAIN = frozenset(["non", "not", "pas", "never", "jamais"])
_CERTAIN = frozenset(
    [
        *("garanti", "garantie", "garantis", "garanties", "guaranteed", "exclu", "exclue"),
        *("exclus", "exclues", "excluded", "ruled", "verifie", "verifiee", "verifies"),
        *("verifiees", "verified", "confirme", "confirmee", "confirmes", "confirmees"),
        *("confirmed", "certifie", "certifiee", "certifies", "certifiees", "certified"),
        *("assure", "assuree", "assures", "assurees", "ensured"),
    ]
)
_UNCERTAIN = frozenset(
    [
        *("possible", "possibles", "probable", "probables", "suspecte", "suspectee"),
        *("suspectes", "suspectees", "suspected", "suspect", "inconnu", "inconnue"),
        *("unknown", "likely", "potentielle", "potentiel", "potential"),
    ]
)
_HAZARD_BETWEEN_SPAN = 3
# "Diagnostic amiante négatif", "certificat d'absence d'amiante", "asbestos survey negative":
# the substance was looked for and not found. Next to the substance, over small words and the
# name of the check.
_FOUND_ABSENT = frozenset(
    [
        *("negatif", "negatifs", "negative", "negatives", "absence", "absent", "absente"),
        *("absents", "absentes"),
    ]
)
# "Diagnostic amiante exigé", "asbestos survey required", "asbestos-tested rubble only": a
# need asking for a check of what it takes, not for the substance (which an inert landfill
# refuses). An offer's unreported check says nothing either way: its substance stays.
_CHECKS = frozenset(
    [
        *("diagnostic", "diagnostics", "reperage", "reperages", "survey", "surveys"),
        *("surveyed", "test", "tests", "tested", "teste", "testee", "testes", "testees"),
        *("certificat", "certificats", "certificate", "certificates", "attestation"),
        *("analyse", "analyses", "analysis", "controle", "controles", "audit"),
    ]
)
_CONTEXT_SPAN = 3
# "Déblais triés, amiante et cailloux écartés", "asbestos fragments removed", "amiante a été
# retiré": what was taken out is no longer in the lot. A participle right after the substance
# (or the pieces it comes in, or what it is listed with), in the same clause, over auxiliaries
# only: not "asbestos sheets to be removed", "plaques amiantées non retirées", "amiante,
# ferraille retirée" (the scrap was).
_HAZARD_REMOVED = frozenset(
    [
        *("ecarte", "ecartes", "ecartee", "ecartees", "retire", "retires", "retiree"),
        *("retirees", "enleve", "enleves", "enlevee", "enlevees", "elimine", "elimines"),
        *("eliminee", "eliminees", "removed", "stripped"),
    ]
)
_HAZARD_CARRIERS = frozenset(
    [
        *("cement", "ciment", "fragment", "fragments", "sheet", "sheets", "sheeting"),
        *("plaque", "plaques", "panel", "panels", "debris", "fibre", "fibres", "fiber"),
        *("fibers", "tile", "tiles", "dalle", "dalles", "material", "materials", "materiaux"),
        *("piece", "pieces", "morceau", "morceaux", "oil", "oils", "huile", "huiles"),
        *("containing", "contaminated", "lagging", "insulation"),
    ]
)
_CARRIERS_SPAN = 2
_AUXILIARIES = frozenset(
    ["was", "were", "been", "has", "have", "had", "is", "are", "est", "sont", "ont", "a", "ete"]
)
_AND = frozenset(["et", "and"])
_LISTED_SPAN = 3  # words listed after "et", "and" before the participle
_NOT_DONE = _HAZARD_DENIALS | frozenset(["to", "be", "a", "etre", "encore", "yet"])


def names_hazard(analysis: Analysis, words: frozenset[str]) -> bool:
    """Whether a text names one of `words` without denying it."""
    positions = _positions(analysis, words)
    # (Most texts name none: no generator built for them.)
    return bool(positions) and any(_named_at(analysis, at) for at in positions)


def says_takes_hazardous(analysis: Analysis) -> bool:
    """Whether a need says it takes hazardous waste, whatever the hazard."""
    return names_hazard(analysis, _HAZARD_WORDS)


# Plant protection products and biocides an offer holds ("pesticides périmés", "produits
# phytosanitaires non utilisés", "expired herbicides"): agrochemical waste containing hazardous
# substances, 02 01 08* and 20 01 19 (Regulation (EC) No 1107/2009; Directive 2008/98/EC Annex
# III, HP 6 and HP 14), which the knowledge base names by no family: without a code such an
# offer read as plain drums or "material" went, as a near fallback, to a food bank or a feed
# maker. Not their residues or traces in food, nor produce treated with them ("fruits traités",
# "pesticide residues within MRLs").
_AGROCHEMICALS = frozenset(
    [
        *("pesticide", "pesticides", "phytosanitaire", "phytosanitaires", "herbicide"),
        *("herbicides", "insecticide", "insecticides", "fongicide", "fongicides"),
        *("fungicide", "fungicides", "biocide", "biocides", "agrochemical", "agrochemicals"),
        *("rodenticide", "rodenticides", "raticide", "raticides"),
    ]
)
_IN_FOOD = frozenset(
    [
        *("residu", "residus", "residue", "residues", "trace", "traces", "lmr", "mrl", "mrls"),
        *("traite", "traites", "traitee", "traitees", "treated", "sprayed", "bio", "organic"),
    ]
)


def names_agrochemical(analysis: Analysis) -> bool:
    """Whether an offer's words say it holds pesticides or biocides (not denied, nor only
    their residues or produce treated with them)."""
    said = analysis.words
    positions = _positions(analysis, _AGROCHEMICALS)
    # (Most texts name none: no generator built for them.)
    return bool(positions) and any(
        _named_at(analysis, at) and _IN_FOOD.isdisjoint(said[max(0, at - 3) : at])
        for at in positions
    )


def names_hazard_class(analysis: Analysis) -> bool:
    """Whether a text says its lot is of a hazard class ("classé dangereux", "ADR class 3")."""
    return names_hazard(analysis, _HAZARD_CLASSES)


def held_substances(analysis: Analysis) -> int:
    """The hazardous substances (bits) a text says its lot holds."""
    held = 0
    for at in _positions(analysis, _SUBSTANCE_WORDS):
        if _named_at(analysis, at):
            held |= _SUBSTANCES[analysis.words[at]]
    return held


def taken_substances(analysis: Analysis) -> int:
    """The hazardous substances (bits) a need says it takes, as what it wants ("collecte de
    plaques amiantées", "PCB transformers for decontamination"): not a check it asks for
    ("diagnostic amiante exigé"), nor what its sentence is about otherwise."""
    taken = 0
    for at in _positions(analysis, _SUBSTANCE_WORDS):
        if (
            analysis.roles[at] == WANTED
            and _named_at(analysis, at)
            and not _next_to(analysis, at, _CHECKS)
        ):
            taken |= _SUBSTANCES[analysis.words[at]]
    return taken


_NOWHERE: frozenset[int] = frozenset()  # no place in a text


def unsaid_substances(analysis: Analysis, *, need: bool) -> frozenset[int]:
    """Where a text names a hazardous substance only to say its lot is without it ("sans
    amiante", "certificat d'absence d'amiante", "exempt de PCB", "amiante écarté") or, for a
    need, to ask for a check of it ("diagnostic amiante exigé", "asbestos survey required"):
    a property asked of the lot, neither what it is nor what is wanted, so no family either
    (the miscellaneous hazardous waste "amiante" names would take any hazardous waste)."""
    named = _positions(analysis, _SUBSTANCE_WORDS)
    if not named:
        return _NOWHERE  # most texts: no generator, no new set
    return frozenset(
        at for at in named if _ruled_out(analysis, at) or (need and _next_to(analysis, at, _CHECKS))
    )


def _positions(analysis: Analysis, words: frozenset[str]) -> list[int]:
    said = analysis.words
    if words.isdisjoint(said):
        return []  # most texts: one set operation (a frozenset's, three times `any(map(...))`)
    return [at for at, word in enumerate(said) if word in words]


def _named_at(analysis: Analysis, at: int) -> bool:
    """Whether the hazard word at `at` is said of the lot: not denied, removed, found absent,
    nor another thing spelled the same ("PCB" boards, "homologué ADR")."""
    said = analysis.words
    word = said[at]
    if word in _PCB_ABBREVIATIONS and (
        _PCB_BOARDS.intersection(said) or _PCB_HOLDERS.isdisjoint(said)
    ):
        return False
    if word == "adr" and not _adr_class(analysis, at):
        return False
    return not _ruled_out(analysis, at)


def _ruled_out(analysis: Analysis, at: int) -> bool:
    """Whether the hazard word at `at` is denied, removed or found absent."""
    said = analysis.words
    if _doubted(analysis, at):
        return False
    if analysis.roles[at] == NEGATED:
        return True
    if at + 1 < len(said) and said[at + 1] in _HAZARD_DENIED_AFTER:
        return True
    if _removed_after(analysis, at) or _next_to(analysis, at, _FOUND_ABSENT, _CHECKS):
        return True
    return _denied_before(analysis, at)


def _adr_class(analysis: Analysis, at: int) -> bool:
    near = [
        p
        for p in range(max(0, at - _ADR_SPAN), min(len(analysis.words), at + _ADR_SPAN + 1))
        if not _crosses(analysis, at, p)
    ]
    words = {analysis.words[p] for p in near}
    return not _ADR_CLASS.isdisjoint(words) and _ADR_PACKAGING.isdisjoint(words)


def _crosses(analysis: Analysis, first: int, second: int) -> bool:
    """Whether a punctuation mark comes between the words at `first` and `second`."""
    low, high = min(first, second), max(first, second)
    return any(low < b <= high for b in analysis.breaks)


def _denied_before(analysis: Analysis, at: int) -> bool:
    said = analysis.words
    before = at - 1
    # The noun a substance qualifies: "jamais de bois créosoté", "pas de plaques amiantées".
    if (
        analysis.words[at] in _SUBSTANCES
        and before >= 0
        and said[before] not in _HAZARD_DENIALS | _HAZARD_BETWEEN
        and not _crosses(analysis, before, at)
    ):
        before -= 1
    while (
        before >= 0
        and at - before <= _HAZARD_BETWEEN_SPAN + 1
        and said[before] in _HAZARD_BETWEEN
        and not _crosses(analysis, before, at)
    ):
        before -= 1
    if before < 0 or said[before] not in _HAZARD_DENIALS or _crosses(analysis, before, at):
        return False
    # "Terres non exemptes d'amiante", "not asbestos-exempt": a denied denial says it is there.
    return not (said[before] in _EXEMPT and before > 0 and said[before - 1] in _NEGATIONS_OF_EXEMPT)


def _doubted(analysis: Analysis, at: int) -> bool:
    """Whether the clause after the hazard word at `at` says its absence is not certain:
    "absence d'amiante non garantie", "présence d'amiante non exclue", "asbestos not ruled
    out", "absence of PCB not guaranteed" (the lot may hold it: a hazard still)."""
    said = analysis.words
    end = min(len(said), at + 1 + _DOUBT_SPAN)
    for p in range(at + 1, end):
        if _crosses(analysis, at, p):
            return False
        if said[p] in _UNCERTAIN:
            return True
        if (
            said[p] in _NOT_CERTAIN
            and p + 1 < end
            and said[p + 1] in _CERTAIN
            and not _crosses(analysis, p, p + 1)
        ):
            return True
    return False


def _removed_after(analysis: Analysis, at: int) -> bool:
    said = analysis.words
    end = len(said)
    after = at + 1
    while after < end and after - at <= _CARRIERS_SPAN and said[after] in _HAZARD_CARRIERS:
        after += 1
    if after < end and said[after] in _AND:
        listed = range(after + 1, min(end, after + 2 + _LISTED_SPAN))
        done = next((p for p in listed if said[p] in _HAZARD_REMOVED), None)
        if done is None or not _NOT_DONE.isdisjoint(said[after + 1 : done]):
            return False
        after = done
    while after < end and said[after] in _AUXILIARIES:
        after += 1
    return after < end and said[after] in _HAZARD_REMOVED and not _crosses(analysis, at, after)


def _next_to(
    analysis: Analysis, at: int, words: frozenset[str], over: frozenset[str] = frozenset()
) -> bool:
    """Whether the nearest word that carries meaning on either side of `at`, in its clause,
    is one of `words` (past any of `over`)."""
    for step in (-1, 1):
        p = at + step
        while (
            0 <= p < len(analysis.words)
            and abs(p - at) <= _CONTEXT_SPAN
            and not _crosses(analysis, at, p)
        ):
            if analysis.words[p] in words:
                return True
            if analysis.stems[p] is not None and analysis.words[p] not in over:
                break
            p += step
    return False
