from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from boucle.accounts.selectors import memberships_of


def acting_organisation(request: HttpRequest) -> dict[str, Any]:
    """The acting membership and the person's other organisations, for the header switcher."""
    user = request.user
    if not user.is_authenticated:
        return {}
    membership = getattr(request, "membership", None)
    return {
        "acting_membership": membership if membership else None,
        "my_memberships": memberships_of(user).order_by("organisation__name"),
    }
