"""Orders of sale lots: placing one, its lifecycle to receipt, its message thread.

Stock is never oversold, whatever the concurrency: placing an order takes its units with ONE
conditional UPDATE (`quantity_available >= quantity` in the WHERE clause), which PostgreSQL
re-checks after waiting for a concurrent writer's row lock, and SQLite runs one writer at a
time (IMMEDIATE transactions); the check constraint `lot_stock_not_negative` is the last
guard. Returning units (decline, cancel, expiry) is the mirror UPDATE. Transitions lock the
order row first, so two clicks on "accept" apply once and the second is told the status.

Every transition is recorded as an `OrderEvent` (who, for which organisation, when, a note),
and e-mails the other side through a task enqueued once the transaction commits::

    order = order_place(actor=bruno, buyer=college, lot=chairs, quantity=4)
    order = order_accept(actor=olivia, order=order, pickup_at=friday_10am)
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from boucle.accounts.models import Membership, Organisation, User
from boucle.accounts.services import organisation_require_verified
from boucle.core.errors import ConflictError, ServiceError
from boucle.marketplace.models import (
    CANCELLABLE_STATUSES,
    Fulfilment,
    Lot,
    LotStatus,
    OfferType,
    Order,
    OrderEvent,
    OrderMessage,
    OrderStatus,
)
from boucle.marketplace.services.lots import stock_status

__all__ = [
    "ADDRESS_MAX_LENGTH",
    "MESSAGE_MAX_LENGTH",
    "NOTE_MAX_LENGTH",
    "REASON_MAX_LENGTH",
    "order_accept",
    "order_cancel",
    "order_confirm_receipt",
    "order_decline",
    "order_expire_if_due",
    "order_hand_over",
    "order_message_post",
    "order_place",
    "orders_expire",
]

logger = logging.getLogger(__name__)

MESSAGE_MAX_LENGTH = 5000
# Free texts an API client could make as long as it likes: each is kept in an event or the
# order and mailed to the other side. The address fits its column (300 characters).
NOTE_MAX_LENGTH = 2000
REASON_MAX_LENGTH = 500
ADDRESS_MAX_LENGTH = 300

BUYER = "buyer"
SELLER = "seller"


# Sides and access


def _member_of(actor: User, organisation_ids: list[int]) -> set[int]:
    return set(
        Membership.objects.filter(user=actor, organisation_id__in=organisation_ids).values_list(
            "organisation_id", flat=True
        )
    )


def _require_side(
    actor: User, order: Order, side: str, organisation: Organisation | None = None
) -> Organisation:
    """The organisation `actor` acts for on this side of the order, or a refusal.

    `organisation`, when given, is the one the request acts for (a page's organisation, an API
    key's): a person who belongs to both buyer and seller may not use one to act as the other.
    """
    expected = _organisation(order, side)
    acting_elsewhere = organisation is not None and organisation.pk != expected.pk
    if acting_elsewhere or not _member_of(actor, [expected.pk]):
        if side == SELLER:
            raise ServiceError(_("Only the seller may do this."))
        raise ServiceError(_("Only the buyer may do this."))
    return expected


def _side_of(actor: User, order: Order, organisation: Organisation | None = None) -> str:
    """Which side of the order `actor` stands on, acting for `organisation` when given (else
    the organisation chosen on the site decides for a member of both)."""
    if organisation is not None:
        if organisation.pk not in (order.buyer_id, order.seller_id) or not _member_of(
            actor, [organisation.pk]
        ):
            raise ServiceError(_("You are not a party to this order."))
        return SELLER if organisation.pk == order.seller_id else BUYER
    member_of = _member_of(actor, [order.buyer_id, order.seller_id])
    if not member_of:
        raise ServiceError(_("You are not a party to this order."))
    if len(member_of) == 2:
        return SELLER if actor.acting_organisation_id == order.seller_id else BUYER
    return BUYER if order.buyer_id in member_of else SELLER


def _require_length(text: str, maximum: int, field: str) -> str:
    """`text` stripped, or a refusal naming `field` when it is longer than `maximum`."""
    text = text.strip()
    if len(text) > maximum:
        raise ServiceError(
            _("At most %(max)s characters, please (this text has %(count)s).")
            % {"max": maximum, "count": len(text)},
            field=field,
        )
    return text


def _aware(moment: datetime | None) -> datetime | None:
    """A slot as given; one without a time zone (an API client's "2026-03-02T10:00") is read
    on the site's clock, as the pages' forms read it."""
    if moment is not None and timezone.is_naive(moment):
        return timezone.make_aware(moment)
    return moment


def _other(side: str) -> str:
    return SELLER if side == BUYER else BUYER


def _organisation(order: Order, side: str) -> Organisation:
    return order.buyer if side == BUYER else order.seller


# Stock


def _lot_is_open() -> Q:
    """A lot a buyer may order from now: published, its availability not ended."""
    return Q(status=LotStatus.PUBLISHED) & (
        Q(available_until__isnull=True) | Q(available_until__gte=timezone.localdate())
    )


def _take_stock(lot_id: int, quantity: int) -> Lot:
    """Takes `quantity` units in one conditional UPDATE; answers the lot, now row-locked."""
    taken = Lot.objects.filter(_lot_is_open(), pk=lot_id, quantity_available__gte=quantity).update(
        quantity_available=F("quantity_available") - quantity
    )
    if not taken:
        # Read after the failed UPDATE: it tells what a concurrent order left.
        current = Lot.objects.filter(pk=lot_id).first()
        on_offer = current is not None and (
            current.status in (LotStatus.RESERVED, LotStatus.SOLD_OUT)
            or Lot.objects.filter(_lot_is_open(), pk=lot_id).exists()
        )
        if current is None or not on_offer:
            raise ConflictError(_("This lot is no longer on offer."), field="quantity")
        left = current.quantity_available
        if left == 0:
            raise ConflictError(_("No units of this lot are left."), field="quantity")
        raise ConflictError(
            ngettext(
                "Only %(count)s unit left.",
                "Only %(count)s units left.",
                left,
            )
            % {"count": left},
            field="quantity",
        )
    return Lot.objects.select_related("seller").get(pk=lot_id)


def _return_stock(order: Order) -> None:
    """Gives the order's units back to its lot (a conditional UPDATE adding them)."""
    returned = Lot.objects.filter(
        pk=order.lot_id, quantity_available__lte=F("quantity") - order.quantity
    ).update(quantity_available=F("quantity_available") + order.quantity)
    if not returned:
        # The lot's stock has no room for these units: `lot_update` keeps held units out of
        # the stock, so this is a bug elsewhere. Adding them would break the constraint; the
        # order's own transition still stands.
        logger.warning("Order %s: lot %s has no room for its units", order.pk, order.lot_id)
    _refresh_lot_status(order.lot_id)


def _refresh_lot_status(lot_id: int) -> None:
    """Moves a published lot between published, reserved and sold out from its stock."""
    lot = Lot.objects.select_for_update().get(pk=lot_id)
    status = stock_status(lot)
    if status != lot.status:
        Lot.objects.filter(pk=lot_id).update(status=status)


# Placing an order


def _check_terms(lot: Lot, *, buyer: Organisation, quantity: int, fulfilment: str) -> None:
    """The lot's own rules for this order; checked before and after the stock is taken."""
    if lot.seller_id == buyer.pk:
        raise ServiceError(_("You cannot order your own lot."))
    if lot.offer_type != OfferType.SALE:
        raise ServiceError(_("This lot is for hire: book days in its calendar instead."))
    if quantity < lot.min_order_quantity:
        raise ServiceError(
            _("The minimum order for this lot is %(minimum)s.")
            % {"minimum": lot.min_order_quantity},
            field="quantity",
        )
    if fulfilment == Fulfilment.PICKUP and not lot.pickup:
        raise ServiceError(_("This lot is not offered for pickup."), field="fulfilment")
    if fulfilment == Fulfilment.DELIVERY and not lot.delivery:
        raise ServiceError(_("This lot is not offered for delivery."), field="fulfilment")


@transaction.atomic
def order_place(
    *,
    actor: User,
    buyer: Organisation,
    lot: Lot,
    quantity: int,
    fulfilment: str = Fulfilment.PICKUP,
    pickup_at: datetime | None = None,
    delivery_address: str = "",
    note: str = "",
) -> Order:
    """A member of a verified buyer orders `quantity` units; they are reserved at once.

    Raises ConflictError when the stock is short or the lot no longer on offer, ServiceError
    for a bad quantity, one's own lot, an unverified buyer or an order below the minimum.
    """
    if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity < 1:
        raise ServiceError(_("Order at least one unit."), field="quantity")
    if fulfilment not in Fulfilment.values:
        raise ServiceError(_("Choose pickup or delivery."), field="fulfilment")
    note = _require_length(note, NOTE_MAX_LENGTH, "note")
    pickup_at = _aware(pickup_at)
    if fulfilment == Fulfilment.DELIVERY:
        delivery_address = _require_length(delivery_address, ADDRESS_MAX_LENGTH, "delivery_address")
        if not delivery_address:
            raise ServiceError(_("Give the delivery address."), field="delivery_address")
        pickup_at = None
    else:
        delivery_address = ""
    if pickup_at is not None and pickup_at <= timezone.now():
        raise ServiceError(_("The pickup slot must be in the future."), field="pickup_at")
    if not _member_of(actor, [buyer.pk]):
        raise ServiceError(_("You are not a member of this organisation."))
    organisation_require_verified(buyer)
    # Refuse early on what the buyer can fix, before touching the stock...
    _check_terms(Lot.objects.get(pk=lot.pk), buyer=buyer, quantity=quantity, fulfilment=fulfilment)
    locked = _take_stock(lot.pk, quantity)
    # ...and again on the row now locked, in case the seller changed its terms meanwhile
    # (raising here rolls the UPDATE back).
    _check_terms(locked, buyer=buyer, quantity=quantity, fulfilment=fulfilment)

    now = timezone.now()
    order = Order.objects.create(
        lot=locked,
        seller=locked.seller,
        buyer=buyer,
        placed_by=actor,
        quantity=quantity,
        unit_price=locked.unit_price if locked.unit_price is not None else Decimal("0.00"),
        vat_rate=locked.vat_rate,
        fulfilment=fulfilment,
        pickup_at=pickup_at,
        delivery_address=delivery_address,
        buyer_note=note,
        status=OrderStatus.PENDING,
        expires_at=now + timedelta(hours=settings.ORDER_RESERVATION_HOURS),
        created_at=now,
        updated_at=now,
    )
    status = stock_status(locked)
    if status != locked.status:
        Lot.objects.filter(pk=locked.pk).update(status=status)
    _record(order, "", actor=actor, organisation=buyer, note=order.buyer_note, at=now)
    _notify(order, "placed", SELLER)
    _schedule_expiry(order)
    return order


# Transitions


def _lock(order: Order) -> Order:
    return Order.objects.select_for_update().get(pk=order.pk)


def _require_status(order: Order, *allowed: str) -> None:
    if order.status not in allowed:
        raise ConflictError(
            _("This order is %(status)s: it cannot be changed this way.")
            % {"status": order.get_status_display().lower()}
        )


def _record(
    order: Order,
    from_status: str,
    *,
    actor: User | None,
    organisation: Organisation | None,
    note: str = "",
    at: datetime | None = None,
) -> None:
    OrderEvent.objects.create(
        order=order,
        from_status=from_status,
        to_status=order.status,
        actor=actor,
        organisation=organisation,
        note=note,
        created_at=at or timezone.now(),
    )


def _move(
    order: Order,
    status: str,
    *,
    actor: User | None,
    organisation: Organisation | None,
    note: str = "",
    fields: tuple[str, ...] = (),
) -> Order:
    from_status = order.status
    order.status = status
    order.updated_at = timezone.now()
    order.save(update_fields=["status", "updated_at", *fields])
    _record(
        order, from_status, actor=actor, organisation=organisation, note=note, at=order.updated_at
    )
    return order


@transaction.atomic
def order_accept(
    *,
    actor: User,
    order: Order,
    pickup_at: datetime | None = None,
    note: str = "",
    organisation: Organisation | None = None,
) -> Order:
    """The seller accepts a pending order, with the pickup slot it offers if any."""
    note = _require_length(note, REASON_MAX_LENGTH, "note")
    pickup_at = _aware(pickup_at)
    order = _lock(order)
    seller = _require_side(actor, order, SELLER, organisation)
    _require_status(order, OrderStatus.PENDING)
    fields: tuple[str, ...] = ()
    if pickup_at is not None:
        if order.fulfilment != Fulfilment.PICKUP:
            raise ServiceError(
                _("This order is delivered: it has no pickup slot."), field="pickup_at"
            )
        if pickup_at <= timezone.now():
            raise ServiceError(_("The pickup slot must be in the future."), field="pickup_at")
        order.pickup_at = pickup_at
        fields = ("pickup_at",)
    _move(
        order,
        OrderStatus.ACCEPTED,
        actor=actor,
        organisation=seller,
        note=note,
        fields=fields,
    )
    _notify(order, "accepted", BUYER)
    return order


@transaction.atomic
def order_decline(
    *, actor: User, order: Order, reason: str = "", organisation: Organisation | None = None
) -> Order:
    """The seller declines a pending order; its units return to the lot."""
    reason = _require_length(reason, REASON_MAX_LENGTH, "reason")
    order = _lock(order)
    seller = _require_side(actor, order, SELLER, organisation)
    _require_status(order, OrderStatus.PENDING)
    _move(order, OrderStatus.DECLINED, actor=actor, organisation=seller, note=reason)
    _return_stock(order)
    _notify(order, "declined", BUYER)
    return order


@transaction.atomic
def order_hand_over(
    *, actor: User, order: Order, organisation: Organisation | None = None
) -> Order:
    """The seller says the goods were collected or delivered."""
    order = _lock(order)
    seller = _require_side(actor, order, SELLER, organisation)
    _require_status(order, OrderStatus.ACCEPTED)
    _move(order, OrderStatus.HANDED_OVER, actor=actor, organisation=seller)
    _notify(order, "handed_over", BUYER)
    return order


@transaction.atomic
def order_confirm_receipt(
    *, actor: User, order: Order, organisation: Organisation | None = None
) -> Order:
    """The buyer confirms it received the goods: the order is complete."""
    order = _lock(order)
    buyer = _require_side(actor, order, BUYER, organisation)
    _require_status(order, OrderStatus.HANDED_OVER)
    _move(order, OrderStatus.RECEIVED, actor=actor, organisation=buyer)
    # The units no longer held, a lot with no stock left turns from reserved to sold out.
    _refresh_lot_status(order.lot_id)
    _notify(order, "received", SELLER)
    return order


@transaction.atomic
def order_cancel(
    *, actor: User, order: Order, reason: str = "", organisation: Organisation | None = None
) -> Order:
    """Either side cancels before the handover; the units return to the lot."""
    reason = _require_length(reason, REASON_MAX_LENGTH, "reason")
    order = _lock(order)
    side = _side_of(actor, order, organisation)
    _require_status(order, *CANCELLABLE_STATUSES)
    _move(
        order,
        OrderStatus.CANCELLED,
        actor=actor,
        organisation=_organisation(order, side),
        note=reason,
    )
    _return_stock(order)
    _notify(order, "cancelled", _other(side))
    return order


@transaction.atomic
def order_expire_if_due(*, order_id: int, now: datetime | None = None) -> bool:
    """Expires one pending order whose reservation has passed; answers whether it did."""
    order = Order.objects.select_for_update().filter(pk=order_id).first()
    now = now or timezone.now()
    if order is None or order.status != OrderStatus.PENDING or order.expires_at > now:
        return False
    _move(order, OrderStatus.EXPIRED, actor=None, organisation=None)
    _return_stock(order)
    _notify(order, "expired", BUYER)
    _notify(order, "expired", SELLER)
    return True


def orders_expire(*, now: datetime | None = None) -> int:
    """Expires every pending order past its reservation, one transaction each; answers how many.

    Run by `manage.py marketplace_expire` (cron) besides the task each order schedules.
    """
    now = now or timezone.now()
    due = Order.objects.filter(status=OrderStatus.PENDING, expires_at__lte=now).values_list(
        "pk", flat=True
    )
    return sum(order_expire_if_due(order_id=order_id, now=now) for order_id in list(due))


# Messages


@transaction.atomic
def order_message_post(
    *, actor: User, order: Order, body: str, organisation: Organisation | None = None
) -> OrderMessage:
    """A member of the buyer or the seller writes in the order's thread; the other side is told."""
    side = _side_of(actor, order, organisation)
    body = body.strip()
    if not body:
        raise ServiceError(_("Write a message before sending it."), field="body")
    if len(body) > MESSAGE_MAX_LENGTH:
        raise ServiceError(
            _("A message is at most %(max)s characters long.") % {"max": MESSAGE_MAX_LENGTH},
            field="body",
        )
    message = OrderMessage.objects.create(
        order=order, author=actor, organisation=_organisation(order, side), body=body
    )
    _notify(order, "message", _other(side), message_id=message.pk)
    return message


# Background work, enqueued once the transaction commits


def _notify(order: Order, kind: str, side: str, *, message_id: int | None = None) -> None:
    from boucle.marketplace.tasks import order_send_email

    order_id = order.pk
    transaction.on_commit(
        lambda: order_send_email.enqueue(
            order_id=order_id, kind=kind, side=side, message_id=message_id
        )
    )


def _schedule_expiry(order: Order) -> None:
    from boucle.marketplace.tasks import order_expire

    order_id, expires_at = order.pk, order.expires_at
    # The immediate backend (tests) cannot defer a task: `orders_expire` sweeps there.
    if order_expire.get_backend().supports_defer:
        transaction.on_commit(
            lambda: order_expire.using(run_after=expires_at).enqueue(order_id=order_id)
        )
