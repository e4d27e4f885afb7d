"""The material balance for a Sankey diagram, and the balance check against a measured NAS."""

from __future__ import annotations

import pytest

from boucle.engines.mfa import BalanceFlow, compute

from .helpers import accounts, trade

# Domestic imports come by category from a trade table; international ones as a total.
TRADE = "Y,X,2010,MF5,10,kt\n"
ROWS = """
X,2010,DE,MF1,100,kt
X,2010,DE,MF3,50,kt
X,2010,IMP_INT,TOTAL,30,kt
X,2010,EXP_INT,MF1,25,kt
X,2010,DPO_AIR,TOTAL,35,kt
X,2010,DPO_LANDFILL,TOTAL,10,kt
X,2010,BI_IN,TOTAL,12,kt
X,2010,BI_OUT,TOTAL,9,kt
X,2010,RECYCLING,MF3,7,kt
X,2010,NAS_REPORTED,TOTAL,140,kt
"""


def test_the_balance_closes_with_the_net_addition_to_stock() -> None:
    balance = compute(accounts(ROWS), trade=trade(TRADE)).balance("X", 2010)

    assert balance is not None
    assert balance.inputs == (
        BalanceFlow("DE", "MF1", 100_000),
        BalanceFlow("DE", "MF3", 50_000),
        BalanceFlow("IMP", "MF5", 10_000),
        BalanceFlow("IMP", "TOTAL", 30_000),  # given for TOTAL only: no category
        BalanceFlow("BI_IN", "TOTAL", 12_000),
    )
    assert balance.outputs == (
        BalanceFlow("EXP", "MF1", 25_000),
        BalanceFlow("DPO_AIR", "TOTAL", 35_000),
        BalanceFlow("DPO_LANDFILL", "TOTAL", 10_000),
        BalanceFlow("BI_OUT", "TOTAL", 9_000),
    )
    # NAS = 190 + 12 - 45 - 25 - 9 = 123 kt
    assert balance.net_addition_to_stock == pytest.approx(123_000)
    assert balance.total_inputs == pytest.approx(
        balance.total_outputs + balance.net_addition_to_stock
    )
    assert balance.recycling == pytest.approx(7_000)


def test_the_balance_check_says_how_far_the_balance_is_from_the_measured_stock() -> None:
    balance = compute(accounts(ROWS), trade=trade(TRADE)).balance("X", 2010)

    assert balance is not None
    assert balance.nas_reported == pytest.approx(140_000)
    assert balance.nas_gap_tonnes == pytest.approx(-17_000)
    assert balance.nas_gap_ratio == pytest.approx(-17 / 140)


def test_no_balance_without_dpo() -> None:
    results = compute(accounts("X,2010,DE,MF1,1,kt\n"))

    assert results.balance("X", 2010) is None
    assert results.balance("Y", 2010) is None
