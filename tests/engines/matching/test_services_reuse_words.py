"""Words of services, culture and building re-use (round 11): what they name, in French and
in English, and what they must not."""

from __future__ import annotations

import pytest

from .helpers import shipped_families


def families(description: str, *, role: str = "offer", kind: str = "") -> list[str]:
    return shipped_families(description, role=role, kind=kind)


# "Feuilles" are sheets as often as leaves, "leaves" a verb as often as a noun, "partitions"
# French music scores: each names its family only in the phrases that settle it.
@pytest.mark.parametrize(
    ("description", "family"),
    [
        ("Feuilles de placage de chêne, fins de rouleaux", "material.organic.green_waste"),
        ("Feuilles de calage et gâche papier de l'imprimerie", "material.organic.green_waste"),
        ("Condensate that leaves the dryer at 80 C", "material.organic.green_waste"),
        ("Cooling water, leaves the plant clean at 30 C", "material.organic.green_waste"),
        ("Partitions d'orchestre et pupitres de la fanfare", "equipment.office_furniture"),
    ],
)
def test_sheets_a_verb_and_scores_are_no_leaves_nor_partitions(
    description: str, family: str
) -> None:
    assert family not in families(description)


@pytest.mark.parametrize(
    ("description", "family"),
    [
        ("Feuilles mortes ramassées dans les parcs", "material.organic.green_waste"),
        ("Tontes et feuilles mortes des espaces verts", "material.organic.green_waste"),
        ("Fallen leaves from street sweeping in autumn", "material.organic.green_waste"),
        ("Glass office partitions from a refit", "equipment.office_furniture"),
        ("Cloisons de bureau démontables", "equipment.office_furniture"),
    ],
)
def test_dead_leaves_and_office_partitions_still_are(description: str, family: str) -> None:
    assert families(description)[:1] == [family]


# A theatre's painted cloths, flats and costumes are what performing-arts and creative reuse
# centres take: sets, and clothing.
@pytest.mark.parametrize(
    ("description", "family"),
    [
        ("Toiles de fond d'une ancienne production, roulées", "material.event_sets"),
        ("Feuilles de décor en contreplaqué, peintes", "material.event_sets"),
        ("Painted backdrops from a touring production", "material.event_sets"),
        ("Backcloths and theatre flats from the scene dock", "material.event_sets"),
        ("Costumes d'un festival de rue à donner", "material.textile.clothing"),
        ("Used costumes from the carnival parade", "material.textile.clothing"),
    ],
)
def test_painted_cloths_flats_and_costumes(description: str, family: str) -> None:
    assert families(description)[:1] == [family]


@pytest.mark.parametrize(
    "description",
    ["Toiles de tente usagées", "Papier décor pour panneaux mélaminés", "Painted steel sheet"],
)
def test_tents_decor_paper_and_painted_sheet_are_no_sets(description: str) -> None:
    assert "material.event_sets" not in families(description)


# A covered area is asked for to store under a roof.
@pytest.mark.parametrize(
    "description",
    [
        "On cherche une surface couverte de 500 m2 pour entreposer du matériel",
        "Looking for covered space to keep our pallets over winter",
    ],
)
def test_a_covered_area_is_storage_space(description: str) -> None:
    assert families(description, role="need", kind="space")[:1] == ["logistics.warehouse_space"]


def test_office_floors_are_no_covered_storage() -> None:
    assert "logistics.warehouse_space" not in families("Plateau de bureaux à louer", kind="space")


# The van a material need comes by is how it collects, not what it wants.
@pytest.mark.parametrize(
    "description",
    [
        "Tournée du vendredi en camionnette: de quoi remplir l'épicerie solidaire",
        "Weekly round by van to pick up what can feed our guests",
        "Collecte avec notre véhicule utilitaire, le mardi, pour les familles",
    ],
)
def test_the_vehicle_a_material_need_comes_by_is_not_wanted(description: str) -> None:
    assert "equipment.vehicles" not in families(description, role="need", kind="material")


@pytest.mark.parametrize(
    ("description", "kind", "role"),
    [
        ("Véhicules électriques de service à vendre", "equipment", "offer"),
        ("On cherche des vélos cargo pour nos tournées", "equipment", "need"),
        ("Camionnettes de la flotte remplacées, en état de marche", "material", "offer"),
    ],
)
def test_vehicles_offered_or_wanted_still_are(description: str, kind: str, role: str) -> None:
    assert families(description, role=role, kind=kind)[:1] == ["equipment.vehicles"]


@pytest.mark.parametrize(
    "description", ["Viennoiseries invendues du soir", "Unsold pastries from our café counter"]
)
def test_pastries_are_bakery_surplus(description: str) -> None:
    assert families(description)[:1] == ["material.organic.bakery_waste"]


# Stone and timber taken down by hand are re-used whole: dressed stone, rubble stone, setts,
# granite kerbs, framing timber.
@pytest.mark.parametrize(
    ("description", "role"),
    [
        ("Pierres de taille déposées lors de la démolition d'une grange", "offer"),
        ("Moellons de démolition triés, sur palettes", "offer"),
        ("Granite setts lifted from an old street", "offer"),
        ("Reclaimed stone and granite kerbs from a station forecourt", "offer"),
        ("Charpente de récupération pour un abri de jardin partagé", "need"),
        ("Pavés de granit pour une cour intérieure", "need"),
    ],
)
def test_reclaimed_stone_and_timber_are_reusable_building_materials(
    description: str, role: str
) -> None:
    assert families(description, role=role, kind="material")[:1] == ["equipment.building_materials"]


@pytest.mark.parametrize(
    ("description", "family"),
    [
        ("Bordures de trottoir cassées", "material.mineral.aggregate.recycled_concrete"),
        ("Broken kerbs and paving slabs", "material.mineral.aggregate.recycled_concrete"),
        ("Pierre concassée 0/20 de carrière", "material.mineral.aggregate.natural"),
    ],
)
def test_broken_kerbs_and_crushed_stone_stay_what_they_are(description: str, family: str) -> None:
    assert families(description)[:1] == [family]
