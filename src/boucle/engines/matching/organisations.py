"""Whether an offer and a need come from one organisation at one site.

An organisation's own offer is no synergy for its own need: it knows it has it, and a
facilitator who sees it first loses a place in the list. Names are compared as people write
them: case, accents, punctuation, articles and legal forms ("SAS", "S.p.A.", "GmbH", "Ltd")
do not count. What follows " - " (or sits in brackets) names the site: "Guitang Group - sugar
refinery" and "Guitang Group - cement mill" are two sites of one group, and their exchange is
an industrial symbiosis (Guitang, Ledesma, Kalundborg's sister plants), so it stays. Sites are
one when their words are the same or those of one contain the other's ("Vitry-sur-Seine" and
"Crapo, Vitry-sur-Seine"); a name given with a site and the same name without one are not
known to be one site, and stay too.

    key = organisation_key("La Ressourcerie du spectacle - Crapo, Vitry-sur-Seine")
    # ("ressourcerie spectacle", frozenset({"crapo", "vitry", "sur", "seine"}))
"""

from __future__ import annotations

import re

from boucle.engines.matching.text import strip_accents

__all__ = ["organisation_key", "same_site"]

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
