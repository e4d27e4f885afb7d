"""Reads the engine's inputs from CSV or XLSX files, checking every row.

Each reader takes a path or an open file (binary or text) and a display name for messages, and
returns checked input or raises one `MfaInputError` listing every problem with its file, line
and column::

    accounts = read_accounts("bourgogne.csv")
    population = read_population(upload_file, name="population.xlsx")

The formats (one header line, then one row per value):

- accounts: `territory,year,flow,category,value,unit`
- population: `territory,year,population` (average population of the year)
- GDP: `territory,year,gdp_eur`
- trade: `origin,destination,year,category,value,unit` (MF codes or NST 2007 chapters)
- hierarchy: `territory,parent`
"""

from __future__ import annotations

from boucle.engines.mfa.inputs import Accounts, Gdp, Population, Trade
from boucle.engines.mfa.tables import Source
from boucle.engines.mfa.territories import Hierarchy


def read_accounts(source: Source, *, name: str | None = None) -> Accounts:
    raise NotImplementedError


def read_population(source: Source, *, name: str | None = None) -> Population:
    raise NotImplementedError


def read_gdp(source: Source, *, name: str | None = None) -> Gdp:
    raise NotImplementedError


def read_trade(source: Source, *, name: str | None = None) -> Trade:
    raise NotImplementedError


def read_hierarchy(source: Source, *, name: str | None = None) -> Hierarchy:
    raise NotImplementedError
