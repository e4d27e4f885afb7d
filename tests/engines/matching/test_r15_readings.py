"""Readings and reaches that round 15 of the evaluation set (specialist receivers, often far
away) found missing: portable and button cells, wind-turbine blades and glass-fibre
composites, seat belts as a technical textile, citrus pulp as a fruit residue, asbestos waste
said as an adjective, energy-rich feed, used textiles shipped across a country. Each probe is
worded afresh, not copied from the evaluation set."""

from __future__ import annotations

import pytest

from boucle.engines.matching import load_knowledge, match

from .helpers import declarations, shipped_families


@pytest.mark.parametrize(
    ("description", "role"),
    [
        ("Button cells and portable batteries collected in our shops' drop-off boxes", "offer"),
        ("Spent dry cells from our members' collection points, mixed chemistries", "offer"),
        ("Piles portables et piles boutons des bornes de collecte de nos magasins", "offer"),
        ("Shredded NMC feed for our leaching circuit, to recover nickel and cobalt", "need"),
    ],
)
def test_portable_and_button_cells_are_batteries(description: str, role: str) -> None:
    assert shipped_families(description, role=role, kind="material")[0] == (
        "material.metal.batteries"
    )


@pytest.mark.parametrize(
    ("description", "nace"),
    [
        # A power producer's own sector would otherwise speak for it (ash, heat, power).
        ("Wind turbine blades from our repowered park, cut into 12 m sections", "35.11"),
        ("Fiberglass blades with balsa core, taken down when we repowered", "35.11"),
        ("Pales d'éolienne démantelées, découpées sur site", "35.11"),
        ("Glass-fibre composite scrap from trimming our moulded panels", "22.29"),
    ],
)
def test_turbine_blades_and_glass_fibre_composites_are_composites(
    description: str, nace: str
) -> None:
    families = shipped_families(description, role="offer", kind="material", nace=nace)

    assert families[0] == "material.composites"


@pytest.mark.parametrize(
    "description",
    [
        "Ceintures de sécurité déposées sur les véhicules hors d'usage, sans boucles",
        "Seat-belt webbing offcuts from our restraint systems line",
    ],
)
def test_seat_belts_are_a_technical_textile_not_security(description: str) -> None:
    families = shipped_families(description, role="offer", kind="material")

    assert families[0] == "material.textile.technical"
    assert "expertise.security" not in families


@pytest.mark.parametrize(
    "description",
    ["Wet citrus pulp from our juice presses, daily", "Pulpe d'agrumes et écorces de pressage"],
)
def test_citrus_pulp_is_a_fruit_residue_not_paper_pulp(description: str) -> None:
    families = shipped_families(description, role="offer", kind="material")

    assert families[0] == "material.organic.pomace"
    assert "material.paper.recycled_fibre" not in families


@pytest.mark.parametrize(
    "description",
    [
        "Matériaux amiantés issus du désamiantage d'un collège, en big-bags",
        "Asbestos-containing materials from a roof removal, double-bagged",
    ],
)
def test_asbestos_said_as_an_adjective_is_hazardous_waste(description: str) -> None:
    families = shipped_families(description, role="offer", kind="material")

    assert families[0] == "material.hazardous_misc"


@pytest.mark.parametrize(
    "description",
    [
        "Chutes de tissu de composition connue, triées par coloris, à effilocher",
        "Cotton offcuts of known composition, sorted by colour",
    ],
)
def test_a_known_composition_is_no_composite(description: str) -> None:
    families = shipped_families(description, role="offer", kind="material")

    assert "material.composites" not in families


def test_composite_scrap_is_a_composite_not_metal_scrap() -> None:
    families = shipped_families(
        "Carbon fibre scrap and CFRP scrap from our drilling cells", role="offer", kind="material"
    )

    assert families[0] == "material.composites"
    assert "material.metal" not in families


@pytest.mark.parametrize(
    "description",
    [
        "Energy-rich co-product feed for our beef cattle, cheaper than barley",
        "Un coproduit riche en énergie pour la ration de nos laitières",
    ],
)
def test_energy_rich_feed_asks_for_no_energy(description: str) -> None:
    families = shipped_families(description, role="need", kind="material")

    assert not any(family.startswith("energy") for family in families)


def test_energy_rich_still_names_an_energy_feed_in_its_phrase() -> None:
    families = shipped_families("Aliment riche en énergie pour vaches", role="need")

    assert families[0] == "material.organic.animal_feed.energy_feed"


def test_other_words_before_rich_still_name_the_resource() -> None:
    assert "material.metal.non_ferrous_mixed" in shipped_families(
        "Zinc-rich dross from our galvanising kettle", role="offer", kind="material"
    )


def test_used_textiles_reach_a_fibre_recycler_across_the_country() -> None:
    # About 420 km apart (Lille to Tours): beyond the six decay distances of a material's
    # 60 km, within a textile's 150 km.
    offers = declarations(
        "clothes,Tri textile du Nord,38.32,material,,Vêtements usagés non réutilisables triés "
        "coton,2000,t,year,50.63,3.06",
        file="offers.csv",
    )
    needs = declarations(
        "mill,Filature,13.10,material,,Textiles usagés en coton pour notre ligne "
        "d'effilochage,1500,t,year,47.40,0.69",
        file="needs.csv",
    )

    (found,) = match(offers, needs, knowledge=load_knowledge())

    assert [c.offer_id for c in found.candidates] == ["clothes"]
    assert found.candidates[0].distance_km > 360


@pytest.mark.parametrize(
    ("description", "family"),
    [
        # Blades of steam turbines and helicopters are metal, not composites.
        ("Steel turbine blades from a steam turbine overhaul, Inconel", "material.metal"),
        ("Rotor blades from our decommissioned helicopters, aluminium", "material.metal"),
        ("Fibreglass insulation batts from a loft clearance", "material.mineral.mineral_wool"),
    ],
)
def test_other_blades_and_glass_fibre_insulation_are_not_composites(
    description: str, family: str
) -> None:
    families = shipped_families(description, role="offer", kind="material")

    assert families[0].startswith(family)
    assert "material.composites" not in families


def test_solar_cell_scrap_is_no_battery() -> None:
    families = shipped_families("Solar cell scrap, broken silicon wafers", role="offer")

    assert "material.metal.batteries" not in families
