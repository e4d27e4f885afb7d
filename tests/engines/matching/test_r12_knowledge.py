"""Knowledge found missing behind round 12's dev misses (oilseeds, kraft pine chemicals, bast
fibres, biodiesel, feedstock for a digester), each probed in French and in English with
declarations other than the cases', and guarded by what must not change."""

from __future__ import annotations

import pytest

from boucle.engines.matching import match

from .helpers import declarations, shipped_families


def first(description: str, *, role: str, kind: str = "", nace: str = "") -> str | None:
    read = shipped_families(description, role=role, kind=kind, nace=nace)
    return read[0] if read else None


def ranked(need: str, *offers: str, need_nace: str = "", kind: str = "material") -> list[str]:
    """The ids of the offers proposed for one need, best first (no site, no quantity)."""
    rows = [f'o{i},Org {i},,{kind},,"{text}",,,,,' for i, text in enumerate(offers)]
    (result,) = match(
        declarations(*rows), declarations(f'n,Buyer,{need_nace},{kind},,"{need}",,,,,')
    )
    return [c.offer_id for c in result.candidates]


# --- Oilseeds: what an oil mill crushes. Cottonseed is the seed a gin leaves, not cotton.
@pytest.mark.parametrize(
    ("description", "role"),
    [
        ("Graine de coton non délintée de notre usine d'égrenage, en vrac", "offer"),
        ("Whole cottonseed left after ginning, fuzzy, loose in the yard", "offer"),
        ("Graines de colza déclassées (humidité trop élevée) en cellule", "offer"),
        ("Noix de karité séchées, en sacs de jute", "offer"),
        ("Off-grade sunflower seed from our silo", "offer"),
        ("Recherchons des graines oléagineuses à triturer (colza, tournesol)", "need"),
        ("Oilseeds for crushing at our expeller plant", "need"),
        ("Soybeans wanted for our crushing plant, 20,000 t a year", "need"),
    ],
)
def test_oilseeds_are_a_family_of_their_own(description: str, role: str) -> None:
    assert first(description, role=role) == "material.organic.oilseeds"


@pytest.mark.parametrize(
    "description",
    [
        "Graine de coton non délintée de notre usine d'égrenage, en vrac",
        "Whole cottonseed left after ginning, fuzzy, loose in the yard",
        "Tourteau de coton en sacs de 50 kg, pour le bétail",
        "Cottonseed meal from our solvent plant",
    ],
)
def test_cottonseed_and_its_cake_are_no_textile(description: str) -> None:
    assert not any(
        f.startswith("material.textile") for f in shipped_families(description, role="offer")
    )


@pytest.mark.parametrize(
    ("description", "family"),
    [
        ("Tourteau de coton en sacs de 50 kg, pour le bétail", "material.organic.oilseed_cake"),
        ("Tourteau de colza gras", "material.organic.oilseed_cake"),
        ("Chutes de tissu coton de la confection", "material.textile.offcuts"),
        ("Cotton waste from our spinning mill", "material.textile"),
        ("Used cotton T-shirts and workwear", "material.textile.clothing"),
    ],
)
def test_cakes_and_cotton_textiles_keep_their_families(description: str, family: str) -> None:
    assert first(description, role="offer") == family


def test_an_oil_mill_is_offered_cottonseed_before_cotton_cake_and_cotton_offcuts() -> None:
    assert ranked(
        "Oléagineux à triturer pour notre huile raffinée et nos tourteaux",
        "Chutes de tissu coton de la confection",
        "Tourteau de coton en sacs, pour le bétail",
        "Graine de coton de l'égrenage, en vrac",
        need_nace="10.41",
    )[:1] == ["o2"]


def test_whole_cottonseed_is_a_feed_for_cattle() -> None:
    assert "o0" in ranked(
        "Feed for our dairy cows, protein-rich",
        "Whole cottonseed from the gin, in bulk",
        need_nace="01.41",
    )
