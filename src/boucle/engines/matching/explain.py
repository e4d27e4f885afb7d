"""Reasons in words for a scored pair, one sentence per criterion that counted::

same resource family: FGD gypsum → gypsum raw material (rule: FGD gypsum has the purity
    of natural gypsum ... (Eurogypsum))
sector use: Manufacture of plaster products (23.62) uses gypsum raw material: ...
1.2 km
80,000 t/year offered for 150,000 t/year needed: covers 53 %
similar words: gypsum, desulphurisation
"""

from __future__ import annotations

import math

from boucle.engines.matching.score import KIND_MISMATCH, RESOURCE_MIN, Scored
from boucle.engines.matching.sides import UNIT_FAMILIES, Prepared
from boucle.engines.matching.units import format_rate

__all__ = ["reasons"]


def reasons(prepared: Prepared, scored: Scored, i: int) -> tuple[str, ...]:
    """The reasons for pair `i` of `scored`, most important first."""
    knowledge = prepared.knowledge
    o, n = int(scored.offer[i]), int(scored.need[i])
    offer, need = prepared.offers, prepared.needs
    said: list[str] = []
    fo, fn = int(scored.offer_family[i]), int(scored.need_family[i])
    if fo >= 0 and fn >= 0 and scored.resource[i] > 0:
        said.append(knowledge.relation(fo, fn))
    if scored.sector[i] > 0 and fo >= 0:
        nace = need.declarations[n].nace
        if nace:
            reason = knowledge.sector_reason(nace, knowledge.ids[fo])
            if reason:
                said.append(reason)
    distance = float(scored.distance_km[i])
    said.append("distance unknown" if math.isnan(distance) else _km(distance))
    said.extend(_quantity(prepared, scored, i))
    shared = _shared_words(prepared, o, n)
    if shared:
        said.append("similar words: " + ", ".join(shared))
    elif scored.resource[i] < RESOURCE_MIN:
        said.append("no known resource link; proposed for shared rare words")
    if offer.hazardous[o]:
        said.append("hazardous offer, which the need says it can take")
    if scored.kind_factor[i] == KIND_MISMATCH:
        kinds = (offer.resolutions[o].kind, need.resolutions[n].kind)
        said.append(f"different kinds: {kinds[0]} offered for a {kinds[1]} need (score halved)")
    return tuple(said)


def _km(distance: float) -> str:
    if distance < 10:
        return f"{distance:.1f} km"
    return f"{distance:,.0f} km"


def _quantity(prepared: Prepared, scored: Scored, i: int) -> list[str]:
    o, n = int(scored.offer[i]), int(scored.need[i])
    offers, needs = prepared.offers, prepared.needs
    uo, un = int(offers.unit_family[o]), int(needs.unit_family[n])
    if uo < 0 or un < 0:
        return []
    offered = format_rate(float(offers.rate[o]), UNIT_FAMILIES[uo])
    needed = format_rate(float(needs.rate[n]), UNIT_FAMILIES[un])
    if uo != un:
        return [f"{offered} offered for {needed} needed: quantities not comparable"]
    coverage = float(scored.coverage[i])
    if math.isnan(coverage) or coverage >= 1:
        return [f"{offered} offered for {needed} needed: covers the need"]
    return [f"{offered} offered for {needed} needed: covers {coverage:.0%}".replace("%", " %")]


def _shared_words(prepared: Prepared, o: int, n: int) -> list[str]:
    offer_words = _surface_words(prepared.offers.declarations[o].description)
    need_words = _surface_words(prepared.needs.declarations[n].description)
    shared = [w for stem, w in offer_words.items() if stem in need_words]
    return shared[:5]


def _surface_words(text: str) -> dict[str, str]:
    from boucle.engines.matching.text import analyse

    analysis = analyse(text)
    return {s: w for w, s in zip(analysis.words, analysis.stems, strict=True) if s is not None}
