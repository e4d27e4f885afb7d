"""Words of a declaration that are not what it offers or wants (round 12): how the goods
travel or are packed, how many containers they fill, what a spec must meet; and the cases
where those words are the thing itself."""

from __future__ import annotations

import pytest

from boucle.engines.matching import load_knowledge

from .helpers import shipped_families


def families(description: str, *, role: str = "offer", kind: str = "", nace: str = "") -> list[str]:
    return shipped_families(description, role=role, kind=kind, nace=nace)


# A truck or a tanker named after "par", "by", "en" in a declaration of a material, energy or
# water is how the goods travel.
@pytest.mark.parametrize(
    ("description", "role", "kind"),
    [
        ("Calcaire de carrière pour notre cru, livraison par camion", "need", "material"),
        ("Fine limestone filler wanted, delivered by truck to the works", "need", "material"),
        ("Fioul domestique pour nos serres, livré en camion-citerne chaque mois", "need", "energy"),
        ("Biodiesel for our buses, delivered by tank lorry to the depots", "need", "energy"),
        ("Solvants usés collectés par camion à la demande", "offer", "material"),
        ("Eau de process filtrée, enlevée par camion-benne ou citerne", "offer", "water"),
    ],
)
def test_a_truck_the_goods_travel_by_is_no_truck_capacity(
    description: str, role: str, kind: str
) -> None:
    read = families(description, role=role, kind=kind)
    assert not {"logistics.truck_capacity", "equipment.vehicles"} & set(read), read


# ... nor a verb that shares a stem with a family's word: "must meet the spec" is no meeting,
# "our engine makers" no engineering.
@pytest.mark.parametrize(
    ("description", "family"),
    [
        ("Diesel fuel, must meet EN 590; delivered to the depot", "space.meeting_room"),
        ("Verre trié, must meet the glassworks' cullet spec", "space.meeting_room"),
        ("Renewable diesel that meets our engine makers' fuel spec", "expertise.engineering"),
        ("Used engine oil from our truck workshop", "expertise.engineering"),
    ],
)
def test_meet_and_engine_are_no_meeting_nor_engineering(description: str, family: str) -> None:
    assert family not in families(description, kind="material")


# "Plateforme" is an industrial site, a logistics or a retail platform as often as a yard.
@pytest.mark.parametrize(
    "description",
    [
        "Huiles refusées par les plateformes de la grande distribution",
        "Chaleur basse température collectable en limite de plateforme",
        "Vapeur disponible pour les industriels de la plateforme chimique",
    ],
)
def test_a_platform_is_no_storage_yard(description: str) -> None:
    assert "space.outdoor_storage" not in families(description, kind="material")


# Containers counted, then what they hold, are the quantity of the goods.
@pytest.mark.parametrize(
    "description",
    [
        "Une quinzaine de palettes d'huiles bio en bouteilles, DLUO courte",
        "Vingt palettes de conserves de légumes proches de la date limite",
        "Three pallets of bottled water, past best-before",
        "Une dizaine de palettes de biscuits, DLUO courte",
        "Two IBCs of glycerine from our biodiesel unit",
        "Several big bags of sugar, off-spec",
    ],
)
def test_counted_containers_are_the_quantity_of_the_goods(description: str) -> None:
    read = families(description, kind="material")
    assert not [f for f in read if f.startswith(("equipment.pallets", "material.packaging"))]
    assert "material.plastic.big_bags" not in read, read


@pytest.mark.parametrize(
    ("description", "kind", "family"),
    [
        ("Palettes bois à donner", "material", "equipment.pallets"),
        ("20 palettes de bois cassées", "material", "equipment.pallets"),
        ("20 palettes Europe en bon état", "equipment", "equipment.pallets"),
        ("Une centaine de palettes d'occasion, 80x120", "equipment", "equipment.pallets"),
        ("Cuves inox d'occasion, 10 000 l", "equipment", "equipment.tanks"),
        ("Camion frigorifique disponible le week-end", "equipment", "equipment.vehicles"),
        ("Camion-citerne 10 000 l à vendre", "equipment", "equipment.vehicles"),
        ("Used tank truck, 12 m3, stainless", "equipment", "equipment.vehicles"),
        ("Camion à vide au retour de Lyon le vendredi", "logistics", "logistics.truck_capacity"),
        ("Plateforme bétonnée de 2 000 m2 pour stockage", "space", "space.outdoor_storage"),
        ("Meeting rooms available in our new building", "space", "space.meeting_room"),
        ("Two engineers available for your energy projects", "expertise", "expertise.engineering"),
    ],
)
def test_pallets_tanks_trucks_and_rooms_that_are_the_thing(
    description: str, kind: str, family: str
) -> None:
    assert families(description, kind=kind)[0].startswith(family)


# Jobs and roles are people, not materials or equipment: shelf fillers are no mineral filler,
# cabin crew no cabins, security-cleared staff no security service. A need or an offer of
# people (casual staff, temps, seconded employees, "personnel mis à disposition") is staff.
@pytest.mark.parametrize(
    ("description", "role"),
    [
        ("Casual team members within days for our stores: shelf fillers, DC pickers", "need"),
        ("Shelf stackers and order pickers needed for the Christmas rush", "need"),
        ("Temp staff wanted for our warehouse peak in December", "need"),
        ("Personnel intérimaire recherché : préparateurs de commandes et caristes", "need"),
        ("Cabin crew and ground handlers stood down, free for temporary work", "offer"),
        ("Security-cleared staff available for temporary assignments", "offer"),
        ("Salariés en chômage partiel mis à disposition des entreprises voisines", "offer"),
        ("We can second employees to your plant for a few weeks", "offer"),
        ("Personnel navigant et personnel au sol disponibles pour des missions", "offer"),
        ("Chauffeurs poids lourds pour la campagne betteravière", "need"),
        ("Care assistants for the wards during the surge: runners, bed making", "need"),
        ("Aides-soignants en renfort pour l'été dans nos EHPAD", "need"),
    ],
)
def test_people_are_staff(description: str, role: str) -> None:
    read = families(description, role=role, kind="expertise")
    assert read[0] == "expertise.shared_staff", read
    assert not {"material.mineral.silt_filler", "equipment.cabins", "expertise.security"} & set(
        read
    )


@pytest.mark.parametrize(
    ("description", "kind", "family"),
    [
        (
            "Mineral filler for our paints, calcium carbonate",
            "material",
            "material.mineral.silt_filler",
        ),
        ("Site cabins for sale, 6 units", "equipment", "equipment.cabins"),
        ("Cabines de télécabine après remplacement de l'appareil", "equipment", "equipment.cabins"),
        (
            "Site security and guarding shared among the park's firms",
            "expertise",
            "expertise.security",
        ),
        ("Gardiennage mutualisé de la zone d'activités", "expertise", "expertise.security"),
        (
            "Préparation de commandes et stockage pour notre e-commerce",
            "logistics",
            "logistics.warehouse_space",
        ),
        (
            "Espace de stockage pour nos pics saisonniers, 500 m2",
            "logistics",
            "logistics.warehouse_space",
        ),
    ],
)
def test_fillers_cabins_security_and_order_picking_that_are_the_thing(
    description: str, kind: str, family: str
) -> None:
    assert families(description, role="need", kind=kind)[0] == family


# CO2 for enhanced oil recovery is named by its use: a miscible flood, EOR, an injectant in
# dense phase; "recycled with the produced gas" is no electronic waste.
@pytest.mark.parametrize(
    "description",
    [
        "Dense-phase injectant for miscible flooding of our carbonate reservoir",
        "Looking for an injectant for miscible flooding of our tight oil reservoir",
        "Supply for enhanced oil recovery in our mature field, by pipeline",
        "Gaz pour la récupération assistée du pétrole de notre gisement",
        "Nous cherchons un fluide d'injection miscible pour notre gisement en fin de vie",
    ],
)
def test_an_injectant_for_miscible_flooding_is_co2(description: str) -> None:
    assert families(description, role="need", kind="material", nace="06.10")[:1] == [
        "material.chemical.co2"
    ]


@pytest.mark.parametrize(
    "description",
    [
        "Steady supply for decades; recycled with the produced gas",
        "Recycled polypropylene pellets for injection moulding",
        "Granulats recyclés pour nos sous-couches",
    ],
)
def test_recycled_is_no_electronic_waste(description: str) -> None:
    assert "material.weee" not in families(description, role="need", kind="material")


@pytest.mark.parametrize(
    ("description", "family"),
    [
        ("Old computers and laptops for recycling from our office refit", "material.weee"),
        ("Broken screens and phones for recycling", "material.weee"),
        ("Pulverised coal injectant for our blast furnace tuyeres", "material.fuel.coal_petcoke"),
    ],
)
def test_electronics_and_other_injectants_still_are(description: str, family: str) -> None:
    assert families(description, role="offer", kind="material")[0] == family


# A cement works names its raw meal's correctives by what they bring: iron, alumina, silica.
@pytest.mark.parametrize(
    "description",
    [
        "Correcteur ferrugineux et alumineux, granulométrie fine, livraison par camion",
        "Ferruginous corrective wanted, fine and of steady moisture",
        "Cimenterie cherche correcteur alumineux, 20 000 t par an",
        "Nous recherchons un correcteur ferrique en remplacement du minerai de fer",
        "Aluminous correctives wanted by our clinker line, delivered in bulk",
    ],
)
def test_iron_and_alumina_correctives_are_cement_raw_material(description: str) -> None:
    assert families(description, role="need", kind="material", nace="23.51")[:1] == [
        "material.mineral.cement_raw_material"
    ]


@pytest.mark.parametrize(
    ("description", "family"),
    [
        ("Résidu de bauxite déshydraté au filtre-presse, riche en fer", "material.mineral.red_mud"),
        ("Calamine de laminage, battitures, 2 000 t/an", "material.metal.mill_scale"),
    ],
)
def test_red_mud_and_mill_scale_meet_a_cement_works_corrective(
    description: str, family: str
) -> None:
    assert families(description, kind="material")[0] == family
    strength, _ = load_knowledge().compatibility(family, "material.mineral.cement_raw_material")
    assert strength >= 0.65


@pytest.mark.parametrize(
    "description",
    ["Correcteur de pH pour nos effluents, soude ou chaux", "pH corrector for our effluent"],
)
def test_a_ph_corrector_is_no_cement_raw_material(description: str) -> None:
    read = families(description, role="need", kind="material")
    assert "material.mineral.cement_raw_material" not in read
