"""Reads of organisations and what belongs to them, with one access helper per resource.

Each `*_for_member` helper answers `Http404` when the person may not see the resource, so an
outsider cannot even learn that it exists.
"""

from __future__ import annotations

from django.db.models import Count, QuerySet
from django.http import Http404

from boucle.accounts.models import (
    MANAGING_ROLES,
    ApiKey,
    Invitation,
    Membership,
    Organisation,
    Role,
    Site,
    User,
)


def memberships_of(user: User) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user).select_related("organisation")


def organisation_get_public(slug: str) -> Organisation:
    """The public profile: any visitor may read it."""
    organisation = (
        Organisation.objects.annotate(site_count=Count("sites")).filter(slug=slug).first()
    )
    if organisation is None:
        raise Http404
    return organisation


def membership_get(user: User, organisation_slug: str) -> Membership:
    """The person's membership of the organisation, or 404: the access helper for its pages."""
    if not user.is_authenticated:
        raise Http404
    membership = (
        Membership.objects.select_related("organisation", "user")
        .filter(user=user, organisation__slug=organisation_slug)
        .first()
    )
    if membership is None:
        raise Http404
    return membership


def membership_get_managing(user: User, organisation_slug: str) -> Membership:
    """As `membership_get`, for pages only owners and administrators may open."""
    membership = membership_get(user, organisation_slug)
    if membership.role not in MANAGING_ROLES:
        raise Http404
    return membership


def membership_get_owner(user: User, organisation_slug: str) -> Membership:
    membership = membership_get(user, organisation_slug)
    if membership.role != Role.OWNER:
        raise Http404
    return membership


def members_of(organisation: Organisation) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(organisation=organisation)
        .select_related("user")
        .order_by("user__email")
    )


def member_get(organisation: Organisation, membership_id: int) -> Membership:
    membership = members_of(organisation).filter(pk=membership_id).first()
    if membership is None:
        raise Http404
    return membership


def invitations_of(organisation: Organisation) -> QuerySet[Invitation]:
    return Invitation.objects.filter(organisation=organisation).select_related("invited_by")


def invitation_get(organisation: Organisation, invitation_id: int) -> Invitation:
    invitation = invitations_of(organisation).filter(pk=invitation_id).first()
    if invitation is None:
        raise Http404
    return invitation


def sites_of(organisation: Organisation) -> QuerySet[Site]:
    return Site.objects.filter(organisation=organisation).select_related(
        "commune", "commune__departement"
    )


def site_get(organisation: Organisation, site_id: int) -> Site:
    site = sites_of(organisation).filter(pk=site_id).first()
    if site is None:
        raise Http404
    return site


def api_keys_of(user: User, organisation: Organisation) -> QuerySet[ApiKey]:
    return ApiKey.objects.filter(user=user, organisation=organisation)


def api_key_get(user: User, organisation: Organisation, key_id: int) -> ApiKey:
    key = api_keys_of(user, organisation).filter(pk=key_id).first()
    if key is None:
        raise Http404
    return key


def acting_membership(user: User) -> Membership | None:
    """The membership the person acts through: their chosen organisation, else their first."""
    if not user.is_authenticated:
        return None
    memberships = memberships_of(user)
    if user.acting_organisation_id:
        chosen = memberships.filter(organisation_id=user.acting_organisation_id).first()
        if chosen is not None:
            return chosen
    return memberships.order_by("organisation__name").first()
