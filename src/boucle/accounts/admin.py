"""The operator's back office for organisations and people, with verification actions."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from boucle.accounts import services
from boucle.accounts.models import ApiKey, Invitation, Membership, Organisation, Site, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin[User]):
    ordering = ["email"]
    list_display = ["email", "full_name", "is_staff", "is_active", "date_joined"]
    search_fields = ["email", "full_name"]
    fieldsets = (
        (None, {"fields": ("email", "password", "full_name", "acting_organisation")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)


class MembershipInline(admin.TabularInline[Membership, Organisation]):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


class SiteInline(admin.TabularInline[Site, Organisation]):
    model = Site
    extra = 0
    fields = ["name", "kind", "siret", "address", "postcode", "commune"]
    raw_id_fields = ["commune"]


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Reason for rejection"), widget=forms.Textarea)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin[Organisation]):
    list_display = ["name", "kind", "siren", "rna", "verification_status", "created_at"]
    list_filter = ["kind", "verification_status"]
    search_fields = ["name", "siren", "rna", "slug"]
    readonly_fields = ["verification_status", "verification_note", "verified_at", "verified_by"]
    inlines = [MembershipInline, SiteInline]
    actions = ["verify", "reject"]

    @admin.action(description=_("Verify the selected organisations"))
    def verify(self, request: HttpRequest, queryset: QuerySet[Organisation]) -> None:
        for organisation in queryset:
            services.organisation_verify(organisation=organisation, operator=request.user)  # type: ignore[arg-type]
        self.message_user(
            request, _("%(count)d organisation(s) verified.") % {"count": len(queryset)}
        )

    @admin.action(description=_("Reject the selected organisations (with a reason)"))
    def reject(self, request: HttpRequest, queryset: QuerySet[Organisation]) -> HttpResponse | None:
        form = RejectForm(request.POST if "reason" in request.POST else None)
        if form.is_valid():
            for organisation in queryset:
                services.organisation_reject(
                    organisation=organisation,
                    operator=request.user,  # type: ignore[arg-type]
                    reason=form.cleaned_data["reason"],
                )
            self.message_user(
                request,
                _("%(count)d organisation(s) rejected.") % {"count": len(queryset)},
                messages.WARNING,
            )
            return redirect(request.get_full_path())
        return TemplateResponse(
            request,
            "admin/accounts/organisation/reject.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Reject organisations"),
                "organisations": queryset,
                "form": form,
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            },
        )


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin[Invitation]):
    list_display = ["email", "organisation", "role", "created_at", "expires_at", "accepted_at"]
    search_fields = ["email", "organisation__name"]
    readonly_fields = ["token_hash"]


@admin.register(Site)
class SiteAdmin(admin.ModelAdmin[Site]):
    list_display = ["name", "organisation", "kind", "postcode", "commune"]
    list_filter = ["kind"]
    search_fields = ["name", "organisation__name", "commune__name", "postcode"]
    raw_id_fields = ["commune"]


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin[ApiKey]):
    list_display = ["name", "prefix", "user", "organisation", "created_at", "revoked_at"]
    readonly_fields = ["prefix", "key_hash", "last_used_at"]
    search_fields = ["user__email", "organisation__name", "prefix"]
