"""Reading the audit trail."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from boucle.audit.models import AuditEvent

if TYPE_CHECKING:
    from boucle.accounts.models import Organisation


def audit_events_for(organisation: Organisation) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(organisation=organisation).select_related("actor")
