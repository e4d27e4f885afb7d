"""The review list of tools/matching_stem_collisions.py: frequent words that meet a one-word
phrase of the knowledge base by their stem alone."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from boucle.engines.matching.text import _STEMMED_AS

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def listed() -> dict[str, str]:
    """Each listed word and the family it reads, among the 20,000 most frequent words."""
    pytest.importorskip("wordfreq", reason="wordfreq is a development dependency")
    run = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, str(ROOT / "tools" / "matching_stem_collisions.py"), "--top", "20000"],
        capture_output=True,
        text=True,
        check=True,
    )
    rows = [line.split() for line in run.stdout.splitlines()]
    return {row[2]: row[3] for row in rows}


def test_words_given_a_stem_of_their_own_are_no_longer_listed(listed: dict[str, str]) -> None:
    fixed = {"etablissement", "middle", "reduction", "generated", "mechanical", "fabrication"}
    assert fixed.isdisjoint(listed)


def test_words_given_a_stem_of_their_own_are_not_listed_again(listed: dict[str, str]) -> None:
    given = set(_STEMMED_AS["fr"]) | set(_STEMMED_AS["en"])
    assert given.isdisjoint(listed)


def test_a_word_of_the_same_meaning_is_listed_with_the_family_it_reads(
    listed: dict[str, str],
) -> None:
    # "packages" meets "packaging" by its stem alone and means the same: left on purpose, and
    # listed, as the tool lists every such word for a person to judge.
    assert listed["packages"] == "material.packaging"
