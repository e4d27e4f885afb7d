"""Economy-wide material flow accounts (Eurostat EW-MFA) for régions and départements.

The method is Eurostat's, as the French guide "Comptabilité des flux de matières dans les
régions et les départements" (CGDD/SOeS, 2014) applies it to territories: domestic extraction,
imports and exports split between other countries and the rest of the country, the indicators
(DMI, DMC, PTB, TMI, DPO, DMO, NAS...), per inhabitant and per euro of GDP, aggregation of
territories with the trade between them netted out. Pure Python and numpy, no Django::

    from boucle.engines.mfa import compute, insee_hierarchy, read_accounts, read_population

    accounts = read_accounts("accounts.csv")        # territory,year,flow,category,value,unit
    population = read_population("population.csv")  # territory,year,population
    results = compute(accounts, population=population, hierarchy=insee_hierarchy())
    for row in results.indicators_for("REG:27", 2010):
        print(row.indicator, row.category, row.tonnes, row.tonnes_per_inhabitant)

Bad input raises `MfaInputError`, whose `errors` list every problem with its file, line and
column; nothing is computed from input that has one. docs/mfa.md describes the method, the
formats and the command line (`boucle mfa`).
"""

from __future__ import annotations

from boucle.engines.mfa.categories import CATEGORIES, TOTAL, Category, CategoryNode, category_tree
from boucle.engines.mfa.computation import compute
from boucle.engines.mfa.errors import InputProblem, MfaInputError
from boucle.engines.mfa.flows import FLOWS
from boucle.engines.mfa.indicators import INDICATORS, Indicator
from boucle.engines.mfa.inputs import Accounts, Gdp, Population, Trade
from boucle.engines.mfa.readers import (
    read_accounts,
    read_gdp,
    read_hierarchy,
    read_population,
    read_trade,
)
from boucle.engines.mfa.results import ROW_FIELDS, Balance, BalanceFlow, IndicatorRow, Results
from boucle.engines.mfa.territories import Hierarchy, insee_hierarchy

__all__ = [
    "CATEGORIES",
    "FLOWS",
    "INDICATORS",
    "ROW_FIELDS",
    "TOTAL",
    "Accounts",
    "Balance",
    "BalanceFlow",
    "Category",
    "CategoryNode",
    "Gdp",
    "Hierarchy",
    "Indicator",
    "IndicatorRow",
    "InputProblem",
    "MfaInputError",
    "Population",
    "Results",
    "Trade",
    "category_tree",
    "compute",
    "insee_hierarchy",
    "read_accounts",
    "read_gdp",
    "read_hierarchy",
    "read_population",
    "read_trade",
]
