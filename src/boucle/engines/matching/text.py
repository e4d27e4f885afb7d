"""Words of a description, the same whether it is written in French or in English.

Lower case, accents stripped, stop words of both languages dropped, each word stemmed by the
Snowball stemmer of the language the text seems to be written in; and phrases of the resource
taxonomy found in the text, so that "gypse DSG" and "FGD gypsum" both name FGD gypsum::

    from boucle.engines.matching.text import PhraseIndex, analyse

    words = analyse("Gypse issu de la désulfuration des fumées")
    words.language, words.terms          # "fr", ("gyps", "issu", "desulfur", "fume")
    index = PhraseIndex([("gypse DSG", "fr", "material.mineral.gypsum.fgd")])
    index.find(analyse("Nous vendons du gypse DSG"))   # [PhraseHit(...gypsum.fgd...)]

Phrases are indexed under both stemmers, so a word written as in the taxonomy is found
whichever language the text was taken for.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache, partial
from itertools import repeat
from pathlib import Path
from typing import Any, NamedTuple

import snowballstemmer

from boucle.engines.matching import spelling

__all__ = [
    "Analysis",
    "PhraseHit",
    "PhraseIndex",
    "analyse",
    "impurity",
    "out_of_order",
    "strip_accents",
    "takes_out_of_order",
]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_STOP_FR = _words(
    """
    a au aux avec ce ces cet cette dans de des du elle en et est il ils je la le les leur
    leurs me mes moi mon ne nos notre nous on ou par pas pour qu que qui sa se ses
    son sont sur ta te tes toi ton tu un une vos votre vous y l d j n s c qu ete etre
    avons avez ont sommes peut pouvons plus tres tout tous toute toutes chaque environ
    afin via issu issue issus issues provenant depuis entre sans sous chez lors dont aussi
    comme ainsi vers bon bonne bons bonnes tot
    """
)
_STOP_EN = _words(
    """
    a an and are as at be by for from has have in is it its of on or our that the their
    them they this to was we were will with you your per can could would about into up out
    over under some any all each which who whom whose what when where there here than then
    so such also other more most very just only both these those being been do does did
    """
)
# Words every declaration may use, which say nothing about the resource ("composition connue",
# "of known composition": said of any lot, and stemmed as "composites" would be).
_STOP_DOMAIN = _words(
    """
    available disponible disponibles offer offers offre offrons propose proposons need
    needs needed besoin besoins cherche cherchons recherche recherchons looking seek
    seeking want wanted souhaite souhaitons tonne tonnes year years an ans annee annees
    month mois week semaine day jour jours site usine plant company entreprise societe
    quantity quantite environ approx approximately around volume dispo dispos
    composition compositions
    """
)
# The boilerplate of the List of Waste's labels. Not "non", "base" or "forme": "non ferreux",
# "bois non traité", "road base" and "couche de forme" mean something else without them.
_STOP_EWC = _words(
    """
    based other than mentioned containing contenant substances substance visees vises contains
    contain contained
    rubrique form not otherwise specified autrement
    """
)
STOP_WORDS = _STOP_FR | _STOP_EN | _STOP_DOMAIN | _STOP_EWC
# Words that carry nothing in one language only: French "car" is "because" ("palettes car notre
# stock est vide"), English "car" a vehicle ("used car parts").
# French "transformer" is the verb "to process" ("pour transformer les branchages en paillage"),
# never the electrical device ("transformateur").
_STOP_ONLY_IN = {"fr": _words("car transformer"), "en": frozenset[str]()}
# Words after which a need says what it makes or what it is for, not what it wants.
USE_MARKERS = _words(
    """
    pour for to afin destine destinee destines destinees make making produce producing
    fabriquer fabrication produire production transformer convertir incorporer goes into
    """
)
# "To share the lane", "pour mutualiser nos flux": after these, a need names the sharing it
# wants, not what it is for.
_SHARING = _words("share sharing pool pooling bundle combine mutualiser partager regrouper")
# "used", "utilisé" say a use only before "for", "as", "pour"... ("used as bedding"); before a
# noun they say second-hand ("used cooking oil", "palettes utilisées").
_USED = _words("used utilise utilisee utilises utilisees")
_USED_NEXT = _words("for as in pour comme dans en")
# "looking for", "search for": the words after say what is wanted, not what it is for.
_SEEKING = _words("looking look searching search seeking seek asking ask request calling call")
# Words after which a text names what the resource would replace ("to replace natural gypsum",
# "en remplacement de nos chaudières", "instead of", "au lieu de"): often the same family,
# sometimes only the equipment it relieves, so they count, but less than what is wanted. What a
# need wants to reduce ("afin de réduire notre consommation de gaz", "want to cut LNG") is what
# the resource would replace too.
REPLACING_WORDS = _words(
    """
    replace replaces replacing instead remplacer remplace remplacant remplacement
    substituer lieu
    reduire reduce reduces reducing cut diminuer limiter baisser economiser
    """
)
# These replace only before "of", "de", "to"... ("alternative aux granulats", "substitution
# partielle du ciment"); before a noun they are adjectives ("alternative fuel", "combustibles
# de substitution pour notre four").
_REPLACING_BEFORE = _words(
    "alternative alternatives substitution substitute substitutes replacement"
)
_REPLACING_NEXT = _words("of to for a au aux de du des d partial partielle partiel")
# What a resource would back up or top up ("appoint et secours de nos chaudières bois",
# "backup for our gas boilers", "en complément de notre ration"): the plant it relieves, which
# stays, so what it names is what the resource would partly replace. Only before a preposition
# and a determiner: "chauffage d'appoint au bois" tops up with wood, "groupe de secours" is a
# generator.
_RELIEVING = _words("appoint secours backup standby releve complement supplement")
_RELIEVING_UP = _words("back top")  # "back-up", "top-up"
_UP = _words("up")
_RELIEVING_NEXT = _words("de d a of to for")
_RELIEVED = _words("nos notre leur leurs la le les l our their the its son sa ses")
# Words after which an offer says where its resource comes from ("steam from the energy
# recovery boilers", "chaleur issue de nos compresseurs", "huile de base régénérée à partir
# d'huiles usagées"), not what it is.
_SOURCE_MARKERS = _words("from issu issue issus issues provenant provenance partir")
_MADE = _words("produced generated made produit produite produits produites genere generee generes")
_AGENT = _words("by par")
_OUR = _words("our notre nos")
# What a boiler or a power plant burns is where what it gives comes from ("vapeur d'une
# chaudière biomasse (rémanents forestiers)", "heat of our wood chip boilers", "centrale
# alimentée en plaquettes", "boiler fired with sawdust"): an offer of steam, heat or its ash,
# not of the fuel (the plant's own words: ADEME Fonds Chaleur, a heat plant is named by its
# fuel). After "de", "of" and a determiner, a plant; after "alimenté", "fired", a preposition.
_PLANTS = _words(
    """
    chaudiere chaudieres centrale centrales chaufferie chaufferies cogeneration incinerateur
    incinerateurs boiler boilers chp incinerator incinerators
    """
)
_OF_PLANT = _words("de d du des of")
_PLANT_DETERMINERS = _words("un une la le l les notre nos leur leurs son sa ses a an the our its")
_FED = _words("alimente alimentee alimentes alimentees fired fuelled fueled fed")
_FED_NEXT = _words("en au aux a par with by on")
_POSSESSIVE_AFTER = {
    "de": _words("notre nos leur leurs"),
    "du": _words("notre"),
    "of": _words("our their"),
}
# Punctuation that ends a clause, and with it what the clause said a resource is for (not
# brackets: they qualify what precedes them, "pour notre four (PCI modéré accepté)").
_CLAUSE_BREAK = frozenset(";:!?.")
# Commas end what a need is for, except inside brackets, which qualify what precedes them.
_PUNCTUATION = _CLAUSE_BREAK | frozenset(",()")
# Words after which a text says what its resource is not ("without packaging", "sans
# emballage", "exempt de chrome"), for the next few meaningful words; "alcohol-free" says it of
# the word before.
_NEGATIONS = _words("without sans excluding except sauf hors exempt exempts exempte")
_NEGATED_AFTER = _words("free")
# "A fuel other than our bagasse", "un combustible autre que nos écorces", "rather than coal",
# "plutôt que le fioul": the noun right after (its words up to the next small word) is what a
# need moves away from, said `OTHER`. Not a verb's object ("rather than landfill our pallets"
# says `landfill` only), and not denied in an offer ("plutôt que de les jeter, nous donnons nos
# palettes" gives them; `resolve` reads `OTHER` as denied in needs only).
_OTHER_THAN = {
    "than": _words("other rather"),
    "que": _words("autre autres plutot"),
    "qu": _words("autre autres plutot"),
}
NEGATION_SPAN = 3
# "Hors" excludes ("hors bois traité", "hors PVC") except in the idioms that say a state:
# "hors d'usage", "hors service", "hors normes", "hors gabarit", "hors spécifications", "hors
# d'eau", "hors gel", "hors sol", "hors taxes". There it denies the idiom's noun only ("hors
# d'eau" is no water, "hors-sol" no soil), not the words after it: "palettes hors d'usage,
# PEHD/PP" are polyethylene and polypropylene, "véhicules hors d'usage, pièces" still parts.
_HORS = "hors"
_HORS_IDIOMS = _words(
    """
    service usage etat norme normes gabarit gabarits specification specifications spec specs
    eau air gel sol saison tension taxe taxes ht ttc cote delai delais
    """
)
# "pas de cuir ni chaussures", "no leather nor shoes": these deny the next word only ("nous
# n'avons pas de débouché pour nos cendres" still offers ashes).
_NEGATIONS_OF_ONE = _words("pas ni no nor")
# "No soil or timber", "pas de terre ou de bois": an "or" right after a denied word denies the
# next word too, as "nor" and "ni" do.
_OR = _words("or ou")
# "Jamais mélangé au plastique", "never mixed with plastics", "non souillé par les huiles": a
# denied word of mixing or soiling denies what follows it, for as long as "sans" does but not
# past a comma; "never" and "jamais" alone deny nothing ("never used pallets" are pallets).
_NEVER = _words("jamais never not non pas")
_MIXING = _words(
    """
    melange melangee melanges melangees mixed contamine contaminee contamines contaminees
    contaminated souille souillee souilles souillees soiled pollue polluee pollues polluees
    polluted
    """
)
# ... with what: "terres non polluées (argiles, limons)" are still clays and silts.
_MIXED_WITH = _words("a au aux avec with by par de des du to")
_DENIALS = _NEGATIONS | _NEGATIONS_OF_ONE | _NEGATED_AFTER
# Words after which a text says what it refuses, of the words before them in their clause
# ("les bois traités sont refusés", "treated or painted wood not accepted", "hors bois
# exclus"): the receiver's conditions, not what it wants. Participles only: the English noun
# "refuse" (household refuse) and verb "refuses" come before what they name, and "rejected"
# names rejects ("rejected batches"). "Accepted", "admis", "allowed" refuse only after "not",
# "non", "pas", "plus".
_REFUSED = _words(
    """
    refusee refusees exclu exclus exclue exclues interdit interdits interdite
    interdites proscrit proscrits proscrite proscrites refused excluded prohibited banned
    """
)
# French "refusé", "refusés"; English "refuse" is waste, "refuses" a verb before its object.
_REFUSED_FR_ONLY = _words("refuse refuses")
_ACCEPTED = _words(
    """
    accepte acceptee acceptes acceptees admis admise admises autorise autorisee autorises
    autorisees accepted allowed admitted permitted
    """
)
_NOT_BEFORE_ACCEPTED = _words("not non pas plus")
# Words that make the word next to them a property of the resource, not the resource: "CO2
# saturé en eau", "teneur en eau 20 %" (the next word after "en", "de"...), "water-saturated",
# "water content" (the word before). The resource is not water; the word is said as negated.
_PROPERTY_OF = _words("sature saturee satures saturees teneur teneurs")
_PROPERTY_OF_NEXT = _words("en de d in of with")
_PROPERTY_AFTER = _words("saturated content")
# "Energy-rich feed", "riche en énergie": a feed's or a fuel's energy is a property of it, not
# energy for sale. (Other words before "rich" name what makes a lot worth having: "zinc-rich
# dust", "riche en CO2", "riches en potasse"; they stay.)
_RICH = _words("rich")
_RICH_IN = _words("riche riches")
_ENERGY = _words("energy energie")
# Words after which a text says what happens today: for an offer, its current fate
# ("aujourd'hui rejeté à l'atmosphère", "jusqu'ici en benne DIB", "otherwise discharged",
# "today partly flared"), not what it is; for a need, its current supply ("today we draw on the
# Ebro", "on achète aujourd'hui du CO2 en bouteilles"), what it would replace. Until a comma or
# a clause break.
_NOW_MARKERS = _words(
    "aujourd jusqu actuellement currently today otherwise sinon presently normally"
)
# "Pression à froid", "pressée à froid", "cold-pressed" name a way of pressing oil or juice, not
# cold for sale: the cold is said as negated, like a property.
_PRESSING = _words(
    """
    pression pressee pressees presse presses pressage extraction extraite extraites extrait
    pressed pressing press
    """
)
_PRESSING_COLD = _words("froid cold")
# ... nor, once done, a press for sale ("presse", "press": the machine, stays one).
_PRESSING_DONE = _PRESSING - _words("presse presses press")
WANTED, USE, REPLACED, SOURCE, NEGATED, NOW, OTHER = "w", "u", "r", "s", "n", "t", "o"
# Every word that can change a role: a text without any is about what it names, throughout.
_MARKERS = (
    USE_MARKERS
    | _USED
    | REPLACING_WORDS
    | _REPLACING_BEFORE
    | _RELIEVING
    | _UP
    | _SOURCE_MARKERS
    | _AGENT
    | _PLANTS
    | _FED
    | _NEGATIONS
    | _NEGATIONS_OF_ONE
    | _NEGATED_AFTER
    | _NEVER
    | _REFUSED
    | _REFUSED_FR_ONLY
    | _ACCEPTED
    | _PROPERTY_OF
    | _PROPERTY_AFTER
    | _RICH
    | _RICH_IN
    | _NOW_MARKERS
    | frozenset(_OTHER_THAN)
    | _PUNCTUATION
    | frozenset(w for after in _POSSESSIVE_AFTER.values() for w in after)
)
# Units after a number measure, they name nothing: "vapeur 12 bar" has no fish ("bars"),
# "5 MW" no "MW" a text could share with another.
_UNITS = _words(
    """
    bar bars mbar kw kwh mw mwh gw gwh kv kva mva ppm mg kg tonnes tons t m m2 m3 km h
    j an mois jours days ans years l litres c degc
    """
)
# A measure written as one token ("120x80", "8mm", "1t", "20kv") is no word either: it would
# keep apart the words around it ("palettes 120x80 cassées"). "co2", "h2s" start with a letter.
_MEASURE = re.compile(r"\d+(?:x\d+)+|\d+[a-z]{1,3}")
_FRENCH_HINTS = _words(
    """
    de des du la le les et pour avec dans une un sur au aux
    """
)
_ENGLISH_HINTS = _words(
    """
    the of and for with from in to a an our we
    """
)
_HINT_VOTES = {**dict.fromkeys(_FRENCH_HINTS, 1), **dict.fromkeys(_ENGLISH_HINTS, -1)}
_NO_VOTES = repeat(0)  # the vote of a word that is no hint
_TAXONOMY = Path(__file__).resolve().parent / "data" / "resources.csv"
_GRAVE_A = re.compile(r"(?<![^\W\d_])à(?![^\W\d_])")  # "à" as a word
_WORD = re.compile(r"[a-z0-9]+")
_TOKEN = re.compile(r"[a-z0-9]+|[;:!?()]|[.,](?!\d)")  # words, clause breaks, commas, brackets
_PLAIN = re.compile(r"[a-z0-9 ]*")  # a text `_TOKEN` would only split at its spaces
_END = "\x00"  # marks, in the phrase trie, the end of a phrase (no word contains it)
_STEMMERS = {
    "fr": snowballstemmer.stemmer("french"),
    "en": snowballstemmer.stemmer("english"),
}


def strip_accents(text: str) -> str:
    """Lower case without diacritics: "Désulfuration" -> "desulfuration"."""
    lowered = text.lower()
    if lowered.isascii():
        return lowered
    lowered = lowered.replace("œ", "oe").replace("æ", "ae")
    return unicodedata.normalize("NFKD", lowered).encode("ascii", "ignore").decode("ascii")


# Stems that Snowball keeps apart but that mean the same ("usagé" is "usé" is "used"), and
# words it would merge with their opposite ("effluents à traiter" are not "traités").
_SAME_STEM = {"usag": "use", "usee": "use", "uses": "use", "used": "use"}
# Words kept whole because their stem is another common word: a digestate is no digester,
# "bagasse" no "bags", "potasse" no "pots", "toner" no "tons", "fines" no "fin" (end),
# "Parking" no "business park", "Training" no "trains", "loader" no "loads", "stacker" no
# "stacks", "turnings" no "to turn", "condensate" no "condenser", "lighting" no "light" (a
# light fraction), "petit" no "PET" (French Snowball cuts it to "pet"), "recyclate" no
# "recycling", "crusher" no "crushed", "screener" and "screenings" no "flat screens", "screens"
# no "crushed and screened" aggregate, "spoiled hay" no excavation spoil, a transformer no
# "transformation" (a food-processing workshop), water "pumped" or "piped" to a site no pumps
# or pipes for sale, wine "lies" (lees) no "liant" (binder), "thinnings" no "thin", "bedding"
# no hotel "beds", "formation" (training) no "format", "maintenance" no "maintenir", a
# "réparation" no "palettes réparées", "amiante" no "amis", "sang réfrigéré" (chilled
# blood) no cold for sale nor a kitchen's refrigerators, a town's "agglomération" no
# "aggloméré" (chipboard), a "dilué" acid no paint thinner, a fermenter no fermentation
# residue, a labeller or a capper no labels or coffee capsules, a pasteuriser or a
# homogeniser no pasteurisation heat, "excavated" clay no excavator, a "scénographe" (a set
# designer) no "scénographies" (the sets themselves), a hydrogenation catalyst or a hydrogenated
# oil no hydrogen for sale (English Snowball cuts all three to "hydrogen"; hardening oils and
# fats by hydrogenation is a process a plant runs, not a gas it has), "bleaching" (of pulp, of
# oils with bleaching earth) and "bleached" no "bleach", sodium hypochlorite, "vinasse" no "vin"
# (French Snowball cuts it to wine), a "meeting" no "must meet the spec" (English Snowball cuts
# both to "meet"), "engineering" and engineers no engine ("our engine makers' fuel spec": all
# are "engin"), "préparateurs de commandes" (order pickers, people) no "préparation de
# commandes" (the warehouse's order preparation), water "disinfected" or put through
# "désinfection" (UV, chlorination at a treatment plant) no disinfectant for sale,
# "menuiseries" (windows, doors, the joinery of a building) no "menuiserie" (a joiner's
# workshop, "sciure de notre menuiserie"), "recyclable" plastics (waste that can be recycled)
# no "recycled" plastic (the resin made of it), a "réunionnaise" firm (of La Réunion) no
# meeting room, "mapping" no MAP (struvite), a "designated" area no design office, a "terrain
# boisé" (wooded land) no wood for sale, a rendering plant (of animal by-products) no façade
# render, a laboratory's "paillasse" (bench) no straw, "combles" (an attic) no fill, a
# building "slated for demolition" no roof slates...
_UNSTEMMED = _words(
    """
    traiter digestate digestates bagasse potasse toner toners coolant condensate condensates
    condenser condensers condenseur condenseurs baler balers loader loaders analyser analyseur
    testing training parking stationnement turnings stacker stackers spreader spreaders locaux
    fines lighting petit petite petits petites recyclate recyclates crusher crushers screener
    screeners screenings screens spoiled transformer transformers transformateur transformateurs
    pumped pumping piped pomper pompee pompees pompons lies thinnings tailings bedding
    formation formations maintenance reparation reparations contenants amiante refrigere
    refrigeree refrigeres refrigerees refrigerated dilue diluee dilues diluees diluted
    agglomeration agglomerations
    fermenter fermenters fermentor fermentors etiqueteuse etiqueteuses capsuleuse capsuleuses
    pasteurisateur pasteurisateurs pasteuriser pasteurisers pasteurizer pasteurizers
    homogeneisateur homogeneisateurs homogeniser homogenisers homogenizer homogenizers
    excavator excavators
    scenographe scenographes scenographer scenographers
    hydrogenation hydrogenations hydrogenated hydrogenate hydrogenates hydrogenating hydrogener
    bleaching bleached vinasse vinasses meeting meetings engineering engineer engineers
    preparateur preparateurs preparatrice preparatrices
    disinfected disinfection desinfection desinfecte desinfectee desinfectes desinfectees
    menuiseries recyclable recyclables
    reunionnais reunionnaise reunionnaises mapping mapped mappings
    designated designation designations designate designates designating
    boise boisee boises boisees rendering renderings paillasse paillasses comble combles
    gradea gradeb gradec slated
    """
)
# Words Snowball cuts to the stem of common words of other meanings, given a stem of their own
# (each group below, its forms, to the stem after the colon; in both languages unless said
# otherwise). Found by
# `tools/matching_stem_collisions.py`, which lists the frequent words whose stem is a one-word
# phrase of the knowledge base: calcined clay, coke or shale, a calciner are no glass cullet
# ("calcin"); "notre établissement" and "fumier d'étable" no workbench ("établi"); "the middle
# of the park" no middlings; "waste reduction" no reductant; "waste generated by" no generator;
# "mechanical recycling" no mechanic; "déchets mêlés" no molasses ("mélasse"); "metal
# fabrication" no fabric; a refrigerator, a refrigerant gas no cold for sale
# ("refrigeration"); "accumulation de palettes" no batteries ("accumulateurs"); environmental
# "monitoring" no computer monitors; "navets" (turnips) no shuttle ("navette"); an
# "alternateur" no work-study trainee ("alternance"); a ceramic "glaze" no window glazing
# (double-glazed windows stay glazing); "skimmed milk" no dross skimmings; a "société fille"
# no filler; factory "seconds" no secondment; an airline no airliner; "radiation" no
# radiators; a "score" no slag ("scories"); a harvest, "rainwater harvested" no harvester (a
# combine: English Snowball cuts all three to "harvest"); wine "chais" (cellars) no "chaises";
# a "pompe centrifuge" (a pump's kind) no laboratory "centrifugeuse"; "microscopic",
# "microscopie" no microscope; "paillis" (mulch) no "paille" (straw); frozen food
# ("congelés", "congélation") no freezer ("congélateur"); "porter", "portait" no clothes rails
# ("portants"); "scrubbing" a gas no hospital "scrubs"; "secure parking", "secured" no
# security service.
_BOTH_LANGUAGES = (
    """calcine: calcine calcinee calcines calcinees calciner calciners calcination
        calcinations calcined calcining calcinateur calcinateurs""",
    "etabli: etabli etablis",
    "middling: middling middlings",
    "reductant: reductant reductants",
    "generator: generator generators",
    "mechanic: mechanic mechanics",
    "melasse: melasse melasses",
    "refrigerator: refrigerator refrigerators refrigerateur refrigerateurs",
    "refrigerant: refrigerant refrigerants",
    "accumulator: accumulator accumulators accumulateur accumulateurs",
    "monitoring: monitoring monitored",
    "navette: navette navettes",
    "alternance: alternance alternances alternant alternants",
    "glazing: glazing glazed",
    "skimming: skimming skimmings",
    "filler: filler fillers",
    "secondment: secondment secondments seconded",
    "airliner: airliner airliners",
    "radiator: radiator radiators",
    "scorie: scorie scories",
    "harvester: harvester harvesters",
    "chaise: chaise chaises",
    "centrifugeuse: centrifugeuse centrifugeuses",
    "microscope: microscope microscopes",
    "paillis: paillis",
    "congelateur: congelateur congelateurs",
    "portant: portant portants",
    "scrubs: scrubs",
    "secure: secure secures secured securely securing",
)
# English only: French "fabrication" is "fabriquer", as Snowball has it ("broyeur pour la
# fabrication de paillage").
_ENGLISH_ONLY = (
    """fabricate: fabricate fabricated fabricates fabricating fabrication fabrications
    fabricator fabricators""",
)


def _stems_of(groups: tuple[str, ...]) -> dict[str, str]:
    return {
        word: stemmed
        for group in groups
        for stemmed, words in [group.split(":")]
        for word in words.split()
    }


_STEMMED_AS = {"fr": _stems_of(_BOTH_LANGUAGES), "en": _stems_of(_BOTH_LANGUAGES + _ENGLISH_ONLY)}


@lru_cache(maxsize=200_000)
def stem(word: str, language: str) -> str:
    """The Snowball stem of an accent-free lower-case word in `fr` or `en`."""
    if len(word) <= 3 or word.isdigit() or word in _UNSTEMMED:
        return word
    own = _STEMMED_AS[language].get(word)
    if own is not None:
        return own
    stemmed = str(_STEMMERS[language].stemWord(word))
    if language == "fr" and len(stemmed) > 4 and stemmed.endswith("us"):
        # French Snowball keeps the plural "s" after a "u": "tissus", "pneus", "écrous" would
        # not meet "tissu", "pneu", "écrou".
        stemmed = stemmed[:-1]
    return _SAME_STEM.get(stemmed, stemmed)


class Analysis(NamedTuple):
    """A text as the engine reads it (a named tuple: one is built for every text, several
    times faster than a frozen dataclass).

    `words` are every word (accent-free, stop words kept, for phrase finding); `stems` the
    stem of each word in the detected language (None for a stop word); `terms` the stems
    of the words that carry meaning, in order; `roles` one letter per word: `w` for what the
    text is about, `u` for words that say what something is for ("pour panneaux", "for our
    kiln"), `r` for what it would replace ("to replace natural gypsum"), `s` for where it
    comes from ("heat from our compressors", "issue de nos ateliers"), `n` for what it is not
    ("without packaging", "alcohol-free"), `t` for what happens to it today ("aujourd'hui
    rejeté à l'atmosphère", "today we buy bottled CO2"), `o` for what it is said other than
    ("un combustible autre que nos écorces", "rather than sawdust"). A clause break
    (";", ":", ".") ends a use or a replacement."""

    language: str
    words: tuple[str, ...]
    stems: tuple[str | None, ...]
    terms: tuple[str, ...]
    roles: str
    # The language was said by the text's own small words, or given; not a guess ("Gypse DSG
    # sec" has none: it may be either).
    sure: bool = True
    # Where a punctuation mark stood: the positions in `words` of the words that follow one
    # (what is said of a word does not cross a clause: "amiante, ferraille retirée").
    breaks: frozenset[int] = frozenset()
    # Where each clause after the first starts among `words` (after ";", ":", ".", "!", "?").
    clauses: tuple[int, ...] = ()
    # The positions in `words` of the words a comma comes before: the items of a list ("cuir,
    # tissus, bois"), not a bracket's or a colon's precision ("bois (sciure)", "bois : sciure").
    commas: frozenset[int] = frozenset()

    def clause_of(self, position: int) -> tuple[int, int]:
        """Where the clause holding the word at `position` starts and ends among `words`."""
        after = bisect_right(self.clauses, position)
        start = self.clauses[after - 1] if after else 0
        return start, self.clauses[after] if after < len(self.clauses) else len(self.words)


def detect_language(words: Iterable[str], accented: bool, grave_a: int = 0) -> str:
    """`fr` or `en`, by the stop words of each language (where they tie, by the words only one
    language's names use, then by accents); `grave_a`: how many of the words "a" were "à"."""
    return _detect(tuple(words), accented, grave_a)[0]


def _detect(words: tuple[str, ...], accented: bool, grave_a: int = 0) -> tuple[str, bool]:
    """The language and whether its stop words said it (not a tie settled by the words of the
    taxonomy, then by accents)."""
    # French hints count +1, English ones -1 (no word is both), in one pass; an "a" that was
    # "à" ("palettes à donner") counts for French.
    french_minus_english = sum(map(_HINT_VOTES.get, words, _NO_VOTES)) + 2 * grave_a
    if french_minus_english == 0:
        # A short text has no small words ("Palettes bois", "Chutes PVC broyées"): two names or
        # more that only French synonyms use, and none only English ones use, say French; one
        # such word alone does not ("Surplus fruits", "Pianos": English shares many).
        votes = list(filter(None, map(_named_votes().get, words)))  # (no comprehension's call)
        if len(votes) >= NAMED_VOTES_MIN and len(set(votes)) == 1:
            return ("fr" if votes[0] > 0 else "en"), False
        return ("fr" if accented else "en"), False
    return ("fr" if french_minus_english > 0 else "en"), True


NAMED_VOTES_MIN = 2


@lru_cache(maxsize=1)
def _named_votes() -> dict[str, int]:
    """+1 for a word only the French names and synonyms of the shipped taxonomy use
    (`data/resources.csv`: "palettes", "copeaux", "calcin"), -1 for one only the English ones
    use ("pallets", "chips", "cullet"); words of both languages, and stop words, say nothing."""
    french: set[str] = set()
    english: set[str] = set()
    with open(_TAXONOMY, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            english.update(_WORD.findall(strip_accents(f"{row['name_en']} {row['synonyms_en']}")))
            french.update(_WORD.findall(strip_accents(f"{row['name_fr']} {row['synonyms_fr']}")))
    hints = _FRENCH_HINTS | _ENGLISH_HINTS
    votes = dict.fromkeys(english - french - hints, -1)
    votes.update(dict.fromkeys(french - english - hints, 1))
    return {word: vote for word, vote in votes.items() if not word.isdigit() and len(word) > 2}


# "Plant" and "usine" are stop words (every site is one), so "pilot plant" and "usine pilote"
# would be read as "pilot" alone, which a pilot project, an airline pilot or "piloter" share:
# written as one word, a pilot plant is a thing of its own.
_PILOT_PLANT = re.compile(r"\bpilot[ -]plants?\b|\busines?[ -]pilotes?\b")


def _one_word(found: re.Match[str]) -> str:
    return found.group().replace(" ", "").replace("-", "")


# The category of an animal by-product (Regulation (EC) No 1069/2009 Art. 8-10) says where it
# may go, and the digit is what says it: "catégorie 1", "category 2", "cat. 3", "SPAn C3" are
# read as one word each ("cat1", "cat2", "cat3"), which names a family only where the text names
# animal by-products (`resolve`). Digits alone are dropped, so they would read the same.
_ABP_CATEGORY = re.compile(r"\b(?:categor(?:y|ie|ies)|cat)\s*\.?\s*([123])\b|\bc([123])\b")


def _category(found: re.Match[str]) -> str:
    return "cat" + (found.group(1) or found.group(2))


# The grade of waste wood is a letter ("bois de classe B", "grade A waste wood", "Grade-C",
# "catégorie C"), and a letter alone is dropped ("a" is also a stop word): each grade is read as
# a word of its own ("gradea", "gradeb", "gradec"), or grade C, treated wood, would read as
# grade A or B. A mixture takes the stricter grade ("bois classe B et C", "grade A/B": wood
# mixed with grade C is treated wood). Not a fire Euroclass ("classe B-s1,d0").
_GRADE = re.compile(
    r"\b(?:classe?s?|grades?|categories?|category)[\s-]+"
    r"([abc](?:\s*(?:[,/&+-]|et|ou|and|or)\s*[abc])*)\b(?![\s-]*s\d)"
)


def _grade(found: re.Match[str]) -> str:
    letters: list[str] = re.findall(r"\b[abc]\b", found.group(1))
    return "grade" + max(letters)


# The words `analyse` makes of a text's words before reading them: no typing errors
# (`spelling`).
MADE_WORDS = frozenset(
    {"gradea", "gradeb", "gradec", "pilotplant", "pilotplants", "hydrogenee", "hydrogenees"}
    | {f"usine{s}pilote{t}" for s in ("", "s") for t in ("", "s")}
)
spelling.keep(MADE_WORDS)


# "Hydrogéné", "hydrogénés" (hydrogenated) lose their accents to read "hydrogene", the French
# hydrogen ("hydrogène"): only the accent on the "e" after "hydrog" tells them apart, so they
# are read, before the accents go, as the feminine "hydrogénée", which no stemmer makes
# hydrogen.
_HYDROGENATED_FR = re.compile(r"\bhydrogénée?(s?)\b")


_analysis = partial(tuple.__new__, Analysis)  # Analysis(*fields) without its Python __new__
# No word's position. (Not `frozenset[int]()` in a function: calling the generic alias costs
# twenty times the set, and every text without a comma made one.)
_NO_POSITIONS: frozenset[int] = frozenset()


@lru_cache(maxsize=100_000)
def analyse(text: str, language: str | None = None) -> Analysis:
    """Words, stems and meaningful terms of a French or English text."""
    lowered = text.lower()
    plain = lowered if lowered.isascii() else strip_accents(lowered)  # (most English texts)
    accented = plain != lowered
    if accented and "hydrogén" in lowered:
        plain = strip_accents(_HYDROGENATED_FR.sub(r"hydrogenee\1", lowered))
    if "pilot" in plain:
        plain = _PILOT_PLANT.sub(_one_word, plain)
    if "cat" in plain or "c1" in plain or "c2" in plain or "c3" in plain:
        plain = _ABP_CATEGORY.sub(_category, plain)
    if "clas" in plain or "grade" in plain or "categor" in plain:
        plain = _GRADE.sub(_grade, plain)
    # Most texts are words and spaces only: split at C speed rather than matched word by word.
    tokens = plain.split() if _PLAIN.fullmatch(plain) else _TOKEN.findall(plain)
    tokens = spelling.corrected(tokens)  # "gyspum" read as "gypsum"
    words = tuple(tokens) if _PUNCTUATION.isdisjoint(tokens) else _without_punctuation(tokens)
    # (Most accented texts hold no "à": one substring test rather than the expression.)
    grave_a = len(_GRAVE_A.findall(lowered)) if accented and "à" in lowered else 0
    lang, sure = (language, True) if language else _detect(words, accented, grave_a)
    # Each word's stem (None for a word that carries nothing) read from a table of the words
    # met so far, in one pass at C speed: texts share most of their words.
    known = _MEANING[lang]
    try:
        stems = tuple(map(known.__getitem__, words))
    except KeyError:  # a word met for the first time
        if len(known) >= _MEANING_MAX:
            known.clear()
        for word in words:
            if word not in known:
                known[word] = _meaning(word, lang)
        stems = tuple(map(known.__getitem__, words))
    if not _UNITS.isdisjoint(words) and any(map(str.isdigit, words)):
        stems = _units_after_numbers(words, stems)
    terms = tuple([s for s in stems if s is not None])
    roles = (
        _roles(tokens, lang)
        if not (_MARKERS.isdisjoint(tokens) and _PRESSING_COLD.isdisjoint(tokens))
        else WANTED * len(words)
    )
    clauses = () if _CLAUSE_BREAK.isdisjoint(tokens) else _clause_starts(tokens)
    commas = _commas(tokens) if "," in tokens else _NO_POSITIONS
    return _analysis(
        (lang, words, stems, terms, roles, sure, _breaks(tokens, len(words)), clauses, commas)
    )


def _breaks(tokens: list[str], words: int) -> frozenset[int]:
    """The positions among the words of `tokens` of those a punctuation mark comes before."""
    if words == len(tokens):
        return _NO_POSITIONS
    breaks, position = set(), 0
    for token in tokens:
        if token in _PUNCTUATION:
            breaks.add(position)
        else:
            position += 1
    return frozenset(breaks)


_COMMA = frozenset(",")


def _commas(tokens: list[str]) -> frozenset[int]:
    """The positions among the words of `tokens` of those a comma comes right before."""
    commas, position, after_comma = set(), 0, False
    for token in tokens:
        if token in _PUNCTUATION:
            after_comma = token in _COMMA
        else:
            if after_comma:
                commas.add(position)
            after_comma = False
            position += 1
    return frozenset(commas)


def _clause_starts(tokens: list[str]) -> tuple[int, ...]:
    """Where each clause after the first starts among the words of `tokens`."""
    starts: list[int] = []
    count = 0
    for token in tokens:
        if token in _CLAUSE_BREAK:
            if count and (not starts or starts[-1] != count):
                starts.append(count)
        elif token not in _PUNCTUATION:
            count += 1
    return tuple(starts)


def _without_punctuation(tokens: list[str]) -> tuple[str, ...]:
    return tuple(t for t in tokens if t not in _PUNCTUATION)


# Each language's table of word -> stem, or None for a word that carries nothing, whatever the
# words around it (a unit is nothing only after a number: `_units_after_numbers`).
_MEANING: dict[str, dict[str, str | None]] = {"fr": {}, "en": {}}
_MEANING_MAX = 500_000


def _meaning(word: str, language: str) -> str | None:
    if (
        word in STOP_WORDS
        or word in _STOP_ONLY_IN[language]
        or len(word) < 2
        or word.isdigit()
        or _MEASURE.fullmatch(word) is not None
    ):
        return None
    return stem(word, language)


def _units_after_numbers(
    words: tuple[str, ...], stems: tuple[str | None, ...]
) -> tuple[str | None, ...]:
    """`stems` with the units after a number dropped ("vapeur 12 bar" has no fish)."""
    out = list(stems)
    for position in range(1, len(words)):
        if words[position] in _UNITS and words[position - 1].isdigit():
            out[position] = None
    return tuple(out)


# Every word `_roles` tests a word against (what it does for the others, most words, is the same
# whatever they are: one lookup rather than some thirty): the markers, and the words tested only
# beside one of them. (A word in more sets than it needs only takes the longer path.)
_ROLE_WORDS = _MARKERS.union(
    _OF_PLANT, _POSSESSIVE_AFTER, _MIXING, _OR, [_HORS], _PRESSING_COLD, _PRESSING_DONE
)


def _roles(tokens: list[str], language: str = "en") -> str:
    """The role of each word among `tokens` (words and clause breaks), as in `Analysis.roles`,
    in a text of `language`."""
    roles: list[str] = []
    said: list[bool] = []  # whether each word so far carries meaning
    clause = 0  # where the current clause (or comma-separated part) starts among `roles`
    role = WANTED
    previous = previous_word = ""
    negated = 0  # meaningful words still to come that a negation covers
    other = 0  # meaningful words still to come of the noun after "other than" (`_OTHER_THAN`)
    until_comma = False  # a denied mixing word denies only up to the next comma
    depth = 0  # inside brackets
    for position, word in enumerate(tokens):
        if word in _CLAUSE_BREAK:
            role, previous, negated, depth, other = WANTED, "", 0, 0, 0
            clause = len(roles)
            continue
        if word in _PUNCTUATION:
            clause = len(roles)
            depth += (word == "(") - (word == ")")
            if word == "," and depth <= 0 and role in (USE, NOW):
                role = WANTED  # "pour notre four float, qualité verre plat exigée"
            if word == "," and until_comma:
                negated, until_comma = 0, False
            previous, other = "", 0
            continue
        before = role  # a marker belongs with what precedes it ("combustibles de substitution")
        marker = False
        if word in _ROLE_WORDS:  # most words are none of the markers tested below
            following = tokens[position + 1] if position + 1 < len(tokens) else ""
            if (
                word in _REFUSED
                or (word in _REFUSED_FR_ONLY and language == "fr")
                or (word in _ACCEPTED and previous in _NOT_BEFORE_ACCEPTED)
            ):
                # Refused by someone ("refusés par la centrale d'achat", "refused by the
                # platforms") says why goods are offered, not what a receiver turns away (as
                # "refused by our boiler" does).
                if following not in _AGENT or (
                    position + 2 < len(tokens) and tokens[position + 2] in _OUR
                ):
                    _refuse(roles, said, clause)
                negated = max(negated, 1)  # the refusal itself ("refus" is screening rejects)
            if (
                word in REPLACING_WORDS
                or (word in _REPLACING_BEFORE and following in _REPLACING_NEXT)
                or (
                    (word in _RELIEVING or (word in _UP and previous in _RELIEVING_UP))
                    and following in _RELIEVING_NEXT
                    and position + 2 < len(tokens)
                    and tokens[position + 2] in _RELIEVED
                )
            ):
                role = REPLACED
            elif word in _NOW_MARKERS and role in (WANTED, SOURCE):
                role = NOW
            elif role == WANTED and (
                word in _SOURCE_MARKERS
                or (word in _AGENT and previous in _MADE)
                or (word in _OF_PLANT and _plant_after(tokens, position + 1))
                or (word in _FED and following in _FED_NEXT)
                or following in _POSSESSIVE_AFTER.get(word, ())
            ):
                role = SOURCE  # not inside a use: "pour la déphosphatation de nos eaux usées"
            elif (
                previous
                and previous not in _SEEKING
                and following not in _SHARING
                and (word in USE_MARKERS or (word in _USED and following in _USED_NEXT))
            ) and not (
                (word == "for" and previous in _REPLACING_BEFORE)
                or (role == REPLACED and previous in _RELIEVING | _UP)
            ):
                role = USE
        previous_word, previous = previous, word
        meaningful = word not in STOP_WORDS and len(word) >= 2 and not word.isdigit()
        said.append(meaningful)
        if word in _ROLE_WORDS:
            rich_in_energy = (
                word in _RICH_IN
                and following in _PROPERTY_OF_NEXT
                and position + 2 < len(tokens)
                and tokens[position + 2] in _ENERGY
            )
            if (word in _PROPERTY_AFTER or (word in _RICH and previous_word in _ENERGY)) and (
                roles and roles[-1] in (WANTED, SOURCE)
            ):
                roles[-1] = NEGATED  # "water-saturated", "water content", "energy-rich"
            elif (word in _PROPERTY_OF and following in _PROPERTY_OF_NEXT) or rich_in_energy:
                negated = max(negated, 1)  # "saturé en eau", "riche en énergie": the next word
            if word in _MIXING and previous_word in _NEVER and following in _MIXED_WITH:
                negated = NEGATION_SPAN + 1  # the mixing word itself, then what it is mixed with
                until_comma = True
            elif previous_word in _OTHER_THAN.get(word, ()):
                other = NEGATION_SPAN
            elif word in _NEGATIONS_OF_ONE or (
                word in _OR and roles and roles[-1] == NEGATED and not negated
            ):
                negated = 1
            elif word == _HORS and (
                following in _HORS_IDIOMS
                or (
                    following == "d"
                    and position + 2 < len(tokens)
                    and tokens[position + 2] in _HORS_IDIOMS
                )
            ):
                negated = 1  # "hors d'usage": the idiom's noun only
            elif word in _NEGATIONS or (word in _NEGATED_AFTER and following not in ("of", "from")):
                negated = NEGATION_SPAN if word in _NEGATIONS else 0
                if word in _NEGATED_AFTER and roles:
                    roles[-1] = NEGATED
            elif word in _NEGATED_AFTER:
                negated = NEGATION_SPAN  # "free of chromium"
            marker = word in _NEGATED_AFTER or word in _PROPERTY_OF or rich_in_energy
            if word in _PRESSING_COLD and _says_how_pressed(tokens, position):
                roles.append(NEGATED)
                if word == "froid" and tokens[position - 2] in _PRESSING_DONE:
                    roles[-3] = NEGATED  # "pressée à froid" is no press for sale either
                continue
            if word in _PRESSING_DONE and tokens[position - 1 : position] == ["cold"]:
                roles.append(NEGATED)  # "cold-pressed"
                continue
        if other and not negated and meaningful and not marker:
            roles.append(OTHER)
            other -= 1
            continue
        if other and not meaningful and roles and roles[-1] == OTHER:
            other = 0  # the noun ends at the next small word ("nos écorces pour")
        roles.append(NEGATED if negated and meaningful and not marker else before)
        if negated and meaningful and word not in _DENIALS and not marker:
            negated -= 1
    return "".join(roles)


def _plant_after(tokens: list[str], position: int) -> bool:
    """Whether a boiler or a power plant is named at `position` of `tokens`, after any
    determiners ("une chaudière", "the boilers", "nos chaufferies")."""
    while position < len(tokens) and tokens[position] in _PLANT_DETERMINERS:
        position += 1
    return position < len(tokens) and tokens[position] in _PLANTS


def _refuse(roles: list[str], said: list[bool], clause: int) -> None:
    """Marks as negated the last meaningful words of the clause said so far (at most
    `NEGATION_SPAN`), which a refusal after them denies: "les bois traités sont refusés"."""
    left = NEGATION_SPAN
    for position in range(len(roles) - 1, clause - 1, -1):
        if left == 0:
            return
        if said[position]:
            roles[position] = NEGATED
            left -= 1


def _says_how_pressed(tokens: list[str], position: int) -> bool:
    """Whether the "froid"/"cold" at `position` says how something is pressed: "pression à
    froid", "pressée à froid", "cold-pressed", "cold pressing"."""
    if tokens[position] == "cold":
        following = tokens[position + 1] if position + 1 < len(tokens) else ""
        return following in _PRESSING
    return position >= 2 and tokens[position - 1] == "a" and tokens[position - 2] in _PRESSING


# What a declaration says of its own impurity: mixed with something else, soiled, not sorted,
# not disinfected. A receiver that needs a clean stream (whey for pigs, water for boilers,
# cullet for a float line) takes such a lot last; one that says the same words ("plastiques en
# mélange") takes mixed lots. Not "untreated"/"non traité": untreated wood is the clean grade.
# Swarf and chips not drained or de-oiled of their cutting fluid ("non essorés", "non égouttés",
# "undrained") carry it into the furnace: a remelter dries them first or takes them last.
# Not when denied: "jamais mélangé", "never mixed", "non souillé" say the lot is clean.
_IMPURITY = re.compile(
    r"\b(?<!jamais )(?<!never )(?<!not )(?<!non )(?<!pas )"
    r"(contaminated|contaminee?s?|souillee?s?|polluee?s?|polluted|soiled|dirty|mixed"
    r"|melangee?s?|en melange|unsorted|undrained"
    r"|(?:not|non) (?:disinfected|desinfectee?s?|sorted|triee?s?|drained|de oiled|deoiled"
    r"|essoree?s?|egouttee?s?|deshuilee?s?))\b"
)


# Parts of those words, looked for in the raw text first: most texts have none (8 -> 1 us).
# The alternatives grouped by their first letters, so that a place where a text holds none of
# those letters fails once rather than against each (the same texts found).
# What a text must hold for `_IMPURITY` to find anything in it, looked for as plain substrings
# (one `in` each, at C speed: a regular expression's alternation cannot skip through a text).
_IMPURITY_HINTS = (
    *("contamin", "dirty", "drained", "essor", "goutt", "melang", "mélang", "mixed", "non tri"),
    *("oiled", "pollu", "shuil", "sinfect", "sorted", "souill"),  # "oiled" is in "soiled"
)


def impurity(text: str) -> str | None:
    """The words by which a text says its resource is mixed or soiled, as it writes them, or
    None. Not the mixed waste it says it was sorted from (`_sorted_from_mixed`)."""
    if not any(map(text.lower().__contains__, _IMPURITY_HINTS)):
        return None
    return _said(_IMPURITY, text, skip=_sorted_from_mixed)


# A mixed stream a lot was sorted out of is where it comes from, not what it is: "cartons
# pulled from the city's mixed waste", "PET issu des ordures ménagères en mélange", "wood
# recovered from mixed C&D waste" are sorted fractions (a sorting plant's output, List of Waste
# 19 12), not mixed lots. Only after "from", "issu de", "provenant de", "à partir de" in the same
# comma-separated part, and only a word of mixing that names a waste stream: "whey from cheese
# making, mixed with wash water" is still mixed.
_STREAMS = _words(
    """
    waste wastes refuse garbage trash rubbish msw collection collections stream streams bins
    dechets ordures om encombrants dib collecte collectes flux benne bennes
    """
)
_STREAM_REACH = 3  # words between the word of mixing and the stream it names


def _sorted_from_mixed(words: list[str], parts: list[int], first: int, last: int) -> bool:
    """Whether the words of mixing `words[first:last + 1]` name the mixed waste stream a lot was
    sorted from: a stream word near them and a source marker before them in their part."""
    if words[first] == "mixed":
        near = words[last + 1 : last + 1 + _STREAM_REACH]
    else:  # "ordures ménagères en mélange", "déchets mélangés"
        near = words[max(0, first - _STREAM_REACH) : first]
    if _STREAMS.isdisjoint(near):
        return False
    return any(
        words[position] in _SOURCE_MARKERS
        for position in range(first - 1, -1, -1)
        if parts[position] == parts[first]
    )


# Words that deny what follows them a few words on: "jamais tombé en panne", "pas de matériel
# HS", "not broken". "No", "ni", "nor" deny the next word only, as the roles already say ("no
# faulty parts"; "no warranty, sold for parts" is still for parts), and so does "non", a
# prefix ("non HS"; "non-ferrous scrap" is scrap).
_DENYING = _words("pas not never jamais aucun aucune")
DENIAL_REACH = 3


def denied(analysis: Analysis, position: int) -> bool:
    """Whether the word at `position` of an analysed text is denied: negated by the words
    before it ("sans", "no", "free of", a refusal after it), right after "non", or within
    `DENIAL_REACH` words of a denying word ("jamais tombé en panne", "pas de matériel HS")."""
    words = analysis.words
    if analysis.roles[position] == NEGATED and words[position] not in _DENIALS:
        return True  # (not "hors" of "hors service", which denies the words after it)
    if position and words[position - 1] == "non":
        return True
    return not _DENYING.isdisjoint(words[max(0, position - DENIAL_REACH) : position])


# What a declaration says of equipment that does not work: "HS", "hors service", "en panne",
# "vendu pour pièces", "ne fonctionne plus", "broken", "sold for parts", "not working",
# "faulty". A need for working equipment takes it last: repairing costs what a working one
# would, if parts are found. Not when denied (`denied`), nor a customs "HS code".
_OUT_OF_ORDER = re.compile(
    r"\b((?<!code )hs(?! code)|hors service|hors d usage|en panne|pour pieces|a reparer"
    r"|ne (?:fonctionne|fonctionnent|marche|marchent) (?:plus|pas)"
    r"|non fonctionnel(?:le)?s?|defectueu(?:x|se|ses)"
    r"|broken|for parts|for spares|spares or repair|not working|non working|faulty"
    r"|out of order|defective|inoperable|unserviceable|(?:does|do) not work|(?:doesn|don) t work)\b"
)
# A word of each of those phrases: most texts have none (one set operation).
_OUT_OF_ORDER_WORDS = _words(
    """
    hs service usage panne pieces reparer fonctionne fonctionnent marche marchent fonctionnel
    fonctionnelle fonctionnels fonctionnelles defectueux defectueuse defectueuses broken parts
    spares working faulty order defective inoperable unserviceable work
    """
)
# "Pour pièces", "for parts" say what equipment is good for only after "vendu", "sold", "bon",
# "good", "as"... ("vendu pour pièces", "good for parts only") or at the end of a clause
# ("dishwasher, for parts."); before a word they say what a working machine makes or takes
# ("presse à injecter pour pièces plastiques", "lathe for parts up to 500 mm", "bacs de lavage
# for parts washing").
_FOR_PARTS = frozenset(["pour pieces", "for parts", "for spares"])
_SOLD_FOR = _words(
    """
    vendu vendue vendus vendues cede cedee cedes cedees bon bons bonne bonnes est uniquement
    seulement sold good as is only
    """
)
_FOR_PARTS_THEN = _words("only uniquement seulement or ou")
_FOR_PARTS_ENDING = re.compile(r"\b(?:pour pieces|for parts|for spares)\s*(?:$|[,;.:!?()])")


def out_of_order(text: str) -> str | None:
    """The words by which a text says its equipment does not work, as it writes them, or
    None."""
    analysis = analyse(text)  # as the resolver read it: cached
    words = analysis.words
    if _OUT_OF_ORDER_WORDS.isdisjoint(words):
        return None
    joined = " ".join(words)
    for found in _OUT_OF_ORDER.finditer(joined):
        start = joined.count(" ", 0, found.start())
        length = found.group().count(" ") + 1
        if denied(analysis, start):
            continue
        if found.group() in _FOR_PARTS and not (
            (start and words[start - 1] in _SOLD_FOR)
            or (start + 2 < len(words) and words[start + 2] in _FOR_PARTS_THEN)
            or _FOR_PARTS_ENDING.search(strip_accents(text)) is not None
        ):
            continue
        return _as_written(text, words, start, length)
    return None


def _as_written(text: str, words: tuple[str, ...], start: int, length: int) -> str:
    """The `length` words of `text` from its word `start` (of `words`, as analysed), as the
    text writes them."""
    written = re.findall(r"[^\W_]+", text)
    if len(written) != len(words):  # a character that splits differently: as read
        return " ".join(words[start : start + length])
    return " ".join(written[start : start + length])


# What a need says that takes equipment out of order: it repairs, refurbishes or dismantles it,
# wants its parts, its metal or its electronics (or says the same words: "machines HS
# acceptées"). Word by word: "répartis" is no repair, a "scraper" no scrap, and "refurbished",
# "repaired" say what works again ("reconditionné", "réparé" read as "répare" and
# "reconditionne": kept, the verb says as much).
_TAKES_OUT_OF_ORDER = _words(
    """
    reparer repare reparons reparent reparation reparations reparateur reparateurs
    repair repairs repairing repairer repairers
    reconditionner reconditionne reconditionnons reconditionnent reconditionnement
    reconditionneur reconditionneurs
    refurbish refurbishes refurbishing refurbishment refurbisher refurbishers
    remanufacture remanufactures remanufacturing remanufacturer remanufacturers
    reemploi
    demanteler demantele demantelons demantelent demantelement demanteleur demanteleurs
    dismantle dismantles dismantling dismantler dismantlers
    recycler recycle recyclons recyclent recyclage recycleur recycleurs recyclerie
    recycleries recycles recycling recycler recyclers
    ferraille ferrailles ferrailleur ferrailleurs ferrailler
    scrap scraps scrapped scrapping scrapyard scrapyards
    deee weee ewaste
    """
)
# Two words that say it together: "pièces détachées", "spare parts", "e-waste".
_TAKES_OUT_OF_ORDER_PAIRS = frozenset([("pieces", "detachees"), ("spare", "parts"), ("e", "waste")])
_TAKES_OUT_OF_ORDER_SECOND = frozenset(second for _, second in _TAKES_OUT_OF_ORDER_PAIRS)


def takes_out_of_order(text: str) -> bool:
    """Whether a need says it takes equipment that does not work, unless denied ("pas de
    matériel HS", "no scrap")."""
    if out_of_order(text) is not None:
        return True
    analysis = analyse(text)
    words = analysis.words
    if _TAKES_OUT_OF_ORDER.isdisjoint(words) and _TAKES_OUT_OF_ORDER_SECOND.isdisjoint(words):
        return False
    for position, word in enumerate(words):
        if word in _TAKES_OUT_OF_ORDER:
            start = position
        elif position and (words[position - 1], word) in _TAKES_OUT_OF_ORDER_PAIRS:
            start = position - 1
        else:
            continue
        if not denied(analysis, start):
            return True
    return False


def _said(
    pattern: re.Pattern[str],
    text: str,
    skip: Callable[[list[str], list[int], int, int], bool] | None = None,
) -> str | None:
    """What `pattern` finds among a text's words, as the text writes them, or None; with `skip`,
    the first find that `skip(words, parts, first, last)` does not set aside (`parts` numbers
    each word's comma-separated part, `first` and `last` are the find's first and last words)."""
    plain = _WORD.findall(strip_accents(text))
    joined = " ".join(plain)
    found = None
    if skip is None:
        found = pattern.search(joined)
    else:
        parts: list[int] = []
        part = 0
        for token in _TOKEN.findall(strip_accents(text)):
            if _WORD.fullmatch(token):
                parts.append(part)
            else:
                part += 1
        for candidate in pattern.finditer(joined):
            first = joined[: candidate.start(1)].count(" ")
            last = first + candidate.group(1).count(" ")
            if len(parts) != len(plain) or not skip(plain, parts, first, last):
                found = candidate
                break
    if not found:
        return None
    written = re.findall(r"[^\W_]+", text)
    if len(written) != len(plain):  # a character that splits differently: as read
        return found.group(1)
    first = joined[: found.start(1)].count(" ")
    return " ".join(written[first : first + found.group(1).count(" ") + 1])


# What a declaration says of going by water: an offer loaded onto ships or barges at its own
# wharf, a need whose supply comes in by ship. Bulk goes by sea or river for a fifth to a tenth
# of the road's cost per tonne-km (ITF/OECD transport outlook; EU Marco Polo calculator), so
# such a lot is sold across a sea: English RDF to Baltic cement kilns. Only words that name the
# carrying: not "shipped" or "shipping" alone, which say only "sent", nor "quai", as often a
# truck's loading dock ("quai de chargement"), nor a ship or a vessel after "into", "on",
# "sur": "solvent pumped into vessels" (tanks), "peinture pour application sur des navires".
_WATERBORNE = re.compile(
    r"\b(?:(?:by|onto|per|via|aboard) (?:a |the )?(?:ships?|vessels?|barges?)"
    r"|(?:load|loads|loaded|loading|put|carried|transported|delivered|shipped|sent)"
    r" (?:on|into|in|aboard) (?:a |the |our )?(?:ships?|vessels?|barges?)"
    r"|(?:on|into|in) (?:a |the )?barges?"
    r"|shiploads?|wharf|wharves|quay|quayside|seaborne|by sea|sea freight|bulk carriers?"
    # A cargo by air, rail or road, and a container-carrying truck, trailer or wagon, are not.
    r"|(?<!air )(?:bulk )?cargoes(?! by (?:air|rail|road|truck))"
    r"|bulk cargo(?! by (?:air|rail|road|truck))|cargo ships?|container ships?"
    r"|par cargos?(?! aeriens?)|(?<!camion )(?<!camions )(?<!remorque )(?<!wagon )(?<!wagons )"
    r"porte conteneurs"
    r"|par (?:bateaux?|navires?|barges?|peniches?|mer|voie (?:maritime|fluviale|d eau))"
    r"|(?:charge|chargee|charges|chargees|chargement|livre|livree|livres|livrees|expedie"
    r"|expediee|expedies|expediees|transporte|transportee|transportes|transportees)"
    r" (?:sur|dans|en|a bord d|a bord de) (?:des |un |une |les |nos )?"
    r"(?:navires?|bateaux?|barges?|peniches?)"
    r"|(?:sur|en) (?:des |les )?(?:barges?|peniches?)"
    r"|fret (?:maritime|fluvial)|vraquiers?|transport (?:maritime|fluvial))\b"
)
# A word of each of those phrases: most texts have none (one set operation).
_WATERBORNE_WORDS = _words(
    """
    ship ships vessel vessels barge barges shipload shiploads wharf wharves quay quayside
    seaborne sea carrier carriers bateau bateaux navire navires peniche peniches mer maritime
    fluviale fluvial vraquier vraquiers shipped cargo cargoes cargos conteneurs
    """
)


# A need that ends a clause on "shipped in" says its supply comes in by ship ("fuel to kiln
# spec, shipped in"); followed by a word, it says in what ("shipped in big bags").
_SHIPPED_IN = re.compile(r"\bshipped in\s*(?:$|[,;.:()])")


def waterborne(text: str) -> bool:
    """Whether a text says its lot goes or comes by sea or river: "loaded onto ships at our
    wharf", "expédié par bateau", "chargé sur péniches", "fuel to kiln spec, shipped in"."""
    words = analyse(text).words  # as the resolver read it: cached
    if _WATERBORNE_WORDS.isdisjoint(words):
        return False
    if "shipped" in words and _SHIPPED_IN.search(text.lower()):
        return True
    return _WATERBORNE.search(" ".join(words)) is not None


class PhraseHit(NamedTuple):
    """A taxonomy phrase found in a text: what it names, where, and how many words long.

    (A named tuple: texts yield many hits, and tuples are built several times faster.)"""

    target: str
    phrase: str
    start: int
    length: int


class _Entry(NamedTuple):
    """A phrase under one of its keys: what it names, and which texts may match it."""

    target: str
    phrase: str
    language: str  # of the phrase
    stemmed_as: str  # the stemmer of this key
    words: tuple[str, ...]  # its meaningful words, accent-free, as written


class PhraseIndex:
    """Finds known phrases (synonyms of resources) in analysed texts, longest first.

    A phrase is keyed by the stems of its meaningful words, under both stemmers; a text is
    looked up by its own stems, so word order inside the phrase matters but inflection and
    stop words ("gypse de désulfuration" / "gypse désulfuration") do not.

    A text whose language is sure matches a phrase of its own language by stems, and a phrase
    of the other language only as written (a French "big bags" or "off-gas"): stems of two
    languages meet by chance (French "transformer", to transform, and English "transformers";
    English "pulverised" and French "pulvérisateur", a sprayer). A text whose small words do
    not say its language ("Gypse DSG sec") matches either by stems."""

    def __init__(self, phrases: Iterable[tuple[str, str, str]]) -> None:
        self._keys: dict[tuple[str, ...], list[_Entry]] = {}
        for phrase, language, target in phrases:
            written = tuple(w for w in _WORD.findall(strip_accents(phrase)) if w not in STOP_WORDS)
            for lang in (language, "en" if language == "fr" else "fr"):
                if lang != language and not _STOP_ONLY_IN[lang].isdisjoint(
                    _WORD.findall(strip_accents(phrase))
                ):
                    continue  # "car park" read as French would be "park" alone
                key = analyse(phrase, lang).terms
                if not key:
                    continue
                entries = self._keys.setdefault(key, [])
                entry = _Entry(target, phrase, language, lang, written)
                if entry not in entries:
                    entries.append(entry)
        # A trie of the keys, walked word by word: no tuple is built while reading a text. Its
        # leaves hold what `find` asks of a key's entries, worked out here once rather than for
        # every text that names them.
        self._trie: dict[str, Any] = {}
        for key, entries in self._keys.items():
            node = self._trie
            for term in key:
                node = node.setdefault(term, {})
            node[_END] = _Leaf.of(entries)
        self.vocabulary = frozenset(term for key in self._keys for term in key)

    def phrase_keys(self) -> Iterable[tuple[str, ...]]:
        """Every phrase's key: the stems a text must say, in order."""
        return self._keys.keys()

    def shape(self, analysis: Analysis) -> tuple[str, ...]:
        """What `find` depends on: the language, the words' roles and the words, each
        meaningful word outside every phrase replaced by "" (it can only stop a phrase).
        Texts of the same shape have the same hits, at the same places, with the same words
        (declarations repeat phrases around their own words: results can be kept by shape)."""
        vocabulary = self.vocabulary
        return (
            analysis.language,
            "sure" if analysis.sure else "",
            analysis.roles,
            *[
                word if s is None or s in vocabulary else ""
                for word, s in zip(analysis.words, analysis.stems, strict=True)
            ],
        )

    def find(self, analysis: Analysis) -> list[PhraseHit]:
        """Every phrase in the text, a longer match hiding the shorter ones inside it."""
        terms, trie = analysis.terms, self._trie
        # (-length, start, leaf): sorted longest first, then leftmost (no two share both, so
        # the leaves are never compared). The walk starts only at a term that starts a key.
        found: list[tuple[int, int, _Leaf]] = []
        for start, term in enumerate(terms):
            node = trie.get(term)
            end = start
            while node is not None:
                leaf = node.get(_END)
                if leaf is not None:
                    found.append((start - end - 1, start, leaf))
                end += 1
                node = node.get(terms[end]) if end < len(terms) else None
        if not found:
            return []
        found.sort()
        stems = analysis.stems
        positions: Sequence[int] = range(len(stems))
        if None in stems:
            positions = [i for i, s in enumerate(stems) if s is not None]
        # A phrase may run on into where a resource comes from ("boues issues de notre station
        # d'épuration"), not across "for", "to replace" or a clause break: most texts have one
        # role throughout, and then no phrase crosses a change of role.
        roles = analysis.roles.replace(SOURCE, WANTED)
        one_role = not roles or roles.count(roles[0]) == len(roles)
        hits: list[PhraseHit] = []
        covered: set[int] = set()
        for negative_length, start, leaf in found:
            length = -negative_length
            span = range(start, start + length)
            if covered and not covered.isdisjoint(span):
                continue
            first, last = positions[start], positions[start + length - 1]
            if last - first > 3 * (length - 1):
                continue  # words too far apart
            if not one_role and not leaf.spanning:
                part = roles[first : last + 1]
                if part.count(part[0]) != len(part) and not (
                    part[0] == NEGATED and part.count(NEGATED) + part.count(WANTED) == len(part)
                ):
                    # Across "for"/"pour", "to replace" or a clause; but a denied word denies
                    # the phrase it begins ("ni peinture au plomb", "pas de bois traité").
                    continue
            named: Sequence[tuple[str, str]] = leaf.named
            if analysis.sure and leaf.own_language != analysis.language:
                named = self._as_written(analysis, positions, start, length, leaf.entries)
                if not named:
                    continue
            covered.update(span)
            # A loop, not a list comprehension (a call of its own): most leaves name one.
            for target, phrase in named:
                hits.append(_hit((target, phrase, first, length)))
        return hits

    @staticmethod
    def _as_written(
        analysis: Analysis,
        positions: Sequence[int],
        start: int,
        length: int,
        entries: list[_Entry],
    ) -> list[tuple[str, str]]:
        """What a text sure of its language matches among a key's entries that are not all of
        its language: its own language's phrases by stems, the other's only where the text
        writes the phrase's very words."""
        language = analysis.language
        written = tuple(analysis.words[positions[i]] for i in range(start, start + length))
        return [
            (e.target, e.phrase)
            for e in entries
            if (e.language == language == e.stemmed_as) or e.words == written
        ]


_hit = partial(tuple.__new__, PhraseHit)  # PhraseHit(*fields) without its Python __new__


class _Leaf(NamedTuple):
    """A trie leaf: the entries of one key, and what `find` asks of them."""

    entries: list[_Entry]
    named: tuple[tuple[str, str], ...]  # (target, phrase) of each entry
    # The language whose texts, sure of it, match every entry by stems: a phrase of that
    # language stemmed as such (None when the entries are not all so).
    own_language: str | None
    # Phrases written with their own "for", "to replace"... ("water for washing", "replace
    # our gas boilers") may span the change of role their marker makes.
    spanning: bool

    @classmethod
    def of(cls, entries: list[_Entry]) -> _Leaf:
        languages = {e.language for e in entries if e.language == e.stemmed_as}
        own = next(iter(languages)) if len(languages) == 1 else None
        if own is not None and any(e.language != e.stemmed_as for e in entries):
            own = None
        spanning = any(
            not _MARKERS.isdisjoint(_TOKEN.findall(strip_accents(e.phrase))) for e in entries
        )
        return cls(entries, tuple((e.target, e.phrase) for e in entries), own, spanning)
