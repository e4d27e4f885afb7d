"""Territories summed into their parents, with the trade between them netted out.

The hand-computed case: départements A (DEP:21) and B (DEP:58) make up the région R; C (DEP:75)
lies outside it; R and C make up FR. Trade in 2010, in kt: A to B 5, B to A 2, A to C 3,
C to B 1, and 4 inside A (A to A).

    A: IMP_DOM = 2 (from B),          EXP_DOM = 5 + 3 = 8
    B: IMP_DOM = 5 + 1 = 6,           EXP_DOM = 2
    C: IMP_DOM = 3,                   EXP_DOM = 1
    R: IMP_DOM = 1 (C to B),          EXP_DOM = 3 (A to C): A-B trade is internal to R
    FR: IMP_DOM = EXP_DOM = 0: all of it is internal to the country
"""

from __future__ import annotations

import pytest

from boucle.engines.mfa import MfaInputError, Results, compute, insee_hierarchy

from .helpers import accounts, hierarchy, population, trade

A, B, C = "DEP:21", "DEP:58", "DEP:75"
TREE = f"{A},R\n{B},R\nR,FR\n{C},FR\n"
TRADE = f"""
{A},{B},2010,MF11,5,kt
{B},{A},2010,MF311,2,kt
{A},{C},2010,MF4,3,kt
{C},{B},2010,MF5,1,kt
{A},{A},2010,MF5,4,kt
"""
ACCOUNTS = f"""
{A},2010,DE,MF1,100,kt
{A},2010,IMP_INT,MF4,20,kt
{A},2010,EXP_INT,MF1,10,kt
{A},2010,DPO_AIR,TOTAL,30,kt
{B},2010,DE,MF3,40,kt
{B},2010,IMP_INT,MF4,10,kt
{B},2010,DPO_AIR,TOTAL,8,kt
{C},2010,DE,MF3,1,kt
{C},2010,IMP_INT,MF5,50,kt
{C},2010,EXP_INT,MF5,20,kt
{C},2010,DPO_AIR,TOTAL,12,kt
"""


@pytest.fixture
def results() -> Results:
    return compute(
        accounts(ACCOUNTS),
        trade=trade(TRADE),
        hierarchy=hierarchy(TREE),
        population=population(f"{A},2010,500\n{B},2010,200\n{C},2010,2000\n"),
    )


def kt(results: Results, territory: str, indicator: str, category: str = "TOTAL") -> float | None:
    tonnes = results.tonnes(territory, 2010, indicator, category)
    return None if tonnes is None else tonnes / 1000


def test_each_departement_trades_with_the_rest_of_the_country(results: Results) -> None:
    assert (kt(results, A, "IMP_DOM"), kt(results, A, "EXP_DOM")) == (2, 8)
    assert (kt(results, B, "IMP_DOM"), kt(results, B, "EXP_DOM")) == (6, 2)
    assert (kt(results, C, "IMP_DOM"), kt(results, C, "EXP_DOM")) == (3, 1)


def test_the_region_leaves_out_the_trade_between_its_departements(results: Results) -> None:
    assert kt(results, "R", "IMP_DOM") == 1
    assert kt(results, "R", "EXP_DOM") == 3
    assert kt(results, "R", "IMP") == 20 + 10 + 1
    assert kt(results, "R", "EXP") == 10 + 3
    # Every other flow is the members' sum.
    assert kt(results, "R", "DE") == 140
    assert kt(results, "R", "DPO") == 38
    assert kt(results, "R", "DMC") == 140 + 31 - 13


def test_the_region_keeps_the_categories_of_the_trade_that_crosses_its_border(
    results: Results,
) -> None:
    assert kt(results, "R", "IMP_DOM", "MF5") == 1
    assert kt(results, "R", "EXP_DOM", "MF4") == 3
    assert kt(results, "R", "IMP_DOM", "MF1") is None  # A to B stays inside


def test_summing_to_france_removes_all_domestic_trade(results: Results) -> None:
    assert kt(results, "FR", "IMP_DOM") == 0
    assert kt(results, "FR", "EXP_DOM") == 0
    assert kt(results, "FR", "IMP") == 20 + 10 + 50
    assert kt(results, "FR", "EXP") == 10 + 20
    assert kt(results, "FR", "DMC") == 141 + 80 - 30


def test_internal_trade_changes_the_parents_trade_but_not_its_consumption(
    results: Results,
) -> None:
    def members(indicator: str) -> float:
        return sum(kt(results, t, indicator) or 0 for t in (A, B))

    # A to B (5 kt) and B to A (2 kt) are imports and exports of the départements only.
    assert members("IMP") - (kt(results, "R", "IMP") or 0) == pytest.approx(7)
    assert members("EXP") - (kt(results, "R", "EXP") or 0) == pytest.approx(7)
    # What A exports to B, B imports: consumption and the trade balance are unchanged.
    assert kt(results, "R", "DMC") == pytest.approx(members("DMC"))
    assert kt(results, "R", "PTB") == pytest.approx(members("PTB"))


def test_parents_get_their_members_population(results: Results) -> None:
    assert results.population("R", 2010) == 700
    assert results.population("FR", 2010) == 2700
    row = results.row("R", 2010, "DE")
    assert row is not None
    assert row.tonnes_per_inhabitant == pytest.approx(140_000 / 700)


def test_results_list_members_before_their_parents(results: Results) -> None:
    assert results.territories == (A, B, C, "R", "FR")


def test_a_parent_with_a_member_missing_is_left_out_with_a_note() -> None:
    results = compute(accounts(f"{A},2010,DE,MF1,1,kt\n"), hierarchy=hierarchy(TREE))

    assert results.tonnes("R", 2010, "DE") is None
    assert results.notes == [
        f"R 2010: not computed, 1 of its 2 members have no results ({B}).",
        f"FR 2010: not computed, 2 of its 2 members have no results (R, {C}).",
    ]


def test_a_parent_with_accounts_of_its_own_keeps_them() -> None:
    results = compute(
        accounts(f"{A},2010,DE,MF1,1,kt\n{B},2010,DE,MF1,2,kt\nR,2010,DE,MF1,10,kt\n"),
        hierarchy=hierarchy(f"{A},R\n{B},R\n"),
    )

    assert results.tonnes("R", 2010, "DE") == 10_000


def test_domestic_trade_from_the_accounts_cannot_be_netted() -> None:
    with pytest.raises(MfaInputError) as caught:
        compute(
            accounts(f"{A},2010,IMP_DOM,MF1,1,kt\n{B},2010,DE,MF1,2,kt\n"),
            hierarchy=hierarchy(f"{A},R\n{B},R\n"),
        )

    (problem,) = caught.value.errors
    assert (problem.line, problem.column) == (2, "flow")
    assert "R cannot be summed from its members" in problem.message
    assert "origin-destination trade table" in problem.message


def test_france_needs_no_netting_its_domestic_trade_is_zero() -> None:
    results = compute(
        accounts(f"{A},2010,IMP_DOM,MF1,1,kt\n{A},2010,IMP_INT,MF1,3,kt\n{C},2010,DE,MF1,2,kt\n"),
        hierarchy=hierarchy(f"{A},FR\n{C},FR\n"),
    )

    assert results.tonnes("FR", 2010, "IMP") == 3000
    assert results.tonnes("FR", 2010, "IMP_DOM") == 0


def test_unsplit_trade_cannot_be_summed() -> None:
    with pytest.raises(MfaInputError) as caught:
        compute(
            accounts(f"{A},2010,IMP,MF1,1,kt\n{B},2010,DE,MF1,2,kt\n"),
            hierarchy=hierarchy(f"{A},R\n{B},R\n"),
        )

    (problem,) = caught.value.errors
    assert "without saying how much is with other countries" in problem.message


def test_domestic_trade_given_twice_is_refused() -> None:
    with pytest.raises(MfaInputError) as caught:
        compute(accounts(f"{A},2010,IMP_DOM,MF1,1,kt\n"), trade=trade(TRADE))

    (problem,) = caught.value.errors
    assert problem.line == 2
    assert "also supplied by the trade table trade.csv" in problem.message


def test_trade_rows_at_different_levels_add_up() -> None:
    results = compute(
        accounts(f"{A},2010,DE,MF1,1,kt\n"),
        trade=trade(f"{B},{A},2010,MF1,1,kt\n{B},{A},2010,MF11,2,kt\n{C},{A},2010,MF11,4,kt\n"),
    )

    assert results.tonnes(A, 2010, "IMP_DOM", "MF11") == 6000
    assert results.tonnes(A, 2010, "IMP_DOM", "MF1") == 7000
    assert results.tonnes(A, 2010, "IMP_DOM") == 7000


def test_an_import_total_is_checked_against_international_and_table_trade() -> None:
    rows = f"{A},2010,IMP,TOTAL,30,kt\n{A},2010,IMP_INT,TOTAL,20,kt\n"

    with pytest.raises(MfaInputError):
        compute(accounts(rows))  # 30 against 20: no domestic trade to make up the rest
    results = compute(accounts(rows), trade=trade(f"{B},{A},2010,MF1,10,kt\n"))
    assert results.tonnes(A, 2010, "IMP") == 30_000


def test_the_insee_hierarchy_places_departements_in_regions_in_france() -> None:
    tree = insee_hierarchy()

    assert tree.parent_of("DEP:21") == "REG:27"
    assert tree.parent_of("DEP:2A") == "REG:94"
    assert tree.parent_of("DEP:971") == "REG:01"
    assert tree.parent_of("REG:27") == "FR"
    assert len(tree.members_of("FR")) == 18
    assert sum(len(tree.members_of(r)) for r in tree.members_of("FR")) == 101
    # A département and a région that share a number are told apart by their prefix.
    assert tree.parent_of("DEP:11") == "REG:76"
    assert tree.parent_of("REG:11") == "FR"


def test_the_insee_hierarchy_sums_a_whole_region() -> None:
    bourgogne_franche_comte = insee_hierarchy().members_of("REG:27")
    rows = "".join(f"{d},2010,DE,MF3,1,kt\n" for d in bourgogne_franche_comte)

    results = compute(accounts(rows), hierarchy=insee_hierarchy())

    assert len(bourgogne_franche_comte) == 8
    assert results.tonnes("REG:27", 2010, "DE") == 8000
    assert results.tonnes("FR", 2010, "DE") is None  # the other régions are missing


def test_communes_are_in_their_departement() -> None:
    assert insee_hierarchy(communes=True).parent_of("COM:21231") == "DEP:21"


def test_many_territories_take_the_row_by_row_test_with_the_same_result(
    results: Results, monkeypatch: pytest.MonkeyPatch
) -> None:
    from boucle.engines.mfa import aggregation

    monkeypatch.setattr(aggregation, "_PAIR_TABLE_LIMIT", 0)
    row_by_row = compute(
        accounts(ACCOUNTS),
        trade=trade(TRADE),
        hierarchy=hierarchy(TREE),
        population=population(f"{A},2010,500\n{B},2010,200\n{C},2010,2000\n"),
    )

    assert row_by_row.to_records() == results.to_records()
