"""Links the knowledge base refuses in writing are never proposed, and the readings that lead to
them. A treatment plant's raw inflow is no treated effluent: untreated sewage may not irrigate crops
(Regulation (EU) 2020/741 asks reclaimed water of a quality class; class A for vegetables eaten
raw), so it is never proposed to an irrigation need. A facilitator's review of round 11-12's
first fives found raw sewage proposed first to such a need."""

from __future__ import annotations

import pytest

from boucle.engines.matching import load_knowledge, match, meaning

from .helpers import declarations, shipped_families


@pytest.mark.parametrize(
    "description",
    [
        "Eaux usées brutes en entrée de station, non traitées",
        "Eaux usées non traitées du réseau d'assainissement",
        "Raw sewage from the municipal sewer network",
        "Untreated wastewater at the works inlet, before screening",
    ],
)
def test_a_treatment_plants_raw_inflow_is_not_its_treated_effluent(description: str) -> None:
    families = shipped_families(description, role="offer", kind="water", nace="37.00")

    assert families[0] == "water.wastewater"
    assert "water.treated_wastewater" not in families


@pytest.mark.parametrize(
    "description",
    [
        "Eaux usées traitées de qualité A, désinfection UV",
        "Treated sewage effluent from the municipal works, filtered and chlorinated",
        # Saying nothing of its state, a treatment plant's water is what plants discharge.
        "Eau de sortie de la station",
    ],
)
def test_a_treatment_plants_effluent_is_still_treated_wastewater(description: str) -> None:
    families = shipped_families(description, role="offer", kind="water", nace="37.00")

    assert "water.treated_wastewater" in families


@pytest.mark.parametrize("semantic", [False, True])
def test_a_market_gardener_is_offered_class_a_water_and_never_raw_sewage(semantic: bool) -> None:
    offers = declarations(
        'raw,STEP amont,37.00,water,,"Eaux usées brutes en entrée de station, non traitées",'
        "500000,m3,year,43.60,3.88",
        "raw_en,Sewer operator,37.00,water,,Raw sewage from the municipal sewer network,"
        "500000,m3,year,43.61,3.88",
        'classa,STEP aval,37.00,water,,"Eaux usées traitées de qualité A (REUT), désinfection UV",'
        "300000,m3,year,43.70,3.95",
        file="offers.csv",
    )
    needs = declarations(
        "veg,Maraîcher,01.13,water,,Eau d'irrigation pour nos salades et légumes consommés crus,"
        "50000,m3,year,43.62,3.90",
        "veg_en,Market garden,01.13,water,,Irrigation water for lettuce and vegetables eaten raw,"
        "50000,m3,year,43.62,3.90",
        file="needs.csv",
    )

    if semantic and not meaning.available():
        pytest.skip("the semantic view's model package is not installed")
    for found in match(offers, needs, knowledge=load_knowledge(), semantic=semantic):
        # Next door and worded alike, raw sewage is not even a neighbour sharing words: the
        # knowledge base's rule says it cannot serve a water need untreated (a refusal).
        assert [c.offer_id for c in found.candidates] == ["classa"]


def test_a_pet_food_maker_is_never_offered_category_1_fish_waste_however_near() -> None:
    # Regulation (EC) No 1069/2009: category 1 material may never enter feed or pet food. The
    # farther category 3 lot comes first, and the nearer category 1 lot not at all, though the
    # maker's sector uses fish by-products and both lots say "fish".
    offers = declarations(
        "cat3,Conserverie,10.20,material,,Chutes de filetage de cabillaud en bacs,,,,48.0,-4.0",
        "cat1,Criée,10.20,material,,Fish waste category 1 mixed with ice,,,,47.61,-3.0",
        file="offers.csv",
    )
    (need,) = declarations(
        "petfood,Petfood,10.92,material,,Sous-produits de poisson pour fabriquer nos aliments "
        "pour animaux de compagnie,,,,47.6,-3.0",
        file="needs.csv",
    )
    knowledge = load_knowledge()
    assert knowledge.refused[
        knowledge.index["material.organic.animal_by_products.category_1"],
        knowledge.index["material.organic.animal_feed"],
    ]

    (found,) = match(offers, [need], knowledge=knowledge)

    assert [c.offer_id for c in found.candidates] == ["cat3"]


@pytest.mark.parametrize(
    "description",
    [
        # What the by-products are for is said after "pour" / "for": feed, or a digester.
        "Coproduits de poisson pour nos pâtées pour chats",
        "Fish by-products for our dry pet food",
        "Déchets de poisson pour notre méthaniseur",
        "Fish offal for our anaerobic digester",
    ],
)
def test_a_refusal_holds_for_what_the_need_says_it_is_for(description: str) -> None:
    # Regulation (EC) No 1069/2009 Art. 12: category 1 material never enters feed, pet food or
    # a digester, though the need asks for fish by-products, which category 1 fish waste is.
    offers = declarations(
        "cat3,Conserverie,10.20,material,,Chutes de filetage de cabillaud en bacs,,,,48.0,-4.0",
        "cat1,Criée,10.20,material,,Fish waste category 1 mixed with ice,,,,47.61,-3.0",
        file="offers.csv",
    )
    quoted = '"' + description + '"'
    needs = declarations(f"need,Usine,10.92,material,,{quoted},,,,47.6,-3.0", file="needs.csv")

    (found,) = match(offers, needs, knowledge=load_knowledge())

    assert [c.offer_id for c in found.candidates] == ["cat3"]


def test_a_use_nobody_refuses_keeps_category_1_offers() -> None:
    # Category 1 material may be burnt as fuel (Art. 12): a boiler's need still gets it.
    offers = declarations(
        "cat1,Équarrissage,38.21,material,,Graisses animales de catégorie 1 fondues,,,,47.61,-3.0",
        file="offers.csv",
    )
    needs = declarations(
        "boiler,Usine,10.92,energy,,Combustible liquide pour notre chaudière vapeur,,,,47.6,-3.0",
        file="needs.csv",
    )

    (found,) = match(offers, needs, knowledge=load_knowledge())

    assert [c.offer_id for c in found.candidates] == ["cat1"]
