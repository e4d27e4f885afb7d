"""The seller's pages: its lots by status, posting and editing a lot, its photos, and the
publish / withdraw / delete buttons. Every page is its organisation's members' only: anyone
else gets a 404 from `membership_get`, and a lot of another seller a 404 from
`lot_get_for_seller`.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from boucle.accounts.models import Membership, User
from boucle.accounts.selectors import membership_get
from boucle.core.errors import ServiceError
from boucle.marketplace import selectors
from boucle.marketplace.forms.lots import LotForm, PhotoUploadForm, lot_initial
from boucle.marketplace.models import Lot, LotPhoto, LotStatus
from boucle.marketplace.services import lots as lot_services
from boucle.marketplace.services import photos as photo_services

LOTS_PER_PAGE = 50


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _context(membership: Membership, **extra: Any) -> dict[str, Any]:
    return {"membership": membership, "organisation": membership.organisation, **extra}


def _back(request: HttpRequest, slug: str) -> HttpResponse:
    """Back to the page the button was on (a list tab, the edit page), or to the lot list."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return redirect(target)
    return redirect("marketplace:seller_lots", slug=slug)


@login_required
def seller_lots(request: HttpRequest, slug: str) -> HttpResponse:
    membership = membership_get(_user(request), slug)
    organisation = membership.organisation
    # One query for every tab's count; order_by() keeps Lot's ordering out of the GROUP BY.
    counts = dict(
        Lot.objects.filter(seller=organisation)
        .order_by()
        .values("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    status = request.GET.get("status", "")
    lots = selectors.lots_of_seller(organisation)
    if status in LotStatus.values:
        lots = lots.filter(status=status)
    else:
        status = ""
    tabs = [("", _("All"), sum(counts.values()))] + [
        (value, label, counts.get(value, 0)) for value, label in LotStatus.choices
    ]
    page = Paginator(lots, LOTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "marketplace/lots/list.html",
        _context(membership, tabs=tabs, status=status, page=page),
    )


@login_required
def lot_create(request: HttpRequest, slug: str) -> HttpResponse:
    membership = membership_get(_user(request), slug)
    organisation = membership.organisation
    form = LotForm(
        request.POST or None, request.FILES or None, organisation=organisation, with_photos=True
    )
    if request.method == "POST" and form.is_valid():
        values = form.lot_values()
        try:
            lot = photo_services.lot_create_with_photos(
                actor=_user(request), uploads=form.cleaned_data["photos"], **values
            )
        except ServiceError as error:
            form.add_service_error(error)
        else:
            messages.success(
                request, _("The lot “%(title)s” was saved as a draft.") % {"title": lot.title}
            )
            if "publish" in request.POST:
                _publish(request, lot)
            return redirect("marketplace:lot_edit", slug=slug, lot_id=lot.pk)
    return render(request, "marketplace/lots/form.html", _context(membership, form=form, lot=None))


@login_required
def lot_edit(request: HttpRequest, slug: str, lot_id: int) -> HttpResponse:
    membership = membership_get(_user(request), slug)
    lot = selectors.lot_get_for_seller(membership.organisation, lot_id)
    form = LotForm(
        request.POST or None, organisation=membership.organisation, initial=lot_initial(lot)
    )
    if request.method == "POST" and form.is_valid():
        try:
            lot = lot_services.lot_update(actor=_user(request), lot=lot, **form.lot_values())
        except ServiceError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("The lot “%(title)s” was saved.") % {"title": lot.title})
            return redirect("marketplace:lot_edit", slug=slug, lot_id=lot.pk)
    return render(request, "marketplace/lots/form.html", _context(membership, form=form, lot=lot))


def _publish(request: HttpRequest, lot: Lot) -> None:
    try:
        lot_services.lot_publish(actor=_user(request), lot=lot)
    except ServiceError as error:
        messages.error(
            request, _("The lot was not published: %(reason)s") % {"reason": error.message}
        )
    else:
        messages.success(
            request,
            _("The lot “%(title)s” is published: buyers can find it.") % {"title": lot.title},
        )


@login_required
@require_POST
def lot_publish(request: HttpRequest, slug: str, lot_id: int) -> HttpResponse:
    membership = membership_get(_user(request), slug)
    _publish(request, selectors.lot_get_for_seller(membership.organisation, lot_id))
    return _back(request, slug)


@login_required
@require_POST
def lot_withdraw(request: HttpRequest, slug: str, lot_id: int) -> HttpResponse:
    membership = membership_get(_user(request), slug)
    lot = selectors.lot_get_for_seller(membership.organisation, lot_id)
    try:
        lot_services.lot_withdraw(actor=_user(request), lot=lot)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("The lot “%(title)s” is withdrawn: orders already placed go on.")
            % {"title": lot.title},
        )
    return _back(request, slug)


@login_required
@require_POST
def lot_delete(request: HttpRequest, slug: str, lot_id: int) -> HttpResponse:
    membership = membership_get(_user(request), slug)
    lot = selectors.lot_get_for_seller(membership.organisation, lot_id)
    try:
        lot_services.lot_delete(actor=_user(request), lot=lot)
    except ServiceError as error:
        messages.error(request, error.message)
        return _back(request, slug)
    messages.success(request, _("The lot “%(title)s” was deleted.") % {"title": lot.title})
    return redirect("marketplace:seller_lots", slug=slug)


@login_required
def lot_photos(request: HttpRequest, slug: str, lot_id: int) -> HttpResponse:
    membership = membership_get(_user(request), slug)
    lot = selectors.lot_get_for_seller(membership.organisation, lot_id)
    # Bound on any POST: a post with no file is an empty QueryDict, falsy, yet must be answered.
    posted = request.method == "POST"
    form = PhotoUploadForm(request.POST if posted else None, request.FILES if posted else None)
    if posted and form.is_valid():
        try:
            added = photo_services.photos_add(
                actor=_user(request), lot=lot, uploads=form.cleaned_data["photos"]
            )
        except ServiceError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("Photos added: %(count)s.") % {"count": len(added)})
            return redirect("marketplace:lot_photos", slug=slug, lot_id=lot.pk)
    return render(
        request,
        "marketplace/lots/photos.html",
        _context(membership, lot=lot, form=form, max_photos=photo_services.MAX_PHOTOS),
    )


@login_required
@require_POST
def lot_photo_delete(request: HttpRequest, slug: str, lot_id: int, photo_id: int) -> HttpResponse:
    membership = membership_get(_user(request), slug)
    lot = selectors.lot_get_for_seller(membership.organisation, lot_id)
    # The lot was checked above: a photo of it is the seller's to delete.
    photo = get_object_or_404(LotPhoto, pk=photo_id, lot=lot)
    try:
        photo_services.photo_delete(actor=_user(request), photo=photo)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The photo was deleted."))
    return redirect("marketplace:lot_photos", slug=slug, lot_id=lot.pk)


@login_required
@require_POST
def lot_photo_cover(request: HttpRequest, slug: str, lot_id: int, photo_id: int) -> HttpResponse:
    membership = membership_get(_user(request), slug)
    lot = selectors.lot_get_for_seller(membership.organisation, lot_id)
    photo = get_object_or_404(LotPhoto, pk=photo_id, lot=lot)
    try:
        photo_services.photo_make_cover(actor=_user(request), photo=photo)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("This photo is now the lot's cover."))
    return redirect("marketplace:lot_photos", slug=slug, lot_id=lot.pk)


urlpatterns: list[URLPattern] = [
    path("o/<slug:slug>/lots/", seller_lots, name="seller_lots"),
    path("o/<slug:slug>/lots/new/", lot_create, name="lot_create"),
    path("o/<slug:slug>/lots/<int:lot_id>/edit/", lot_edit, name="lot_edit"),
    path("o/<slug:slug>/lots/<int:lot_id>/publish/", lot_publish, name="lot_publish"),
    path("o/<slug:slug>/lots/<int:lot_id>/withdraw/", lot_withdraw, name="lot_withdraw"),
    path("o/<slug:slug>/lots/<int:lot_id>/delete/", lot_delete, name="lot_delete"),
    path("o/<slug:slug>/lots/<int:lot_id>/photos/", lot_photos, name="lot_photos"),
    path(
        "o/<slug:slug>/lots/<int:lot_id>/photos/<int:photo_id>/delete/",
        lot_photo_delete,
        name="lot_photo_delete",
    ),
    path(
        "o/<slug:slug>/lots/<int:lot_id>/photos/<int:photo_id>/cover/",
        lot_photo_cover,
        name="lot_photo_cover",
    ),
]
