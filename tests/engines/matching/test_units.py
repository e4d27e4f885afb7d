"""Quantities convert through one function, per unit family and per year."""

from __future__ import annotations

import pytest

from boucle.engines.matching.units import canonical_period, canonical_unit, per_year


@pytest.mark.parametrize(
    ("quantity", "unit", "period", "expected"),
    [
        (80_000, "t", "year", ("mass", 80_000.0)),
        (500, "kg", "day", ("mass", 182.5)),
        (2, "m3", "week", ("volume", 104.0)),
        (1000, "l", "month", ("volume", 12.0)),
        (3, "MWh", None, ("energy", 3.0)),
        (250, "kWh", "day", ("energy", 91.25)),
        (4, "pallet", "once", ("pallet", 4.0)),
        (7, "unit", "month", ("count", 84.0)),
        (1500, "m2", "once", ("area", 1500.0)),
        (2, "ha", None, ("area", 20_000.0)),
    ],
)
def test_per_year(
    quantity: float, unit: str, period: str | None, expected: tuple[str, float]
) -> None:
    family, rate = per_year(quantity, unit, period)
    assert family == expected[0]
    assert rate == pytest.approx(expected[1])


def test_units_and_periods_are_read_in_their_usual_spellings() -> None:
    assert canonical_unit("Tonnes") == "t"
    assert canonical_unit("mwh") == "MWh"
    assert canonical_unit("m³") == "m3"
    assert canonical_unit("palettes") == "pallet"
    assert canonical_unit("m²") == "m2"
    assert canonical_unit("Hectares") == "ha"
    assert canonical_unit("tons/h") is None
    assert canonical_period("Monthly") == "month"
    assert canonical_period("fortnight") is None
