"""Everything that changes organisations, memberships, invitations, sites and API keys.

Views, the API, the command line and tasks all call these functions: there is one way to invite
a member. Each raises `ServiceError` (a message for the person, naming the field at fault) and
saves nothing when a rule refuses the change.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from boucle.accounts.models import (
    MANAGING_ROLES,
    ApiKey,
    Invitation,
    Membership,
    Organisation,
    Role,
    Site,
    User,
    VerificationStatus,
)
from boucle.audit.models import AuditAction
from boucle.audit.services import audit_record
from boucle.core.errors import ServiceError, raise_first_problem
from boucle.geo.models import Commune

API_KEY_PREFIX = "bcl_"


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _require_manager(actor: User, organisation: Organisation) -> Membership:
    membership = Membership.objects.filter(user=actor, organisation=organisation).first()
    if membership is None or membership.role not in MANAGING_ROLES:
        raise ServiceError(_("Only the organisation's owners and administrators may do this."))
    return membership


# People


@transaction.atomic
def user_create(*, email: str, password: str, full_name: str = "", verified: bool = True) -> User:
    """Creates a person whose e-mail address is already confirmed (operator and demo use)."""
    email = email.strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ServiceError(_("A person with this e-mail address already exists."), field="email")
    user = User.objects.create_user(email=email, password=password, full_name=full_name)
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=verified)
    return user


def user_set_acting_organisation(*, user: User, organisation: Organisation) -> None:
    if not Membership.objects.filter(user=user, organisation=organisation).exists():
        raise ServiceError(_("You are not a member of this organisation."), field="organisation")
    user.acting_organisation = organisation
    user.save(update_fields=["acting_organisation"])


# Organisations


def _unique_slug(name: str) -> str:
    base = slugify(name)[:70] or "organisation"
    slug, n = base, 2
    while Organisation.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


ORGANISATION_FIELDS = (
    "name",
    "kind",
    "public_body_level",
    "siren",
    "naf_code",
    "rna",
    "tax_receipt_basis",
    "description",
    "website",
    "email",
    "phone",
)


def _normalise_identifiers(values: dict[str, Any]) -> dict[str, Any]:
    for key in ("siren", "rna"):
        if key in values and values[key] is not None:
            values[key] = str(values[key]).replace(" ", "").replace(".", "").upper()
    return values


@transaction.atomic
def organisation_create(*, user: User, name: str, kind: str, **fields: Any) -> Organisation:
    """Creates an organisation with `user` as its owner, acting for it from now on."""
    unknown = set(fields) - set(ORGANISATION_FIELDS)
    if unknown:
        raise TypeError(f"Unknown organisation fields: {sorted(unknown)}")
    values = _normalise_identifiers({"name": name.strip(), "kind": kind, **fields})
    organisation = Organisation(slug=_unique_slug(values["name"]), **values)
    try:
        organisation.full_clean()
        organisation.save()
    except ValidationError as exc:
        raise_first_problem(exc)
    Membership.objects.create(user=user, organisation=organisation, role=Role.OWNER)
    user.acting_organisation = organisation
    user.save(update_fields=["acting_organisation"])
    audit_record(
        organisation=organisation,
        actor=user,
        action=AuditAction.ORGANISATION_CREATED,
        subject=organisation.name,
    )
    return organisation


@transaction.atomic
def organisation_update(*, actor: User, organisation: Organisation, **fields: Any) -> Organisation:
    _require_manager(actor, organisation)
    unknown = set(fields) - set(ORGANISATION_FIELDS)
    if unknown:
        raise TypeError(f"Unknown organisation fields: {sorted(unknown)}")
    values = _normalise_identifiers(fields)
    changed = {k: v for k, v in values.items() if getattr(organisation, k) != v}
    if not changed:
        return organisation
    identity_changed = bool({"siren", "rna", "kind"} & set(changed))
    for key, value in changed.items():
        setattr(organisation, key, value)
    # A new legal identity must be checked again by the operator.
    if identity_changed and organisation.verification_status != VerificationStatus.PENDING:
        organisation.verification_status = VerificationStatus.PENDING
        organisation.verified_at = None
        organisation.verified_by = None
    try:
        organisation.full_clean()
        organisation.save()
    except ValidationError as exc:
        raise_first_problem(exc)
    audit_record(
        organisation=organisation,
        actor=actor,
        action=AuditAction.ORGANISATION_UPDATED,
        subject=organisation.name,
        details={"fields": sorted(changed)},
    )
    return organisation


@transaction.atomic
def organisation_verify(*, organisation: Organisation, operator: User | None) -> Organisation:
    """The operator confirms the organisation's legal identity."""
    organisation.verification_status = VerificationStatus.VERIFIED
    organisation.verification_note = ""
    organisation.verified_at = timezone.now()
    organisation.verified_by = operator
    organisation.save(
        update_fields=["verification_status", "verification_note", "verified_at", "verified_by"]
    )
    audit_record(
        organisation=organisation,
        actor=operator,
        action=AuditAction.ORGANISATION_VERIFIED,
        subject=organisation.name,
    )
    return organisation


@transaction.atomic
def organisation_reject(
    *, organisation: Organisation, operator: User | None, reason: str
) -> Organisation:
    reason = reason.strip()
    if not reason:
        raise ServiceError(_("Give the reason for the rejection."), field="reason")
    organisation.verification_status = VerificationStatus.REJECTED
    organisation.verification_note = reason
    organisation.verified_at = None
    organisation.verified_by = operator
    organisation.save(
        update_fields=["verification_status", "verification_note", "verified_at", "verified_by"]
    )
    audit_record(
        organisation=organisation,
        actor=operator,
        action=AuditAction.ORGANISATION_REJECTED,
        subject=organisation.name,
        details={"reason": reason},
    )
    return organisation


def organisation_require_verified(organisation: Organisation) -> None:
    """Later modules call this before letting an organisation sell, donate or claim."""
    if not organisation.is_verified:
        raise ServiceError(
            _("%(name)s is not verified yet: the operator must check its legal identity first.")
            % {"name": organisation.name}
        )


# Memberships


@transaction.atomic
def membership_add(
    *, organisation: Organisation, user: User, role: str, actor: User | None
) -> Membership:
    """Makes `user` a member acting for `organisation`; the one way anyone joins.

    `actor` is who let them in: the person themselves when they accept an invitation, None
    for the operator's command line.
    """
    if role not in Role.values:
        raise ServiceError(_("Unknown role: %(role)s.") % {"role": role}, field="role")
    membership, created = Membership.objects.get_or_create(
        user=user, organisation=organisation, defaults={"role": role}
    )
    user.acting_organisation = organisation
    user.save(update_fields=["acting_organisation"])
    if created:
        audit_record(
            organisation=organisation,
            actor=actor,
            action=AuditAction.MEMBER_JOINED,
            subject=user.email,
            details={"role": str(role)},
        )
    return membership


def _owner_count(organisation: Organisation) -> int:
    return Membership.objects.filter(organisation=organisation, role=Role.OWNER).count()


@transaction.atomic
def membership_set_role(*, actor: User, membership: Membership, role: str) -> Membership:
    actor_membership = _require_manager(actor, membership.organisation)
    if role not in Role.values:
        raise ServiceError(_("Unknown role: %(role)s.") % {"role": role}, field="role")
    if Role.OWNER in (role, membership.role) and actor_membership.role != Role.OWNER:
        raise ServiceError(_("Only an owner may appoint or demote an owner."), field="role")
    if membership.role == role:
        return membership
    # Lock the organisation's owners so two demotions at once cannot leave it ownerless.
    list(
        Membership.objects.select_for_update().filter(
            organisation=membership.organisation, role=Role.OWNER
        )
    )
    if membership.role == Role.OWNER and _owner_count(membership.organisation) <= 1:
        raise ServiceError(_("An organisation keeps at least one owner."), field="role")
    previous = membership.role
    membership.role = role
    membership.save(update_fields=["role"])
    audit_record(
        organisation=membership.organisation,
        actor=actor,
        action=AuditAction.MEMBER_ROLE_CHANGED,
        subject=membership.user.email,
        details={"from": previous, "to": role},
    )
    return membership


@transaction.atomic
def membership_remove(*, actor: User, membership: Membership) -> None:
    """Removes a member; anyone may leave, managers may remove others."""
    if membership.user_id != actor.pk:
        actor_membership = _require_manager(actor, membership.organisation)
        if membership.role == Role.OWNER and actor_membership.role != Role.OWNER:
            raise ServiceError(_("Only an owner may remove an owner."))
    list(
        Membership.objects.select_for_update().filter(
            organisation=membership.organisation, role=Role.OWNER
        )
    )
    if membership.role == Role.OWNER and _owner_count(membership.organisation) <= 1:
        raise ServiceError(_("An organisation keeps at least one owner."))
    user = membership.user
    organisation = membership.organisation
    membership.delete()
    if user.acting_organisation_id == organisation.pk:
        user.acting_organisation = (
            Organisation.objects.filter(memberships__user=user).order_by("name").first()
        )
        user.save(update_fields=["acting_organisation"])
    ApiKey.objects.filter(user=user, organisation=organisation, revoked_at=None).update(
        revoked_at=timezone.now()
    )
    audit_record(
        organisation=organisation,
        actor=actor,
        action=AuditAction.MEMBER_REMOVED,
        subject=user.email,
    )


# Invitations


@transaction.atomic
def invitation_create(
    *, actor: User, organisation: Organisation, email: str, role: str = Role.MEMBER
) -> tuple[Invitation, str]:
    """Invites `email` to join; returns the invitation and its one-time token.

    The e-mail goes out through a background task once the transaction commits. A pending
    invitation to the same address is withdrawn and replaced, so only the newest link works.
    """
    actor_membership = _require_manager(actor, organisation)
    email = email.strip().lower()
    if not email:
        raise ServiceError(_("Give the e-mail address to invite."), field="email")
    if role not in Role.values:
        raise ServiceError(_("Unknown role: %(role)s.") % {"role": role}, field="role")
    if role == Role.OWNER and actor_membership.role != Role.OWNER:
        raise ServiceError(_("Only an owner may invite another owner."), field="role")
    if Membership.objects.filter(organisation=organisation, user__email__iexact=email).exists():
        raise ServiceError(
            _("%(email)s is already a member of %(organisation)s.")
            % {"email": email, "organisation": organisation.name},
            field="email",
        )
    now = timezone.now()
    Invitation.objects.filter(
        organisation=organisation,
        email__iexact=email,
        accepted_at=None,
        revoked_at=None,
    ).update(revoked_at=now)
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        organisation=organisation,
        email=email,
        role=role,
        token_hash=_digest(token),
        invited_by=actor,
        created_at=now,
        expires_at=now + timedelta(days=settings.BOUCLE_INVITATION_DAYS),
    )
    audit_record(
        organisation=organisation,
        actor=actor,
        action=AuditAction.INVITATION_SENT,
        subject=email,
        details={"role": role},
    )
    from boucle.accounts.tasks import invitation_send_email

    language = translation.get_language() or settings.LANGUAGE_CODE
    transaction.on_commit(
        lambda: invitation_send_email.enqueue(
            invitation_id=invitation.pk, token=token, language=language
        )
    )
    return invitation, token


def invitation_get_by_token(token: str) -> Invitation:
    invitation = (
        Invitation.objects.select_related("organisation", "invited_by")
        .filter(token_hash=_digest(token))
        .first()
    )
    if invitation is None:
        raise ServiceError(_("This invitation link is not valid."), field="token")
    return invitation


@transaction.atomic
def invitation_accept(*, token: str, user: User) -> Membership:
    invitation = invitation_get_by_token(token)
    # Lock the row: two clicks on the same link make one membership.
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise ServiceError(_("This invitation has already been used."), field="token")
    if invitation.revoked_at is not None:
        raise ServiceError(_("This invitation was withdrawn; ask for a new one."), field="token")
    if invitation.expires_at <= timezone.now():
        raise ServiceError(_("This invitation has expired; ask for a new one."), field="token")
    if not EmailAddress.objects.filter(
        user=user, email__iexact=invitation.email, verified=True
    ).exists():
        raise ServiceError(
            _(
                "This invitation was sent to %(email)s: log in with that address "
                "(and confirm it) to accept it."
            )
            % {"email": invitation.email},
            field="token",
        )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return membership_add(
        organisation=invitation.organisation, user=user, role=invitation.role, actor=user
    )


@transaction.atomic
def invitation_revoke(*, actor: User, invitation: Invitation) -> Invitation:
    _require_manager(actor, invitation.organisation)
    if not invitation.is_pending:
        raise ServiceError(_("Only a pending invitation can be withdrawn."))
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    audit_record(
        organisation=invitation.organisation,
        actor=actor,
        action=AuditAction.INVITATION_REVOKED,
        subject=invitation.email,
    )
    return invitation


# Sites


def _site_values(
    organisation: Organisation,
    *,
    commune_insee: str,
    postcode: str,
    siret: str = "",
    latitude: float | None = None,
    longitude: float | None = None,
) -> dict[str, Any]:
    commune = (
        Commune.objects.filter(insee_code=commune_insee.strip())
        .prefetch_related("postcodes")
        .first()
    )
    if commune is None:
        raise ServiceError(
            _("No French commune has the INSEE code %(code)s.") % {"code": commune_insee},
            field="commune",
        )
    postcode = postcode.strip()
    known = [p.code for p in commune.postcodes.all()]
    if known and postcode not in known:
        raise ServiceError(
            _("%(commune)s has the postcode(s) %(codes)s, not %(postcode)s.")
            % {"commune": commune.name, "codes": ", ".join(known), "postcode": postcode},
            field="postcode",
        )
    siret = siret.replace(" ", "")
    if siret and organisation.siren and not siret.startswith(organisation.siren):
        raise ServiceError(
            _("This SIRET does not belong to %(name)s: it must start with its SIREN %(siren)s.")
            % {"name": organisation.name, "siren": organisation.siren},
            field="siret",
        )
    if (latitude is None) != (longitude is None):
        raise ServiceError(_("Give both latitude and longitude, or neither."), field="latitude")
    if latitude is None or longitude is None:
        latitude, longitude = commune.latitude, commune.longitude
    return {
        "commune": commune,
        "postcode": postcode,
        "siret": siret,
        "latitude": latitude,
        "longitude": longitude,
    }


def _site_save(site: Site) -> Site:
    try:
        site.full_clean()
        site.save()
    except ValidationError as exc:
        if hasattr(exc, "error_dict") and "__all__" in exc.error_dict:
            raise ServiceError(
                _("This organisation already has a site with this name."), field="name"
            ) from None
        raise_first_problem(exc)
    except IntegrityError:
        raise ServiceError(
            _("This organisation already has a site with this name."), field="name"
        ) from None
    return site


@transaction.atomic
def site_create(
    *,
    actor: User,
    organisation: Organisation,
    name: str,
    kind: str,
    address: str,
    postcode: str,
    commune_insee: str,
    siret: str = "",
    latitude: float | None = None,
    longitude: float | None = None,
) -> Site:
    _require_manager(actor, organisation)
    values = _site_values(
        organisation,
        commune_insee=commune_insee,
        postcode=postcode,
        siret=siret,
        latitude=latitude,
        longitude=longitude,
    )
    site = _site_save(
        Site(organisation=organisation, name=name.strip(), kind=kind, address=address, **values)
    )
    audit_record(
        organisation=organisation, actor=actor, action=AuditAction.SITE_CREATED, subject=site.name
    )
    return site


@transaction.atomic
def site_update(
    *,
    actor: User,
    site: Site,
    name: str,
    kind: str,
    address: str,
    postcode: str,
    commune_insee: str,
    siret: str = "",
    latitude: float | None = None,
    longitude: float | None = None,
) -> Site:
    _require_manager(actor, site.organisation)
    values = _site_values(
        site.organisation,
        commune_insee=commune_insee,
        postcode=postcode,
        siret=siret,
        latitude=latitude,
        longitude=longitude,
    )
    site.name, site.kind, site.address = name.strip(), kind, address
    for key, value in values.items():
        setattr(site, key, value)
    _site_save(site)
    audit_record(
        organisation=site.organisation,
        actor=actor,
        action=AuditAction.SITE_UPDATED,
        subject=site.name,
    )
    return site


@transaction.atomic
def site_delete(*, actor: User, site: Site) -> None:
    _require_manager(actor, site.organisation)
    audit_record(
        organisation=site.organisation,
        actor=actor,
        action=AuditAction.SITE_DELETED,
        subject=site.name,
    )
    site.delete()


# API keys


@transaction.atomic
def apikey_create(*, user: User, organisation: Organisation, name: str) -> tuple[ApiKey, str]:
    """Creates a key for `user` acting for `organisation`; returns it with the secret."""
    if not Membership.objects.filter(user=user, organisation=organisation).exists():
        raise ServiceError(
            _("%(email)s is not a member of %(organisation)s.")
            % {"email": user.email, "organisation": organisation.name},
            field="organisation",
        )
    name = name.strip() or _("API key")
    prefix = secrets.token_hex(4)
    secret = f"{API_KEY_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    key = ApiKey.objects.create(
        user=user, organisation=organisation, name=name, prefix=prefix, key_hash=_digest(secret)
    )
    audit_record(
        organisation=organisation,
        actor=user,
        action=AuditAction.APIKEY_CREATED,
        subject=f"{name} (bcl_{prefix}…)",
        details={"owner": user.email},
    )
    return key, secret


@transaction.atomic
def apikey_revoke(*, actor: User, key: ApiKey) -> ApiKey:
    """The key's holder or a manager of its organisation revokes it."""
    if key.user_id != actor.pk:
        _require_manager(actor, key.organisation)
    if key.revoked_at is None:
        key.revoked_at = timezone.now()
        key.save(update_fields=["revoked_at"])
        audit_record(
            organisation=key.organisation,
            actor=actor,
            action=AuditAction.APIKEY_REVOKED,
            subject=str(key),
            details={"owner": key.user.email},
        )
    return key


def apikey_authenticate(secret: str) -> ApiKey:
    """The active key matching `secret`, whose holder is still a member; else ServiceError."""
    parts = secret.split("_")
    if not secret.startswith(API_KEY_PREFIX) or len(parts) < 3 or len(parts[1]) != 8:
        raise ServiceError(
            _("Malformed API key: it looks like bcl_0123abcd_… as shown when it was created."),
            field="authorization",
        )
    key = (
        ApiKey.objects.select_related("user", "organisation")
        .filter(key_hash=_digest(secret))
        .first()
    )
    if key is None or not key.user.is_active:
        raise ServiceError(_("Unknown API key."), field="authorization")
    if key.revoked_at is not None:
        raise ServiceError(_("This API key has been revoked."), field="authorization")
    if not Membership.objects.filter(user=key.user, organisation=key.organisation).exists():
        raise ServiceError(
            _("This API key's holder no longer belongs to its organisation."),
            field="authorization",
        )
    # One write a minute at most per key, not one per request.
    now = timezone.now()
    if key.last_used_at is None or now - key.last_used_at > timedelta(minutes=1):
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
    return key
