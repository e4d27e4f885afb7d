"""A treatment plant's raw inflow is no treated effluent: untreated sewage may not irrigate crops
(Regulation (EU) 2020/741 asks reclaimed water of a quality class; class A for vegetables eaten
raw), so it is never proposed as a known link to an irrigation need. A facilitator's review of
round 11-12's first fives found raw sewage proposed first to such a need."""

from __future__ import annotations

import pytest

from boucle.engines.matching import load_knowledge, match

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


def test_a_market_gardener_is_offered_class_a_water_and_raw_sewage_only_as_a_neighbour() -> None:
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

    for found in match(offers, needs, knowledge=load_knowledge()):
        by_id = {c.offer_id: c for c in found.candidates}
        assert found.candidates[0].offer_id == "classa"
        # Next door and worded alike, raw sewage is at most a neighbour with no known link,
        # said so: never "same resource family" as reclaimed water.
        assert all(by_id[raw].fallback for raw in ("raw", "raw_en") if raw in by_id)
