"""How the material flow pages write numbers (in English here; French groups with spaces)."""

from __future__ import annotations

import pytest
from django.utils import translation

from boucle.territory.templatetags.territory_format import hundredths, percent, tonnes


@pytest.mark.parametrize(
    ("value", "written"),
    [(5_550_000.0, "5,550,000"), (1_234_567.5, "1,234,568"), (-785_565.2, "-785,565"), (None, "—")],
)
def test_tonnes_are_whole_and_grouped(value: float | None, written: str) -> None:
    with translation.override("en"):
        assert tonnes(value) == written


@pytest.mark.parametrize(
    ("value", "written"),
    [(11.1, "11.10"), (0.266, "0.27"), (-0.001, "0.00"), (1234.5, "1,234.50"), (None, "—")],
)
def test_hundredths_are_rounded_not_cut(value: float | None, written: str) -> None:
    with translation.override("en"):
        assert hundredths(value) == written


def test_a_ratio_is_a_percentage() -> None:
    with translation.override("en"):
        assert percent(0.967) == "97\xa0%"
        assert percent(None) == "—"


def test_french_writes_a_decimal_comma() -> None:
    with translation.override("fr"):
        assert hundredths(9.4) == "9,40"
