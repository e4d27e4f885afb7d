"""`{{ order.quantity|quantity:lot.unit }}`: "3 cartons", "1 palette", "12 kg"."""

from __future__ import annotations

from django import template

from boucle.marketplace.models import quantity_label

register = template.Library()


@register.filter
def quantity(count: int | None, unit: str) -> str:
    if count is None:
        return ""
    return quantity_label(int(count), unit)
