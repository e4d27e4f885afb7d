"""The EW-MFA category tree shipped as data."""

from __future__ import annotations

from boucle.engines.mfa import CATEGORIES, category_tree
from boucle.engines.mfa.categories import descends_from, normalise_category


def test_the_tree_has_the_six_main_categories_under_total() -> None:
    tree = category_tree()

    assert tree.category.code == "TOTAL"
    assert [node.category.code for node in tree.children] == [
        "MF1",
        "MF2",
        "MF3",
        "MF4",
        "MF5",
        "MF6",
    ]


def test_it_holds_the_detailed_codes_of_the_questionnaire() -> None:
    for code in ("MF111", "MF1110", "MF1211", "MF1222", "MF132", "MF142", "MF154", "MF229"):
        assert code in CATEGORIES
    for code in ("MF310", "MF311", "MF411", "MF414", "MF421", "MF422", "MF43"):
        assert code in CATEGORIES
    assert CATEGORIES["MF1211"].parent == "MF121"
    assert CATEGORIES["MF310"].parent == "MF3"


def test_extraction_exists_only_for_raw_materials() -> None:
    trade_only = {code for code, category in CATEGORIES.items() if not category.extraction}

    assert {"MF15", "MF16", "MF23", "MF311", "MF43", "MF5", "MF6"} <= trade_only
    assert {"MF131", "MF21", "MF38", "MF422", "MF1", "TOTAL"}.isdisjoint(trade_only)
    # A trade-only category's sub-categories are trade-only too.
    assert all(not CATEGORIES[code].extraction for code in trade_only if code != "TOTAL")
    for code in trade_only:
        for child, category in CATEGORIES.items():
            if category.parent == code:
                assert child in trade_only


def test_every_category_has_a_french_and_an_english_name() -> None:
    for category in CATEGORIES.values():
        assert category.name_fr
        assert category.name_en

    assert CATEGORIES["MF13"].name("fr") == "Bois"
    assert CATEGORIES["MF13"].name("en") == "Wood"


def test_the_dotted_codes_of_the_questionnaire_are_accepted() -> None:
    assert normalise_category("MF1.3.1") == "MF131"
    assert normalise_category("MF.3.10") == "MF310"
    assert normalise_category(" mf1 ") == "MF1"
    assert normalise_category("total") == "TOTAL"
    assert normalise_category("MF7") is None
    assert normalise_category("wood") is None


def test_descent_follows_the_tree() -> None:
    assert descends_from("MF1211", "MF1")
    assert descends_from("MF1211", "TOTAL")
    assert not descends_from("MF1211", "MF13")
