"""The arithmetic of the on-arrival benchmark: the figures that chose the semantic view's weight
rest on it."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import pytest
from benchmarks.matching_arrival import (
    ROOT,
    _arrivals,
    reranked,
    resolved,
    scored_on_arrival,
    with_close_in_meaning,
)
from benchmarks.matching_quality import Case

from boucle.engines.matching.meaning import FLOOR, FULL, Vectors


def _unit(cosine: float) -> list[float]:
    """A vector whose cosine with (1, 0) is `cosine`."""
    return [cosine, float(np.sqrt(1.0 - cosine**2))]


def test_meaning_lifts_the_partner_only_as_far_as_its_weight_allows() -> None:
    # The need's pool as the old engine ranked it: a near miss first, the partner second, the
    # near miss sure of its family (resource criterion 0.8), the partner less (0.6).
    ranking = {"n": [("near-miss", 0.60, 0.8, 1.0), ("partner", 0.55, 0.6, 1.0)]}
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
    assert reranked([case], ranking, vectors, rows, 0.042) == {"c": 1}
    assert reranked([case], ranking, vectors, rows) == {"c": 1}  # the engine's, 0.25
    # Shared as far as the knowledge base is unsure (tried), 0.55 + w x 0.4 x (1 - 0.6) against
    # 0.60 + w x 0.2 x (0 - 0.8): the partner first from w = 0.05 / 0.32 = 0.156.
    assert reranked([case], ranking, vectors, rows, 0.15, shared=True) == {"c": 2}
    assert reranked([case], ranking, vectors, rows, 0.16, shared=True) == {"c": 1}


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


_HEADER = "id,organisation,nace,kind,ewc,description,quantity,unit,period,lat,lon\n"


def _close_in_meaning_files(folder: Path) -> Path:
    """One need; a partner 300 km away that shares no word with it and that no rule links it
    to; a stranger next door, sharing no word either (a fallback for being near)."""
    (folder / "offers.csv").write_text(
        _HEADER
        + "OF1,Atelier Nord,32.99,material,,Grommets of brass from a closed line,,,,47.7,5.0\n"
        + "OF2,Voisin SA,32.99,material,,Assorted ceramic figurines,,,,45.0,5.0\n",
        encoding="utf-8",
    )
    (folder / "needs.csv").write_text(
        _HEADER + "NE1,Fabrique Sud,32.99,material,,Eyelets for tarpaulin edges,,,,45.0,5.01\n",
        encoding="utf-8",
    )
    return folder


def test_a_partner_found_only_through_meaning_gains_a_rank(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Today's engine as the engine of the arrival, in its child interpreter, on two offers.
    monkeypatch.setenv("BOUCLE_CACHE_DIR", str(tmp_path / "cache"))
    data = _close_in_meaning_files(tmp_path)
    scores = scored_on_arrival(resolved("HEAD"), data, ["NE1"], nearest=100)
    assert [entry[0] for entry in scores["NE1"]["pool"]] == ["OF2"]  # the partner is no fallback
    # both let through by the rules, nearest first; the stranger already a fallback
    assert [(e[0], e[4], e[5]) for e in scores["NE1"]["nearest"]] == [
        ("OF2", True, True),
        ("OF1", True, False),
    ]
    rows = ({"OF1": 0, "OF2": 1}, {"NE1": 0})
    case = Case("c", "dev", 14, "NE1", frozenset({"OF1"}), "")
    partner_close = Vectors(
        offers=np.array([_unit(FULL), _unit(FLOOR)], dtype=np.float32),
        needs=np.array([[1.0, 0.0]], dtype=np.float32),
    )

    def rank(vectors: Vectors, closest: int) -> int | None:
        pools = with_close_in_meaning(scores, vectors, rows, closest)
        return reranked([case], pools, vectors, rows)["c"]

    assert rank(partner_close, 0) is None  # nothing added: the pool as the rules made it
    assert rank(partner_close, 1) == 1  # the closest in meaning, added, comes first
    # The stranger the closest: its place among the closest is its own, nothing is added; with
    # two, the partner too (half as close), after the stranger, nearer and closer.
    stranger_close = Vectors(
        offers=np.array([_unit((FLOOR + FULL) / 2), _unit(FULL)], dtype=np.float32),
        needs=partner_close.needs,
    )
    assert rank(stranger_close, 1) is None
    assert rank(stranger_close, 2) == 2
    # Not close at all (below the floor of closeness): never added, however many are asked.
    far_in_meaning = Vectors(
        offers=np.array([_unit(FLOOR - 0.05), _unit(FULL)], dtype=np.float32),
        needs=partner_close.needs,
    )
    assert rank(far_in_meaning, 2) is None
