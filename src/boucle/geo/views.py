from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from boucle.geo.selectors import communes_for_postcode


def commune_options(request: HttpRequest) -> HttpResponse:
    """The <option>s of the communes a postcode serves, for the site form (HTMX)."""
    postcode = request.GET.get("postcode", "").strip()
    communes = communes_for_postcode(postcode) if len(postcode) == 5 else []
    return render(request, "geo/commune_options.html", {"communes": communes})
