"""E-mails of the order lifecycle: who hears of each step, what they read, which link."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone, translation

from boucle.accounts.models import Membership, Organisation, User
from boucle.core.errors import ServiceError
from boucle.marketplace.models import Lot, Order
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

pytestmark = pytest.mark.django_db

SELLER_MAILS = {"olivia@recyclerie.example", "ventes@recyclerie.example"}
BUYER_MAILS = {"bruno@college.example"}


@pytest.fixture(autouse=True)
def _site(settings: Any, company: Organisation) -> None:
    settings.SITE_URL = "https://boucle.example/"
    company.email = "ventes@recyclerie.example"
    company.save(update_fields=["email"])


@pytest.fixture
def run(django_capture_on_commit_callbacks: Any) -> Callable[..., Any]:
    """Calls a service and runs what it enqueued on commit, as a worker would."""

    def call(service: Callable[..., Any], **kwargs: Any) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            return service(**kwargs)

    return call


@pytest.fixture
def order(run: Callable[..., Any], buyer: User, buyer_org: Organisation, lot: Lot) -> Order:
    placed: Order = run(
        order_place, actor=buyer, buyer=buyer_org, lot=lot, quantity=4, note="Merci !"
    )
    return placed


def link(order: Order, organisation: Organisation) -> str:
    return f"https://boucle.example/o/{organisation.slug}/orders/{order.pk}/"


def test_the_seller_hears_of_a_new_order(order: Order, company: Organisation) -> None:
    [sent] = mail.outbox
    assert set(sent.to) == SELLER_MAILS
    assert order.reference in sent.subject
    assert "Chaises de bureau ergonomiques" in sent.subject
    assert "Collège Jean Moulin ordered" in sent.body
    assert "Quantity: 4 units" in sent.body
    assert "Total excl. VAT: 50.00 €" in sent.body
    assert "Total incl. VAT: 60.00 €" in sent.body
    assert "The buyer's note: Merci !" in sent.body
    assert "Accept or decline it before" in sent.body
    assert link(order, company) in sent.body


def test_the_same_address_is_written_to_once(
    run: Callable[..., Any], company: Organisation, buyer: User, buyer_org: Organisation, lot: Lot
) -> None:
    company.email = "OLIVIA@recyclerie.example"
    company.save(update_fields=["email"])
    run(order_place, actor=buyer, buyer=buyer_org, lot=lot, quantity=1)
    [sent] = mail.outbox
    assert sent.to == ["olivia@recyclerie.example"]


def test_the_buyer_hears_the_order_was_accepted_with_its_slot(
    run: Callable[..., Any], order: Order, owner: User, buyer_org: Organisation
) -> None:
    mail.outbox.clear()
    slot = timezone.now().replace(microsecond=0) + timedelta(days=3)
    run(order_accept, actor=owner, order=order, pickup_at=slot, note="Quai 3")
    [sent] = mail.outbox
    assert set(sent.to) == BUYER_MAILS
    assert sent.subject == f"Your order {order.reference} was accepted"
    assert "Recyclerie du Rhône accepted your order" in sent.body
    assert "Pickup on" in sent.body
    assert "Entrepôt de Gerland" in sent.body
    assert "The seller's note: Quai 3" in sent.body
    assert link(order, buyer_org) in sent.body


def test_the_buyer_hears_the_order_was_declined_and_why(
    run: Callable[..., Any], order: Order, owner: User
) -> None:
    mail.outbox.clear()
    run(order_decline, actor=owner, order=order, reason="Déjà promis")
    [sent] = mail.outbox
    assert set(sent.to) == BUYER_MAILS
    assert "declined" in sent.subject
    assert "The seller's reason: Déjà promis" in sent.body


def test_handover_and_receipt_are_told_to_the_other_side(
    run: Callable[..., Any], order: Order, owner: User, buyer: User
) -> None:
    run(order_accept, actor=owner, order=order)
    mail.outbox.clear()
    run(order_hand_over, actor=owner, order=order)
    [handed] = mail.outbox
    assert set(handed.to) == BUYER_MAILS
    assert "confirm their receipt" in handed.body
    mail.outbox.clear()
    run(order_confirm_receipt, actor=buyer, order=order)
    [received] = mail.outbox
    assert set(received.to) == SELLER_MAILS
    assert "Collège Jean Moulin confirmed receiving the goods" in received.body


def test_a_cancellation_by_the_buyer_is_told_to_the_seller(
    run: Callable[..., Any], order: Order, buyer: User
) -> None:
    mail.outbox.clear()
    run(order_cancel, actor=buyer, order=order, reason="Budget refusé")
    [sent] = mail.outbox
    assert set(sent.to) == SELLER_MAILS
    assert "Collège Jean Moulin cancelled the order" in sent.body
    assert "back in the lot's stock" in sent.body
    assert "The reason given: Budget refusé" in sent.body


def test_a_cancellation_by_the_seller_is_told_to_the_buyer(
    run: Callable[..., Any], order: Order, owner: User
) -> None:
    mail.outbox.clear()
    run(order_cancel, actor=owner, order=order)
    [sent] = mail.outbox
    assert set(sent.to) == BUYER_MAILS
    assert "Recyclerie du Rhône cancelled the order" in sent.body


def test_an_expiry_is_told_to_both_sides(
    django_capture_on_commit_callbacks: Any, order: Order
) -> None:
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        orders_expire(now=order.expires_at + timedelta(seconds=1))
    assert sorted(sorted(m.to) for m in mail.outbox) == [sorted(BUYER_MAILS), sorted(SELLER_MAILS)]
    by_side = {("buyer" if set(m.to) == BUYER_MAILS else "seller"): m for m in mail.outbox}
    assert "expired" in by_side["buyer"].subject
    assert "nothing is owed" in by_side["buyer"].body
    assert "its units are back in the lot's stock" in by_side["seller"].body


def test_a_message_is_forwarded_to_the_other_side(
    run: Callable[..., Any], order: Order, owner: User, buyer: User
) -> None:
    mail.outbox.clear()
    run(order_message_post, actor=buyer, order=order, body="Can we come on Friday at 10?")
    [to_seller] = mail.outbox
    assert set(to_seller.to) == SELLER_MAILS
    assert "Bruno Buyer (Collège Jean Moulin) wrote" in to_seller.body
    assert "Can we come on Friday at 10?" in to_seller.body
    mail.outbox.clear()
    run(order_message_post, actor=owner, order=order, body="Yes.")
    [to_buyer] = mail.outbox
    assert set(to_buyer.to) == BUYER_MAILS
    assert order.reference in to_buyer.subject


def test_a_refused_step_sends_nothing(
    run: Callable[..., Any], order: Order, buyer: User, owner: User
) -> None:
    mail.outbox.clear()
    with pytest.raises(ServiceError):
        run(order_accept, actor=buyer, order=order)
    with pytest.raises(ServiceError):
        run(order_message_post, actor=owner, order=order, body="   ")
    assert mail.outbox == []


def test_e_mails_are_written_in_the_site_language_whatever_the_actor_uses(
    settings: Any, run: Callable[..., Any], buyer: User, buyer_org: Organisation, lot: Lot
) -> None:
    settings.LANGUAGE_CODE = "fr"
    with translation.override("en"):
        placed = run(order_place, actor=buyer, buyer=buyer_org, lot=lot, quantity=4)
    [sent] = mail.outbox
    with translation.override("fr"):
        month = placed.expires_at.astimezone(timezone.get_current_timezone()).strftime("%m")
    french_months = {
        "01": "janvier",
        "02": "février",
        "03": "mars",
        "04": "avril",
        "05": "mai",
        "06": "juin",
        "07": "juillet",
        "08": "août",
        "09": "septembre",
        "10": "octobre",
        "11": "novembre",
        "12": "décembre",
    }
    assert french_months[month] in sent.body
    assert "50,00 €" in sent.body  # French decimal comma
    assert sent.subject.startswith(f"Nouvelle commande {placed.reference}")


def test_a_person_who_left_the_organisation_hears_no_more_of_its_orders(
    run: Callable[..., Any], owner: User, company: Organisation, buyer: User, lot: Lot
) -> None:
    # Olivia posted the lot, then left the company: its orders are no longer her business.
    Membership.objects.filter(user=owner, organisation=company).delete()

    run(
        order_place,
        actor=buyer,
        buyer=Organisation.objects.get(slug="college-jean-moulin"),
        lot=lot,
        quantity=1,
    )

    [sent] = mail.outbox
    assert set(sent.to) == {"ventes@recyclerie.example"}
