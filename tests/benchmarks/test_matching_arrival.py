"""The arithmetic of the on-arrival benchmark: the figures that chose the semantic view's weight
rest on it."""

from __future__ import annotations

import subprocess

import numpy as np
import pytest
from benchmarks.matching_arrival import ROOT, _arrivals, reranked, resolved
from benchmarks.matching_quality import Case

from boucle.engines.matching.meaning import FLOOR, FULL, Vectors


def _unit(cosine: float) -> list[float]:
    """A vector whose cosine with (1, 0) is `cosine`."""
    return [cosine, float(np.sqrt(1.0 - cosine**2))]


def test_meaning_lifts_the_partner_only_as_far_as_its_weight_allows() -> None:
    # The need's pool as the old engine ranked it: a near miss first, the partner second, the
    # near miss sure of its family (resource criterion 0.8), the partner less (0.6).
    ranking = {"n": [("near-miss", 0.60, 0.8), ("partner", 0.55, 0.6)]}
    vectors = Vectors(
        offers=np.array([_unit(FLOOR), _unit(FULL)], dtype=np.float32),  # nothing / the same
        needs=np.array([[1.0, 0.0]], dtype=np.float32),
    )
    rows = ({"near-miss": 0, "partner": 1}, {"n": 0})
    case = Case("c", "dev", 12, "n", frozenset({"partner"}), "")

    assert reranked([case], ranking, vectors, rows, 0.0) == {"c": 2}  # the old engine's order
    # 0.55 + 0.04 x (1 - 0.6) < 0.60 + 0.04 x (0 - 0.8): too light to overturn a gap of 0.05
    # (from 1/24 it does)
    assert reranked([case], ranking, vectors, rows, 0.04) == {"c": 2}
    assert reranked([case], ranking, vectors, rows, 0.25) == {"c": 1}


def test_a_need_the_old_engine_proposed_nothing_for_has_no_rank() -> None:
    vectors = Vectors(np.zeros((1, 2), np.float32), np.zeros((1, 2), np.float32))
    case = Case("c", "dev", 12, "n", frozenset({"partner"}), "")
    assert reranked([case], {}, vectors, ({"partner": 0}, {"n": 0}), 0.2) == {"c": None}


def test_a_round_and_its_commit_are_added_or_replaced_from_the_command_line() -> None:
    arrivals = _arrivals(["14:abc1234", "8:def5678"])
    assert arrivals[14] == "abc1234"
    assert arrivals[8] == "def5678"
    assert arrivals[11] == "e8aa7da"


def test_a_commit_that_does_not_exist_is_refused_by_name_before_any_work() -> None:
    with pytest.raises(SystemExit, match=r"^nosuchcommit: no such commit in "):
        resolved("nosuchcommit")


def test_a_name_that_moves_is_kept_under_its_full_hash() -> None:
    command = ["git", "-C", str(ROOT), "rev-parse", "HEAD"]
    head = subprocess.run(command, capture_output=True, text=True, check=True).stdout.strip()  # noqa: S603
    assert resolved("HEAD") == head
