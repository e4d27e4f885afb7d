"""Typing errors read back: a word no dictionary knows, one slip of a finger from a word the
knowledge base reads, is read as that word (`boucle.engines.matching.spelling`)."""

from __future__ import annotations

import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from boucle.engines.matching import load_knowledge, match, spelling
from boucle.engines.matching.spelling import reading, slips
from boucle.engines.matching.text import MADE_WORDS, analyse, strip_accents

from .helpers import declarations, shipped_families

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("gyspum", "gypsum"),  # two neighbouring letters swapped
        ("sicure", "sciure"),
        ("furnce", "furnace"),  # a letter left out
        ("plasstic", "plastic"),  # a letter typed twice
        ("gypsumm", "gypsum"),
        ("slufur", "sulfur"),  # swapped
        ("plastuc", "plastic"),  # the key beside: "u" for "i"
        ("cartpn", "carton"),  # "p" for "o"
        ("bouesq", "boues"),  # "q" beside "s" on an AZERTY keyboard, typed with it
    ],
)
def test_a_slip_of_a_finger_is_read_as_the_word_meant(typed: str, meant: str) -> None:
    assert reading(typed) == meant


@pytest.mark.parametrize(
    "word",
    [
        "analysed",  # "analyser" inflected, not mistyped
        "certifie",
        "plaster",  # words of the taxonomy are themselves
        "boue",  # too short to be read as anything else
        "margxnes",  # "x" is no key beside "i": no slip of a finger from "marines"
        *sorted(MADE_WORDS),  # the reader's own words ("grade C" read as "gradec")
    ],
)
def test_words_that_are_no_slip_stay_themselves(word: str) -> None:
    assert reading(word) == word


@pytest.mark.parametrize(
    ("word", "near"),
    [
        ("shopping", "shipping"),  # English words of no knowledge-base file
        ("fiction", "friction"),
        ("reading", "rearing"),
    ],
)
def test_a_dictionary_word_one_slip_from_a_taxonomy_word_stays_itself(word: str, near: str) -> None:
    assert spelling._one_slip_away(word, spelling._targets()) == {near}  # only the dictionary
    assert reading(word) == word


def test_a_word_too_long_to_be_one_slip_from_any_is_not_searched(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def searched(typed: str, targets: frozenset[str]) -> set[str]:
        raise AssertionError(f"searched {len(typed)} letters")  # n² strings of n letters

    monkeypatch.setattr(spelling, "_one_slip_away", searched)

    assert reading("a" * 100_000) == "a" * 100_000


def test_the_dictionary_is_looked_up_in_place() -> None:
    import gzip

    listed = gzip.decompress((spelling._DATA / "words.txt.gz").read_bytes()).split()
    for word in (listed[0], listed[1], listed[len(listed) // 2], listed[-2], listed[-1]):
        assert spelling._in_dictionary(word.decode())
    for word in ("aaaa", "zzzzzzzzzzzzzzzzzzz", "shoppinh", "gyspum", listed[-1].decode() + "a"):
        assert not spelling._in_dictionary(word)


def test_a_slip_read_while_the_tables_are_emptied_is_still_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    read = spelling.reading

    def meanwhile(word: str) -> str:  # another thread empties the tables at their bound
        meant = read(word)
        spelling._SAME.clear()
        spelling._SLIPS.clear()
        return meant

    monkeypatch.setattr(spelling, "reading", meanwhile)

    assert spelling.corrected(["gyspum", "and", "slufur"]) == ["gypsum", "and", "sulfur"]


@pytest.mark.parametrize(
    "typed",
    [
        "irrigatin",  # "irrigation" or "irrigating"
        "electricie",  # "électricité" or "électricien"
    ],
)
def test_a_word_two_taxonomy_words_are_one_slip_from_is_left_as_typed(typed: str) -> None:
    assert reading(typed) == typed


def test_a_mistyped_resource_is_read_as_the_resource() -> None:
    # Read word by word, "gpyse" and "désulfuraton" would say nothing.
    assert (
        shipped_families(
            "Gpyse de désulfuraton des fumées, sec, en vrac", role="offer", kind="material"
        )[0]
        == "material.mineral.gypsum.fgd_gypsum"
    )
    assert shipped_families("Sicure de chêne humdie, en benne", role="offer", kind="material")[
        0
    ].startswith("material.wood")


def test_the_reader_keeps_the_words_count_so_reasons_quote_the_text_as_written() -> None:
    analysis = analyse("Gyspum from the scrubber")

    assert analysis.words == ("gypsum", "from", "the", "scrubber")


def test_a_need_typed_in_haste_finds_its_partner() -> None:
    offers = declarations(
        "fgd,Centrale,35.11,material,,FGD gypsum from the flue-gas scrubber,80000,t,year,"
        "45.70,4.80",
        "sand,Carrière,08.12,material,,Washed river sand 0/4,50000,t,year,45.71,4.81",
        file="offers.csv",
    )
    # No sector to speak for it: its words alone say what it wants. Misread, they would say
    # nothing, and the sand, nearer, would come first.
    needs = declarations(
        "wall,Plâtrerie,,material,,Gyspum for our plasterbaord line,150000,t,year,45.72,4.82",
        file="needs.csv",
    )

    (found,) = match(offers, needs, knowledge=load_knowledge())

    assert [c.offer_id for c in found.candidates] == ["fgd", "sand"]
    assert "FGD gypsum" in found.candidates[0].reasons[0]


def test_the_shipped_word_list_is_what_wordfreq_gives() -> None:
    pytest.importorskip("wordfreq", reason="wordfreq is a development dependency")
    checked = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, str(ROOT / "tools" / "matching_words.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        (
            "en",
            "words read as typing errors, to be checked: “Gyspum” as gypsum, “plasterbaord” as "
            "plasterboard",
        ),
        (
            "fr",
            "mots lus comme des fautes de frappe, à vérifier\u00a0: «\u00a0Gyspum\u00a0» pour "
            "gypsum, «\u00a0plasterbaord\u00a0» pour plasterboard",
        ),
    ],
)
def test_the_reasons_say_which_words_were_read_as_typing_errors(lang: str, said: str) -> None:
    offers = declarations(
        "fgd,Centrale,35.11,material,,FGD gypsum from the flue-gas scrubber,80000,t,year,"
        "45.70,4.80",
        file="offers.csv",
    )
    needs = declarations(
        "wall,Plâtrerie,,material,,Gyspum for our plasterbaord line,150000,t,year,45.72,4.82",
        "mill,Papeterie,,material,,Vieux papiers et cartons triés,5000,t,year,45.72,4.82",
        file="needs.csv",
    )

    typed, clean = match(offers, needs, knowledge=load_knowledge(), lang=lang)

    assert said in typed.candidates[0].reasons
    assert not any("typing" in r or "frappe" in r for c in clean.candidates for r in c.reasons)


@pytest.mark.parametrize(
    ("text", "said"),
    [
        # Accents decomposed (as macOS writes them): "e" and U+0301 are one word's letters.
        (
            unicodedata.normalize("NFD", "Gypse de désulfuraton"),
            (unicodedata.normalize("NFD", "désulfuraton"), "désulfuration"),
        ),
        # A dash the reader drops joins the words: "gyspumbased" is no slip, so none is said.
        ("Gyspum\u2013based plasterbaord", ("plasterbaord", "plasterboard")),
        # So does an apostrophe: the slip is said as it was typed, the sign in it.
        ("Gypse de dé\u2019sulfuraton", ("dé\u2019sulfuraton", "désulfuration")),
    ],
)
def test_the_slips_said_are_the_words_the_reader_read(text: str, said: tuple[str, str]) -> None:
    assert slips(text) == (said,)
    assert strip_accents(said[1]) in analyse(text).words


def test_a_taxonomy_word_is_said_with_its_accents() -> None:
    assert slips("Gpyse de désulfuraton des fumées") == (
        ("Gpyse", "gypse"),
        ("désulfuraton", "désulfuration"),
    )
