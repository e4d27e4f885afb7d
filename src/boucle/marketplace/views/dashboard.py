"""An organisation's marketplace dashboard: what it sells and what it buys, at a glance.

Members of the organisation only (404 for anyone else). The figures come from
`boucle.marketplace.dashboards`, each one query whatever the number of lots and orders.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from boucle.accounts.models import User
from boucle.accounts.selectors import membership_get
from boucle.marketplace.dashboards import buyer_dashboard, seller_dashboard
from boucle.marketplace.services.lots import SELLER_KINDS


@login_required
def dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    membership = membership_get(user, slug)
    organisation = membership.organisation
    seller = seller_dashboard(organisation) if organisation.kind in SELLER_KINDS else None
    return render(
        request,
        "marketplace/dashboard/dashboard.html",
        {
            "membership": membership,
            "organisation": organisation,
            "seller": seller,
            "buyer": buyer_dashboard(user, organisation),
        },
    )


urlpatterns = [
    path("o/<slug:slug>/marketplace/", dashboard, name="dashboard"),
]
