"""Quantities and periods, converted to one base unit per family and to a yearly rate.

Declarations say `80000,t,year` or `2,kWh,day`; the engine compares what an offer gives with
what a need takes only within a unit family (mass, volume, energy, count, pallets, area), each
converted through one function::

    from boucle.engines.matching.units import per_year

    family, rate = per_year(80_000, "t", "year")   # ("mass", 80000.0) tonnes per year

`messages.Language.rate` says such a rate in words: "80,000 t/year", "80 000 t/an".

A one-off quantity (`once`) is compared as if it came once a year: it says what can be had.
"""

from __future__ import annotations

__all__ = [
    "BASE_UNITS",
    "PERIODS",
    "UNITS",
    "canonical_period",
    "canonical_unit",
    "per_year",
    "to_base",
]

# unit -> (family, factor to the family's base unit)
UNITS: dict[str, tuple[str, float]] = {
    "t": ("mass", 1.0),
    "kg": ("mass", 0.001),
    "m3": ("volume", 1.0),
    "l": ("volume", 0.001),
    "MWh": ("energy", 1.0),
    "kWh": ("energy", 0.001),
    "unit": ("count", 1.0),
    # A pallet holds an unknown number of units: its own family, not a multiple of `unit`.
    "pallet": ("pallet", 1.0),
    # Surfaces: space to share (a warehouse, a yard, land) is declared in m2 or hectares.
    "m2": ("area", 1.0),
    "ha": ("area", 10_000.0),
}
BASE_UNITS: dict[str, str] = {
    "mass": "t",
    "volume": "m3",
    "energy": "MWh",
    "count": "unit",
    "pallet": "pallet",
    "area": "m2",
}
# period -> occurrences per year
PERIODS: dict[str, float] = {"once": 1.0, "day": 365.0, "week": 52.0, "month": 12.0, "year": 1.0}

_UNIT_ALIASES: dict[str, str] = {
    "t": "t",
    "tonne": "t",
    "tonnes": "t",
    "ton": "t",
    "tons": "t",
    "kg": "kg",
    "m3": "m3",
    "m³": "m3",
    "l": "l",
    "litre": "l",
    "litres": "l",
    "liter": "l",
    "liters": "l",
    "mwh": "MWh",
    "kwh": "kWh",
    "unit": "unit",
    "units": "unit",
    "unite": "unit",
    "unité": "unit",
    "unités": "unit",
    "pièce": "unit",
    "pièces": "unit",
    "pallet": "pallet",
    "pallets": "pallet",
    "palette": "pallet",
    "palettes": "pallet",
    "m2": "m2",
    "m²": "m2",
    "m^2": "m2",
    "sqm": "m2",
    "ha": "ha",
    "hectare": "ha",
    "hectares": "ha",
}
_PERIOD_ALIASES: dict[str, str] = {
    "once": "once",
    "day": "day",
    "daily": "day",
    "week": "week",
    "weekly": "week",
    "month": "month",
    "monthly": "month",
    "year": "year",
    "yearly": "year",
    "annual": "year",
    # as French declarations say them
    "une fois": "once",
    "ponctuel": "once",
    "jour": "day",
    "par jour": "day",
    "quotidien": "day",
    "semaine": "week",
    "par semaine": "week",
    "hebdomadaire": "week",
    "mois": "month",
    "par mois": "month",
    "mensuel": "month",
    "an": "year",
    "par an": "year",
    "année": "year",
    "annuel": "year",
}


def canonical_unit(text: str) -> str | None:
    """The unit's canonical spelling (`t`, `kg`, `m3`, `l`, `MWh`, `kWh`, `unit`, `pallet`,
    `m2`, `ha`), or None if it is not one the engine knows."""
    return _UNIT_ALIASES.get(text.strip().lower())


def canonical_period(text: str) -> str | None:
    """`once`, `day`, `week`, `month` or `year`, or None for an unknown period."""
    return _PERIOD_ALIASES.get(text.strip().lower())


def to_base(quantity: float, unit: str) -> tuple[str, float]:
    """(family, quantity in the family's base unit) for a canonical unit."""
    family, factor = UNITS[unit]
    return family, quantity * factor


def per_year(quantity: float, unit: str, period: str | None) -> tuple[str, float]:
    """(family, yearly quantity in the base unit); no period counts as a yearly figure."""
    family, base = to_base(quantity, unit)
    return family, base * PERIODS[period or "year"]
