"""Who an API request acts as: a person, and the organisation they act for.

Two ways in, tried in this order:

- ``Authorization: Bearer bcl_…``: an API key. The request acts for the key's organisation,
  and only for it: a key made for one organisation reads nothing private of the holder's others.
- the session cookie of a person logged in on the site (CSRF-checked on unsafe methods, as the
  site's forms are). The request acts for the organisation chosen on the site.

`boucle.api` requires `API_AUTH` for every handler (a public one says ``auth=None``), and
the handler finds a `Principal` on ``request.auth``::

    @router.get("/sites")
    def sites(request):
        principal = principal_of(request)
        return selectors.sites_of(principal.require_membership().organisation)

A rejected key answers 401 with the reason (`CredentialsRejected`); no credentials at all
answers 401 too (see `boucle.core.api_errors`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError
from ninja.security import HttpBearer, SessionAuth
from ninja.utils import check_csrf

from boucle.accounts import selectors, services
from boucle.accounts.models import ApiKey, Membership, Organisation, User
from boucle.core.errors import ServiceError

__all__ = [
    "API_AUTH",
    "ApiKeyAuth",
    "CredentialsRejected",
    "Principal",
    "SessionPrincipalAuth",
    "principal_of",
]


@dataclass(frozen=True)
class Principal:
    """The person behind a request, the membership they act through, and the key if any."""

    user: User
    # None only for a logged-in person who belongs to no organisation yet.
    membership: Membership | None
    api_key: ApiKey | None = None

    @property
    def organisation(self) -> Organisation | None:
        return self.membership.organisation if self.membership else None

    def require_membership(self) -> Membership:
        if self.membership is None:
            raise ServiceError(
                _(
                    "You do not act for any organisation yet: create one or accept an "
                    "invitation first."
                )
            )
        return self.membership

    def memberships(self) -> QuerySet[Membership]:
        """The memberships this request may use: all the person's, or the key's one."""
        memberships = selectors.memberships_of(self.user).order_by("organisation__name")
        if self.api_key is not None:
            memberships = memberships.filter(organisation_id=self.api_key.organisation_id)
        return memberships

    def membership_of(self, slug: str) -> Membership:
        """The membership of the organisation `slug`, or 404 (also beyond a key's reach)."""
        if self.api_key is not None and self.api_key.organisation.slug != slug:
            raise Http404
        return selectors.membership_get(self.user, slug)


class CredentialsRejected(AuthenticationError):
    """Credentials were sent but refused; the message says why."""

    def __init__(self, message: str, *, field: str = "authorization") -> None:
        super().__init__(401, message)
        self.field = field


class ApiKeyAuth(HttpBearer):
    openapi_description = "An API key, as shown once when it was made: bcl_0123abcd_…"

    def __call__(self, request: HttpRequest) -> Principal | None:
        header = request.headers.get("Authorization")
        if not header:
            return None  # perhaps a session: the next handler decides.
        scheme, _space, token = header.strip().partition(" ")
        if scheme.lower() != "bearer":
            raise CredentialsRejected(
                _("Send the API key in the header 'Authorization: Bearer <key>'.")
            )
        return self.authenticate(request, token.strip())

    def authenticate(self, request: HttpRequest, token: str) -> Principal:
        try:
            key = services.apikey_authenticate(token)
        except ServiceError as exc:
            raise CredentialsRejected(exc.message, field=exc.field or "authorization") from None
        membership = (
            selectors.memberships_of(key.user).filter(organisation=key.organisation).first()
        )
        if membership is None:  # removed between the two reads
            raise CredentialsRejected(
                _("This API key's holder no longer belongs to its organisation.")
            )
        return Principal(user=key.user, membership=membership, api_key=key)


class CsrfRejected(HttpError):
    def __init__(self) -> None:
        super().__init__(
            403,
            _(
                "CSRF check failed: a session-authenticated request that changes something "
                "must send the CSRF token in the X-CSRFToken header."
            ),
        )


class SessionPrincipalAuth(SessionAuth):
    """Ninja's session authentication, acting for the organisation chosen on the site."""

    def _get_key(self, request: HttpRequest) -> str | None:
        # No session, no CSRF to check: the answer is 401, not a puzzling 403.
        if not request.user.is_authenticated:
            return None
        if self.csrf and check_csrf(request) is not None:
            raise CsrfRejected
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: str | None) -> Principal | None:
        user = request.user
        if not user.is_authenticated:
            return None
        assert isinstance(user, User)
        return Principal(user=user, membership=selectors.acting_membership(user))


# What the API's handlers require, in order: a key first, then the session.
API_AUTH: list[Any] = [ApiKeyAuth(), SessionPrincipalAuth()]


def principal_of(request: HttpRequest) -> Principal:
    principal = getattr(request, "auth", None)
    assert isinstance(principal, Principal), "this handler needs auth=API_AUTH"
    return principal
