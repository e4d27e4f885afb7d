"""The words of the engine's explanations, one table per language.

The engine is Django-free, so it does not use gettext: every sentence a person reads (the
reasons of a candidate, the description of a pooling group) is a template here, keyed by a
message id, with `{placeholders}` filled by `explain`, `knowledge` and `pooling`. A language is
one `Language`: its number punctuation, its plural rule and its table. Adding one is adding a
table with the same ids and placeholders as English (a test checks it) to `LANGUAGES`::

    from boucle.engines.matching.messages import language

    fr = language("fr")
    fr.km(1.2)                                  # "1,2 km" (a no-break space)
    fr.rate(80_000, "mass")                     # "80 000 t/an"
    fr.say("kinds.differ", offer_kind=fr.say("kind.equipment"), need_kind=fr.say("kind.material"))

A message is a string, or a (singular, plural) pair chosen by the `plural_for` given to `say`.
French typography: a no-break space (U+00A0) groups thousands and goes before ":", ";", "%"
and a unit, as on Boucle's French pages (Django's French THOUSAND_SEPARATOR); the French table
is written with plain spaces and typeset when the language is built.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass

__all__ = ["DEFAULT_LANGUAGE", "LANGUAGES", "Language", "in_sentence", "language"]

Message = str | tuple[str, str]  # one form, or (singular, plural)

NBSP = "\u00a0"


@dataclass(frozen=True)
class Language:
    code: str
    decimal: str  # decimal separator
    group: str  # thousands separator
    plural: Callable[[float], bool]  # whether a quantity takes the plural form
    messages: Mapping[str, Message]

    def say(self, key: str, /, plural_for: float | None = None, **values: str) -> str:
        """Message `key` filled with `values`, in the plural form if `plural_for` asks for it."""
        message = self.messages[key]
        if isinstance(message, tuple):
            singular = plural_for is not None and not self.plural(plural_for)
            message = message[0] if singular else message[1]
        return message.format(**values)

    def number(self, value: float, decimals: int = 0) -> str:
        """`value` rounded to `decimals`, with the language's separators: 80,000.5 / 80 000,5."""
        text = f"{value:,.{decimals}f}"
        return text.translate({ord(","): self.group, ord("."): self.decimal})

    def percent(self, fraction: float) -> str:
        return self.say("percent", number=self.number(fraction * 100))

    def km(self, distance: float) -> str:
        """1.2 km under 10 km, whole kilometres beyond; "under 0.1 km" rather than "0.0 km"
        (two sites at the same coordinates, or next door)."""
        if distance < 0.05:
            return self.say("distance.under", number=self.number(0.1, 1))
        return self.say("distance.km", number=self.number(distance, 1 if distance < 10 else 0))

    def rate_number(self, rate: float) -> str:
        """A yearly quantity to a precision that reads well: 80,000, 12.5, 0.25."""
        if rate >= 100 or rate == int(rate):
            return self.number(rate)
        if rate >= 1:
            return self.number(rate, 1)
        # Three significant digits, trailing zeros dropped: 0.25, not 0.250.
        decimals = 2 - math.floor(math.log10(rate))
        return self.number(rate, decimals).rstrip("0").rstrip(self.decimal)

    def rate(self, rate: float, family: str, key: str = "rate") -> str:
        """A yearly quantity in its unit family's base unit: `80,000 t/year`. `key` is `rate`,
        or `offered` / `needed` for the same said of one side of a pair."""
        return self.say(f"{key}.{family}", plural_for=rate, number=self.rate_number(rate))


ENGLISH: dict[str, Message] = {
    "percent": "{number} %",
    "percent.under_one": "less than 1 %",
    "distance.km": "{number} km",
    "distance.under": "under {number} km",
    "distance.unknown": "distance unknown",
    # resources: what the offer is for the need
    "relation.same": "same resource family: {offer}",
    "relation.narrower": "same resource family: {offer}, a kind of {need}",
    "relation.under_root": (
        "the need names no particular resource, only {need}: the offer ({offer}) is one, "
        "to be checked"
    ),
    "relation.narrower_rule": "same resource family: {offer} → {need} ({rule})",
    "relation.substitute": "substitution: {offer} → {need} ({rule})",
    "relation.broader": (
        "broader resource: the offer ({offer}) includes the need ({need}), to be checked"
    ),
    "relation.siblings": "related resource: {offer} and {need} are of the same family ({family})",
    "rule": "rule: {rationale}",
    "rule.sourced": "rule: {rationale} ({source})",
    "sector.uses": "sector use: {sector} ({nace}) uses {resource}: {rationale}",
    "sector.uses.sourced": "sector use: {sector} ({nace}) uses {resource}: {rationale} ({source})",
    "sector.produces": "sector output: {sector} ({nace}) produces {resource}: {rationale}",
    "sector.produces.sourced": (
        "sector output: {sector} ({nace}) produces {resource}: {rationale} ({source})"
    ),
    "sector.unnamed": "NACE {nace}",
    "sector.guessed": (
        "offer read as {resource} from its sector ({sector}, {nace}), not from its description "
        "or code: to be checked"
    ),
    # quantities
    "rate.mass": "{number} t/year",
    "rate.volume": "{number} m3/year",
    "rate.energy": "{number} MWh/year",
    "rate.count": ("{number} unit/year", "{number} units/year"),
    "rate.pallet": ("{number} pallet/year", "{number} pallets/year"),
    "rate.area": "{number} m2/year",
    "offered.mass": "{number} t/year offered",
    "offered.volume": "{number} m3/year offered",
    "offered.energy": "{number} MWh/year offered",
    "offered.count": ("{number} unit/year offered", "{number} units/year offered"),
    "offered.pallet": ("{number} pallet/year offered", "{number} pallets/year offered"),
    "offered.area": "{number} m2/year offered",
    "needed.mass": "{number} t/year needed",
    "needed.volume": "{number} m3/year needed",
    "needed.energy": "{number} MWh/year needed",
    "needed.count": ("{number} unit/year needed", "{number} units/year needed"),
    "needed.pallet": ("{number} pallet/year needed", "{number} pallets/year needed"),
    "needed.area": "{number} m2/year needed",
    "quantity.covers": "{offered} for {needed}: covers the need",
    "quantity.partial": "{offered} for {needed}: covers {percent}",
    "quantity.incomparable": "{offered} for {needed}: quantities not comparable",
    "quantity.other_scale": "of another scale than the need (under 1 % of it): score lowered",
    # text, hazard, kinds
    "words.shared": "similar words: {words}",
    "words.separator": ", ",
    "words.only": "no known resource link: proposed for the words the two descriptions share",
    "words.fallback": (
        "no known link between these resources, to be checked: proposed for proximity and the "
        "words the two descriptions share"
    ),
    "words.fallback_near": (
        "no known link between these resources, to be checked: proposed because it is near"
    ),
    "words.fallback_meaning": (
        "no known link between these resources, to be checked: proposed as one of the "
        "neighbours whose descriptions are closest in meaning ({percent})"
    ),
    "words.weak": (
        "uncertain resource link (the descriptions say little of what they are): proposed "
        "mostly for the words they share"
    ),
    "spelling.read": "words read as typing errors, to be checked: {slips}",
    "spelling.slip": "“{written}” as {meant}",
    "impure": "the offer says it is mixed or soiled (“{words}”): it fits less, to be checked",
    "out_of_order": (
        "the offer says it does not work (“{words}”): it fits a need for working equipment "
        "less, to be checked"
    ),
    "hazardous": "hazardous offer, which the need says it can take",
    "hazardous.asked": (
        "hazardous offer, of the hazardous kind the need asks for: check that the receiver may "
        "take hazardous waste"
    ),
    "hazardous.sector": (
        "hazardous offer, which the need's sector typically takes: check that the receiver may "
        "take hazardous waste"
    ),
    "kinds.differ": "different kinds: {offer_kind} offered, {need_kind} needed (score halved)",
    "kind.material": "material",
    "kind.energy": "energy",
    "kind.water": "water",
    "kind.equipment": "equipment",
    "kind.logistics": "logistics",
    "kind.expertise": "expertise",
    "kind.space": "space",
    # the part each criterion took in the score
    "parts": (
        "parts of the score {score}: resource {resource}, distance {distance}, text {text}, "
        "quantity {quantity}"
    ),
    "parts.meaning": (
        "parts of the score {score}: resource {resource}, distance {distance}, text {text}, "
        "quantity {quantity}, meaning {meaning}"
    ),
    # the semantic view (`meaning`): how close the descriptions are for the model
    "meaning.close": "descriptions close in meaning: {percent}",
    # pooling
    "pooling.need": (
        "shared purchasing of {resource}: {count} organisations within {radius} of their centre"
    ),
    "pooling.need_total": (
        "shared purchasing of {resource}: {count} organisations within {radius} of their "
        "centre; {total} in all"
    ),
    "pooling.offer": (
        "shared collection of {resource}: {count} organisations within {radius} of their centre"
    ),
    "pooling.offer_total": (
        "shared collection of {resource}: {count} organisations within {radius} of their "
        "centre; {total} in all"
    ),
    "reasons.separator": "; ",  # between reasons on one line (CSV)
}

# Written with plain spaces; `_no_break` puts the no-break ones where French typography wants
# them (before ":", ";", "%", "»", after "«", between a number and its unit).
FRENCH: dict[str, Message] = {
    "percent": "{number} %",
    "percent.under_one": "moins de 1 %",
    "distance.km": "{number} km",
    "distance.under": "moins de {number} km",
    "distance.unknown": "distance inconnue",
    "relation.same": "même famille de ressources : {offer}",
    "relation.narrower": "même famille de ressources : {offer}, de la famille {need}",
    "relation.under_root": (
        "le besoin ne nomme aucune ressource précise, seulement {need} : l'offre ({offer}) en "
        "relève, à vérifier"
    ),
    "relation.narrower_rule": "même famille de ressources : {offer} → {need} ({rule})",
    "relation.substitute": "substitution : {offer} → {need} ({rule})",
    "relation.broader": (
        "ressource plus générale : l'offre ({offer}) englobe le besoin ({need}), à vérifier"
    ),
    "relation.siblings": (
        "ressource voisine : {offer} et {need} sont de la même famille ({family})"
    ),
    "rule": "règle : {rationale}",
    "rule.sourced": "règle : {rationale} ({source})",
    "sector.uses": "usage du secteur : {sector} ({nace}) utilise « {resource} » : {rationale}",
    "sector.uses.sourced": (
        "usage du secteur : {sector} ({nace}) utilise « {resource} » : {rationale} ({source})"
    ),
    "sector.produces": (
        "production du secteur : {sector} ({nace}) produit « {resource} » : {rationale}"
    ),
    "sector.produces.sourced": (
        "production du secteur : {sector} ({nace}) produit « {resource} » : {rationale} ({source})"
    ),
    "sector.unnamed": "NACE {nace}",
    "sector.guessed": (
        "offre lue comme « {resource} » d'après son secteur ({sector}, {nace}), non d'après "
        "sa description ou son code : à vérifier"
    ),
    "rate.mass": "{number} t/an",
    "rate.volume": "{number} m³/an",
    "rate.energy": "{number} MWh/an",
    "rate.count": ("{number} unité/an", "{number} unités/an"),
    "rate.pallet": ("{number} palette/an", "{number} palettes/an"),
    "rate.area": "{number} m²/an",
    # The participle agrees with the unit: tonnes, unités, palettes (f.); m³, MWh (m.).
    "offered.mass": "{number} t/an proposées",
    "offered.volume": "{number} m³/an proposés",
    "offered.energy": "{number} MWh/an proposés",
    "offered.count": ("{number} unité/an proposée", "{number} unités/an proposées"),
    "offered.pallet": (
        "{number} palette/an proposée",
        "{number} palettes/an proposées",
    ),
    "offered.area": "{number} m²/an proposés",
    "needed.mass": "{number} t/an demandées",
    "needed.volume": "{number} m³/an demandés",
    "needed.energy": "{number} MWh/an demandés",
    "needed.count": ("{number} unité/an demandée", "{number} unités/an demandées"),
    "needed.pallet": (
        "{number} palette/an demandée",
        "{number} palettes/an demandées",
    ),
    "needed.area": "{number} m²/an demandés",
    "quantity.covers": "{offered} pour {needed} : couvre le besoin",
    "quantity.partial": "{offered} pour {needed} : couvre {percent}",
    "quantity.incomparable": "{offered} pour {needed} : quantités non comparables",
    "quantity.other_scale": (
        "d'une autre échelle que le besoin (moins de 1 % de celui-ci) : score réduit"
    ),
    "words.shared": "mots en commun : {words}",
    "words.separator": ", ",
    "words.only": (
        "aucun lien connu entre les ressources : proposé pour les mots que les deux "
        "descriptions partagent"
    ),
    "words.fallback": (
        "aucun lien connu entre ces ressources, à vérifier : proposé pour la proximité et les "
        "mots que les deux descriptions partagent"
    ),
    "words.fallback_near": (
        "aucun lien connu entre ces ressources, à vérifier : proposé pour sa proximité"
    ),
    "words.fallback_meaning": (
        "aucun lien connu entre ces ressources, à vérifier : proposé parmi les voisins dont la "
        "description est la plus proche par le sens ({percent})"
    ),
    "words.weak": (
        "lien incertain entre les ressources (les descriptions disent peu de ce qu'elles "
        "sont) : proposé surtout pour les mots qu'elles partagent"
    ),
    "spelling.read": "mots lus comme des fautes de frappe, à vérifier : {slips}",
    "spelling.slip": "« {written} » pour {meant}",
    "impure": "l'offre se dit mélangée ou souillée (« {words} ») : elle convient moins, à vérifier",
    "out_of_order": (
        "l'offre se dit hors d'usage (« {words} ») : elle convient moins à un besoin "
        "d'équipement en état de marche, à vérifier"
    ),
    "hazardous": "offre dangereuse, que le besoin déclare pouvoir accepter",
    "hazardous.asked": (
        "offre dangereuse, du type dangereux que le besoin demande : vérifier que le "
        "receveur peut accepter des déchets dangereux"
    ),
    "hazardous.sector": (
        "offre dangereuse, que le secteur du besoin accepte d'ordinaire : vérifier que le "
        "receveur peut accepter des déchets dangereux"
    ),
    "kinds.differ": (
        "types différents : offre de type {offer_kind}, besoin de type {need_kind} "
        "(score divisé par deux)"
    ),
    "kind.material": "matière",
    "kind.energy": "énergie",
    "kind.water": "eau",
    "kind.equipment": "équipement",
    "kind.logistics": "logistique",
    "kind.expertise": "expertise",
    "kind.space": "espace",
    "parts": (
        "parts du score {score} : ressource {resource} ; distance {distance} ; "
        "texte {text} ; quantité {quantity}"
    ),
    "parts.meaning": (
        "parts du score {score} : ressource {resource} ; distance {distance} ; "
        "texte {text} ; quantité {quantity} ; sens {meaning}"
    ),
    "meaning.close": "descriptions proches par le sens : {percent}",
    "pooling.need": (
        "achat groupé « {resource} » : {count} organisations dans un rayon de "
        "{radius} autour de leur centre"
    ),
    "pooling.need_total": (
        "achat groupé « {resource} » : {count} organisations dans un rayon de "
        "{radius} autour de leur centre ; {total} au total"
    ),
    "pooling.offer": (
        "collecte groupée « {resource} » : {count} organisations dans un rayon "
        "de {radius} autour de leur centre"
    ),
    "pooling.offer_total": (
        "collecte groupée « {resource} » : {count} organisations dans un rayon "
        "de {radius} autour de leur centre ; {total} au total"
    ),
    "reasons.separator": " ; ",
}


def _no_break(table: Mapping[str, Message]) -> dict[str, Message]:
    """French spacing: the spaces before ":", ";", "%", "»", after "«" and between a number and
    its unit made no-break, so a line never starts with a colon or leaves a unit alone."""

    def typeset(text: str) -> str:
        for plain, joined in _NO_BREAK:
            text = text.replace(plain, joined)
        return text

    return {
        key: (typeset(m[0]), typeset(m[1])) if isinstance(m, tuple) else typeset(m)
        for key, m in table.items()
    }


_NO_BREAK = [
    (" :", NBSP + ":"),
    (" ;", NBSP + ";"),
    (" %", NBSP + "%"),
    (" »", NBSP + "»"),
    ("« ", "«" + NBSP),
    ("{number} ", "{number}" + NBSP),
]

LANGUAGES: dict[str, Language] = {
    "en": Language("en", ".", ",", lambda n: n != 1, ENGLISH),
    # French takes the singular below two: 1,5 tonne, 0 unité.
    "fr": Language("fr", ",", NBSP, lambda n: abs(n) >= 2, _no_break(FRENCH)),
}
DEFAULT_LANGUAGE = "en"


def language(code: str) -> Language:
    """The language of code `en` or `fr`; a ValueError naming the known ones otherwise."""
    try:
        return LANGUAGES[code]
    except KeyError:
        known = ", ".join(LANGUAGES)
        raise ValueError(f"unknown language {code!r} (known: {known})") from None


def in_sentence(text: str) -> str:
    """A name or a rationale as it reads after a colon, inside a sentence: the data write them
    as titles or sentences ("Gypse (sulfate de calcium)", "L'évaporation ..."); an acronym
    ("FGD gypsum", "PET", "CO2") stays as it is."""
    if len(text) > 1 and text[0].isupper() and not (text[1].isupper() or text[1].isdigit()):
        return text[0].lower() + text[1:]
    return text
