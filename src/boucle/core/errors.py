"""The one error type that services raise, with a message meant for the person who acted."""

from __future__ import annotations

from typing import NoReturn

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


class ServiceError(Exception):
    """A rule of the domain refused the change; nothing was saved.

    `field` names the input at fault when there is one, so a form or an API answer can put the
    message beside it::

        raise ServiceError(_("This invitation has expired."), field="token")
    """

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = str(message)
        self.field = field


class ConflictError(ServiceError):
    """The change conflicts with the current state: stock too short, days already booked, an
    order no longer in a status that allows it. The API answers 409; a page says it and shows
    the current state."""


def raise_first_problem(exc: ValidationError) -> NoReturn:
    """Turns a model's ValidationError into a ServiceError naming the first field at fault
    (none for a rule across fields), for services that validate with `full_clean`."""
    if hasattr(exc, "error_dict"):
        field, errors = next(iter(exc.error_dict.items()))
        message = " ".join(e.messages[0] for e in errors)
        raise ServiceError(message, field=None if field == NON_FIELD_ERRORS else field) from None
    raise ServiceError(exc.messages[0]) from None
