"""The buyer's pages: search with facets and distance, a lot's page with its order form, the
lot photos, and saved searches.

The search page and the lot pages are public: anyone may look; ordering and saving a search
need a login and an organisation to act for.
"""

from __future__ import annotations

import mimetypes
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from boucle.accounts import selectors as account_selectors
from boucle.accounts.models import Membership, Site, User
from boucle.accounts.services import organisation_require_verified
from boucle.core.errors import ConflictError, ServiceError
from boucle.marketplace import selectors
from boucle.marketplace.forms.buying import (
    OrderPlaceForm,
    SearchForm,
    facet_groups,
    hidden_params,
    page_links,
    search_params,
    search_refusal,
    without_page,
)
from boucle.marketplace.models import Lot, LotStatus, OfferType, SavedSearch
from boucle.marketplace.search import LotQuery, lot_search
from boucle.marketplace.services.orders import order_place
from boucle.marketplace.services.saved_searches import (
    saved_search_create as saved_search_create_service,
)
from boucle.marketplace.services.saved_searches import (
    saved_search_delete as saved_search_delete_service,
)
from boucle.marketplace.services.saved_searches import saved_search_query, saved_search_summary

# Public photos may sit in shared caches this long (seconds): a withdrawn lot's photos
# vanish from caches within the hour.
PUBLIC_PHOTO_MAX_AGE = 3600


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _membership(request: HttpRequest) -> Membership | None:
    membership = getattr(request, "membership", None)
    return membership if membership else None


def _acting_sites(membership: Membership | None) -> list[Site]:
    if membership is None:
        return []
    return list(account_selectors.sites_of(membership.organisation))


def _label_conditions(lots: list[Lot]) -> None:
    """`lot.condition_label`, what `get_condition_display` gives, from one mapping per page:
    Django's rebuilds the field's choices as a dict at every call."""
    labels = dict(Lot._meta.get_field("condition").flatchoices)
    for lot in lots:
        lot.condition_label = str(labels.get(lot.condition, lot.condition))  # type: ignore[attr-defined]


def search(request: HttpRequest) -> HttpResponse:
    membership = _membership(request)
    sites = _acting_sites(membership)
    error, place, result, query = None, "", None, LotQuery()
    try:
        params, place = search_params(request.GET, sites=sites)
        query = LotQuery.from_params(params)
        result = lot_search(query)  # the lots come with their site's commune (the cards name it)
        _label_conditions(result.lots)
    except ServiceError as refusal:
        error = search_refusal(refusal, request.GET)
    context = {
        "form": SearchForm(request.GET, sites=sites),
        "query": query,
        "result": result,
        "error": error,
        "place": place,
        "facet_groups": facet_groups(request.GET, result.facets) if result else [],
        "pages": page_links(request.GET, result.page, result.pages) if result else [],
        "hidden_params": hidden_params(request.GET),
        "querystring": without_page(request.GET).urlencode(),
        "membership": membership,
        "summary": saved_search_summary(query) if result and membership else "",
    }
    htmx = getattr(request, "htmx", None)
    template = "marketplace/search/search.html"
    # htmx asks for the results only, except when restoring a page missing from its history.
    if htmx and not htmx.history_restore_request:
        template += "#results"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _order_refusal(request: HttpRequest, lot: Lot, own: bool) -> str:
    """Why the person cannot order the lot here ("" when they can)."""
    membership = _membership(request)
    if lot.offer_type == OfferType.HIRE or own or not request.user.is_authenticated:
        return ""  # the page shows the booking link, the edit link or the login link
    if not lot.is_open:
        return _("This lot can no longer be ordered.")
    if membership is None:
        return _("Join or create an organisation to order on its behalf.")
    try:
        organisation_require_verified(membership.organisation)
    except ServiceError as unverified:
        return unverified.message
    return ""


def lot_detail(request: HttpRequest, lot_id: int) -> HttpResponse:
    lot = selectors.lot_get_visible(_user(request), lot_id)
    # Own for the organisation the person acts for, as the API decides: a member of the
    # seller acting for another of their organisations may order for it.
    membership = _membership(request)
    own = membership is not None and membership.organisation_id == lot.seller_id
    refusal = _order_refusal(request, lot, own)
    form = OrderPlaceForm(request.POST if request.method == "POST" else None, lot=lot)
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not (refusal or own or lot.is_hire) and form.is_valid():
            placed = _place_order(request, lot, form)
            if placed is not None:
                return placed
    return render(
        request,
        "marketplace/search/lot_detail.html",
        {
            "lot": lot,
            "form": form,
            "own": own,
            "refusal": refusal,
            "other_lots": _other_lots(lot),
        },
    )


# How many of the seller's other lots a lot's page shows: enough to tell what else it offers.
OTHER_LOTS_SHOWN = 6


def _other_lots(lot: Lot) -> list[Lot]:
    """The seller's other lots on offer, newest first: a buyer may take several from one site.

    Two queries however many are shown (the lots with their site, then their photos).
    """
    return list(
        Lot.objects.filter(seller_id=lot.seller_id, status=LotStatus.PUBLISHED)
        .exclude(pk=lot.pk)
        .select_related("site__commune")
        .prefetch_related("photos")
        .order_by("-published_at", "-id")[:OTHER_LOTS_SHOWN]
    )


def _place_order(request: HttpRequest, lot: Lot, form: OrderPlaceForm) -> HttpResponse | None:
    membership = _membership(request)
    assert membership is not None  # _order_refusal answered otherwise
    try:
        order = order_place(
            actor=_user(request), buyer=membership.organisation, lot=lot, **form.cleaned_data
        )
    except ServiceError as error:
        form.add_service_error(error)
        if isinstance(error, ConflictError):
            # Beside the message, the stock as it is now, so the person can order what is left.
            lot.refresh_from_db(fields=["quantity_available", "status"])
        return None
    messages.success(
        request,
        _("Your order %(reference)s has been sent to %(seller)s; the units are reserved for you.")
        % {"reference": order.reference, "seller": lot.seller.name},
    )
    return redirect(
        reverse("marketplace:order_detail", args=[membership.organisation.slug, order.pk])
    )


def lot_photo(request: HttpRequest, lot_id: int, photo_id: int, size: str) -> FileResponse:
    if size not in ("thumb", "full"):
        raise Http404
    lot = selectors.lot_get_visible(_user(request), lot_id)
    photo = next((p for p in lot.photos.all() if p.pk == photo_id), None)
    if photo is None:
        raise Http404
    stored = photo.thumbnail if size == "thumb" else photo.image
    try:
        handle = stored.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    content_type = mimetypes.guess_type(stored.name)[0] or "application/octet-stream"
    response = FileResponse(handle, content_type=content_type)
    if lot.status in selectors.PUBLIC_STATUSES:
        patch_cache_control(response, public=True, max_age=PUBLIC_PHOTO_MAX_AGE)
    else:
        # A draft's photos are the seller's alone: no shared cache may keep them.
        patch_cache_control(response, private=True, no_store=True)
    return response


@login_required
@require_POST
def saved_search_create(request: HttpRequest) -> HttpResponse:
    membership = _membership(request)
    # Encoded again: the search page's parameters, whatever was posted, make the way back.
    query_string = QueryDict(request.POST.get("query", "")).urlencode()
    back = reverse("marketplace:search") + (f"?{query_string}" if query_string else "")
    if membership is None:
        messages.error(request, _("Join or create an organisation to save searches."))
        return redirect(back)
    try:
        params, _place = search_params(QueryDict(query_string), sites=_acting_sites(membership))
        saved = saved_search_create_service(
            actor=_user(request),
            organisation=membership.organisation,
            params=params,
            name=request.POST.get("name", ""),
        )
    except ServiceError as error:
        messages.error(request, search_refusal(error, QueryDict(query_string)))
        return redirect(back)
    messages.success(
        request,
        _("Search “%(name)s” saved: you will get an e-mail when a new lot matches it.")
        % {"name": saved.name},
    )
    return redirect("marketplace:saved_searches", slug=membership.organisation.slug)


@login_required
def saved_searches(request: HttpRequest, slug: str) -> HttpResponse:
    membership = account_selectors.membership_get(_user(request), slug)
    searches = [
        (saved, _search_url(saved))
        for saved in selectors.saved_searches_of(_user(request), membership.organisation)
    ]
    return render(
        request,
        "marketplace/search/saved_searches.html",
        {"membership": membership, "organisation": membership.organisation, "searches": searches},
    )


def _search_url(saved: SavedSearch) -> str:
    """The search page for a saved search, its parameters in the query's own order."""
    query = saved_search_query(saved)
    params = query.to_params() if query is not None else saved.params
    return reverse("marketplace:search") + "?" + urlencode(params, doseq=True)


@login_required
@require_POST
def saved_search_delete(request: HttpRequest, slug: str, search_id: int) -> HttpResponse:
    membership = account_selectors.membership_get(_user(request), slug)
    saved = selectors.saved_search_get(_user(request), membership.organisation, search_id)
    saved_search_delete_service(actor=_user(request), saved_search=saved)
    messages.success(request, _("The saved search “%(name)s” was deleted.") % {"name": saved.name})
    return redirect("marketplace:saved_searches", slug=slug)


urlpatterns = [
    path("marketplace/", search, name="search"),
    path("marketplace/lots/<int:lot_id>/", lot_detail, name="lot_detail"),
    path(
        "marketplace/lots/<int:lot_id>/photos/<int:photo_id>/<str:size>/",
        lot_photo,
        name="lot_photo",
    ),
    path("marketplace/saved-searches/new/", saved_search_create, name="saved_search_create"),
    path("o/<slug:slug>/saved-searches/", saved_searches, name="saved_searches"),
    path(
        "o/<slug:slug>/saved-searches/<int:search_id>/delete/",
        saved_search_delete,
        name="saved_search_delete",
    ),
]
