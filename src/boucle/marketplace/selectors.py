"""Reads of the marketplace, with one access helper per resource.

Each `*_get*` helper answers `Http404` when the person may not see the resource, so an
outsider cannot even learn that it exists: a draft lot is the seller's alone, an order is its
buyer's and its seller's.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from boucle.accounts.models import Membership, Organisation, User
from boucle.marketplace.models import (
    HireBooking,
    Lot,
    LotStatus,
    Order,
    SavedSearch,
)

# Statuses in which anyone may open a lot's page (a sold-out lot stays readable: links live on).
PUBLIC_STATUSES = (LotStatus.PUBLISHED, LotStatus.RESERVED, LotStatus.SOLD_OUT)


def _organisation_ids(user: User) -> list[int]:
    if not user.is_authenticated:
        return []
    return list(Membership.objects.filter(user=user).values_list("organisation_id", flat=True))


def lots_with_related() -> QuerySet[Lot]:
    return Lot.objects.select_related(
        "seller", "site", "site__commune", "category", "category__parent"
    ).prefetch_related("photos")


def lot_get_visible(user: User, lot_id: int) -> Lot:
    """A lot as a visitor sees it: public statuses for all, every status for its seller."""
    lot = lots_with_related().filter(pk=lot_id).first()
    if lot is None:
        raise Http404
    if lot.status not in PUBLIC_STATUSES and lot.seller_id not in _organisation_ids(user):
        raise Http404
    return lot


def lot_get_for_seller(organisation: Organisation, lot_id: int) -> Lot:
    """A lot of the organisation (whose membership the caller has checked), or 404."""
    lot = lots_with_related().filter(pk=lot_id, seller=organisation).first()
    if lot is None:
        raise Http404
    return lot


def lots_of_seller(organisation: Organisation) -> QuerySet[Lot]:
    return lots_with_related().filter(seller=organisation).order_by("-updated_at", "-id")


def orders_with_related() -> QuerySet[Order]:
    return Order.objects.select_related(
        "lot", "lot__category", "lot__site", "seller", "buyer", "placed_by"
    )


def order_get_for_party(organisation: Organisation, order_id: int) -> Order:
    """An order the organisation buys or sells, or 404."""
    order = (
        orders_with_related()
        .filter(Q(buyer=organisation) | Q(seller=organisation), pk=order_id)
        .first()
    )
    if order is None:
        raise Http404
    return order


def sales_of(organisation: Organisation) -> QuerySet[Order]:
    return orders_with_related().filter(seller=organisation)


def purchases_of(organisation: Organisation) -> QuerySet[Order]:
    return orders_with_related().filter(buyer=organisation)


def booking_get_for_party(organisation: Organisation, booking_id: int) -> HireBooking:
    """A hire booking the organisation made or whose equipment it owns, or 404."""
    booking = (
        HireBooking.objects.select_related("lot", "lot__seller", "renter", "requested_by")
        .filter(Q(renter=organisation) | Q(lot__seller=organisation), pk=booking_id)
        .first()
    )
    if booking is None:
        raise Http404
    return booking


def saved_searches_of(user: User, organisation: Organisation) -> QuerySet[SavedSearch]:
    return SavedSearch.objects.filter(user=user, organisation=organisation)


def saved_search_get(user: User, organisation: Organisation, search_id: int) -> SavedSearch:
    saved = saved_searches_of(user, organisation).filter(pk=search_id).first()
    if saved is None:
        raise Http404
    return saved
