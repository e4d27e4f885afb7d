"""`compute`: from checked inputs to every indicator of every territory and year."""

from __future__ import annotations

from boucle.engines.mfa.inputs import Accounts, Gdp, Population, Trade
from boucle.engines.mfa.results import Results
from boucle.engines.mfa.territories import Hierarchy


def compute(
    accounts: Accounts,
    *,
    population: Population | None = None,
    gdp: Gdp | None = None,
    trade: Trade | None = None,
    hierarchy: Hierarchy | None = None,
    reference: str | None = None,
    respiration: bool = False,
) -> Results:
    raise NotImplementedError
