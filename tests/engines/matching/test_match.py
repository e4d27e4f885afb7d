"""Worked examples: the offers a facilitator would put first come first, and say why."""

from __future__ import annotations

import math

import numpy as np
import pytest

from boucle.engines.matching import Candidate, Declaration, load_knowledge, match, match_reverse
from boucle.engines.matching.score import score_pairs, top_k
from boucle.engines.matching.sides import prepare

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


def ranked(need_id: str, *, linked: bool = False, **options: float) -> list[str]:
    """The offers proposed to a need, best first (`linked`: those with a known resource link,
    without the fallbacks)."""
    for result in match(OFFERS, NEEDS, knowledge=knowledge(), **options):  # type: ignore[arg-type]
        if result.need_id == need_id:
            return [c.offer_id for c in result.candidates if not (linked and c.fallback)]
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

    best, *others = result.candidates
    assert best.offer_id == "heat"
    assert not best.fallback
    assert all(c.fallback for c in others)
    assert not best.partial_supply
    assert any("greenhouses are heated with low-temperature heat" in r for r in best.reasons)


def test_a_hazardous_offer_goes_only_to_a_need_that_can_take_it() -> None:
    assert ranked("regen", linked=True) == ["oil"]
    assert ranked("regen")[0] == "oil"
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

    def linked(offer_id: str) -> list[str]:
        return [c.need_id for c in results[offer_id] if not c.fallback]

    assert linked("fgd") == ["placo"]
    assert linked("heat") == ["serres"]
    assert linked("oil") == ["regen"]
    assert results["oil"][0].need_id == "regen"
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


def test_composite_waste_and_recycled_fibre_travel_as_far_as_scrap() -> None:
    # Few recyclers take composites and few make recycled fibre: lots cross a country.
    from boucle.engines.matching.sides import decay_km

    assert decay_km("material.composites", "material") == decay_km("material.metal", "material")
    assert decay_km("material.reinforcement_fibre", "material") >= 200.0


def test_donated_hospital_equipment_crosses_an_ocean() -> None:
    # Hospitals ship renewed equipment by the container load to hospitals abroad (WHO 2011).
    from boucle.engines.matching.sides import REACH_DECAYS, decay_km

    assert REACH_DECAYS * decay_km("equipment.medical_equipment", "equipment") >= 7000.0
    assert decay_km("equipment.it", "equipment") == decay_km("equipment", "equipment")


def test_water_declared_as_a_material_still_travels_as_water() -> None:
    # A facilitator's review: a winery's wash water 136 km away was proposed first to a town
    # watering its trees with a tanker, because its row said "material".
    from boucle.engines.matching.sides import decay_km

    assert decay_km("water.process_water", "material") == decay_km("water.process_water", "water")
    offers = declarations(
        "far,Chai,11.02,material,,Eaux de lavage de chai avec soude et détergents,"
        "500,m3,year,47.40,0.70",
        "near,Piscine,93.11,water,,Eau des vidanges des bassins de la piscine,400,m3,year,"
        "46.83,0.55",
        file="offers.csv",
    )
    needs = declarations(
        "trees,Ville,81.30,water,,Eau non potable pour l'arrosage des arbres de la ville,"
        "300,m3,year,46.82,0.54",
        file="needs.csv",
    )
    (result,) = match(offers, needs, knowledge=load_knowledge())
    assert [c.offer_id for c in result.candidates] == ["near"]


def test_a_carried_family_keeps_the_reach_of_its_row_and_a_material_on_a_flow_row_its_own() -> None:
    from boucle.engines.matching.sides import decay_km

    # Reclaimed bricks read as building materials (an equipment family) on a material row
    # travel as materials, as before; pallets on an equipment row as equipment.
    assert decay_km("equipment.building_materials", "material") == decay_km("material", "material")
    assert decay_km("equipment.pallets", "equipment") == decay_km("equipment", "equipment")
    # Refuse-derived fuel declared as "energy" is shipped as the material it is, not as heat.
    assert decay_km("material.fuel.srf", "energy") == decay_km("material.fuel.srf", "material")
    assert decay_km("material.fuel.srf", "energy") > decay_km("energy", "energy")


# Recovered fuel sold by the shipload: an English producer loads bales at its wharf, a French
# one loads barges on the Seine; kilns 750-900 km away take fuel by ship, one inland kiln
# the same distance away says nothing of ships, one wants its fuel "shipped in big bags".
SHIPPED_OFFERS = declarations(
    "tilbury,Recovery Ltd,38.21,material,,Baled refuse-derived fuel put on vessels at our quay,"
    "50000,t,year,51.46,0.36",
    "rouen,Valo Seine,38.21,material,,CSR en balles chargé sur péniches au port,40000,t,year,"
    "49.44,1.06",
    file="offers.csv",
)
SHIPPED_NEEDS = declarations(
    "aalborg,Kiln North,23.51,material,,alternative fuel for the kiln; we receive it by sea,"
    "80000,t,year,57.05,9.92",
    "bilbao,Cimentera,23.51,material,,combustible de substitution livré par bateau au four,"
    "60000,t,year,43.30,-2.95",
    "inland,Kiln East,23.51,material,,alternative fuel for the kiln,80000,t,year,50.10,14.40",
    "bags,Kiln South,23.51,material,,alternative fuel for the kiln shipped in big bags,"
    "80000,t,year,43.30,-2.95",
    file="needs.csv",
)


def test_fuel_loaded_on_ships_reaches_a_kiln_that_takes_ships_across_a_sea() -> None:
    proposed = {
        result.need_id: [c.offer_id for c in result.candidates]
        for result in match(SHIPPED_OFFERS, SHIPPED_NEEDS, knowledge=load_knowledge())
    }
    assert proposed["aalborg"][:1] == ["tilbury"]  # 880 km across the North Sea
    assert "rouen" in proposed["bilbao"]  # 750 km down the Seine and across the Bay of Biscay
    # By truck a lot goes no such distance: neither an inland kiln nor one that only says
    # how its fuel is packed gets them.
    assert proposed["inland"] == []
    assert "rouen" not in proposed["bags"]


# A knitting workshop wants wool yarn, which the fixture knowledge base knows nothing of; a
# spinning mill next door has some, a dyer 1 km away sells hazardous dye baths of wool.
YARN_OFFERS = declarations(
    'yarn,Filature du Nord,,material,,"fin de série: fil de laine peignée en bobines de 1 kg, '
    'coloris assortis, stockées sur rayonnages, enlèvement sur rendez-vous",2,t,once,49.905,2.30',
    "baths,Teinturerie,,material,04 02 16*,bains de teinture usés pour laine (colorants),5,t,year,"
    "49.91,2.30",
    "offcuts,Démolition,,material,17 08 02,chutes de plaques de plâtre,5000,t,year,49.50,2.80",
    'pots,Pépinière,,material,,"surplus flower pots, to collect at our Montdidier site",300,'
    "unit,once,49.925,2.32",
    file="offers.csv",
)
YARN_NEEDS = declarations(
    "knit,Tricotage Lemaire,,material,,fil de laine pour nos tricots,1,t,year,49.90,2.30",
    "placo,Plâtrerie,23.62,material,,gypsum for the Montdidier plasterboard plant,150000,t,year,"
    "49.92,2.32",
    file="needs.csv",
)


def yarn_candidates(need_id: str, top: int = 10) -> list[Candidate]:
    for result in match(YARN_OFFERS, YARN_NEEDS, knowledge=knowledge(), top=top):
        if result.need_id == need_id:
            return list(result.candidates)
    raise AssertionError(need_id)


def test_a_resource_the_knowledge_base_does_not_know_still_finds_its_neighbour() -> None:
    found, *others = yarn_candidates("knit")

    assert found.offer_id == "yarn"
    assert all(c.fallback for c in others)  # the nursery's pots, the plasterboard offcuts
    assert found.fallback
    assert found.reasons[0].startswith("no known link between these resources, to be checked")
    assert "similar words: fil, laine" in found.reasons
    french, *_ = next(
        r.candidates
        for r in match(YARN_OFFERS, YARN_NEEDS, knowledge=knowledge(), lang="fr")
        if r.need_id == "knit"
    )
    assert french.reasons[0].startswith("aucun lien connu entre ces ressources, à vérifier\u00a0:")


def test_a_fallback_is_ranked_by_its_score_among_linked_candidates_and_flagged() -> None:
    # The nursery next door shares a word (Montdidier) and is 57 km nearer than the offcuts,
    # which are what the plasterboard maker can use: they score higher.
    linked, fallback, *_ = yarn_candidates("placo")

    assert (linked.offer_id, linked.fallback) == ("offcuts", False)
    assert (fallback.offer_id, fallback.fallback) == ("pots", True)
    assert linked.score > fallback.score
    assert [c.offer_id for c in yarn_candidates("placo", top=1)] == ["offcuts"]


def test_a_fallback_obeys_the_hazard_and_distance_rules() -> None:
    assert "baths" not in [c.offer_id for c in yarn_candidates("knit")]
    # The yarn and the pots are 0.6 km from their needs.
    results = match(YARN_OFFERS, YARN_NEEDS, knowledge=knowledge(), max_km=0.3)
    assert [r.candidates for r in results] == [(), ()]


def test_a_neighbour_sharing_no_word_is_a_fallback_only_when_near_for_its_resource() -> None:
    # The knitter and the spinning mill's yarn share words; the nursery's pots, 3 km away, share
    # none but are near for what they are; the same pots 300 km away are not proposed at all.
    far_pots = declarations(
        'pots,Pépinière,,material,,"surplus flower pots, to collect at our site",300,unit,once,'
        "47.20,2.30",
        file="offers.csv",
    )
    near = {c.offer_id: c for c in yarn_candidates("knit")}
    (far,) = match(far_pots, YARN_NEEDS[:1], knowledge=knowledge())

    assert list(near).index("yarn") < list(near).index("pots")
    assert near["pots"].reasons[0] == (
        "no known link between these resources, to be checked: proposed because it is near"
    )
    assert far.candidates == ()


def test_among_fallbacks_the_neighbour_that_shares_the_words_comes_first() -> None:
    # With no known link, the words stand for the resource: the spinning mill's yarn, 9 km
    # away, before the nursery's pots next door, which share no word with the knitter.
    offers = declarations(
        'yarn,Filature du Nord,,material,,"fin de série: fil de laine peignée en bobines de 1 kg, '
        'coloris assortis, stockées sur rayonnages, enlèvement sur rendez-vous",1,t,once,'
        "49.98,2.30",
        'pots,Pépinière,,material,,"surplus flower pots",1,t,once,49.905,2.30',
        file="offers.csv",
    )
    (result,) = match(offers, YARN_NEEDS[:1], knowledge=knowledge())

    yarn, pots = result.candidates
    assert (yarn.offer_id, pots.offer_id) == ("yarn", "pots")
    assert yarn.fallback
    assert pots.fallback
    assert yarn.distance_km > pots.distance_km
    assert yarn.parts["resource"] > pots.parts["resource"]


def test_top_k_ranks_eligible_pairs_and_fallbacks_by_score_and_shows_nothing_else() -> None:
    prepared = prepare(YARN_OFFERS, YARN_NEEDS, knowledge())
    offers = np.arange(4, dtype=np.int64)
    scored = score_pairs(prepared, offers, np.zeros(4, dtype=np.int64))
    scored.score = np.array([0.3, 0.6, 0.5, 0.9])
    scored.eligible = np.array([True, False, False, False])
    scored.fallback = np.array([False, True, True, False])  # the 0.9 is neither: never shown

    assert top_k(scored, by="need", top=10).offer.tolist() == [1, 2, 0]
    assert top_k(scored, by="need", top=2).offer.tolist() == [1, 2]
    assert top_k(scored, by="offer", top=1).offer.tolist() == [0, 1, 2]


def test_an_offer_that_says_it_is_mixed_or_soiled_comes_after_a_clean_one() -> None:
    offers = declarations(
        "mixed,Centrale A,35.11,material,,Gypse DSG mélangé à des cendres,80000,t,year,49.90,2.30",
        "clean,Centrale B,35.11,material,,Gypse DSG sec,80000,t,year,49.95,2.40",
    )
    needs = declarations(
        "placo,Plâtrerie,23.62,material,,gypse pour nos plaques,50000,t,year,49.90,2.31",
        "any,Remblais,,material,,gypse en mélange accepté,50000,t,year,49.90,2.31",
    )

    placo, any_grade = match(offers, needs, knowledge=knowledge(), lang="fr")

    assert [c.offer_id for c in placo.candidates] == ["clean", "mixed"]
    mixed = placo.candidates[1]
    assert (
        "l'offre se dit mélangée ou souillée (« mélangé ») : elle convient moins, à vérifier"
        in [r.replace("\u00a0", " ") for r in mixed.reasons]
    )
    assert [c.offer_id for c in any_grade.candidates] == ["mixed", "clean"]
    assert not any("souillée" in r for r in any_grade.candidates[0].reasons)


def test_an_offer_of_another_scale_than_the_need_comes_after_one_that_can_serve_it() -> None:
    # 100 t next door is 0.07 % of what the plasterboard plant takes; 80,000 t is 40 km away.
    offers = declarations(
        "bags,Négoce,,material,,Gypse DSG en sacs,100,t,year,49.92,2.32",
        "fgd,Centrale,35.11,material,,Gypse DSG sec,80000,t,year,50.20,2.60",
    )

    (result,) = match(offers, NEEDS[:1], knowledge=knowledge())

    assert [c.offer_id for c in result.candidates] == ["fgd", "bags"]
    small = result.candidates[1]
    assert "of another scale than the need (under 1 % of it): score lowered" in small.reasons
    assert sum(small.parts.values()) == pytest.approx(small.score, abs=1e-3)
    assert not any("another scale" in r for r in result.candidates[0].reasons)


def test_an_offer_named_by_a_code_of_two_families_is_trusted_across_kinds_by_either() -> None:
    # 03 01 05 lists sawdust and chips and panel offcuts, as sure as each other: joinery offcuts
    # meet a heating plant's wood fuel need through the first as much as through the second.
    (offer,) = declarations(
        "chutes,Menuiserie,16.23,material,03 01 05,Chutes d'atelier en chêne,60,t,year,46.3,0.5",
        file="offers.csv",
    )
    (need,) = declarations(
        "reseau,Régie,35.30,energy,,Wood fuel for the town's heating plant,400,t,year,46.4,0.5",
        file="needs.csv",
    )
    (result,) = match([offer], [need], knowledge=load_knowledge())

    (candidate,) = result.candidates
    assert not any("score halved" in r for r in candidate.reasons)


@pytest.mark.parametrize(
    ("lat", "lon"), [(45.0, math.nan), (math.inf, 4.0), (91.0, 4.0), (45.0, -181.0)]
)
@pytest.mark.parametrize("workers", [1, 2])
def test_a_site_that_is_no_place_is_refused_naming_the_declaration(
    lat: float, lon: float, workers: int
) -> None:
    # The CSV reader refuses such a site; a declaration built in code reached the KD-tree,
    # which failed with "data must be finite" and no word of which declaration.
    offers = [
        Declaration(id="ok", description="sciure de bois", lat=45.0, lon=4.0),
        Declaration(id="nowhere", description="sciure de bois", lat=lat, lon=lon),
    ]
    needs = [Declaration(id="n", description="sciure pour litière", lat=45.1, lon=4.1)]

    with pytest.raises(ValueError, match=r"declaration 'nowhere': its site must be a latitude"):
        match(offers, needs, knowledge=knowledge(), workers=workers)


def test_a_need_of_no_family_in_a_sector_of_weak_uses_gets_no_candidate_without_error() -> None:
    # A retailer's need whose words name no resource: its sector's uses are all below the
    # blocking floor, so it asks for nothing (it used to index an empty key array).
    offers = declarations('o0,Org 0,,,,"Cartons usagés broyés",,,,,')
    needs = declarations('n,Buyer,47.91,,,"Quelque chose pour nos colis",,,,,')
    (result,) = match(offers, needs, knowledge=load_knowledge())
    assert result.candidates == ()
