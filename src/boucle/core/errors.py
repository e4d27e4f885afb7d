"""The one error type that services raise, with a message meant for the person who acted."""

from __future__ import annotations


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
