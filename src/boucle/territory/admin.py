"""The operator's view of material flow studies: read-only, since pages and services change them."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from boucle.territory.models import MaterialFlowStudy, StudyFile


class StudyFileInline(admin.TabularInline[StudyFile, MaterialFlowStudy]):
    model = StudyFile
    extra = 0
    fields = ("kind", "original_name", "size_bytes", "uploaded_by", "uploaded_at")
    readonly_fields = ("kind", "original_name", "size_bytes", "uploaded_by", "uploaded_at")

    def has_add_permission(
        self, request: HttpRequest, obj: MaterialFlowStudy | None = None
    ) -> bool:
        return False


@admin.register(MaterialFlowStudy)
class MaterialFlowStudyAdmin(admin.ModelAdmin[MaterialFlowStudy]):
    list_display = ["name", "organisation", "status", "created_by", "updated_at", "computed_at"]
    list_filter = ["status"]
    search_fields = ["name", "organisation__name"]
    list_select_related = ["organisation", "created_by"]
    inlines = [StudyFileInline]
    readonly_fields = [
        "organisation",
        "status",
        "revision",
        "problems",
        "notes",
        "territories",
        "years",
        "created_by",
        "created_at",
        "updated_by",
        "updated_at",
        "computed_at",
    ]
    fields = ["name", "description", "territory_scope", *readonly_fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
