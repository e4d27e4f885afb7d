"""Small builders shared by the MFA engine's tests: inputs from CSV text written inline."""

from __future__ import annotations

import io
import textwrap

from boucle.engines.mfa import (
    Accounts,
    Hierarchy,
    Population,
    Trade,
    read_accounts,
    read_hierarchy,
    read_population,
    read_trade,
)

ACCOUNTS_HEADER = "territory,year,flow,category,value,unit\n"
TRADE_HEADER = "origin,destination,year,category,value,unit\n"


def csv_text(text: str) -> io.StringIO:
    return io.StringIO(textwrap.dedent(text).lstrip())


def accounts(rows: str, *, name: str = "accounts.csv") -> Accounts:
    """Accounts from CSV rows (without the header)."""
    return read_accounts(csv_text(ACCOUNTS_HEADER + textwrap.dedent(rows).lstrip()), name=name)


def trade(rows: str) -> Trade:
    return read_trade(csv_text(TRADE_HEADER + textwrap.dedent(rows).lstrip()), name="trade.csv")


def population(rows: str) -> Population:
    header = "territory,year,population\n"
    return read_population(csv_text(header + textwrap.dedent(rows).lstrip()), name="pop.csv")


def hierarchy(rows: str) -> Hierarchy:
    header = "territory,parent\n"
    return read_hierarchy(csv_text(header + textwrap.dedent(rows).lstrip()), name="tree.csv")
