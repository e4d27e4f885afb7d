"""Whether an offer and a need come from one organisation at one site.

An organisation's own offer is no synergy for its own need: it knows it has it, and a
facilitator who sees it first loses a place in the list. Names are compared as people write
them: case, accents, punctuation, articles and legal forms ("SAS", "S.p.A.", "GmbH", "Ltd")
do not count. What follows " - " (or sits in brackets) names the site: "Guitang Group - sugar
refinery" and "Guitang Group - cement mill" are two sites of one group, and their exchange is
an industrial symbiosis (Guitang, Ledesma, Kalundborg's sister plants), so it stays. Sites are
one when their words are the same or those of one contain the other's ("Vitry-sur-Seine" and
"Crapo, Vitry-sur-Seine"). Where a side names no site, the places say it: one site is within
`SAME_PLACE_KM` ("Lafarge France" in Lyon and in Vienne, 27 km apart, are two plants whose
exchange stays). Without a place on both sides, only the words are left: the same name with no
site on either side is one site, and a name given with a site and the same name without one
are not known to be one, and stay.

    key = organisation_key("La Ressourcerie du spectacle - Crapo, Vitry-sur-Seine")
    # ("ressourcerie spectacle", frozenset({"crapo", "vitry", "sur", "seine"}))
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from boucle.engines.matching.text import strip_accents

__all__ = ["SAME_PLACE_KM", "Numbered", "number_organisations", "one_site", "organisation_key"]
__all__ += ["same_site"]

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]
Bools = npt.NDArray[np.bool_]

# Declarations of one plant, warehouse or shop fall within its grounds and the geocoding of
# its address (a large plant spans 1-2 km; a commune's declarations geocoded to its centre are
# 0 km apart); two plants of one group are rarely that close unless they share a platform, and
# those name their units.
SAME_PLACE_KM = 2.0

# Legal forms (France, Germany, Italy, Spain, Benelux, Nordics, UK, US), written after their
# dots and slashes are dropped ("S.A.S." -> "sas", "A/S" -> "as"), and farm forms (EARL, GAEC,
# SCEA): they say how a company is held, not which one it is.
_LEGAL_FORMS = frozenset(
    [
        *("sa", "sas", "sasu", "sarl", "eurl", "sca", "snc", "scs", "sci", "scop", "scic"),
        *("sem", "saem", "spl", "gie", "selarl", "earl", "gaec", "scea", "ste", "societe"),
        *("cie", "gmbh", "ag", "kg", "ohg", "ug", "ev", "spa", "srl", "sl", "slu", "bv"),
        *("nv", "bvba", "sprl", "ab", "oy", "oyj", "as", "asa", "aps", "ltd"),
        *("limited", "plc", "llp", "llc", "inc", "incorporated", "corp", "co", "company"),
    ]
)
_ARTICLES = frozenset(["le", "la", "les", "l", "de", "du", "des", "d", "et", "the", "of", "and"])
_NOISE = _LEGAL_FORMS | _ARTICLES
# Dots and slashes inside an abbreviation join its letters: "S.p.A.", "A/S", "G.I.D.A.".
_JOINED = re.compile(r"(?<=[a-z0-9])[./](?=[a-z0-9])")
_WORD = re.compile(r"[a-z0-9]+")
# A hyphen, en dash or em dash between spaces parts the organisation from its site; not the
# hyphen of a compound name ("Vitry-sur-Seine", "Dal-Tile").
_SITE_DASH = re.compile(r"\s[-\u2013\u2014]\s")
_BRACKETS = re.compile(r"\(([^()]*)\)")


def organisation_key(name: str | None) -> tuple[str, frozenset[str]] | None:
    """(the organisation's words, the site's words) of a declared name; None without one."""
    if not name:
        return None
    bracketed = " ".join(_BRACKETS.findall(name))
    organisation, *site = _SITE_DASH.split(_BRACKETS.sub(" ", name), maxsplit=1)
    words = [w for w in _words(organisation) if w not in _NOISE]
    if not words:
        return None
    site_words = {w for w in _words(f"{' '.join(site)} {bracketed}") if w not in _NOISE}
    return " ".join(words), frozenset(site_words)


def _words(text: str) -> list[str]:
    return _WORD.findall(_JOINED.sub("", strip_accents(text)))


def same_site(offer_site: frozenset[str], need_site: frozenset[str]) -> bool:
    """Whether two site descriptions of one organisation are one site (see the module)."""
    if not offer_site or not need_site:
        return offer_site == need_site
    return offer_site <= need_site or need_site <= offer_site


@dataclass(frozen=True)
class Numbered:
    """Both sides' organisations and named sites as numbers, so that millions of pairs are
    compared as integers: -1 for no organisation, or for no site named."""

    offer_organisation: Ints
    offer_site: Ints
    need_organisation: Ints
    need_site: Ints
    sites: int  # how many site numbers there are
    # offer site * `sites` + need site, for each two named sites of one organisation that are
    # one (`same_site`), sorted.
    one: Ints


def number_organisations(
    offer_names: Sequence[str | None], need_names: Sequence[str | None]
) -> Numbered:
    """`Numbered` from each side's declared names, each name read once."""
    names: dict[str, int] = {}
    sites: dict[tuple[int, frozenset[str]], int] = {}

    def side(declared: Sequence[str | None]) -> tuple[Ints, Ints]:
        organisation = np.full(len(declared), -1, dtype=np.int64)
        site = np.full(len(declared), -1, dtype=np.int64)
        for i, name in enumerate(declared):
            key = organisation_key(name)
            if key is None:
                continue
            organisation[i] = names.setdefault(key[0], len(names))
            if key[1]:
                site[i] = sites.setdefault((int(organisation[i]), key[1]), len(sites))
        return organisation, site

    offer_organisation, offer_site = side(offer_names)
    need_organisation, need_site = side(need_names)
    words = {number: key for key, number in sites.items()}
    # Sites that are one share the words of the smaller: only those sharing a word of one
    # organisation are compared.
    by_word: dict[tuple[int, str], set[int]] = defaultdict(set)
    for number in set(offer_site[offer_site >= 0].tolist()):
        organisation, site_words = words[number]
        for word in site_words:
            by_word[organisation, word].add(number)
    one: set[int] = set()
    for number in set(need_site[need_site >= 0].tolist()):
        organisation, site_words = words[number]
        near = set().union(*(by_word.get((organisation, word), ()) for word in site_words))
        one.update(o * len(sites) + number for o in near if same_site(words[o][1], site_words))
    return Numbered(
        offer_organisation=offer_organisation,
        offer_site=offer_site,
        need_organisation=need_organisation,
        need_site=need_site,
        sites=len(sites),
        one=np.array(sorted(one), dtype=np.int64),
    )


def one_site(numbered: Numbered, offer: Ints, need: Ints, distance_km: Floats) -> Bools:
    """Whether each pair (offer[k], need[k]) is one organisation at one site (see the module),
    its sites `distance_km` apart (NaN unknown)."""
    own = np.zeros(len(offer), dtype=np.bool_)
    if not (numbered.offer_organisation >= 0).any() or not (numbered.need_organisation >= 0).any():
        return own
    organisation = numbered.offer_organisation[offer]
    k = np.flatnonzero((organisation >= 0) & (organisation == numbered.need_organisation[need]))
    offer_site, need_site = numbered.offer_site[offer[k]], numbered.need_site[need[k]]
    named = (offer_site >= 0) & (need_site >= 0)
    by_words = np.isin(offer_site * numbered.sites + need_site, numbered.one)
    apart = distance_km[k]
    by_place = np.where(np.isnan(apart), (offer_site < 0) & (need_site < 0), apart <= SAME_PLACE_KM)
    own[k] = np.where(named, by_words, by_place)
    return own
