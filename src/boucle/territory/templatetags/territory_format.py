"""Numbers of the material flow pages, in the page's language: `{{ value|tonnes }}`."""

from __future__ import annotations

from django import template
from django.utils.formats import number_format

register = template.Library()

MISSING = "—"  # a figure that was not given nor derived


@register.filter
def tonnes(value: float | None) -> str:
    """A mass in whole tonnes, with the thousands grouped: 1 234 567."""
    if value is None:
        return MISSING
    return number_format(round(value), decimal_pos=0, force_grouping=True)


@register.filter
def hundredths(value: float | None) -> str:
    """A figure to the hundredth: 9,40 (tonnes per inhabitant, kilograms per euro)."""
    if value is None:
        return MISSING
    # Rounded first: number_format cuts the digits beyond decimal_pos off, 0.266 would be 0.26;
    # adding 0.0 turns the -0.0 of a tiny negative figure into 0.0.
    return number_format(round(value, 2) + 0.0, decimal_pos=2, force_grouping=True)


per_inhabitant = register.filter("per_inhabitant", hundredths)


@register.filter
def percent(value: float | None) -> str:
    """A ratio as a percentage: 0.967 gives 97 %."""
    if value is None:
        return MISSING
    return f"{number_format(round(value * 100), decimal_pos=0, force_grouping=True)}\u00a0%"
