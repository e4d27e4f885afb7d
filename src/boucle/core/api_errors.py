"""How the JSON API answers when something goes wrong: always JSON, always the same shape.

Every error answer is ``{"message": "...", "errors": {"field": ["...", ...]}}``: a sentence for the
person (translated to the request's language) and, where the fault lies in one input, the
messages for each field by its dotted path. `errors` is empty when no single field is at fault.

`install_error_handlers(api)` registers the handlers on a `NinjaAPI`::

    api = NinjaAPI(...)
    install_error_handlers(api)
"""

from __future__ import annotations

import logging
from functools import partial
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

from boucle.core.errors import ConflictError, ServiceError

if TYPE_CHECKING:
    from ninja import NinjaAPI

__all__ = [
    "ErrorOut",
    "error_response",
    "install_error_handlers",
    "not_allowed_message",
    "not_found_message",
]

# Django's own logger for failed requests: what it logs reaches the operator as usual.
logger = logging.getLogger("django.request")

# Where ninja itself raises an HttpError, its English words replaced by ours.
_NINJA_MESSAGES = {
    "Cannot parse request body": lambda: _("The request body could not be read: send valid JSON."),
}


class ErrorOut(Schema):
    """The body of every error answer."""

    message: str
    errors: dict[str, list[str]] = {}


def not_found_message() -> str:
    return _("Not found.")


def not_allowed_message() -> str:
    return _("This method is not allowed here.")


def error_response(
    api: NinjaAPI,
    request: HttpRequest,
    *,
    status: int,
    message: str,
    errors: dict[str, list[str]] | None = None,
) -> HttpResponse:
    return api.create_response(request, {"message": message, "errors": errors or {}}, status=status)


def _field_path(loc: tuple[Any, ...] | list[Any]) -> str:
    """`("body", "payload", "name")` → `name`; `("query", "page")` → `page`.

    The first item says where the value came from; for a body, the second is the Python name
    of the handler's parameter, which the caller never sees.
    """
    parts = [str(part) for part in loc]
    if parts and parts[0] == "body" and len(parts) > 2:
        parts = parts[2:]
    elif parts and parts[0] in {"body", "query", "path", "header", "cookie", "form", "file"}:
        parts = parts[1:]
    return ".".join(parts) or "__all__"


def _validation_error(api: NinjaAPI, request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        errors.setdefault(_field_path(error.get("loc", ())), []).append(str(error.get("msg", "")))
    return error_response(
        api, request, status=422, message=_("The request is not valid."), errors=errors
    )


def _service_error(api: NinjaAPI, request: HttpRequest, exc: ServiceError) -> HttpResponse:
    errors = {exc.field: [exc.message]} if exc.field else {}
    status = 409 if isinstance(exc, ConflictError) else 400
    return error_response(api, request, status=status, message=exc.message, errors=errors)


def _not_found(api: NinjaAPI, request: HttpRequest, exc: Http404) -> HttpResponse:
    return error_response(api, request, status=404, message=not_found_message())


def _authentication_error(
    api: NinjaAPI, request: HttpRequest, exc: AuthenticationError
) -> HttpResponse:
    # Ninja raises a bare AuthenticationError when no credentials were sent at all; ours
    # (boucle.core.api_auth.CredentialsRejected) carry the reason and the field.
    field = getattr(exc, "field", None)
    if field is None and exc.message == "Unauthorized":
        message = _(
            "Authentication required: log in, or send an API key in the header "
            "'Authorization: Bearer <key>'."
        )
    else:
        message = exc.message
    response = error_response(
        api,
        request,
        status=exc.status_code,
        message=message,
        errors={field: [message]} if field else {},
    )
    # RFC 9110: a 401 names the scheme the client should use.
    error = ', error="invalid_token"' if field else ""
    response["WWW-Authenticate"] = f'Bearer realm="Boucle"{error}'
    return response


def _throttled(api: NinjaAPI, request: HttpRequest, exc: Throttled) -> HttpResponse:
    response = error_response(
        api, request, status=429, message=_("Too many requests: wait a moment and try again.")
    )
    if exc.wait:
        response["Retry-After"] = str(int(exc.wait))
    return response


def _http_error(api: NinjaAPI, request: HttpRequest, exc: HttpError) -> HttpResponse:
    translate = _NINJA_MESSAGES.get(exc.message)
    message = translate() if translate else exc.message
    return error_response(api, request, status=exc.status_code, message=message)


def _unexpected(api: NinjaAPI, request: HttpRequest, exc: Exception) -> HttpResponse:
    if settings.DEBUG:
        raise exc  # Django's debug page says more than we would.
    logger.error(
        "Internal Server Error: %s", request.path, exc_info=exc, extra={"request": request}
    )
    return error_response(
        api,
        request,
        status=500,
        message=_("Something went wrong on our side. It has been logged; please try again later."),
    )


def install_error_handlers(api: NinjaAPI) -> None:
    """Replaces ninja's default error answers by ours (the most specific class wins)."""
    handlers: list[tuple[type[Exception], Any]] = [
        (ValidationError, _validation_error),
        (ServiceError, _service_error),
        (Http404, _not_found),
        (AuthenticationError, _authentication_error),
        (Throttled, _throttled),
        (HttpError, _http_error),
        (Exception, _unexpected),
    ]
    for exc_class, handler in handlers:
        api.add_exception_handler(exc_class, partial(handler, api))
