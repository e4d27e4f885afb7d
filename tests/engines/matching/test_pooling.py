"""Nearby companies with the same need (or output) are proposed as a pooling group."""

from __future__ import annotations

import math

import pytest

from boucle.engines.matching import pooling_groups

from .helpers import declarations, knowledge


def test_nearby_needs_of_the_same_family_form_a_shared_purchasing_group() -> None:
    needs = declarations(
        "a,Menuiserie A,,material,,sciure de bois,100,t,year,47.30,5.00",
        "b,Menuiserie B,,material,,wood shavings,50,t,year,47.35,5.05",
        "c,Menuiserie C,,material,,copeaux de bois,20000,kg,year,47.32,5.10",
        "d,Menuiserie D,,material,,sciure,100,t,year,45.00,1.00",
        "e,Serres,,energy,,chaleur fatale,100,MWh,year,47.31,5.01",
    )

    (group,) = pooling_groups(needs, side="need", radius_km=15, knowledge=knowledge())

    assert group.purpose == "shared purchasing"
    assert group.resource == "material.wood.sawdust"
    assert group.members == ("a", "b", "c")
    assert group.total == "170 t/year"
    assert group.radius_km < 15
    assert group.description == (
        "shared purchasing of sawdust and shavings: 3 organisations within 4.6 km of their "
        "centre; 170 t/year in all"
    )


def test_a_group_is_described_in_french_on_request() -> None:
    offers = declarations(
        "a,Menuiserie A,,material,,sciure de bois,1500,t,year,47.30,5.00",
        "b,Menuiserie B,,material,,wood shavings,2,t,week,47.35,5.05",
        "c,Menuiserie C,,material,,copeaux de bois,,,,47.32,5.10",
    )

    (group,) = pooling_groups(offers, side="offer", radius_km=15, knowledge=knowledge(), lang="fr")

    assert group.purpose == "shared collection"  # a code, the same in every language
    assert group.resource_name == "sciure et copeaux"
    assert group.total is None  # one member did not say how much
    assert group.description == (
        "collecte groupée «\u00a0sciure et copeaux\u00a0»\u00a0: 3 organisations dans un rayon "
        "de 4,6\u00a0km autour de leur centre"
    )


def test_one_organisation_alone_is_not_a_group() -> None:
    offers = declarations(
        "a,Usine,,material,,sciure,1,t,year,47.30,5.00",
        "b,Usine,,material,,sciure,1,t,year,47.31,5.00",
    )

    assert pooling_groups(offers, side="offer", knowledge=knowledge()) == []


def test_a_radius_that_is_no_distance_is_refused_before_any_work() -> None:
    for radius in (0.0, -3.0, math.nan, math.inf):
        with pytest.raises(ValueError, match="radius_km must be a number of kilometres above 0"):
            pooling_groups([], radius_km=radius)
