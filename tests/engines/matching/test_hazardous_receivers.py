"""A hazardous offer goes to a need from a trade licensed to receive it (a cement kiln, a lead
smelter, an acid regenerator), not to one that merely uses the same family in its clean form
(a digester using sludge, a pulp mill using caustic soda), unless the need says it takes
hazardous waste; a need asking that its lot be checked or free of asbestos accepts none."""

from __future__ import annotations

import numpy as np
import pytest

from boucle.engines.matching import Declaration, load_knowledge, match
from boucle.engines.matching.knowledge import DATA_DIR
from boucle.engines.matching.resolve import resolve

from .helpers import declarations, shipped_rows

# Around Lyon, a few kilometres apart.
OFFERS = declarations(
    "hydrox,Traitement de surface,25.61,material,19 02 05*,"
    "Boues d'hydroxydes métalliques de la station de détoxication,300,t,year,45.75,4.85",
    "chemsludge,Chimie fine,20.14,material,07 01 11*,"
    "Sludge from on-site effluent treatment containing hazardous substances,500,t,year,45.76,4.86",
    "dairy,Laiterie,10.51,material,02 05 02,"
    "Boues de la station d'épuration de la laiterie,2000,t,year,45.74,4.84",
    "solvents,Peintures,20.30,material,14 06 03*,Solvants usés non halogénés,400,t,year,45.75,4.86",
    "dross,Fonderie alu,24.53,material,10 03 09*,Crasses noires d'aluminium,200,t,year,45.76,4.85",
    "caustic,Chimie,20.14,material,06 02 04*,Soude usée de lavage de gaz,800,t,year,45.75,4.84",
    "pickling,Galvanisation,25.61,material,11 01 05*,"
    "Bains de décapage usés à l'acide chlorhydrique,900,t,year,45.76,4.86",
    "batteries,Garage,45.20,material,16 06 01*,Batteries au plomb usagées,30,t,year,45.74,4.86",
    "catalyst,Raffinerie,19.20,material,16 08 02*,"
    "Spent NiMo hydrotreating catalyst,150,t,year,45.76,4.84",
    "asbestos,Couverture,43.91,material,17 06 05*,"
    "Plaques de fibrociment amiantées déposées,60,t,year,45.75,4.85",
    "clean,Démolition,43.11,material,17 01 07,Gravats de béton propres,5000,t,year,45.75,4.85",
    file="offers.csv",
)
NEEDS = declarations(
    "digester,Méthanisation,35.21,material,,Boues et déchets organiques pour notre méthaniseur,"
    "5000,t,year,45.75,4.85",
    "biogas,Biogas plant,35.21,material,,Sludge for our anaerobic digester,5000,t,year,45.75,4.85",
    "kiln_fr,Cimenterie,23.51,material,,Combustibles liquides de substitution pour le four,"
    "20000,t,year,45.75,4.85",
    "kiln_en,Cement works,23.51,material,,High calorific waste for co-processing in our kiln,"
    "20000,t,year,45.75,4.85",
    "zinc,Zinc,24.43,material,,Crasses et écumes de zinc,500,t,year,45.75,4.85",
    "lead,Fonderie de plomb,24.43,material,,Batteries usagées pour notre fonderie,"
    "5000,t,year,45.75,4.85",
    "pulp,Papeterie,17.11,material,,Soude caustique pour la cuisson du bois,3000,t,year,45.75,4.85",
    "pulp_ok,Papeterie,17.11,material,,"
    "Soude caustique pour la cuisson du bois; déchets dangereux acceptés,3000,t,year,45.75,4.85",
    "ferric,Chimie minérale,20.13,material,,"
    "Acide de décapage usé pour notre production de chlorure ferrique,3000,t,year,45.75,4.85",
    "metals,Metal recovery,24.45,material,,"
    "Spent catalysts for our nickel and molybdenum recovery furnace,500,t,year,45.75,4.85",
    "fill_fr,Terrassement,43.12,material,,"
    "\"Terres et gravats pour remblai, certificat d'absence d'amiante requis\","
    "5000,t,year,45.75,4.85",
    "fill_en,Groundworks,43.12,material,,"
    '"Demolition materials for a platform, asbestos survey required",5000,t,year,45.75,4.85',
    file="needs.csv",
)
HAZARDOUS = {
    "hydrox",
    "chemsludge",
    "solvents",
    "dross",
    "caustic",
    "pickling",
    "batteries",
    "catalyst",
    "asbestos",
}


def proposed() -> dict[str, list[str]]:
    """Every offer proposed to each need, fallbacks included."""
    return {
        result.need_id: [c.offer_id for c in result.candidates]
        for result in match(OFFERS, NEEDS, knowledge=load_knowledge())
    }


def test_a_digester_asking_for_sludge_gets_no_hazardous_sludge() -> None:
    candidates = proposed()
    for need in ("digester", "biogas"):
        assert "dairy" in candidates[need], need
        assert not HAZARDOUS & set(candidates[need]), need


def test_a_cement_kiln_asking_for_alternative_fuels_gets_spent_solvents() -> None:
    candidates = proposed()
    assert candidates["kiln_fr"][0] == "solvents"
    # By its sector alone: cement kilns co-incinerate hazardous waste (IED Annex I 5.2(b)),
    # the chemical sludge the digesters do not get among it.
    assert {"solvents", "chemsludge"} <= set(candidates["kiln_en"])


def test_hazardous_dross_goes_to_no_smelter_that_does_not_say_it_takes_it() -> None:
    assert "dross" not in proposed()["zinc"]


def test_smelters_get_the_hazardous_waste_their_trade_recovers() -> None:
    candidates = proposed()
    assert candidates["lead"][0] == "batteries"
    assert candidates["metals"][0] == "catalyst"


def test_spent_caustic_goes_to_no_pulp_mill_that_does_not_say_it_takes_it() -> None:
    candidates = proposed()
    assert "caustic" not in candidates["pulp"]
    assert "caustic" in candidates["pulp_ok"]


def test_an_acid_regenerator_gets_spent_pickling_acid() -> None:
    assert proposed()["ferric"][0] == "pickling"


def test_a_need_asking_for_an_asbestos_survey_gets_no_hazardous_waste() -> None:
    candidates = proposed()
    for need in ("fill_fr", "fill_en"):
        assert "clean" in candidates[need], need
        assert not HAZARDOUS & set(candidates[need]), need


@pytest.mark.parametrize(
    "description",
    [
        "certificat d'absence d'amiante requis",
        "Terres pour remblai, certificat d'absence d'amiante requis",
        "Matériaux de démolition, certificat d'absence d'amiante requis",
        "Terres exemptes d'amiante",
        "asbestos survey required",
        "Demolition materials, asbestos survey required",
        "Soil for landscaping, asbestos-free",
        "Huile de transformateur exempte de PCB",
        "Remblai sans amiante ni déchets dangereux",
    ],
)
def test_a_lot_asked_to_be_checked_or_free_of_a_substance_names_no_hazardous_family(
    description: str,
) -> None:
    knowledge = load_knowledge()
    need = resolve(Declaration(id="x", description=description), knowledge, role="need")
    assert (need.hazardous, need.accepts_hazardous, need.substances) == (False, False, 0)
    families = [f.resource for f in need.families]
    assert not any(knowledge.hazardous_family[knowledge.index[f]] for f in families), families


def test_an_offer_found_free_of_asbestos_names_no_hazardous_family() -> None:
    knowledge = load_knowledge()
    for description in ("Terres, diagnostic amiante négatif", "Terres exemptes d'amiante"):
        offer = resolve(Declaration(id="x", description=description), knowledge, role="offer")
        assert not offer.hazardous, description
        assert "material.hazardous_misc" not in [f.resource for f in offer.families]


def test_each_hazardous_receiver_is_sourced_and_names_a_known_sector_and_family() -> None:
    knowledge = load_knowledge()
    assert (DATA_DIR / "hazardous_receivers.csv").exists()
    rows = shipped_rows("hazardous_receivers.csv")
    assert rows
    for row in rows:
        assert row["nace"] in knowledge.nace_labels, row
        assert row["resource"] in knowledge.resources, row
        assert all(row[column] for column in ("rationale", "rationale_fr", "source")), row
    # Trades that use a family in its clean form are no receivers of its hazardous waste.
    for nace, family in [
        ("35.21", "material.organic.industrial_sludge"),  # digesters
        ("38.21", "material.organic.industrial_sludge"),  # non-hazardous waste treatment
        ("17.11", "material.chemical.alkalis"),  # pulp mills
        ("24.42", "material.metal.dross"),  # aluminium producers
        ("24.43", "material.metal.dross"),
        ("42.11", "material.mineral.aggregate.reclaimed_asphalt"),  # road builders
        ("01.11", "material"),  # farms
        ("10.91", "material"),  # feed makers
    ]:
        assert not knowledge.receives_hazardous(nace)[knowledge.index[family]], (nace, family)
    assert knowledge.receives_hazardous("23.51")[knowledge.index["material.chemical.solvents"]]
    assert not np.any(knowledge.receives_hazardous(None))


@pytest.mark.parametrize(
    "description",
    [
        "Terres non exemptes d'amiante",
        "Gravats, absence d'amiante non garantie",
        "Rubble, absence of asbestos not guaranteed",
        "Gravats, présence d'amiante non exclue",
        "Demolition rubble, asbestos not ruled out",
        "Gravats, amiante possible",
    ],
)
def test_an_offer_whose_absence_of_asbestos_is_not_certain_stays_hazardous(
    description: str,
) -> None:
    # A denied denial ("non exemptes") or an absence not guaranteed is no absence: the lot
    # may hold asbestos and goes only to a need that takes hazardous waste.
    offer = resolve(Declaration(id="x", description=description), load_knowledge(), role="offer")
    assert offer.hazardous, description


def test_a_need_asking_for_a_hazardous_product_gets_that_family_only() -> None:
    # A farm acidifying slurry, a cannery treating its water: sulphuric acid is a hazardous
    # family, which made the need accept every hazardous waste (asbestos, hydroxide sludge).
    offers = declarations(
        "acid,Chimie,20.13,material,,"
        "Acide sulfurique technique 98 % en surplus,300,t,year,45.75,4.85",
        "spent,Chimie,20.14,material,,Acide sulfurique usé à 70 %,300,t,year,45.75,4.85",
        "asbestos,Couverture,43.91,material,17 06 05*,"
        "Plaques de fibrociment amiantées,60,t,year,45.75,4.85",
        "hydrox,Traitement de surface,25.61,material,19 02 05*,"
        "Boues d'hydroxydes métalliques,300,t,year,45.75,4.85",
        file="offers.csv",
    )
    needs = declarations(
        "farm,Ferme,01.11,material,,Acide sulfurique pour acidifier le lisier,50,t,year,45.75,4.85",
        "cannery,Conserverie,10.39,material,,"
        "Acide sulfurique pour le traitement de l'eau,50,t,year,45.75,4.85",
        file="needs.csv",
    )
    for result in match(offers, needs, knowledge=load_knowledge()):
        candidates = [c.offer_id for c in result.candidates]
        assert candidates[:2] == ["acid", "spent"], result.need_id
        assert not {"asbestos", "hydrox"} & set(candidates), result.need_id


def test_unused_pesticides_are_hazardous_and_reach_no_food_bank_nor_feed_maker() -> None:
    offers = declarations(
        "pest,Coop agricole,46.75,material,,Pesticides périmés en bidons,3,t,year,45.75,4.85",
        "herb,Farm supply,46.75,material,,Expired herbicides,2,t,year,45.75,4.85",
        "food,Laiterie,10.51,material,,Yaourts invendus,20,t,year,45.75,4.85",
        file="offers.csv",
    )
    needs = declarations(
        "bank,Banque alimentaire,88.99,material,,Denrées alimentaires,50,t,year,45.75,4.85",
        "feed,Aliments du bétail,10.91,material,,Matières premières pour aliments,"
        "500,t,year,45.75,4.85",
        "dig,Méthaniseur,35.21,material,,Tous déchets organiques,5000,t,year,45.75,4.85",
        file="needs.csv",
    )
    for result in match(offers, needs, knowledge=load_knowledge()):
        assert not {"pest", "herb"} & {c.offer_id for c in result.candidates}, result.need_id
    knowledge = load_knowledge()
    for description in ("Pommes cultivées sans pesticides", "Organic apples, no pesticides"):
        offer = resolve(
            Declaration(id="x", description=description, kind="material"), knowledge, role="offer"
        )
        assert not offer.hazardous, description
