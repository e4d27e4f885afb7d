"""The matching evaluation set is what `generate.py` builds from the hand-written cases, and
the quality script's arithmetic is right: the figures reported for issue 4 rest on both."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from benchmarks.matching_quality import DATA, read_truth, summarise


def _generator():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("generate", DATA / "generate.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_committed_files_are_those_the_cases_build() -> None:
    assert _generator().main(["--check"]) == 0


def test_every_case_has_a_split_and_a_round() -> None:
    cases = read_truth(DATA / "truth.csv")
    assert {case.split for case in cases} == {"dev", "test"}
    assert min(case.round for case in cases) == 1
    assert all(case.offer_ids for case in cases)


def test_a_case_without_round_is_refused(tmp_path: Path) -> None:
    generator = _generator()
    lines = (DATA / "cases.csv").read_text(encoding="utf-8").splitlines()
    header, first = lines[0], lines[1]
    (tmp_path / "cases.csv").write_text(f"{header}\n{first.rsplit(',', 1)[0]},\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"cases\.csv:2: case .* has no round"):
        generator.read_cases(tmp_path / "cases.csv")


def test_summary_counts_hits_and_reciprocal_ranks() -> None:
    scores = summarise({"a": 1, "b": 3, "c": None, "d": 6})
    assert (scores.hit1, scores.hit5) == (0.25, 0.5)
    assert abs(scores.mrr - (1 + 1 / 3 + 1 / 6) / 4) < 1e-12
