"""The accounts part of the JSON API: who am I, organisations and their sites.

Handlers stay thin: authenticate (see `boucle.core.api_auth`), call a selector, return a schema.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from boucle.accounts import selectors
from boucle.accounts.models import (
    Membership,
    Organisation,
    OrganisationKind,
    PublicBodyLevel,
    Role,
    Site,
    SiteKind,
    VerificationStatus,
)
from boucle.core.api_auth import Principal, principal_of
from boucle.core.api_errors import ErrorOut

# Authentication (a key or the session) is required by the API object; public handlers opt out.
router = Router(tags=["accounts"])

# Every authenticated answer may also be one of these.
_AUTH_ERRORS: dict[int, Any] = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut}


def _or_none(value: str) -> str | None:
    return value or None


# Schemas


class PersonOut(Schema):
    id: int
    email: str
    full_name: str


class MembershipOut(Schema):
    """An organisation seen through the person's membership of it."""

    slug: str
    name: str
    kind: OrganisationKind
    role: Role
    # True for the organisation this request acts for.
    acting: bool

    @staticmethod
    def resolve_slug(obj: Membership) -> str:
        return obj.organisation.slug

    @staticmethod
    def resolve_name(obj: Membership) -> str:
        return obj.organisation.name

    @staticmethod
    def resolve_kind(obj: Membership) -> str:
        return obj.organisation.kind

    @staticmethod
    def resolve_acting(obj: Membership, context: dict[str, Any]) -> bool:
        acting = principal_of(context["request"]).membership
        return acting is not None and acting.pk == obj.pk


class ApiKeyOut(Schema):
    name: str
    # The characters after `bcl_` that tell a person's keys apart; never the secret.
    prefix: str


class MeOut(Schema):
    person: PersonOut
    # Null only for a logged-in person who belongs to no organisation yet.
    organisation: MembershipOut | None
    # The key this request came with; null for a session.
    api_key: ApiKeyOut | None

    @staticmethod
    def resolve_person(obj: Principal) -> Any:
        return obj.user

    @staticmethod
    def resolve_organisation(obj: Principal) -> Membership | None:
        return obj.membership


class OrganisationOut(Schema):
    """An organisation's public profile: what any visitor may read."""

    slug: str
    name: str
    kind: OrganisationKind
    public_body_level: PublicBodyLevel | None
    siren: str | None
    naf_code: str | None
    # The NAF rev. 2 label of `naf_code`.
    sector: str | None
    rna: str | None
    may_issue_tax_receipts: bool
    verification_status: VerificationStatus
    description: str | None
    website: str | None
    site_count: int

    @staticmethod
    def resolve_public_body_level(obj: Organisation) -> str | None:
        return _or_none(obj.public_body_level)

    @staticmethod
    def resolve_siren(obj: Organisation) -> str | None:
        return _or_none(obj.siren)

    @staticmethod
    def resolve_naf_code(obj: Organisation) -> str | None:
        return _or_none(obj.naf_code)

    @staticmethod
    def resolve_sector(obj: Organisation) -> str | None:
        return _or_none(obj.sector_label)

    @staticmethod
    def resolve_rna(obj: Organisation) -> str | None:
        return _or_none(obj.rna)

    @staticmethod
    def resolve_description(obj: Organisation) -> str | None:
        return _or_none(obj.description)

    @staticmethod
    def resolve_website(obj: Organisation) -> str | None:
        return _or_none(obj.website)


class CommuneOut(Schema):
    insee_code: str
    name: str
    # The INSEE code of the département, such as 69 or 2A.
    departement: str

    @staticmethod
    def resolve_departement(obj: Any) -> str:
        return str(obj.departement.code)


class SiteOut(Schema):
    id: int
    name: str
    kind: SiteKind
    siret: str | None
    address: str
    postcode: str
    commune: CommuneOut
    # WGS84 degrees.
    latitude: float
    longitude: float

    @staticmethod
    def resolve_siret(obj: Site) -> str | None:
        return _or_none(obj.siret)


# Handlers


@router.get("/me", response={200: MeOut, **_AUTH_ERRORS}, summary="Who am I")
def me(request: HttpRequest) -> Principal:
    """The person behind this request, the organisation they act for and the key, if any."""
    return principal_of(request)


@router.get(
    "/organisations",
    response={200: list[MembershipOut], **_AUTH_ERRORS},
    summary="My organisations",
)
def organisations(request: HttpRequest) -> Any:
    """The organisations I belong to, with my role; with an API key, only the key's one."""
    return principal_of(request).memberships()


@router.get(
    "/organisations/{slug}",
    auth=None,
    response={200: OrganisationOut, 404: ErrorOut},
    summary="An organisation's public profile",
)
def organisation(request: HttpRequest, slug: str) -> Organisation:
    """Public: answers without authentication. Members and other private data stay out."""
    return selectors.organisation_get_public(slug)


@router.get(
    "/organisations/{slug}/sites",
    response={200: list[SiteOut], 404: ErrorOut, **_AUTH_ERRORS},
    summary="An organisation's sites",
)
def organisation_sites(request: HttpRequest, slug: str) -> Any:
    """For the organisation's members only: anyone else gets 404, as if it had no such page."""
    membership = principal_of(request).membership_of(slug)
    return selectors.sites_of(membership.organisation)


@router.get("/sites", response={200: list[SiteOut], **_AUTH_ERRORS}, summary="The sites I act for")
def sites(request: HttpRequest) -> Any:
    """The sites of the organisation this request acts for."""
    membership = principal_of(request).require_membership()
    return selectors.sites_of(membership.organisation)
