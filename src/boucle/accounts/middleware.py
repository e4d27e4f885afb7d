"""Sets `request.membership`: the organisation the person acts for, read once per request."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject

from boucle.accounts.selectors import acting_membership


class ActingOrganisationMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.membership = SimpleLazyObject(  # type: ignore[attr-defined]
            lambda: acting_membership(request.user)  # type: ignore[arg-type]
        )
        return self.get_response(request)
