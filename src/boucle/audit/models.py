"""Who changed what, and when, in an organisation: shown to its owners, never edited."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    ORGANISATION_CREATED = "organisation.created", _("Organisation created")
    ORGANISATION_UPDATED = "organisation.updated", _("Organisation details changed")
    ORGANISATION_VERIFIED = "organisation.verified", _("Organisation verified")
    ORGANISATION_REJECTED = "organisation.rejected", _("Organisation verification rejected")
    MEMBER_JOINED = "member.joined", _("Member joined")
    MEMBER_ROLE_CHANGED = "member.role_changed", _("Member role changed")
    MEMBER_REMOVED = "member.removed", _("Member removed")
    INVITATION_SENT = "invitation.sent", _("Invitation sent")
    INVITATION_REVOKED = "invitation.revoked", _("Invitation withdrawn")
    SITE_CREATED = "site.created", _("Site added")
    SITE_UPDATED = "site.updated", _("Site changed")
    SITE_DELETED = "site.deleted", _("Site removed")
    APIKEY_CREATED = "apikey.created", _("API key created")
    APIKEY_REVOKED = "apikey.revoked", _("API key revoked")
    LOT_PUBLISHED = "lot.published", _("Lot published")
    LOT_WITHDRAWN = "lot.withdrawn", _("Lot withdrawn")
    LOTS_IMPORTED = "lots.imported", _("Lots imported")


class AuditEvent(models.Model):
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="audit_events"
    )
    # Who acted: null for the operator's command line or a deleted account.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(_("action"), max_length=40, choices=AuditAction.choices)
    # What was acted on, as people read it ("marc@example.org", "Entrepôt de Vénissieux"),
    # kept as text so the trail still reads after the thing is deleted.
    subject = models.CharField(_("subject"), max_length=250, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.get_action_display()} {self.subject}"
