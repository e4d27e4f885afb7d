"""An organisation's own offer is not proposed for its own need at the same site; two sites of
one group, which exchange as industrial symbiosis does, still are."""

from __future__ import annotations

import pytest

from boucle.engines.matching import load_knowledge, match, match_reverse
from boucle.engines.matching.organisations import organisation_key, same_site

from .helpers import declarations

HEADER = "id,organisation,nace,kind,description,quantity,unit,period,lat,lon"


def one_site(offer_name: str, need_name: str) -> bool:
    offer, need = organisation_key(offer_name), organisation_key(need_name)
    return (
        offer is not None
        and need is not None
        and offer[0] == need[0]
        and same_site(offer[1], need[1])
    )


@pytest.mark.parametrize(
    ("offer", "need"),
    [
        ("Brasserie du Canal SAS", "brasserie du canal"),
        ("Société Lyonnaise de Dépollution S.A.S.", "Societe lyonnaise de depollution"),
        ("Acme Recycling Ltd. - Leeds", "ACME RECYCLING LIMITED - Leeds"),
        ("Maschinenbau Huber GmbH - Werk Ulm", "Maschinenbau Huber \u2013 Werk Ulm"),
        # One site said in more words than the other:
        ("Ateliers du Réemploi - Montreuil", "Les Ateliers du réemploi - entrepôt B, Montreuil"),
    ],
)
def test_one_organisation_at_one_site_is_recognised_as_written(offer: str, need: str) -> None:
    assert one_site(offer, need)


@pytest.mark.parametrize(
    ("offer", "need"),
    [
        # Two sites of one group: their exchange is an industrial symbiosis.
        ("Papeteries Durand - usine de Golbey", "Papeteries Durand - chaufferie d'Épinal"),
        ("Northwind Foods - Hull dairy", "Northwind Foods - Grimsby feed mill"),
        # A group named alone may speak for any of its sites.
        ("Papeteries Durand", "Papeteries Durand - usine de Golbey"),
        # Another organisation on a shared site, or a name that only contains the other.
        ("Imprimerie Garnier (ZA des Prés)", "Transports Garnier (ZA des Prés)"),
        ("Icade", "Icade Promotion"),
        ("", ""),
        ("SAS", "SAS"),
    ],
)
def test_other_organisations_or_other_sites_are_not_one(offer: str, need: str) -> None:
    assert not one_site(offer, need)


OFFERS = declarations(
    "own,Recyclerie des Deux Rives - Nantes,38.32,equipment,Vélos réparés à vendre,40,unit,year,"
    "47.21,-1.55",
    "other,Cycles Martin SARL,45.40,equipment,Vélos d'occasion reconditionnés,40,unit,year,"
    "47.22,-1.56",
    "sister,Recyclerie des Deux Rives - Saint-Herblain,38.32,equipment,"
    "Vélos d'occasion en état de marche,40,unit,year,47.23,-1.63",
    header=HEADER,
    file="offers.csv",
)
NEEDS = declarations(
    'want,"La Recyclerie des deux rives - atelier vélo, Nantes",38.32,equipment,'
    "Vélos d'occasion pour notre atelier de location,40,unit,year,47.21,-1.55",
    header=HEADER,
    file="needs.csv",
)


def test_an_organisations_own_offer_is_not_proposed_for_its_own_need() -> None:
    (result,) = match(OFFERS, NEEDS, knowledge=load_knowledge())
    proposed = [c.offer_id for c in result.candidates]
    assert "own" not in proposed
    assert {"other", "sister"} <= set(proposed)


def test_nor_its_own_need_for_its_own_offer() -> None:
    needs_of = {
        r.offer_id: r.candidates for r in match_reverse(OFFERS, NEEDS, knowledge=load_knowledge())
    }
    assert needs_of["own"] == ()
    assert [c.need_id for c in needs_of["sister"]] == ["want"]


# One name without a site, at places 27 km apart (Lyon, Vienne), 300 m apart, and unknown.
PLANTS = declarations(
    "lyon,Lafarge France,23.51,material,Laitier de haut fourneau granulé,500,t,year,45.76,4.84",
    "vienne,Lafarge France,23.51,material,Laitier de haut fourneau granulé,500,t,year,45.52,4.87",
    "nowhere,Lafarge France,23.51,material,Laitier de haut fourneau granulé,500,t,year,,",
    header=HEADER,
    file="offers.csv",
)


def _proposed(need_row: str) -> list[str]:
    (result,) = match(PLANTS, declarations(need_row, header=HEADER), knowledge=load_knowledge())
    return [c.offer_id for c in result.candidates]


def test_one_name_without_a_site_at_two_distant_places_is_two_sites() -> None:
    proposed = _proposed(
        "want,LAFARGE FRANCE SAS,23.51,material,Slag for our cement mill,400,t,year,45.525,4.875"
    )
    assert "lyon" in proposed
    assert "vienne" not in proposed  # 0.6 km away: its own plant


def test_a_named_site_and_a_bare_name_at_one_place_are_one_site() -> None:
    proposed = _proposed(
        "want,Lafarge France - cimenterie de Vienne,23.51,material,"
        "Laitier pour notre broyeur,400,t,year,45.52,4.87"
    )
    assert "vienne" not in proposed
    # Without a place, a bare name and a named site are not known to be one.
    assert {"lyon", "nowhere"} <= set(proposed)


def test_one_name_without_site_or_place_is_one_site() -> None:
    proposed = _proposed("want,Lafarge France,23.51,material,Laitier granulé,400,t,year,,")
    assert proposed == []
