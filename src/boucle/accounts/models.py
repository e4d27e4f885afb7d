"""Organisations, the people who act for them, their sites, invitations and API keys."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from boucle.accounts import identifiers


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: Any) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """A person. Logs in with an e-mail address; acts for one organisation at a time."""

    username = None  # type: ignore[assignment]
    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]
    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    # The organisation the person acts for on the site and through a session-authenticated
    # API call; kept on the user so the choice survives logging out and in again.
    acting_organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("acting for"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []
    objects = UserManager()  # type: ignore[assignment,misc]

    class Meta:
        ordering = ["email"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class OrganisationKind(models.TextChoices):
    COMPANY = "company", _("Company")
    ASSOCIATION = "association", _("Association")
    FACILITATOR = "facilitator", _("Facilitator (synergy or EIT programme)")
    FUNDER = "funder", _("Funder")
    PUBLIC_BODY = "public_body", _("Public body")


class PublicBodyLevel(models.TextChoices):
    REGION = "region", _("Région")
    DEPARTEMENT = "departement", _("Département")
    INTERCOMMUNALITE = "intercommunalite", _("Intercommunalité")
    COMMUNE = "commune", _("Commune")


class TaxReceiptBasis(models.TextChoices):
    NONE = "", _("May not issue tax receipts")
    GENERAL_INTEREST = "general_interest", _("General interest (intérêt général)")
    PUBLIC_UTILITY = "public_utility", _("Recognised public utility (reconnue d'utilité publique)")


class VerificationStatus(models.TextChoices):
    PENDING = "pending", _("Pending verification")
    VERIFIED = "verified", _("Verified")
    REJECTED = "rejected", _("Rejected")


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    public_body_level = models.CharField(
        _("level of public body"), max_length=20, choices=PublicBodyLevel.choices, blank=True
    )
    siren = models.CharField(
        _("SIREN"),
        max_length=9,
        blank=True,
        validators=[identifiers.validate_siren],
        help_text=_("The 9-digit number of the legal unit in the Sirene register."),
    )
    naf_code = models.CharField(
        _("sector (NAF rev. 2)"),
        max_length=6,
        blank=True,
        validators=[identifiers.validate_naf_code],
        help_text=_("The NAF rev. 2 code of the main activity, such as 47.19B."),
    )
    rna = models.CharField(
        _("RNA number"),
        max_length=10,
        blank=True,
        validators=[identifiers.validate_rna],
        help_text=_("The association's number in the national register: W and 9 digits."),
    )
    tax_receipt_basis = models.CharField(
        _("tax receipts"), max_length=20, choices=TaxReceiptBasis.choices, blank=True
    )
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("contact e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)

    verification_status = models.CharField(
        _("verification"),
        max_length=10,
        choices=VerificationStatus.choices,
        default=VerificationStatus.PENDING,
    )
    verification_note = models.TextField(_("reason for rejection"), blank=True)
    verified_at = models.DateTimeField(_("verified on"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created on"), default=timezone.now)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.UniqueConstraint(
                fields=["siren"],
                condition=~models.Q(siren=""),
                name="organisation_siren_unique",
                violation_error_message=_("An organisation with this SIREN is already registered."),
            ),
            models.UniqueConstraint(
                fields=["rna"],
                condition=~models.Q(rna=""),
                name="organisation_rna_unique",
                violation_error_message=_(
                    "An association with this RNA number is already registered."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.kind == OrganisationKind.PUBLIC_BODY and not self.public_body_level:
            errors["public_body_level"] = str(_("Say which level of public body this is."))
        if self.kind != OrganisationKind.PUBLIC_BODY and self.public_body_level:
            errors["public_body_level"] = str(_("Only a public body has a level."))
        if self.kind == OrganisationKind.COMPANY and not self.siren:
            errors["siren"] = str(_("A company must give its SIREN number."))
        if self.kind == OrganisationKind.ASSOCIATION and not (self.rna or self.siren):
            errors["rna"] = str(_("An association must give its RNA number or its SIREN."))
        if self.kind != OrganisationKind.ASSOCIATION and self.tax_receipt_basis:
            errors["tax_receipt_basis"] = str(_("Only an association may issue tax receipts."))
        if self.kind != OrganisationKind.ASSOCIATION and self.rna:
            errors["rna"] = str(_("Only an association has an RNA number."))
        if errors:
            raise ValidationError(errors)

    @property
    def is_verified(self) -> bool:
        return self.verification_status == VerificationStatus.VERIFIED

    @property
    def may_issue_tax_receipts(self) -> bool:
        return self.kind == OrganisationKind.ASSOCIATION and bool(self.tax_receipt_basis)

    @property
    def sector_label(self) -> str:
        return identifiers.naf_label(self.naf_code) if self.naf_code else ""


class Role(models.TextChoices):
    OWNER = "owner", _("Owner")
    ADMIN = "admin", _("Administrator")
    MEMBER = "member", _("Member")


# Which roles may do what; kept here so views, API and templates ask the same question.
MANAGING_ROLES = (Role.OWNER, Role.ADMIN)


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(_("member since"), default=timezone.now)

    class Meta:
        ordering = ["organisation__name", "user__email"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="membership_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.organisation} ({self.get_role_display()})"

    @property
    def can_manage(self) -> bool:
        return self.role in MANAGING_ROLES


class Invitation(models.Model):
    """An invitation by e-mail to join an organisation; its token is stored hashed."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("sent on"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires on"))
    accepted_at = models.DateTimeField(_("accepted on"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(_("withdrawn on"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation}"

    @property
    def is_pending(self) -> bool:
        return (
            self.accepted_at is None
            and self.revoked_at is None
            and self.expires_at > timezone.now()
        )

    @property
    def state_label(self) -> str:
        if self.accepted_at:
            return str(_("Accepted"))
        if self.revoked_at:
            return str(_("Withdrawn"))
        if self.expires_at <= timezone.now():
            return str(_("Expired"))
        return str(_("Pending"))


class SiteKind(models.TextChoices):
    HEAD_OFFICE = "head_office", _("Head office")
    STORE = "store", _("Store")
    WAREHOUSE = "warehouse", _("Warehouse")
    PLANT = "plant", _("Plant")
    OFFICE = "office", _("Office")
    OTHER = "other", _("Other")


class Site(models.Model):
    """A place where an organisation has goods, people or processes."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="sites")
    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=20, choices=SiteKind.choices)
    siret = models.CharField(
        _("SIRET"),
        max_length=14,
        blank=True,
        validators=[identifiers.validate_siret],
        help_text=_("The 14-digit number of this establishment, if it has one."),
    )
    address = models.CharField(_("address"), max_length=250)
    postcode = models.CharField(_("postcode"), max_length=5)
    commune = models.ForeignKey(
        "geo.Commune", verbose_name=_("commune"), on_delete=models.PROTECT, related_name="+"
    )
    # WGS84 degrees; taken from the commune when the person gives none.
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["organisation__name", "name"]
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"],
                name="site_name_unique",
                violation_error_message=_("This organisation already has a site with this name."),
            ),
            models.CheckConstraint(
                condition=models.Q(latitude__gte=-90, latitude__lte=90)
                & models.Q(longitude__gte=-180, longitude__lte=180),
                name="site_coordinates_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})"


class ApiKey(models.Model):
    """A secret that lets a program act for a person and one organisation.

    Only a SHA-256 digest of the secret is stored; the key is shown once, at creation.
    The prefix (the first characters after `bcl_`) lets a person tell their keys apart.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_keys"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="api_keys"
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=12, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created on"), default=timezone.now)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked on"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")

    def __str__(self) -> str:
        return f"{self.name} (bcl_{self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
