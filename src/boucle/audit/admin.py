from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from boucle.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin[AuditEvent]):
    list_display = ["created_at", "organisation", "actor", "action", "subject"]
    list_filter = ["action"]
    search_fields = ["organisation__name", "actor__email", "subject"]
    date_hierarchy = "created_at"

    # The trail is append-only, in the back office too.
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
