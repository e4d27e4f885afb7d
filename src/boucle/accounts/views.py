"""Pages of organisations and people: check access, parse, call one service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from boucle.accounts import selectors, services
from boucle.accounts.forms import (
    ApiKeyForm,
    InvitationForm,
    OrganisationForm,
    ProfileForm,
    RoleForm,
    SiteForm,
)
from boucle.accounts.models import Invitation, Role, User
from boucle.audit.selectors import audit_events_for
from boucle.core.errors import ServiceError


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = ProfileForm(request.POST or None, instance=user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile has been saved."))
        return redirect("accounts:profile")
    invitations = Invitation.objects.filter(
        email__iexact=user.email, accepted_at=None, revoked_at=None
    ).select_related("organisation")
    return render(
        request,
        "accounts/profile.html",
        {
            "form": form,
            "memberships": selectors.memberships_of(user).order_by("organisation__name"),
            "invitations": [i for i in invitations if i.is_pending],
        },
    )


@login_required
def organisation_create(request: HttpRequest) -> HttpResponse:
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.organisation_create(user=_user(request), **form.cleaned_data)
        except ServiceError as error:
            form.add_service_error(error)
        else:
            messages.success(
                request,
                _("%(name)s has been created. The operator will now verify its legal identity.")
                % {"name": organisation.name},
            )
            return redirect("accounts:dashboard", slug=organisation.slug)
    return render(request, "accounts/organisation_form.html", {"form": form, "creating": True})


@login_required
@require_POST
def organisation_switch(request: HttpRequest) -> HttpResponse:
    membership = selectors.membership_get(_user(request), request.POST.get("organisation", ""))
    services.user_set_acting_organisation(user=_user(request), organisation=membership.organisation)
    messages.info(request, _("You now act for %(name)s.") % {"name": membership.organisation.name})
    return redirect("accounts:dashboard", slug=membership.organisation.slug)


def organisation_public(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = selectors.organisation_get_public(slug)
    membership = None
    if request.user.is_authenticated:
        membership = (
            selectors.memberships_of(_user(request)).filter(organisation=organisation).first()
        )
    return render(
        request,
        "accounts/organisation_public.html",
        {"organisation": organisation, "membership": membership},
    )


@login_required
def organisation_dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    membership = selectors.membership_get(_user(request), slug)
    organisation = membership.organisation
    return render(
        request,
        "accounts/dashboard.html",
        {
            "membership": membership,
            "organisation": organisation,
            "member_count": selectors.members_of(organisation).count(),
            "sites": selectors.sites_of(organisation),
            "pending_invitations": [
                i for i in selectors.invitations_of(organisation) if i.is_pending
            ],
            "recent_events": (
                audit_events_for(organisation)[:5] if membership.role == Role.OWNER else []
            ),
        },
    )


@login_required
def organisation_settings(request: HttpRequest, slug: str) -> HttpResponse:
    membership = selectors.membership_get_managing(_user(request), slug)
    organisation = membership.organisation
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        # The form validated a copy of the instance; the service applies and records the change.
        organisation.refresh_from_db()
        try:
            services.organisation_update(
                actor=_user(request), organisation=organisation, **form.cleaned_data
            )
        except ServiceError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The organisation's details have been saved."))
            return redirect("accounts:dashboard", slug=organisation.slug)
    return render(
        request,
        "accounts/organisation_form.html",
        {"form": form, "organisation": organisation, "membership": membership},
    )


@login_required
def members(request: HttpRequest, slug: str) -> HttpResponse:
    membership = selectors.membership_get(_user(request), slug)
    organisation = membership.organisation
    form = InvitationForm(request.POST or None)
    if request.method == "POST":
        membership = selectors.membership_get_managing(_user(request), slug)
        if form.is_valid():
            try:
                services.invitation_create(
                    actor=_user(request), organisation=organisation, **form.cleaned_data
                )
            except ServiceError as error:
                form.add_service_error(error)
            else:
                messages.success(
                    request,
                    _("An invitation has been sent to %(email)s.")
                    % {"email": form.cleaned_data["email"]},
                )
                return redirect("accounts:members", slug=slug)
    return render(
        request,
        "accounts/members.html",
        {
            "membership": membership,
            "organisation": organisation,
            "members": selectors.members_of(organisation),
            "invitations": selectors.invitations_of(organisation)[:50],
            "form": form,
            "roles": Role.choices,
        },
    )


@login_required
@require_POST
def member_role(request: HttpRequest, slug: str, membership_id: int) -> HttpResponse:
    membership = selectors.membership_get_managing(_user(request), slug)
    target = selectors.member_get(membership.organisation, membership_id)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the roles offered."))
    else:
        try:
            services.membership_set_role(
                actor=_user(request), membership=target, role=form.cleaned_data["role"]
            )
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("%(person)s is now %(role)s.")
                % {"person": target.user, "role": target.get_role_display().lower()},
            )
    return redirect("accounts:members", slug=slug)


@login_required
@require_POST
def member_remove(request: HttpRequest, slug: str, membership_id: int) -> HttpResponse:
    membership = selectors.membership_get(_user(request), slug)
    target = selectors.member_get(membership.organisation, membership_id)
    try:
        services.membership_remove(actor=_user(request), membership=target)
    except ServiceError as error:
        messages.error(request, error.message)
        return redirect("accounts:members", slug=slug)
    if target.user_id == _user(request).pk:
        messages.success(
            request, _("You have left %(name)s.") % {"name": membership.organisation.name}
        )
        return redirect("accounts:profile")
    messages.success(request, _("%(person)s has been removed.") % {"person": target.user})
    return redirect("accounts:members", slug=slug)


@login_required
@require_POST
def invitation_revoke(request: HttpRequest, slug: str, invitation_id: int) -> HttpResponse:
    membership = selectors.membership_get_managing(_user(request), slug)
    invitation = selectors.invitation_get(membership.organisation, invitation_id)
    try:
        services.invitation_revoke(actor=_user(request), invitation=invitation)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("The invitation to %(email)s was withdrawn.") % {"email": invitation.email}
        )
    return redirect("accounts:members", slug=slug)


def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """Shows an invitation to anyone holding the link; accepting needs the invited address."""
    try:
        invitation = services.invitation_get_by_token(token)
    except ServiceError as unknown:
        return render(request, "accounts/invitation.html", {"error": unknown.message}, status=404)
    refusal = None
    if request.method == "POST" and request.user.is_authenticated:
        try:
            services.invitation_accept(token=token, user=_user(request))
        except ServiceError as exc:
            refusal = exc.message
        else:
            messages.success(
                request,
                _("Welcome to %(name)s!") % {"name": invitation.organisation.name},
            )
            return redirect("accounts:dashboard", slug=invitation.organisation.slug)
    next_param = f"?next={reverse('accounts:invitation_accept', args=[token])}"
    return render(
        request,
        "accounts/invitation.html",
        {
            "invitation": invitation,
            "error": refusal,
            "login_url": reverse("account_login") + next_param,
            "signup_url": reverse("account_signup") + next_param,
        },
    )


@login_required
def sites(request: HttpRequest, slug: str) -> HttpResponse:
    membership = selectors.membership_get(_user(request), slug)
    return render(
        request,
        "accounts/sites.html",
        {
            "membership": membership,
            "organisation": membership.organisation,
            "sites": selectors.sites_of(membership.organisation),
        },
    )


@login_required
def site_edit(request: HttpRequest, slug: str, site_id: int | None = None) -> HttpResponse:
    membership = selectors.membership_get_managing(_user(request), slug)
    organisation = membership.organisation
    site = selectors.site_get(organisation, site_id) if site_id else None
    initial = {}
    if site is not None:
        initial = {
            "name": site.name,
            "kind": site.kind,
            "siret": site.siret,
            "address": site.address,
            "postcode": site.postcode,
            "commune": site.commune.insee_code,
            "latitude": site.latitude,
            "longitude": site.longitude,
        }
    form = SiteForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        values = {
            "name": data["name"],
            "kind": data["kind"],
            "siret": data["siret"],
            "address": data["address"],
            "postcode": data["postcode"],
            "commune_insee": data["commune"],
            "latitude": data["latitude"],
            "longitude": data["longitude"],
        }
        try:
            if site is None:
                site = services.site_create(
                    actor=_user(request), organisation=organisation, **values
                )
            else:
                services.site_update(actor=_user(request), site=site, **values)
        except ServiceError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The site %(name)s has been saved.") % {"name": site.name})
            return redirect("accounts:sites", slug=slug)
    return render(
        request,
        "accounts/site_form.html",
        {"membership": membership, "organisation": organisation, "site": site, "form": form},
    )


@login_required
def site_communes(request: HttpRequest, slug: str) -> HttpResponse:
    """The commune field of the site form for the postcode typed so far (HTMX)."""
    selectors.membership_get_managing(_user(request), slug)
    form = SiteForm(initial={"postcode": request.GET.get("postcode", "")})
    return render(request, "accounts/site_form.html#commune-field", {"form": form})


@login_required
@require_POST
def site_delete(request: HttpRequest, slug: str, site_id: int) -> HttpResponse:
    membership = selectors.membership_get_managing(_user(request), slug)
    site = selectors.site_get(membership.organisation, site_id)
    services.site_delete(actor=_user(request), site=site)
    messages.success(request, _("The site %(name)s has been removed.") % {"name": site.name})
    return redirect("accounts:sites", slug=slug)


@login_required
def audit(request: HttpRequest, slug: str) -> HttpResponse:
    membership = selectors.membership_get_owner(_user(request), slug)
    page = Paginator(audit_events_for(membership.organisation), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "accounts/audit.html",
        {"membership": membership, "organisation": membership.organisation, "page": page},
    )


@login_required
def api_keys(request: HttpRequest, slug: str) -> HttpResponse:
    membership = selectors.membership_get(_user(request), slug)
    organisation = membership.organisation
    form = ApiKeyForm(request.POST or None)
    new_secret = None
    if request.method == "POST" and form.is_valid():
        try:
            _key, new_secret = services.apikey_create(
                user=_user(request), organisation=organisation, name=form.cleaned_data["name"]
            )
        except ServiceError as error:
            form.add_service_error(error)
        else:
            form = ApiKeyForm()
    return render(
        request,
        "accounts/api_keys.html",
        {
            "membership": membership,
            "organisation": organisation,
            "keys": selectors.api_keys_of(_user(request), organisation),
            "form": form,
            "new_secret": new_secret,
        },
    )


@login_required
@require_POST
def api_key_revoke(request: HttpRequest, slug: str, key_id: int) -> HttpResponse:
    membership = selectors.membership_get(_user(request), slug)
    key = selectors.api_key_get(_user(request), membership.organisation, key_id)
    services.apikey_revoke(actor=_user(request), key=key)
    messages.success(request, _("The key %(name)s has been revoked.") % {"name": key.name})
    return redirect("accounts:api_keys", slug=slug)
