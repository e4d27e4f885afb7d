"""Orders: placing one reserves its units, the lifecycle to receipt, refusals that save nothing,
expiry of reservations, the message thread."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from boucle.accounts.models import Organisation, Role, Site, User, VerificationStatus
from boucle.core.errors import ConflictError, ServiceError
from boucle.marketplace.models import (
    Lot,
    LotStatus,
    Order,
    OrderEvent,
    OrderMessage,
    OrderStatus,
)
from boucle.marketplace.services.lots import lot_create, lot_publish, lot_withdraw
from boucle.marketplace.services.orders import (
    order_accept,
    order_cancel,
    order_confirm_receipt,
    order_decline,
    order_hand_over,
    order_message_post,
    order_place,
    orders_expire,
)
from tests.factories import MembershipFactory, UserFactory
from tests.marketplace.conftest import lot_values

pytestmark = pytest.mark.django_db


def place(buyer: User, buyer_org: Organisation, lot: Lot, quantity: int = 4, **kw: Any) -> Order:
    return order_place(actor=buyer, buyer=buyer_org, lot=lot, quantity=quantity, **kw)


def stock(lot: Lot) -> tuple[int, str]:
    lot.refresh_from_db()
    return lot.quantity_available, lot.status


def history(order: Order) -> list[tuple[str, str]]:
    return list(order.events.values_list("from_status", "to_status"))


# Placing


def test_an_order_reserves_its_units_at_once_and_keeps_the_lot_terms(
    buyer: User, buyer_org: Organisation, lot: Lot
) -> None:
    before = timezone.now()
    order = place(buyer, buyer_org, lot, 4, note="  Livraison le matin svp ")
    assert stock(lot) == (6, LotStatus.PUBLISHED)
    assert order.status == OrderStatus.PENDING
    assert (order.seller, order.buyer, order.placed_by) == (lot.seller, buyer_org, buyer)
    assert order.unit_price == Decimal("12.50")
    assert order.vat_rate == "20.0"
    assert order.total_excl_vat == Decimal("50.00")
    assert order.total_incl_vat == Decimal("60.00")
    assert order.buyer_note == "Livraison le matin svp"
    assert before + timedelta(hours=72) <= order.expires_at <= timezone.now() + timedelta(hours=72)
    event = order.events.get()
    assert (event.from_status, event.to_status) == ("", OrderStatus.PENDING)
    assert (event.actor, event.organisation) == (buyer, buyer_org)


def test_later_price_changes_leave_the_order_at_its_price(
    owner: User, buyer: User, buyer_org: Organisation, lot: Lot
) -> None:
    from boucle.marketplace.services.lots import lot_update

    order = place(buyer, buyer_org, lot, 2)
    lot_update(actor=owner, lot=lot, unit_price=Decimal("20.00"))
    order.refresh_from_db()
    assert order.unit_price == Decimal("12.50")


def test_the_reservation_lasts_the_configured_hours(
    settings: Any, buyer: User, buyer_org: Organisation, lot: Lot
) -> None:
    settings.ORDER_RESERVATION_HOURS = 2
    order = place(buyer, buyer_org, lot, 1)
    assert order.expires_at - order.created_at == timedelta(hours=2)


def test_ordering_the_last_units_reserves_the_lot(
    buyer: User, buyer_org: Organisation, lot: Lot
) -> None:
    place(buyer, buyer_org, lot, 10)
    assert stock(lot) == (0, LotStatus.RESERVED)


def test_a_free_lot_is_ordered_at_no_price(
    owner: User, seller_site: Site, buyer: User, buyer_org: Organisation
) -> None:
    free = lot_create(
        actor=owner, site=seller_site, **lot_values(is_free=True, unit_price=None, vat_rate="0.0")
    )
    lot_publish(actor=owner, lot=free)
    order = place(buyer, buyer_org, free, 3)
    assert order.unit_price == Decimal("0")
    assert order.total_incl_vat == Decimal("0")


def test_any_member_of_the_buyer_may_order(buyer_org: Organisation, lot: Lot) -> None:
    clerk = UserFactory()
    MembershipFactory(user=clerk, organisation=buyer_org, role=Role.MEMBER)
    order = place(clerk, buyer_org, lot, 1)
    assert order.placed_by == clerk


def test_a_delivery_order_keeps_its_address(
    owner: User, seller_site: Site, buyer: User, buyer_org: Organisation
) -> None:
    lot = lot_publish(
        actor=owner, lot=lot_create(actor=owner, site=seller_site, **lot_values(delivery=True))
    )
    order = place(
        buyer, buyer_org, lot, 2, fulfilment="delivery", delivery_address=" 3 rue du Lac "
    )
    assert (order.fulfilment, order.delivery_address) == ("delivery", "3 rue du Lac")


@pytest.mark.parametrize(
    ("kwargs", "field", "words"),
    [
        ({"quantity": 0}, "quantity", "at least one"),
        ({"quantity": -2}, "quantity", "at least one"),
        ({"fulfilment": "delivery", "delivery_address": "3 rue du Lac"}, "fulfilment", "delivery"),
        ({"fulfilment": "teleport"}, "fulfilment", "pickup or delivery"),
        ({"pickup_at": timezone.now() - timedelta(hours=1)}, "pickup_at", "future"),
    ],
)
def test_bad_order_values_are_refused_and_the_stock_is_untouched(
    buyer: User, buyer_org: Organisation, lot: Lot, kwargs: dict[str, Any], field: str, words: str
) -> None:
    values = {"quantity": 4, **kwargs}
    with pytest.raises(ServiceError) as caught:
        order_place(actor=buyer, buyer=buyer_org, lot=lot, **values)
    assert caught.value.field == field
    assert words in caught.value.message
    assert stock(lot) == (10, LotStatus.PUBLISHED)
    assert not Order.objects.exists()
    assert not OrderEvent.objects.exists()


def test_delivery_needs_an_address(
    owner: User, seller_site: Site, buyer: User, buyer_org: Organisation
) -> None:
    lot = lot_publish(
        actor=owner, lot=lot_create(actor=owner, site=seller_site, **lot_values(delivery=True))
    )
    with pytest.raises(ServiceError) as caught:
        place(buyer, buyer_org, lot, 2, fulfilment="delivery", delivery_address="  ")
    assert caught.value.field == "delivery_address"
    assert stock(lot) == (10, LotStatus.PUBLISHED)


def test_an_order_above_the_stock_says_how_many_are_left(
    buyer: User, buyer_org: Organisation, lot: Lot
) -> None:
    place(buyer, buyer_org, lot, 7)
    with pytest.raises(ConflictError) as caught:
        place(buyer, buyer_org, lot, 4)
    assert caught.value.message == "Only 3 units left."
    assert stock(lot) == (3, LotStatus.PUBLISHED)
    assert Order.objects.count() == 1


def test_an_order_on_a_reserved_lot_says_nothing_is_left(
    buyer: User, buyer_org: Organisation, lot: Lot
) -> None:
    place(buyer, buyer_org, lot, 10)
    with pytest.raises(ConflictError) as caught:
        place(buyer, buyer_org, lot, 1)
    assert caught.value.message == "No units of this lot are left."


def test_an_order_below_the_minimum_names_the_minimum(
    owner: User, seller_site: Site, buyer: User, buyer_org: Organisation
) -> None:
    lot = lot_publish(
        actor=owner,
        lot=lot_create(actor=owner, site=seller_site, **lot_values(min_order_quantity=5)),
    )
    with pytest.raises(ServiceError) as caught:
        place(buyer, buyer_org, lot, 4)
    assert caught.value.field == "quantity"
    assert "minimum order for this lot is 5" in caught.value.message
    assert stock(lot) == (10, LotStatus.PUBLISHED)


def test_a_seller_cannot_order_its_own_lot(owner: User, company: Organisation, lot: Lot) -> None:
    with pytest.raises(ServiceError) as caught:
        place(owner, company, lot, 1)
    assert caught.value.message == "You cannot order your own lot."
    assert stock(lot) == (10, LotStatus.PUBLISHED)


def test_an_unverified_buyer_cannot_order(buyer: User, buyer_org: Organisation, lot: Lot) -> None:
    buyer_org.verification_status = VerificationStatus.PENDING
    buyer_org.save()
    with pytest.raises(ServiceError) as caught:
        place(buyer, buyer_org, lot, 1)
    assert "not verified" in caught.value.message
    assert stock(lot) == (10, LotStatus.PUBLISHED)


def test_nobody_orders_for_an_organisation_they_do_not_belong_to(
    outsider: User, buyer_org: Organisation, lot: Lot
) -> None:
    with pytest.raises(ServiceError):
        place(outsider, buyer_org, lot, 1)
    assert stock(lot) == (10, LotStatus.PUBLISHED)


def test_a_hire_lot_is_booked_not_ordered(
    owner: User, seller_site: Site, buyer: User, buyer_org: Organisation
) -> None:
    values = lot_values(
        offer_type="hire", unit_price=None, hire_price_per_day=Decimal("30.00"), quantity=1
    )
    hire = lot_publish(actor=owner, lot=lot_create(actor=owner, site=seller_site, **values))
    with pytest.raises(ServiceError) as caught:
        place(buyer, buyer_org, hire, 1)
    assert "hire" in caught.value.message
    assert stock(hire)[0] == 1


def test_a_withdrawn_lot_is_no_longer_on_offer(
    owner: User, buyer: User, buyer_org: Organisation, lot: Lot
) -> None:
    lot_withdraw(actor=owner, lot=lot)
    with pytest.raises(ConflictError) as caught:
        place(buyer, buyer_org, lot, 1)
    assert caught.value.message == "This lot is no longer on offer."
    assert stock(lot) == (10, LotStatus.WITHDRAWN)


def test_a_lot_past_its_availability_is_no_longer_on_offer(
    buyer: User, buyer_org: Organisation, lot: Lot
) -> None:
    Lot.objects.filter(pk=lot.pk).update(available_until=timezone.localdate() - timedelta(days=1))
    with pytest.raises(ConflictError):
        place(buyer, buyer_org, lot, 1)
    assert stock(lot)[0] == 10


# Lifecycle


def test_the_whole_journey_is_recorded_and_sells_the_lot_out(
    owner: User, company: Organisation, buyer: User, buyer_org: Organisation, lot: Lot
) -> None:
    order = place(buyer, buyer_org, lot, 10)
    slot = timezone.now() + timedelta(days=2)
    order = order_accept(actor=owner, order=order, pickup_at=slot, note="Quai 3")
    assert (order.status, order.pickup_at) == (OrderStatus.ACCEPTED, slot)
    order = order_hand_over(actor=owner, order=order)
    assert order.status == OrderStatus.HANDED_OVER
    assert stock(lot) == (0, LotStatus.RESERVED)
    order = order_confirm_receipt(actor=buyer, order=order)
    assert order.status == OrderStatus.RECEIVED
    assert stock(lot) == (0, LotStatus.SOLD_OUT)
    assert history(order) == [
        ("", "pending"),
        ("pending", "accepted"),
        ("accepted", "handed_over"),
        ("handed_over", "received"),
    ]
    events = list(order.events.all())
    assert [(e.actor, e.organisation) for e in events[1:]] == [
        (owner, company),
        (owner, company),
        (buyer, buyer_org),
    ]
    assert events[1].note == "Quai 3"


def test_any_member_of_the_seller_may_handle_its_orders(
    member: User, buyer: User, buyer_org: Organisation, lot: Lot
) -> None:
    order = order_accept(actor=member, order=place(buyer, buyer_org, lot))
    assert order.status == OrderStatus.ACCEPTED


def test_declining_returns_the_units_with_the_reason(
    owner: User, buyer: User, buyer_org: Organisation, lot: Lot
) -> None:
    order = place(buyer, buyer_org, lot, 10)
    assert stock(lot) == (0, LotStatus.RESERVED)
    order = order_decline(actor=owner, order=order, reason="Already promised elsewhere")
    assert order.status == OrderStatus.DECLINED
    assert stock(lot) == (10, LotStatus.PUBLISHED)
    assert order.events.last().note == "Already promised elsewhere"  # type: ignore[union-attr]


def test_the_buyer_may_cancel_a_pending_order(
    buyer: User, buyer_org: Organisation, lot: Lot
) -> None:
    order = order_cancel(actor=buyer, order=place(buyer, buyer_org, lot, 4), reason="Erreur")
    assert order.status == OrderStatus.CANCELLED
    assert stock(lot) == (10, LotStatus.PUBLISHED)
    assert order.events.last().organisation == buyer_org  # type: ignore[union-attr]


def test_the_seller_may_cancel_an_accepted_order(
    owner: User, company: Organisation, buyer: User, buyer_org: Organisation, lot: Lot
) -> None:
    order = order_accept(actor=owner, order=place(buyer, buyer_org, lot, 4))
    order = order_cancel(actor=owner, order=order)
    assert order.status == OrderStatus.CANCELLED
    assert stock(lot) == (10, LotStatus.PUBLISHED)
    assert order.events.last().organisation == company  # type: ignore[union-attr]


def test_nobody_cancels_after_the_handover(
    owner: User, buyer: User, buyer_org: Organisation, lot: Lot
) -> None:
    order = order_hand_over(
        actor=owner, order=order_accept(actor=owner, order=place(buyer, buyer_org, lot, 4))
    )
    with pytest.raises(ConflictError) as caught:
        order_cancel(actor=buyer, order=order)
    assert "handed over" in caught.value.message
    order.refresh_from_db()
    assert order.status == OrderStatus.HANDED_OVER
    assert stock(lot)[0] == 6
    assert order.events.count() == 3


def test_a_second_click_on_accept_is_told_the_status(
    owner: User, buyer: User, buyer_org: Organisation, lot: Lot
) -> None:
    order = place(buyer, buyer_org, lot, 4)
    order_accept(actor=owner, order=order)
    with pytest.raises(ConflictError) as caught:
        order_accept(actor=owner, order=order)  # the stale instance still says pending
    assert caught.value.message == "This order is accepted: it cannot be changed this way."
    assert order.events.count() == 2


@pytest.mark.parametrize(
    ("steps", "action", "status"),
    [
        ((), "hand_over", "awaiting the seller"),
        ((), "receive", "awaiting the seller"),
        (("accept",), "decline", "accepted"),
        (("accept",), "receive", "accepted"),
        (("decline",), "accept", "declined"),
        (("decline",), "cancel", "declined"),
        (("cancel",), "accept", "cancelled"),
        (("accept", "hand_over", "receive"), "hand_over", "received"),
    ],
)
def test_a_transition_from_the_wrong_status_is_refused_and_changes_nothing(
    owner: User,
    buyer: User,
    buyer_org: Organisation,
    lot: Lot,
    steps: tuple[str, ...],
    action: str,
    status: str,
) -> None:
    actions: dict[str, Any] = {
        "accept": lambda o: order_accept(actor=owner, order=o),
        "decline": lambda o: order_decline(actor=owner, order=o),
        "hand_over": lambda o: order_hand_over(actor=owner, order=o),
        "receive": lambda o: order_confirm_receipt(actor=buyer, order=o),
        "cancel": lambda o: order_cancel(actor=buyer, order=o),
    }
    order = place(buyer, buyer_org, lot, 4)
    for step in steps:
        order = actions[step](order)
    before = (stock(lot), order.events.count())
    with pytest.raises(ConflictError) as caught:
        actions[action](order)
    assert f"This order is {status}" in caught.value.message
    assert (stock(lot), order.events.count()) == before


@pytest.mark.parametrize("action", ["accept", "decline", "hand_over"])
def test_only_the_seller_moves_an_order_forward(
    buyer: User, buyer_org: Organisation, lot: Lot, action: str
) -> None:
    services: dict[str, Any] = {
        "accept": order_accept,
        "decline": order_decline,
        "hand_over": order_hand_over,
    }
    order = place(buyer, buyer_org, lot, 4)
    with pytest.raises(ServiceError) as caught:
        services[action](actor=buyer, order=order)
    assert caught.value.message == "Only the seller may do this."
    order.refresh_from_db()
    assert order.status == OrderStatus.PENDING
    assert stock(lot)[0] == 6


def test_only_the_buyer_confirms_receipt(
    owner: User, buyer: User, buyer_org: Organisation, lot: Lot
) -> None:
    order = order_hand_over(
        actor=owner, order=order_accept(actor=owner, order=place(buyer, buyer_org, lot, 4))
    )
    with pytest.raises(ServiceError) as caught:
        order_confirm_receipt(actor=owner, order=order)
    assert caught.value.message == "Only the buyer may do this."


def test_an_outsider_cannot_cancel(
    outsider: User, buyer: User, buyer_org: Organisation, lot: Lot
) -> None:
    order = place(buyer, buyer_org, lot, 4)
    with pytest.raises(ServiceError):
        order_cancel(actor=outsider, order=order)
    order.refresh_from_db()
    assert order.status == OrderStatus.PENDING
    assert stock(lot)[0] == 6


def test_the_seller_cannot_set_a_pickup_slot_in_the_past(
    owner: User, buyer: User, buyer_org: Organisation, lot: Lot
) -> None:
    order = place(buyer, buyer_org, lot, 4)
    with pytest.raises(ServiceError) as caught:
        order_accept(actor=owner, order=order, pickup_at=timezone.now() - timedelta(minutes=5))
    assert caught.value.field == "pickup_at"
    order.refresh_from_db()
    assert order.status == OrderStatus.PENDING


# Expiry


def test_an_unaccepted_reservation_expires_and_returns_its_units(
    owner: User, buyer: User, buyer_org: Organisation, lot: Lot
) -> None:
    stale = place(buyer, buyer_org, lot, 6)
    accepted = order_accept(actor=owner, order=place(buyer, buyer_org, lot, 4))
    assert stock(lot) == (0, LotStatus.RESERVED)

    assert orders_expire(now=timezone.now() + timedelta(hours=71)) == 0
    assert orders_expire(now=timezone.now() + timedelta(hours=73)) == 1

    stale.refresh_from_db()
    accepted.refresh_from_db()
    assert (stale.status, accepted.status) == (OrderStatus.EXPIRED, OrderStatus.ACCEPTED)
    assert stock(lot) == (6, LotStatus.PUBLISHED)
    event = stale.events.last()
    assert event is not None
    assert (event.to_status, event.actor) == ("expired", None)
    # A second sweep finds nothing more.
    assert orders_expire(now=timezone.now() + timedelta(hours=100)) == 0


def test_an_expired_order_can_no_longer_be_accepted(
    owner: User, buyer: User, buyer_org: Organisation, lot: Lot
) -> None:
    order = place(buyer, buyer_org, lot, 6)
    orders_expire(now=order.expires_at)
    with pytest.raises(ConflictError) as caught:
        order_accept(actor=owner, order=order)
    assert "expired" in caught.value.message
    assert stock(lot)[0] == 10


def test_each_order_schedules_its_own_expiry_task_in_the_queue(
    settings: Any,
    buyer: User,
    buyer_org: Organisation,
    lot: Lot,
    django_capture_on_commit_callbacks: Any,
) -> None:
    from django_tasks_db.models import DBTaskResult

    # The database queue Boucle runs with (tests otherwise run tasks at once).
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        order = place(buyer, buyer_org, lot, 4)
    scheduled = DBTaskResult.objects.get(task_path="boucle.marketplace.tasks.order_expire")
    assert scheduled.run_after == order.expires_at
    assert scheduled.args_kwargs["kwargs"] == {"order_id": order.pk}
    # A worker picks it up only once the reservation has ended.
    assert not DBTaskResult.objects.ready().filter(pk=scheduled.pk).exists()


def test_the_expiry_task_leaves_an_accepted_order_alone(
    owner: User, buyer: User, buyer_org: Organisation, lot: Lot
) -> None:
    from boucle.marketplace.tasks import order_expire

    order = order_accept(actor=owner, order=place(buyer, buyer_org, lot, 4))
    Order.objects.filter(pk=order.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    order_expire.call(order_id=order.pk)
    order.refresh_from_db()
    assert order.status == OrderStatus.ACCEPTED
    assert stock(lot)[0] == 6


def test_the_expiry_task_expires_a_pending_order_past_its_time(
    buyer: User, buyer_org: Organisation, lot: Lot
) -> None:
    from boucle.marketplace.tasks import order_expire

    order = place(buyer, buyer_org, lot, 4)
    order_expire.call(order_id=order.pk)  # too early: nothing happens
    order.refresh_from_db()
    assert order.status == OrderStatus.PENDING
    Order.objects.filter(pk=order.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    order_expire.call(order_id=order.pk)
    order.refresh_from_db()
    assert order.status == OrderStatus.EXPIRED
    assert stock(lot)[0] == 10


def test_the_cron_command_expires_orders_then_lots(
    owner: User, seller_site: Site, buyer: User, buyer_org: Organisation, lot: Lot
) -> None:
    order = place(buyer, buyer_org, lot, 4)
    Order.objects.filter(pk=order.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    old = lot_publish(actor=owner, lot=lot_create(actor=owner, site=seller_site, **lot_values()))
    Lot.objects.filter(pk=old.pk).update(available_until=timezone.localdate() - timedelta(days=1))
    out = StringIO()
    call_command("marketplace_expire", stdout=out)
    order.refresh_from_db()
    assert order.status == OrderStatus.EXPIRED
    assert stock(lot) == (10, LotStatus.PUBLISHED)
    assert stock(old)[1] == LotStatus.EXPIRED
    assert "1 order" in out.getvalue()
    assert "1 lot" in out.getvalue()


# Messages


def test_both_sides_write_in_the_thread(
    owner: User, company: Organisation, buyer: User, buyer_org: Organisation, lot: Lot
) -> None:
    order = place(buyer, buyer_org, lot, 4)
    first = order_message_post(actor=buyer, order=order, body="  Can I come Friday?  ")
    second = order_message_post(actor=owner, order=order, body="Yes, from 9:00.")
    assert (first.body, first.organisation, first.author) == (
        "Can I come Friday?",
        buyer_org,
        buyer,
    )
    assert (second.organisation, second.author) == (company, owner)
    assert list(order.messages.values_list("body", flat=True)) == [
        "Can I come Friday?",
        "Yes, from 9:00.",
    ]


def test_an_empty_message_is_refused(buyer: User, buyer_org: Organisation, lot: Lot) -> None:
    order = place(buyer, buyer_org, lot, 4)
    with pytest.raises(ServiceError) as caught:
        order_message_post(actor=buyer, order=order, body=" \n ")
    assert caught.value.field == "body"
    assert not OrderMessage.objects.exists()


def test_an_outsider_cannot_write_in_the_thread(
    outsider: User, buyer: User, buyer_org: Organisation, lot: Lot
) -> None:
    order = place(buyer, buyer_org, lot, 4)
    with pytest.raises(ServiceError):
        order_message_post(actor=outsider, order=order, body="Hello")
    assert not OrderMessage.objects.exists()
