"""Worked examples: the offers a facilitator would put first come first, and say why."""

from __future__ import annotations

import math

import pytest

from boucle.engines.matching import load_knowledge, match, match_reverse

from .helpers import declarations, knowledge

# A plasterboard maker near Amiens needs gypsum; a coal power station 2.6 km away sells FGD
# gypsum; a demolition firm 58 km away has plasterboard offcuts; a garage has used oil.
OFFERS = declarations(
    "fgd,Centrale Nord,35.11,material,10 01 05,Gypse DSG sec,80000,t,year,49.90,2.30",
    "offcuts,Démolition Oise,,material,17 08 02,chutes de plaques de plâtre,5000,t,year,49.50,2.80",
    "heat,Data centre,,energy,,chaleur fatale à 35 °C,20000,MWh,year,48.85,2.35",
    "oil,Garage Martin,,material,13 02 05*,huile de vidange usagée,30,t,year,49.91,2.31",
    file="offers.csv",
)
NEEDS = declarations(
    "placo,Plâtrerie,23.62,material,,gypsum for our plasterboard plant,150000,t,year,49.92,2.32",
    "serres,Serres du Val,01.13,energy,,heating for greenhouses,5000,MWh,year,48.86,2.36",
    "regen,Re-raffineur,,material,13 02 05*,used oil to re-refine,100,t,year,49.95,2.40",
    "ciment,Cimenterie,23.51,material,,lubricating grease,10,t,year,49.90,2.30",
    file="needs.csv",
)


def ranked(need_id: str, **options: float) -> list[str]:
    for result in match(OFFERS, NEEDS, knowledge=knowledge(), **options):  # type: ignore[arg-type]
        if result.need_id == need_id:
            return [c.offer_id for c in result.candidates]
    raise AssertionError(need_id)


def test_fgd_gypsum_ranks_first_for_the_plasterboard_maker() -> None:
    (result,) = [r for r in match(OFFERS, NEEDS, knowledge=knowledge()) if r.need_id == "placo"]

    assert [c.offer_id for c in result.candidates] == ["fgd", "offcuts"]
    best = result.candidates[0]
    assert best.reasons[0].startswith("same resource family: FGD gypsum → gypsum raw material")
    assert "2.6 km" in best.reasons
    assert "80,000 t/year offered for 150,000 t/year needed: covers 53 %" in best.reasons
    assert best.partial_supply
    assert 0 < best.score <= 1
    assert sum(best.parts.values()) == pytest.approx(best.score, abs=1e-3)
    assert set(best.parts) == {"resource", "distance", "text", "quantity"}
    assert result.candidates[1].score < best.score


def test_low_temperature_heat_goes_to_the_greenhouse() -> None:
    (result,) = [r for r in match(OFFERS, NEEDS, knowledge=knowledge()) if r.need_id == "serres"]

    (best,) = result.candidates
    assert best.offer_id == "heat"
    assert not best.partial_supply
    assert any("greenhouses are heated with low-temperature heat" in r for r in best.reasons)


def test_a_hazardous_offer_goes_only_to_a_need_that_can_take_it() -> None:
    assert ranked("regen") == ["oil"]
    assert "oil" not in ranked("ciment")
    assert "oil" not in ranked("placo")


def test_a_maximum_distance_is_respected() -> None:
    assert ranked("placo", max_km=10) == ["fgd"]
    assert ranked("placo", max_km=1) == []


def test_a_declared_maximum_distance_is_respected() -> None:
    header = "id,description,lat,lon,max_km"
    needs = declarations("placo,gypse,49.92,2.32,10", header=header)

    (result,) = match(OFFERS, needs, knowledge=knowledge())

    assert [c.offer_id for c in result.candidates] == ["fgd"]


def test_heat_does_not_travel_far() -> None:
    far = declarations(
        "serres,Serres,01.13,energy,,chaleur pour nos serres,5000,MWh,year,45.76,4.83"
    )

    (result,) = match(OFFERS, far, knowledge=knowledge())

    assert result.candidates == ()


def test_every_need_is_answered_in_input_order_even_without_candidates() -> None:
    results = match(OFFERS, NEEDS, knowledge=knowledge(), top=1)

    assert [r.need_id for r in results] == ["placo", "serres", "regen", "ciment"]
    assert all(len(r.candidates) <= 1 for r in results)


def test_the_reverse_direction_gives_the_needs_an_offer_could_meet() -> None:
    results = {
        r.offer_id: r.candidates for r in match_reverse(OFFERS, NEEDS, knowledge=knowledge())
    }

    assert [c.need_id for c in results["fgd"]] == ["placo"]
    assert [c.need_id for c in results["heat"]] == ["serres"]
    assert [c.need_id for c in results["oil"]] == ["regen"]
    forward = {
        (c.need_id, c.offer_id): c.score
        for r in match(OFFERS, NEEDS, knowledge=knowledge())
        for c in r.candidates
    }
    for candidates in results.values():
        for c in candidates:
            assert forward[(c.need_id, c.offer_id)] == c.score


def test_a_sector_opens_the_hazard_gate_only_for_the_hazardous_family() -> None:
    # A paint maker reuses drums; it takes no spent solvent for it, in drums or not.
    offers = declarations(
        "solv,Chimie,20.14,material,14 06 03*,Solvants usés et fûts,120,t,year,50.95,2.30",
        "futs,Chimie,20.14,material,,Fûts vides propres de 200 l,400,unit,year,50.95,2.30",
        file="offers.csv",
    )
    needs = declarations(
        "peint,Peintures,20.30,material,,Fûts vides propres,400,unit,year,50.96,2.31",
        file="needs.csv",
    )
    (result,) = match(offers, needs, knowledge=load_knowledge())
    assert [c.offer_id for c in result.candidates] == ["futs"]


def test_a_need_naming_only_a_root_keeps_its_sectors_prior() -> None:
    # "Déchets et résidus" says no more than a blank: the cement works' use of fly
    # ash counts as fully for it as for a need that names nothing.
    offers = declarations(
        "ash,Centrale,35.11,material,10 01 02,Cendres,1000,t,year,50.95,2.30", file="offers.csv"
    )
    needs = declarations(
        "root,Ciment,23.51,material,,Déchets et résidus,,,,50.96,2.31",
        "blank,Ciment,23.51,material,,Lot 42,,,,50.96,2.31",
        file="needs.csv",
    )
    resource = {
        result.need_id: result.candidates[0].parts["resource"]
        for result in match(offers, needs, knowledge=load_knowledge())
    }
    assert resource["root"] >= resource["blank"]


def test_steam_piped_as_far_as_between_plants_of_an_industrial_park_still_counts() -> None:
    # Ulsan's steam highway runs 6.2 km from SK Chemicals to SK Energy.
    from boucle.engines.matching.sides import decay_km

    assert math.exp(-6.2 / decay_km("energy.steam", "energy")) > 0.25
