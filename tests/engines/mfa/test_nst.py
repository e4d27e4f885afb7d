"""NST 2007 chapters of transport statistics, converted to MF categories."""

from __future__ import annotations

from boucle.engines.mfa import CATEGORIES
from boucle.engines.mfa.nst import NST_CHAPTERS, nst_to_mf

from .helpers import trade


def test_every_one_of_the_twenty_chapters_maps_to_an_mf_category_with_a_reason() -> None:
    assert sorted(NST_CHAPTERS) == [f"{n:02d}" for n in range(1, 21)]
    for chapter in NST_CHAPTERS.values():
        assert chapter.mf_code in CATEGORIES
        assert chapter.rationale
        assert chapter.name_fr
        assert chapter.name_en


def test_chapter_codes_are_read_in_their_usual_spellings() -> None:
    assert nst_to_mf("NST07") == "MF43"
    assert nst_to_mf("NST 7") == "MF43"
    assert nst_to_mf("07") == "MF43"
    assert nst_to_mf("10") == "MF23"
    assert nst_to_mf("NST21") is None
    assert nst_to_mf("MF1") is None


def test_a_trade_table_in_nst_chapters_is_converted_to_mf_categories() -> None:
    table = trade(
        """
        DEP:21,DEP:58,2010,NST09,2,kt
        DEP:21,DEP:58,2010,06,3,kt
        DEP:21,DEP:58,2010,MF131,1,kt
        """
    )

    categories = [CATEGORIES_BY_INDEX[int(i)] for i in table.category]
    assert categories == ["MF311", "MF16", "MF131"]
    assert list(table.tonnes) == [2000.0, 3000.0, 1000.0]


CATEGORIES_BY_INDEX = list(CATEGORIES)
