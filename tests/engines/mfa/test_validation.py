"""Bad accounts are refused with every problem named by file, line and column."""

from __future__ import annotations

import pytest

from boucle.engines.mfa import MfaInputError
from boucle.engines.mfa.inputs import Accounts

from .helpers import accounts


def problems(rows: str) -> list[tuple[int | None, str | None, str]]:
    with pytest.raises(MfaInputError) as caught:
        accounts(rows)
    return [(p.line, p.column, p.message) for p in caught.value.errors]


def test_unknown_codes_are_named_with_their_line_and_column() -> None:
    found = problems(
        """
        DEP:21,2010,EXTRACTION,MF1,1,kt
        DEP:21,2010,DE,MF9,1,kt
        DEP:21,twenty,DE,MF1,1,kt
        """
    )

    assert [(line, column) for line, column, _ in found] == [
        (2, "flow"),
        (3, "category"),
        (4, "year"),
    ]
    assert "'EXTRACTION' is not a flow (DE, UDE" in found[0][2]
    assert "'MF9' is not an EW-MFA category" in found[1][2]


def test_extraction_of_a_trade_only_category_is_refused() -> None:
    ((line, column, message),) = problems("DEP:21,2010,DE,MF23,1,kt\n")

    assert (line, column) == (2, "category")
    assert "exists only in trade" in message


def test_dpo_is_given_for_total_only() -> None:
    ((_, column, message),) = problems("DEP:21,2010,DPO_AIR,MF4,1,kt\n")

    assert column == "category"
    assert message == "DPO_AIR has no material category: give it for TOTAL, not MF4."


def test_a_negative_mass_is_refused_but_a_negative_measured_stock_change_is_not() -> None:
    ((line, column, message),) = problems(
        """
        DEP:21,2010,IMP_INT,MF4,-2,kt
        DEP:21,2010,NAS_REPORTED,TOTAL,-2,kt
        """
    )

    assert (line, column) == (2, "value")
    assert "negative" in message


def test_a_unit_that_is_not_a_mass_of_the_accounts_is_refused() -> None:
    ((line, column, message),) = problems("DEP:21,2010,DE,MF4,2,m3\n")

    assert (line, column) == (2, "unit")
    assert "'m3' is not a unit of mass" in message


def test_a_duplicate_names_the_first_line() -> None:
    ((line, column, message),) = problems(
        """
        DEP:21,2010,DE,MF11,1,kt
        DEP:21,2010,DE,MF13,1,kt
        DEP:21,2010,DE,MF11,1000,t
        """
    )

    assert (line, column) == (4, "flow")
    assert message == "DE of MF11 for DEP:21 in 2010 is given twice: here and line 2."


def test_a_total_that_disagrees_with_its_details_is_reported_at_the_total() -> None:
    ((line, column, message),) = problems(
        """
        DEP:21,2010,DE,MF1,100,kt
        DEP:21,2010,DE,MF11,60,kt
        DEP:21,2010,DE,MF13,30,kt
        """
    )

    assert (line, column) == (2, "value")
    assert message == (
        "DE of MF1 for DEP:21 in 2010 is 100,000 t, but its sub-categories add up to 90,000 t "
        "(MF11 60,000 t + MF13 30,000 t): a total given beside its details must agree with them."
    )


def test_a_total_agrees_with_its_details_within_their_rounding() -> None:
    result = accounts(
        """
        DEP:21,2010,DE,MF1,1.0,Mt
        DEP:21,2010,DE,MF11,0.64,Mt
        DEP:21,2010,DE,MF13,0.39,Mt
        """
    )

    # 1.0 Mt may be anything from 0.95 to 1.05 Mt: 1.03 agrees.
    assert len(result) == 3


def test_a_total_two_levels_up_is_checked_against_the_rolled_up_details() -> None:
    found = problems(
        """
        DEP:21,2010,IMP_INT,TOTAL,10,kt
        DEP:21,2010,IMP_INT,MF111,4,kt
        DEP:21,2010,IMP_INT,MF4,3,kt
        """
    )

    ((line, _, message),) = found
    assert line == 2
    assert "IMP_INT of TOTAL" in message
    assert "MF1 4,000 t + MF4 3,000 t" in message


def test_every_problem_is_listed_at_once() -> None:
    found = problems(
        """
        DEP:21,2010,DE,MF16,1,kt
        DEP:99,2010,DE,MF1,1,kg
        DEP:21,2010,DPO_AIR,MF1,1,kt
        DEP:21,2010,EXP_INT,MF1,-1,kt
        """
    )

    assert [(line, column) for line, column, _ in found] == [
        (2, "category"),
        (3, "territory"),
        (3, "unit"),
        (4, "category"),
        (5, "value"),
    ]
    assert "DEP:99 is not an INSEE code" in found[1][2]


def test_accounts_built_from_arrays_are_checked_as_a_file_is() -> None:
    with pytest.raises(MfaInputError) as caught:
        Accounts.from_arrays(
            territories=["A"],
            territory=[0, 0],
            year=[2010, 2010],
            flow=[0, 0],  # DE
            category=[1, 1],  # MF1, twice
            tonnes=[1.0, 2.0],
        )

    (problem,) = caught.value.errors
    assert (problem.file, problem.line) == ("accounts", 2)
    assert "given twice" in problem.message
