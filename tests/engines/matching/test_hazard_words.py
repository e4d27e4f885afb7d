"""A text that names a hazard makes its offer hazardous, whatever family comes first; a text
that denies it does not."""

from __future__ import annotations

import pytest

from boucle.engines.matching import Declaration, load_knowledge, match
from boucle.engines.matching.explain import _hazard_key
from boucle.engines.matching.resolve import resolve

from .helpers import declarations


def read(description: str, kind: str = "material", role: str = "offer") -> tuple[bool, bool]:
    """(hazardous, accepts hazardous) of a declaration with these words."""
    declaration = Declaration(id="x", description=description, kind=kind)
    resolution = resolve(declaration, load_knowledge(), role=role)
    return resolution.hazardous, resolution.accepts_hazardous


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
    ],
)
def test_a_denied_or_removed_hazard_or_one_a_service_handles_is_not_hazardous(
    description: str, kind: str
) -> None:
    assert not read(description, kind)[0]


def test_a_need_that_says_non_hazardous_takes_no_hazardous_waste() -> None:
    assert not read("Gravats inertes, déchets non dangereux uniquement", role="need")[1]
    assert not read("Inert rubble only; asbestos refused", role="need")[1]
    assert read("Collecte de déchets amiantés et de fibrociment amianté", role="need")[1]
    assert read("We take asbestos-cement sheets to our licensed cell", role="need")[1]


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
    file="offers.csv",
)
NEEDS = declarations(
    "crusher,Concassage,38.32,material,,Gravats de béton à concasser,5000,t,year,43.61,1.45",
    "cell,ISDD,38.21,material,,Déchets amiantés et gravats amiantés,5000,t,year,43.61,1.45",
    file="needs.csv",
)


def test_rubble_said_to_hold_asbestos_does_not_go_to_an_inert_crusher() -> None:
    ranked = {
        result.need_id: [c.offer_id for c in result.candidates if not c.fallback]
        for result in match(OFFERS, NEEDS, knowledge=load_knowledge())
    }
    # The crusher's sector takes concrete rubble, not the asbestos said to be in it.
    assert sorted(ranked["crusher"]) == ["clean", "fc_free"]
    assert {"asb", "asb_en", "fc", "fc_en"} <= set(ranked["cell"])


def test_a_need_that_names_the_hazard_it_takes_is_said_to_accept_it() -> None:
    assert _hazard_key("Déchets amiantés et gravats amiantés", False) == "hazardous"
    assert _hazard_key("Gravats, déchets non dangereux", False) == "hazardous.sector"
