"""Reasons in words for a scored pair, one sentence per criterion that counted, in English or
French (the sentences are in `messages`)::

    same resource family: FGD gypsum → gypsum raw material (rule: FGD gypsum has the purity
        of natural gypsum ... (Eurogypsum))
    sector use: manufacture of plaster products (23.62) uses gypsum raw material: ...
    1.2 km
    80,000 t/year offered for 150,000 t/year needed: covers 53 %
    similar words: gypsum, desulphurisation
    parts of the score 0.87: resource 0.48, distance 0.22, text 0.09, quantity 0.08

(and, where they apply: an offer whose resource only its sector said, a link by words alone
or too unsure to count, why a hazardous offer may go to the need, kinds that differ; a
fallback, a candidate with no known resource link, says so first), and with
`lang="fr"` (no-break spaces before ":", "%" and units, and between thousands)::

    même famille de ressources : gypse de désulfuration → gypse (règle : ...)
    usage du secteur : fabrication d'éléments en plâtre (23.62) utilise « gypse » : ...
    1,2 km
    80 000 t/an proposées pour 150 000 t/an demandées : couvre 53 %
    mots en commun : gypse, désulfuration
    parts du score 0,87 : ressource 0,48 ; distance 0,22 ; texte 0,09 ; quantité 0,08
"""

from __future__ import annotations

import math
import re

from boucle.engines.matching import spelling
from boucle.engines.matching.declarations import KINDS
from boucle.engines.matching.hazards import says_takes_hazardous
from boucle.engines.matching.meaning import MEANING_SAID
from boucle.engines.matching.messages import DEFAULT_LANGUAGE, Language, in_sentence, language
from boucle.engines.matching.resolve import resolve
from boucle.engines.matching.score import (
    FALLBACK_NEAR,
    FALLBACK_TEXT_MIN,
    KIND_MISMATCH,
    NEIGHBOUR,
    RESOURCE_MIN,
    Scored,
)
from boucle.engines.matching.sides import UNIT_FAMILIES, Prepared
from boucle.engines.matching.text import analyse, impurity, out_of_order, strip_accents

__all__ = ["reasons"]


def reasons(
    prepared: Prepared, scored: Scored, i: int, lang: str = DEFAULT_LANGUAGE
) -> tuple[str, ...]:
    """The reasons for pair `i` of `scored`, most important first, in language `lang`."""
    words = language(lang)
    knowledge = prepared.knowledge
    o, n = int(scored.offer[i]), int(scored.need[i])
    offers, needs = prepared.offers, prepared.needs
    said: list[str] = []
    fo, fn = int(scored.offer_family[i]), int(scored.need_family[i])
    related = fo >= 0 and fn >= 0 and scored.resource[i] > 0
    if related:
        said.append(knowledge.relation(fo, fn, lang))
        guessed = _read_from_sector(words, prepared, o, knowledge.ids[fo])
        if guessed:
            said.append(guessed)
    # What was read of a mistyped word is said, so a facilitator can check it (`spelling`).
    slips = (
        *spelling.slips(needs.declarations[n].description),
        *spelling.slips(offers.declarations[o].description),
    )
    if slips:
        said.append(
            words.say(
                "spelling.read",
                slips=words.say("words.separator").join(
                    words.say("spelling.slip", written=written, meant=meant)
                    for written, meant in slips
                ),
            )
        )
    if scored.sector[i] > 0 and fo >= 0:
        nace = needs.declarations[n].nace
        if nace:
            reason = knowledge.sector_reason(nace, knowledge.ids[fo], lang=lang)
            if reason:
                said.append(reason)
    distance = float(scored.distance_km[i])
    said.append(words.say("distance.unknown") if math.isnan(distance) else words.km(distance))
    said.extend(_quantity(words, prepared, scored, i))
    shared = _shared_words(prepared, o, n)
    if shared:
        said.append(words.say("words.shared", words=words.say("words.separator").join(shared)))
    closeness = float(scored.meaning[i])
    by_meaning = not scored.eligible[i] and not _neighbour_fallback(scored, i)
    if closeness >= MEANING_SAID and not by_meaning:
        said.append(words.say("meaning.close", percent=words.percent(closeness)))
    if not scored.eligible[i]:
        # A fallback, with no known resource link (`score.top_k`): said first, it is what matters;
        # near for its resource, it may share no word at all; one of the query's closest in
        # meaning (`candidates.Neighbours.close_in_meaning`) needs neither, and says how close.
        if by_meaning:
            said.insert(0, words.say("words.fallback_meaning", percent=words.percent(closeness)))
        else:
            said.insert(0, words.say("words.fallback" if shared else "words.fallback_near"))
    elif scored.resource[i] < RESOURCE_MIN:
        # A family link said above but too unsure to count is not "no link".
        said.append(words.say("words.weak" if related else "words.only"))
    if offers.impure[o] and not needs.impure[n]:
        said.append(words.say("impure", words=impurity(offers.declarations[o].description) or ""))
    if offers.out_of_order[o] and needs.wants_working[n]:
        said.append(
            words.say("out_of_order", words=out_of_order(offers.declarations[o].description) or "")
        )
    if offers.hazardous[o]:
        key = _hazard_key(
            needs.declarations[n].description,
            bool(needs.hazardous[n]),
            takes_substance=bool(offers.substances[o] & needs.substances[n]),
        )
        said.append(words.say(key))
    if scored.scale[i] < 1.0:
        said.append(words.say("quantity.other_scale"))
    if scored.kind_factor[i] == KIND_MISMATCH:
        said.append(
            words.say(
                "kinds.differ",
                offer_kind=words.say(f"kind.{KINDS[int(offers.kind[o])]}"),
                need_kind=words.say(f"kind.{KINDS[int(needs.kind[n])]}"),
            )
        )
    said.append(_parts(words, scored, i))
    return tuple(said)


def _read_from_sector(words: Language, prepared: Prepared, o: int, family: str) -> str:
    """When what the offer is comes from its sector alone (a steelworks' "laitier" read as
    heat too), a sentence that says so: the description or code did not."""
    offer = prepared.offers.declarations[o]
    if offer.nace is None:
        return ""
    knowledge = prepared.knowledge
    families = resolve(offer, knowledge, role="offer").families  # cached: no second reading
    evidence = next((f.evidence for f in families if f.resource == family), "")
    if not evidence.startswith("sector "):  # resolve's evidence: "sector 24.10"
        return ""
    return words.say(
        "sector.guessed",
        resource=in_sentence(knowledge.name_in(family, words.code)),
        sector=knowledge.sector_name(offer.nace, words.code),
        nace=offer.nace,
    )


def _hazard_key(need_description: str, need_hazardous: bool, *, takes_substance: bool) -> str:
    """Why a hazardous offer may go to this need (the ways `score` lets it): the need says it
    takes hazardous waste, or the substance that makes the offer hazardous; it asks for a
    hazardous resource, such as used oil, without saying so; or its sector treats hazardous
    waste or typically takes that resource. In the last two the receiver's permit is still to
    be checked."""
    # The same words, read the same way, as `resolve` takes for the need's consent.
    if takes_substance or says_takes_hazardous(analyse(need_description)):
        return "hazardous"
    return "hazardous.asked" if need_hazardous else "hazardous.sector"


def _neighbour_fallback(scored: Scored, i: int) -> bool:
    """Whether pair `i`, not eligible, is a fallback as one of its query's nearest: sharing
    words or near for its resource (the kernel's rule, `kernel.finish`); if not, it is one as
    one of its closest in meaning."""
    return bool(scored.nearby[i] & NEIGHBOUR) and bool(
        scored.text[i] >= FALLBACK_TEXT_MIN or scored.distance[i] >= FALLBACK_NEAR
    )


def _quantity(words: Language, prepared: Prepared, scored: Scored, i: int) -> list[str]:
    o, n = int(scored.offer[i]), int(scored.need[i])
    offers, needs = prepared.offers, prepared.needs
    uo, un = int(offers.unit_family[o]), int(needs.unit_family[n])
    if uo < 0 or un < 0:
        return []
    offered = words.rate(float(offers.rate[o]), UNIT_FAMILIES[uo], "offered")
    needed = words.rate(float(needs.rate[n]), UNIT_FAMILIES[un], "needed")
    if uo != un:
        return [words.say("quantity.incomparable", offered=offered, needed=needed)]
    coverage = float(scored.coverage[i])
    if math.isnan(coverage) or coverage >= 1:
        return [words.say("quantity.covers", offered=offered, needed=needed)]
    # Rounded down, so that a partial supply never reads "covers 100 %" nor a sliver "0 %".
    whole = math.floor(coverage * 100 + 1e-9)
    percent = words.percent(whole / 100) if whole >= 1 else words.say("percent.under_one")
    return [words.say("quantity.partial", offered=offered, needed=needed, percent=percent)]


def _parts(words: Language, scored: Scored, i: int) -> str:
    """The weighted part each criterion took, which sum to the score (kind factor included)."""
    parts = {name: words.number(part, 2) for name, part in scored.parts(i).items()}
    score = words.number(float(scored.score[i]), 2)
    key = "parts.meaning" if "meaning" in parts else "parts"
    return words.say(key, None, score=score, **parts)


def _shared_words(prepared: Prepared, o: int, n: int) -> list[str]:
    offer_words = _surface_words(prepared.offers.declarations[o].description)
    need_words = _surface_words(prepared.needs.declarations[n].description)
    shared = [w for stem, w in offer_words.items() if stem in need_words]
    return shared[:5]


_TOKEN = re.compile(r"[^\W_]+")  # a word as written, accents and all
_PLAIN = re.compile(r"[a-z0-9]+")  # a word as `text.analyse` splits an accent-free text


def _surface_words(text: str) -> dict[str, str]:
    """Each meaningful stem of `text` with the word as the text writes it ("séchée", not
    the accent-free "sechee" the engine reads)."""
    analysis = analyse(text)
    written: list[str] = []
    for token in _TOKEN.findall(text.lower()):
        plain = _PLAIN.findall(strip_accents(token))
        written.extend([token] if len(plain) == 1 else plain)
    if len(written) != len(analysis.words):  # a character read otherwise: say the plain words
        written = list(analysis.words)
    return {s: w for w, s in zip(written, analysis.stems, strict=True) if s is not None}
