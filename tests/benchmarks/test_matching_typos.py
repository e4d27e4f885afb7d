"""The evaluation set mistyped (`benchmarks/matching_typos.py`): only descriptions change, by
one slip a word, at about the rate asked, the same each time."""

from __future__ import annotations

import csv
import random
import re
from pathlib import Path

import pytest
from benchmarks.matching_quality import DATA, main
from benchmarks.matching_typos import mistyped, with_typos


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_only_descriptions_change_at_about_the_rate_asked(tmp_path: Path) -> None:
    folder = with_typos(DATA, 0.2, tmp_path / "typos")

    assert (folder / "truth.csv").read_bytes() == (DATA / "truth.csv").read_bytes()
    before, after = _rows(DATA / "needs.csv"), _rows(folder / "needs.csv")
    long_words = 0
    for old, new in zip(before, after, strict=True):
        assert {k: v for k, v in old.items() if k != "description"} == {
            k: v for k, v in new.items() if k != "description"
        }
        words = re.findall(r"[^\W\d_]{5,}", old["description"])
        long_words += len(words)
    typed = sum(
        old["description"] != new["description"] for old, new in zip(before, after, strict=True)
    )
    assert 0.5 < typed / len(before) < 1.0  # most descriptions have a slip, not all
    assert long_words > 1000


def test_the_same_rate_gives_the_same_files(tmp_path: Path) -> None:
    first = with_typos(DATA, 0.1, tmp_path / "a")
    second = with_typos(DATA, 0.1, tmp_path / "b")

    assert (first / "offers.csv").read_bytes() == (second / "offers.csv").read_bytes()


def test_a_slip_changes_the_word_by_one_letter_and_keeps_its_first() -> None:
    draw = random.Random(1)
    slips = {mistyped("gypsum", draw) for _ in range(200)}

    assert "gypsum" not in slips
    assert all(typed[0] == "g" and abs(len(typed) - 6) <= 1 for typed in slips)
    assert {"gyspum", "gypum", "gyppsum"} <= slips  # swapped, left out, typed twice


def test_a_rate_that_is_no_share_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--typos", "1.5"])

    assert "--typos: 1.5 is no share of words" in capsys.readouterr().err
