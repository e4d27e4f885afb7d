"""Blocking proposes the same top candidates as scoring every pair, on a small random set.

The rules of blocking (wanted families, distance caps, rare words, hazard) lose no pair when
every family fits in the `per_family` nearest; with the default `per_family` on a dense set the
nearest-k cut is an approximation, whose recall is checked here and measured at scale by
benchmarks/matching_speed.py."""

from __future__ import annotations

import random
from dataclasses import fields, replace

import numpy as np
import pytest

from boucle.engines.matching import Declaration, sides
from boucle.engines.matching.match import brute_force_pairs, match_pairs
from boucle.engines.matching.score import Scored
from boucle.engines.matching.sides import prepare, resolve_all

from .helpers import knowledge

WORDS = [
    "gypse DSG",
    "FGD gypsum",
    "chutes de plaques de plâtre",
    "cendres volantes",
    "fly ash",
    "pouzzolane",
    "huile de vidange",
    "sciure",
    "wood shavings",
    "chaleur fatale",
    "waste heat",
    "camion",
    "machine",
    "eau",
    "palettes bois",
    "lot divers",
]
NOISE = ["propre", "sec", "humide", "vrac", "big bag", "clean", "dry", "zircon", "ostrakon"]
UNITS = ["t", "kg", "MWh", "m3", ""]


def random_declarations(
    rng: random.Random,
    prefix: str,
    count: int,
    *,
    box: tuple[float, float, float, float] = (48.5, 49.5, 2.0, 3.0),
) -> list[Declaration]:
    """Random offers or needs within a latitude-longitude box (1° around Paris by default)."""
    out = []
    for i in range(count):
        unit = rng.choice(UNITS)
        ewc = rng.choice(["", "", "", "10 01 05", "13 02 05*", "17 08 02"])
        out.append(
            Declaration(
                id=f"{prefix}{i}",
                description=f"{rng.choice(WORDS)} {rng.choice(NOISE)}",
                nace=rng.choice([None, "23.62", "01.13", "23.51", "16.21", "35.11"]),
                ewc=ewc.replace(" ", "").rstrip("*") or None,
                ewc_hazardous=ewc.endswith("*"),
                quantity=rng.uniform(1, 1000) if unit else None,
                unit=unit or None,
                period="year" if unit else None,
                lat=rng.uniform(box[0], box[1]) if rng.random() > 0.05 else None,
                lon=rng.uniform(box[2], box[3]) if rng.random() > 0.05 else None,
            )
        )
    # A site is both coordinates or neither.
    return [d if (d.lat is None) == (d.lon is None) else _unlocated(d) for d in out]


def _unlocated(d: Declaration) -> Declaration:
    from dataclasses import replace

    return replace(d, lat=None, lon=None)


def pairs(scored: Scored) -> list[tuple[int, int, float]]:
    return sorted(
        zip(
            scored.need.tolist(),
            scored.offer.tolist(),
            np.round(scored.score, 9).tolist(),
            strict=True,
        )
    )


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("reverse", [False, True])
def test_blocked_top_k_equals_brute_force(seed: int, reverse: bool) -> None:
    rng = random.Random(seed)
    offers = random_declarations(rng, "o", 160)
    needs = random_declarations(rng, "n", 140)
    prepared = prepare(offers, needs, knowledge())

    for max_km in (None, 40.0):
        blocked = match_pairs(prepared, top=5, max_km=max_km, reverse=reverse, per_family=1000)
        brute = brute_force_pairs(prepared, top=5, max_km=max_km, reverse=reverse)

        assert len(brute.score) > 100
        assert pairs(blocked) == pairs(brute)


def test_the_nearest_k_cut_keeps_almost_every_top_pair() -> None:
    rng = random.Random(11)
    france = (43.0, 50.0, -1.0, 7.0)
    offers = random_declarations(rng, "o", 1000, box=france)
    needs = random_declarations(rng, "n", 200, box=france)
    prepared = prepare(offers, needs, knowledge())

    blocked = set(pairs(match_pairs(prepared, top=10)))
    brute = set(pairs(brute_force_pairs(prepared, top=10)))

    assert len(blocked & brute) / len(brute) >= 0.9


def test_forked_workers_and_given_resolutions_give_the_same_arrays(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Ranges of 64 rows, several per side, each with its own list of terms, and a reference
    # word every 50 declarations so that later ranges bring terms of their own: the vocabulary
    # merged from the ranges must number the columns as one pass over all the terms does.
    monkeypatch.setattr(sides, "RANGE_SIZE", 64)
    rng = random.Random(5)
    offers, needs = (
        [
            replace(d, description=f"{d.description} ref{i // 50}")
            for i, d in enumerate(random_declarations(rng, prefix, 300))
        ]
        for prefix in ("o", "n")
    )
    in_one_process = prepare(offers, needs, knowledge())
    forked = prepare(offers, needs, knowledge(), workers=2)
    # As dask_run does: the resolutions computed elsewhere, laid out here in one range a side.
    given = prepare(
        offers,
        needs,
        knowledge(),
        offer_resolutions=resolve_all(offers, knowledge(), "offer"),
        need_resolutions=resolve_all(needs, knowledge(), "need"),
    )

    for prepared in (in_one_process, forked):
        assert list(prepared.vocabulary) == list(given.vocabulary)
        for side, expected in ((prepared.offers, given.offers), (prepared.needs, given.needs)):
            for field in fields(sides.Side):
                value, wanted = getattr(side, field.name), getattr(expected, field.name)
                if isinstance(value, np.ndarray):
                    assert value.dtype == wanted.dtype, field.name
                    np.testing.assert_array_equal(value, wanted, err_msg=field.name)
                elif isinstance(value, list):  # the declarations, the organisations' sites
                    assert value == wanted, field.name
                else:
                    for part in ("data", "indices", "indptr"):
                        np.testing.assert_array_equal(
                            getattr(value, part), getattr(wanted, part), err_msg=field.name
                        )
    assert len(given.vocabulary) > 50
    assert pairs(match_pairs(forked, top=5, workers=2)) == pairs(match_pairs(given, top=5))


def test_a_crowded_family_still_yields_the_farther_offers_that_share_the_need_s_words() -> None:
    # Sixty sawdust offers in town, forty of oak sawdust 20 to 40 km north: the ten nearest of
    # the family are all plain sawdust, the need's words bring the three nearest oak ones.
    rng = random.Random(3)
    town = [
        Declaration(
            id=f"t{i}", description="sciure propre", lat=48.85 + rng.uniform(0, 0.01), lon=2.35
        )
        for i in range(60)
    ]
    oak = [
        Declaration(
            id=f"c{i}", description="sciure chêne", lat=48.85 + rng.uniform(0.2, 0.35), lon=2.35
        )
        for i in range(40)
    ]
    need = Declaration(id="n", description="sciure de chêne", lat=48.85, lon=2.35)
    prepared = prepare(town + oak, [need], knowledge())

    blocked = match_pairs(prepared, top=3, per_family=10)
    ids = [prepared.offers.declarations[i].id for i in blocked.offer.tolist()]
    brute = brute_force_pairs(prepared, top=3)

    assert pairs(blocked) == pairs(brute)
    assert all(i.startswith("c") for i in ids)
