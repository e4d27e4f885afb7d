"""Background work of the marketplace: thin wrappers that load by id and do one thing.

Services enqueue them with `transaction.on_commit`, so nothing is sent for a change that
rolled back.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from boucle.accounts.models import Membership, Organisation, Role
from boucle.marketplace.models import Order, OrderMessage
from boucle.marketplace.services.orders import order_expire_if_due
from boucle.marketplace.services.saved_searches import saved_searches_notify

# What an order e-mail can be about; each has `marketplace/email/order_<kind>_subject.txt`
# and `..._body.txt`.
ORDER_EMAIL_KINDS = (
    "placed",
    "accepted",
    "declined",
    "handed_over",
    "received",
    "cancelled",
    "expired",
    "message",
)


def order_url(order: Order, organisation: Organisation) -> str:
    """The order's page for one of its two organisations, as an absolute link."""
    path = reverse(
        "marketplace:order_detail", kwargs={"slug": organisation.slug, "order_id": order.pk}
    )
    return settings.SITE_URL.rstrip("/") + path


def order_recipients(order: Order, side: str) -> list[str]:
    """Who hears of an order on one side: the person who placed it (buyer) or posted the lot
    (seller) if still a member, and the organisation's contact address; its owners when
    neither is known."""
    if side == "buyer":
        organisation, person = order.buyer, order.placed_by
    else:
        organisation, person = order.seller, order.lot.created_by
    # The person only while still a member: someone who left hears no more of its orders.
    still_member = (
        person is not None
        and person.is_active
        and Membership.objects.filter(user=person, organisation=organisation).exists()
    )
    addresses = [person.email if person is not None and still_member else "", organisation.email]
    if not any(addresses):
        addresses = list(
            Membership.objects.filter(organisation=organisation, role=Role.OWNER)
            .order_by("pk")
            .values_list("user__email", flat=True)
        )
    unique: dict[str, str] = {}
    for address in addresses:
        if address:
            unique.setdefault(address.lower(), address)
    return list(unique.values())


@task()
def order_send_email(*, order_id: int, kind: str, side: str, message_id: int | None = None) -> None:
    """Tells one side of an order what just happened (`kind`), in the site's language."""
    if kind not in ORDER_EMAIL_KINDS or side not in ("buyer", "seller"):
        raise ValueError(f"Unknown order e-mail: {kind} to {side}")
    order = Order.objects.select_related(
        "lot", "lot__created_by", "lot__site", "lot__site__commune", "seller", "buyer", "placed_by"
    ).get(pk=order_id)
    recipients = order_recipients(order, side)
    if not recipients:
        return
    organisation = order.buyer if side == "buyer" else order.seller
    context: dict[str, Any] = {
        "order": order,
        "lot": order.lot,
        "side": side,
        "organisation": organisation,
        "other": order.seller if side == "buyer" else order.buyer,
        "event": order.events.select_related("actor", "organisation").last(),
        "message": (
            OrderMessage.objects.select_related("author", "organisation").get(pk=message_id)
            if message_id is not None
            else None
        ),
        "url": order_url(order, organisation),
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"marketplace/email/order_{kind}_subject.txt", context)
        body = render_to_string(f"marketplace/email/order_{kind}_body.txt", context)
    send_mail(" ".join(subject.split()), body, None, recipients)


@task()
def order_expire(*, order_id: int) -> None:
    """Enqueued to run when the order's reservation ends: expires it if still pending."""
    order_expire_if_due(order_id=order_id)


@task()
def saved_searches_alert(*, lot_id: int) -> None:
    """Enqueued when a lot is published: e-mails the buyers whose saved searches it matches."""
    saved_searches_notify(lot_id=lot_id)
