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
def per_inhabitant(value: float | None) -> str:
    """Tonnes per inhabitant, to the hundredth: 9,40."""
    if value is None:
        return MISSING
    return number_format(value, decimal_pos=2, force_grouping=True)


@register.filter
def percent(value: float | None) -> str:
    """A ratio as a percentage: 0.967 gives 97 %."""
    if value is None:
        return MISSING
    return f"{number_format(value * 100, decimal_pos=0, force_grouping=True)}\u00a0%"
