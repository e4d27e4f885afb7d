"""Recording audit events: called by the services of every app, inside their transaction."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from boucle.audit.models import AuditAction, AuditEvent

if TYPE_CHECKING:
    from boucle.accounts.models import Organisation, User


def audit_record(
    *,
    organisation: Organisation,
    actor: User | None,
    action: AuditAction,
    subject: str = "",
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    return AuditEvent.objects.create(
        organisation=organisation,
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        subject=subject[:250],
        details=details or {},
    )
