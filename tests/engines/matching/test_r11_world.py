"""Classes found behind round 11's dev misses from outside Europe, each probed in French and in
English with declarations other than the cases', and guarded by what must not change."""

from __future__ import annotations

import pytest

from boucle.engines.matching import load_knowledge, match
from boucle.engines.matching.text import impurity

from .helpers import declarations, shipped_families


# "Hors" excludes, except in the idioms of a state ("hors d'usage", "hors service", "hors
# normes"): there it denies the idiom's noun only, not the resources named after it.
@pytest.mark.parametrize(
    ("description", "family"),
    [
        ("Caisses de manutention hors d'usage, polypropylène, en vrac", "material.plastic.pp"),
        ("Fûts hors service, PEHD bleu, rincés", "material.plastic.hdpe"),
        ("Lots hors spécifications, granulés de polystyrène", "material.plastic.polystyrene"),
    ],
)
def test_what_follows_an_idiom_of_hors_is_not_denied(description: str, family: str) -> None:
    assert family in shipped_families(description, role="offer", kind="material")


@pytest.mark.parametrize(
    ("description", "family"),
    [
        # "Out of use" is no negation in English: the same offer reads the same.
        ("Handling crates out of use, polypropylene, loose", "material.plastic.pp"),
    ],
)
def test_an_english_state_of_disuse_never_denied_what_follows(
    description: str, family: str
) -> None:
    assert family in shipped_families(description, role="offer", kind="material")


@pytest.mark.parametrize(
    ("description", "absent"),
    [
        # "Hors" still excludes what it names, and the idiom's own noun is no resource.
        ("Tous plastiques hors PVC, en balles", "material.plastic.pvc"),
        ("Bâtiment hors d'eau hors d'air à réemployer", "water"),
        ("Terres de déblais hors sol pollué, limons", "material.mineral.excavated_soil.polluted"),
    ],
)
def test_hors_still_excludes_what_it_names(description: str, absent: str) -> None:
    assert not any(
        f == absent or f.startswith(absent + ".")
        for f in shipped_families(description, role="need")
    )


def ranked(need: str, *offers: str, need_nace: str = "") -> list[str]:
    """The ids of the offers proposed for one need, best first (no site, no quantity)."""
    rows = [f'o{i},Org {i},,material,,"{text}",,,,,' for i, text in enumerate(offers)]
    (result,) = match(
        declarations(*rows), declarations(f'n,Buyer,{need_nace},material,,"{need}",,,,,')
    )
    return [c.offer_id for c in result.candidates]


# Polyolefins (PE and PP) are a family a regrinder or compounder asks for by name: HDPE and PP
# meet it as they are, film less; a lot of polyolefins meets a PE or PP need as a broader offer.
@pytest.mark.parametrize(
    ("need", "partner", "near_miss"),
    [
        (
            "Recherchons des polyoléfines post-industrielles à rebroyer pour nos bordures",
            "Bidons PEHD vides et rincés, en balles",
            "Chutes de profilés PVC de menuiserie",
        ),
        (
            "Polyolefin scrap wanted for our recycled-plastic lumber line",
            "Broken polypropylene crates from our bottling hall",
            "Clear PET bottles, baled",
        ),
    ],
)
def test_a_polyolefin_need_is_offered_pe_or_pp_first(
    need: str, partner: str, near_miss: str
) -> None:
    assert ranked(need, near_miss, partner)[:1] == ["o1"]


def test_polyolefins_meet_a_pe_or_pp_need_only_as_a_broader_offer() -> None:
    shipped = load_knowledge()
    polyolefins = "material.plastic.polyolefins"
    for grade in ("material.plastic.hdpe", "material.plastic.pp"):
        assert shipped.compatibility(grade, polyolefins)[0] >= 0.85
        assert shipped.compatibility(polyolefins, grade)[0] < 0.6
    # Neither PET nor PVC is a polyolefin.
    assert shipped.compatibility("material.plastic.pet", polyolefins)[0] < 0.35
    assert shipped.compatibility("material.plastic.pvc", polyolefins)[0] < 0.35


# Beverage cartons (liquid packaging board, EN 643 grade 5.03) are a paper grade of their own,
# composite packaging under 15 01 05: a carton recycler or take-back scheme wants them, not
# corrugated cardboard.
@pytest.mark.parametrize(
    ("need", "partner", "near_miss"),
    [
        (
            "Recherchons des briques alimentaires triées, en balles, pour notre filière de reprise",
            "Cartons de boissons (lait, jus) triés sur notre chaîne, en balles",
            "Carton ondulé en balles de notre entrepôt",
        ),
        (
            "Used beverage cartons wanted for our repulping line",
            "Milk and juice cartons from school canteens, flattened",
            "Baled corrugated cardboard from our warehouse",
        ),
    ],
)
def test_a_beverage_carton_need_is_offered_cartons_before_cardboard(
    need: str, partner: str, near_miss: str
) -> None:
    assert ranked(need, near_miss, partner)[:1] == ["o1"]


def test_beverage_cartons_are_composite_packaging_and_a_fibre_source() -> None:
    shipped = load_knowledge()
    cartons = "material.paper.beverage_cartons"
    assert shipped_families("Briques alimentaires", role="offer", ewc="15 01 05")[:1] == [cartons]
    assert shipped.compatibility(cartons, "material.packaging.mixed_packaging")[0] >= 0.8
    assert shipped.compatibility(cartons, "material.paper.recycled_fibre")[0] >= 0.65
    # A cardboard mill still wants cardboard first: cartons are another grade.
    assert shipped_families("Cartons vides", role="offer")[:1] == ["material.paper.cardboard"]
    assert shipped.compatibility(cartons, "material.paper.cardboard")[0] < 0.35


# The mixed waste a lot was sorted out of is where it comes from, not what it is: a sorted
# fraction is no mixed lot.
@pytest.mark.parametrize(
    "description",
    [
        "Bouteilles PET triées à partir des ordures ménagères en mélange, en balles",
        "Bois de classe A issu de déchets de chantier mélangés, broyé",
        "Aluminium cans recovered from mixed municipal waste at our MRF, baled",
        "Wood chips from mixed C&D waste, screened 0-50 mm",
    ],
)
def test_the_mixed_waste_a_lot_was_sorted_from_is_no_impurity(description: str) -> None:
    assert impurity(description) is None


@pytest.mark.parametrize(
    "description",
    [
        # Mixed itself, or mixed with something after the source's part of the text.
        "Whey from cheese making, mixed with wash water",
        "Lactosérum de nos fromageries, mélangé aux eaux de lavage",
        "Mixed waste from our site, unsorted",
        "Plastiques issus de la collecte, en mélange",
        "Déchets en mélange issus de nos ateliers",
    ],
)
def test_a_lot_said_mixed_is_still_impure(description: str) -> None:
    assert impurity(description) is not None


def test_a_sorted_fraction_is_not_said_mixed_in_the_reasons() -> None:
    offers = declarations(
        'o,Tri,38.32,material,,"Clear PET bottles sorted from mixed household waste, baled",,,,,'
    )
    needs = declarations('n,Flaker,38.32,material,,"Clear PET bottles for our flake line",,,,,')
    (result,) = match(offers, needs)
    (candidate,) = result.candidates
    assert not any("mixed or soiled" in reason for reason in candidate.reasons)


# Goods condemned, seized or ordered destroyed go to a plant licensed to destroy them under
# witness (a cement kiln that co-processes, an incinerator), whatever they are made of.
@pytest.mark.parametrize(
    ("need_nace", "need", "partner", "near_miss"),
    [
        (
            "23.51",
            "Co-traitement en cimenterie : nous détruisons sous contrôle les marchandises saisies",
            "Contrefaçons de parfums saisies par la douane, ordre de destruction",
            "Parfums invendus de fin de série, à donner",
        ),
        (
            "38.21",
            "Our incinerator takes seized and recalled products for certified destruction",
            "Counterfeit sportswear seized by customs, court order to destroy it",
            "Unsold sportswear, new with tags, end of line",
        ),
    ],
)
def test_a_destruction_need_is_offered_condemned_goods_first(
    need_nace: str, need: str, partner: str, near_miss: str
) -> None:
    assert ranked(need, near_miss, partner, need_nace=need_nace)[:1] == ["o1"]


@pytest.mark.parametrize(
    "description",
    [
        "Riz avarié en sacs, ordonnance de destruction du tribunal",
        "Condemned sugar, 300 bags, contaminated in a warehouse flood",
    ],
)
def test_goods_ordered_destroyed_are_goods_for_destruction_first(description: str) -> None:
    assert shipped_families(description, role="offer", kind="material")[:1] == [
        "material.goods_for_destruction"
    ]


@pytest.mark.parametrize(
    ("description", "first"),
    [
        # Category 2 by-products keep their legal route; demolition is no destruction order.
        ("Viandes saisies par les services vétérinaires", "material.organic.animal_by_products"),
        ("Condemned meat from the slaughter line", "material.organic.animal_by_products"),
        ("Gravats issus de la destruction d'un hangar", "material.mineral"),
        ("Invendus alimentaires de la semaine", "material.organic.food_surplus"),
        # "À détruire" alone is the holder's wish, which a textile recycler meets too.
        ("Vêtements de travail usagés et EPI souillés, à détruire", "material.textile"),
    ],
)
def test_only_goods_ordered_destroyed_are_read_so(description: str, first: str) -> None:
    read = shipped_families(description, role="offer", kind="material")
    assert read[0].startswith(first)
    assert "material.goods_for_destruction" not in read[:1]


# The words of condemnation in their other senses, or denied, say no destruction order: stuck
# machines ("seized pumps", "seized-up"), a condemned building's materials, anti-counterfeit
# labels, genuine parts "not counterfeit", and "destruction" after an order cancelled in
# another clause.
@pytest.mark.parametrize(
    "description",
    [
        "Seized hydraulic pumps for rebuild",
        "Bricks and roof timber from a condemned building",
        "Anti-counterfeit holographic labels, surplus stock",
        "Étiquettes anti-contrefaçon invendues",
        "Genuine parts, not counterfeit",
        "Pièces automobiles d'origine, aucune contrefaçon",
        "Excess cardboard from a cancelled order, destined for destruction otherwise",
        "Surplus packaging film from a cancelled order; otherwise destroyed",
    ],
)
def test_words_of_condemnation_in_another_sense_or_denied_say_no_destruction(
    description: str,
) -> None:
    read = shipped_families(description, role="offer", kind="material")
    assert "material.goods_for_destruction" not in read, read
