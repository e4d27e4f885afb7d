"""Reads of French territories."""

from __future__ import annotations

from boucle.geo.models import Commune


def communes_for_postcode(postcode: str) -> list[Commune]:
    """The communes a postcode serves, largest first (the likeliest for a business)."""
    return list(
        Commune.objects.filter(postcodes__code=postcode)
        .select_related("departement")
        .order_by("-population", "name")
        .distinct()
    )
