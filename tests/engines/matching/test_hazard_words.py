"""A text that names a hazard makes its offer hazardous, whatever family comes first; a text
that denies it does not."""

from __future__ import annotations

import pytest

from boucle.engines.matching import Declaration, load_knowledge, match
from boucle.engines.matching.explain import _hazard_key
from boucle.engines.matching.hazards import ASBESTOS, PCB
from boucle.engines.matching.resolve import resolve

from .helpers import declarations


def read(description: str, kind: str = "material", role: str = "offer") -> tuple[bool, bool]:
    """(hazardous, accepts hazardous) of a declaration with these words."""
    declaration = Declaration(id="x", description=description, kind=kind)
    resolution = resolve(declaration, load_knowledge(), role=role)
    return resolution.hazardous, resolution.accepts_hazardous


def taken(description: str) -> int:
    """The hazardous substances a need with these words says it takes."""
    declaration = Declaration(id="x", description=description, kind="material")
    return resolve(declaration, load_knowledge(), role="need").substances


@pytest.mark.parametrize(
    ("description", "kind"),
    [
        ("Gravats de démolition avec quelques plaques de toiture amiantées", "material"),
        ("Crushed brick and concrete, contains asbestos sheeting", "material"),
        ("Ferrailles de démolition d'un poste électrique, transformateurs au pyralène", "material"),
        ("Scrapped distribution transformers still filled with PCB oil", "equipment"),
        ("Boues de peinture en fûts, classées dangereuses", "material"),
        ("Steel drums with residues, hazardous, ADR class 3", "material"),
        ("Clôtures et poteaux créosotés avec leur grillage", "material"),
        # Still there: to be removed, not removed, or something else was.
        ("Concrete rubble with asbestos sheets to be removed", "material"),
        ("Gravats de démolition avec amiante, ferraille retirée", "material"),
        ("Plaques amiantées non retirées", "material"),
        ("Transformateurs au pyralène, huile non enlevée", "equipment"),
        ("Dalles de sol amiantées pas encore enlevées", "material"),
        ("Roof sheets, asbestos not yet stripped", "material"),
        # PCB with what holds it, ADR with its class:
        ("Condensateurs au PCB démontés d'une sous-station", "equipment"),
        ("Waste transformer oil, PCB 60 ppm", "material"),
        ("Fûts de solvants usagés, ADR classe 3", "material"),
    ],
)
def test_a_named_hazard_makes_an_offer_hazardous_whatever_comes_first(
    description: str, kind: str
) -> None:
    assert read(description, kind)[0]


@pytest.mark.parametrize(
    ("description", "kind"),
    [
        ("Plaques de fibrociment sans amiante, déposées en toiture", "material"),
        ("Asbestos-free cement board offcuts", "material"),
        ("Gravats de béton : ne contient pas d'amiante", "material"),
        ("Boues de lavage non classées dangereuses", "material"),
        ("Washing sludge, not classified as hazardous", "material"),
        ("Gravats inertes, déchets non dangereux", "material"),
        ("Terre végétale décapée, fragments d'amiante retirés au tri", "material"),
        ("Excavated soil, sorted on site, asbestos fragments removed", "material"),
        ("Crushed concrete from a block whose asbestos was removed before demolition", "material"),
        # The hazard is what equipment holds or carries, not what it is:
        ("Armoire de sécurité pour produits dangereux", "equipment"),
        ("ADR-certified tanker trucks with spare capacity", "logistics"),
        # Printed circuit boards, packaging approved for dangerous goods, a check found nothing:
        ("PCB scrap (printed circuit boards) from our SMT line", "material"),
        ("Cartes PCB usagées de serveurs", "material"),
        ("Fûts métalliques vides homologués ADR", "material"),
        ("Empty ADR-approved IBCs, rinsed", "material"),
        ("Gravats, diagnostic amiante négatif", "material"),
        ("Concrete rubble, asbestos survey negative", "material"),
    ],
)
def test_a_denied_or_removed_hazard_or_one_a_service_handles_is_not_hazardous(
    description: str, kind: str
) -> None:
    assert not read(description, kind)[0]


def test_a_need_that_says_non_hazardous_takes_no_hazardous_waste() -> None:
    assert not read("Gravats inertes, déchets non dangereux uniquement", role="need")[1]
    assert not read("Inert rubble only; asbestos refused", role="need")[1]
    assert not taken("Inert rubble only; asbestos refused")


def test_a_need_that_takes_a_substance_takes_that_one() -> None:
    assert taken("Collecte de déchets amiantés et de fibrociment amianté") == ASBESTOS
    assert taken("We take asbestos-cement sheets to our licensed cell") == ASBESTOS
    assert taken("Décontamination de transformateurs au PCB") == PCB


@pytest.mark.parametrize(
    "description",
    [
        "Terres et gravats inertes pour remblai, diagnostic amiante exigé",
        "Remblai inerte : repérage amiante fourni par le producteur",
        "Hardcore for a yard, asbestos test certificate needed",
        "Clean concrete rubble only, asbestos-tested",
        "Bois de palettes, jamais de bois créosoté",
    ],
)
def test_a_need_asking_for_a_check_or_denying_a_substance_takes_no_hazardous_waste(
    description: str,
) -> None:
    assert read(description, role="need") == (False, False)
    assert not taken(description)


# An inert-waste crusher (38.32) near Toulouse; a demolition firm has clean concrete rubble,
# another rubble with asbestos-cement sheets in it; a licensed landfill takes asbestos.
OFFERS = declarations(
    "clean,Démolition A,43.11,material,,Gravats de béton propres,900,t,year,43.60,1.44",
    "asb,Démol B,43.11,material,,Gravats de béton avec plaques amiantées,900,t,year,43.60,1.44",
    "asb_en,Demolition C,43.11,material,,Concrete rubble mixed with asbestos-cement sheets,"
    "900,t,year,43.60,1.44",
    # Fibre cement is inert rubble, unless its words say it holds asbestos.
    "fc,Couverture D,43.91,material,,Ardoises en fibrociment amiantées,900,t,year,43.60,1.44",
    "fc_en,Roofing E,43.91,material,,Old fibre cement sheets with asbestos,900,t,year,43.60,1.44",
    "fc_free,Roofing F,43.91,material,,Asbestos-free fibre cement sheets,900,t,year,43.60,1.44",
    "later,Demolition G,43.11,material,,Concrete rubble with asbestos sheets to be removed,"
    "900,t,year,43.60,1.44",
    # Hazardous by another substance than asbestos.
    "oily,Terrassement H,43.12,material,17 05 03*,Terres polluées aux hydrocarbures,"
    "900,t,year,43.60,1.44",
    # Printed circuit boards, no PCB oil.
    "boards,Electronics I,26.11,material,,PCB scrap (printed circuit boards) from our SMT line,"
    "20,t,year,43.60,1.44",
    file="offers.csv",
)
NEEDS = declarations(
    "crusher,Concassage,38.32,material,,Gravats de béton à concasser,5000,t,year,43.61,1.45",
    "cell,ISDD,38.21,material,,Déchets amiantés et gravats amiantés,5000,t,year,43.61,1.45",
    "fill,Travaux publics,42.11,material,,"
    '"Terres et gravats inertes pour remblai, diagnostic amiante exigé",5000,t,year,43.61,1.45',
    "refiner,Affinage,24.41,material,,"
    "Cartes électroniques et circuits imprimés pour affinage des métaux précieux,"
    "50,t,year,43.61,1.45",
    file="needs.csv",
)


def ranked() -> dict[str, list[str]]:
    return {
        result.need_id: [c.offer_id for c in result.candidates if not c.fallback]
        for result in match(OFFERS, NEEDS, knowledge=load_knowledge())
    }


def test_rubble_said_to_hold_asbestos_does_not_go_to_an_inert_crusher() -> None:
    candidates = ranked()
    # The crusher's sector takes concrete rubble, not the asbestos said to be in it.
    assert {"clean", "fc_free"} <= set(candidates["crusher"])
    assert not {"asb", "asb_en", "fc", "fc_en", "later", "oily"} & set(candidates["crusher"])
    assert {"asb", "asb_en", "fc", "fc_en", "later"} <= set(candidates["cell"])


def test_a_need_naming_a_substance_gets_no_offer_hazardous_by_another() -> None:
    candidates = ranked()
    # Inert fill that asks for an asbestos survey takes no polluted soil.
    assert "oily" not in candidates["fill"]
    assert "clean" in candidates["fill"]
    # An asbestos cell names asbestos: not oily soil.
    assert "oily" not in candidates["cell"]


def test_printed_circuit_boards_go_to_a_precious_metal_refiner() -> None:
    assert "boards" in ranked()["refiner"]


def test_a_need_that_names_the_hazard_it_takes_is_said_to_accept_it() -> None:
    need = "Déchets amiantés et gravats amiantés"
    assert _hazard_key(need, False, takes_substance=True) == "hazardous"
    assert _hazard_key("Gravats, déchets non dangereux", False, takes_substance=False) == (
        "hazardous.sector"
    )


@pytest.mark.parametrize(
    "text",
    [
        "huile usagée pour fabriquer du savon",
        "huiles usagées pour notre unité de biodiesel",
        "used oil to make soap",
        "used oil for our soap factory",
    ],
)
def test_used_oil_said_to_be_for_soap_or_biodiesel_is_cooking_oil(text: str) -> None:
    # Soap is saponified fats, biodiesel their methyl esters: no mineral oil serves either.
    resolution = resolve(Declaration(id="x", description=text), load_knowledge(), role="need")

    assert resolution.families[0].resource == "material.organic.used_cooking_oil"
    assert not resolution.hazardous


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("huile usagée", "need"),  # mineral oil, by the List of Waste's words
        ("huile de vidange usagée pour savon", "need"),  # a mineral oil named
        ("used engine oil for soap", "offer"),
        ("used oil, not for soap", "offer"),
        ("huile usagée, non destinée à la savonnerie", "offer"),
        ("huiles usagées de notre savonnerie", "offer"),  # where it comes from, not its use
    ],
)
def test_used_oil_otherwise_stays_hazardous_mineral_oil(text: str, role: str) -> None:
    resolution = resolve(Declaration(id="x", description=text), load_knowledge(), role=role)

    assert resolution.families[0].resource == "material.chemical.waste_oil"
    assert resolution.hazardous


def test_the_soap_maker_gets_the_chip_shop_oil_not_the_garage_sump_oil() -> None:
    offers = declarations(
        "sump,Garage,,material,13 02 05*,huile moteur usagée,30,t,year,49.91,2.31",
        "fryer,Friterie,,material,,huile de friture usagée,3,t,year,49.91,2.31",
        file="offers.csv",
    )
    needs = declarations(
        "soap,Savonnerie,20.41,material,,huile usagée pour fabriquer du savon,10,t,year,49.90,2.30",
        "rerefiner,Recycleur,,material,,used oil for re-refining,10,t,year,49.90,2.30",
        file="needs.csv",
    )

    found = {r.need_id: [c.offer_id for c in r.candidates] for r in match(offers, needs)}

    assert found["soap"] == ["fryer"]
    assert found["rerefiner"][0] == "sump"
