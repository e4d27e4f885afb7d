"""The one API object, mounted at /api/v1/: it mounts each app's router.

OpenAPI lives at /api/v1/openapi.json and its Swagger UI at /api/v1/docs, served from ninja's
own copy of Swagger UI under /static/ (no CDN). docs/api.md tells a client how to call it.
"""

from __future__ import annotations

from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.urls import URLPattern, URLResolver, path, re_path, reverse
from ninja import NinjaAPI, Swagger

from boucle.accounts.api import router as accounts_router
from boucle.core.api_auth import API_AUTH
from boucle.core.api_errors import install_error_handlers, not_allowed_message, not_found_message
from boucle.marketplace.api import router as marketplace_router

# Swagger UI would otherwise ask swagger.io's online validator to check our schema, an image
# from another host that our Content Security Policy blocks (and a leak of the schema's URL).
_SWAGGER_SETTINGS = {"validatorUrl": None, "persistAuthorization": False}


def _error(status: int, message: str) -> JsonResponse:
    return JsonResponse({"message": message, "errors": {}}, status=status)


def _json_not_allowed(view: Any) -> Any:
    """Ninja answers a wrong method with plain text; we answer JSON like every other error."""

    @wraps(view)  # keeps csrf_exempt: ninja checks CSRF itself, per authentication method
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response: HttpResponse = view(request, *args, **kwargs)
        if isinstance(response, HttpResponseNotAllowed):
            allowed = response["Allow"]
            response = _error(405, not_allowed_message())
            response["Allow"] = allowed
        return response

    return wrapper


def _index(request: HttpRequest) -> JsonResponse:
    return JsonResponse(
        {
            "title": api.title,
            "version": api.version,
            "openapi": reverse("api:openapi-json"),
            "docs": reverse("api:openapi-view"),
        }
    )


def _unknown_path(request: HttpRequest, rest: str) -> JsonResponse:
    return _error(404, not_found_message())


class BoucleAPI(NinjaAPI):
    """A NinjaAPI whose every answer under its prefix is JSON, unknown paths included."""

    def _get_urls(self) -> list[URLResolver | URLPattern]:
        urls = super()._get_urls()
        for pattern in urls:
            if isinstance(pattern, URLPattern):
                pattern.callback = _json_not_allowed(pattern.callback)
        # Ninja's own root view raises a bare 404 (an HTML page); ours says where to look.
        return [
            path("", _index, name="api-root"),
            *urls,
            re_path(r"^(?P<rest>.*)$", _unknown_path, name="unknown"),
        ]


api = BoucleAPI(
    title="Boucle API",
    version="1",
    description="The JSON API of Boucle. How to get a key and call it: docs/api.md.",
    urls_namespace="api",
    # On the API rather than each router, so that ninja's docs page also sends the CSRF token
    # when a logged-in person tries an unsafe method from it.
    auth=API_AUTH,
    docs=Swagger(settings=_SWAGGER_SETTINGS),
)
install_error_handlers(api)
api.add_router("/", accounts_router)
api.add_router("/marketplace/", marketplace_router)
