"""The order pages: sales and purchases lists, one order with its actions, history, thread and
PDF; each side may do its own part only, and an outsider sees nothing (404)."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from boucle.accounts.models import Organisation, Role, Site, User
from boucle.marketplace.models import Lot, Order, OrderMessage, OrderStatus
from boucle.marketplace.services.lots import lot_create, lot_publish
from boucle.marketplace.services.orders import (
    order_accept,
    order_hand_over,
    order_message_post,
    order_place,
)
from boucle.marketplace.services.photos import photo_add
from tests.conftest import client_for
from tests.factories import MembershipFactory
from tests.marketplace.conftest import lot_values

pytestmark = pytest.mark.django_db


def place(buyer: User, buyer_org: Organisation, lot: Lot, quantity: int = 2, **kw: Any) -> Order:
    return order_place(actor=buyer, buyer=buyer_org, lot=lot, quantity=quantity, **kw)


def detail_url(organisation: Organisation, order: Order) -> str:
    return reverse("marketplace:order_detail", args=[organisation.slug, order.pk])


def action_url(organisation: Organisation, order: Order, action: str) -> str:
    return reverse("marketplace:order_action", args=[organisation.slug, order.pk, action])


def message_url(organisation: Organisation, order: Order) -> str:
    return reverse("marketplace:order_message", args=[organisation.slug, order.pk])


def flashed(response: HttpResponse) -> list[str]:
    return [str(m) for m in response.context["messages"]]


@pytest.fixture
def buyer_client(buyer: User) -> Client:
    return client_for(buyer)


@pytest.fixture
def order(buyer: User, buyer_org: Organisation, lot: Lot) -> Order:
    return place(buyer, buyer_org, lot, quantity=2, note="Livraison au portail B.")


# Lists


def test_the_seller_sees_the_order_in_its_sales_and_the_buyer_in_its_purchases(
    owner_client: Client,
    buyer_client: Client,
    company: Organisation,
    buyer_org: Organisation,
    order: Order,
) -> None:
    sales = owner_client.get(reverse("marketplace:order_list", args=[company.slug]))
    page = sales.content.decode()
    assert order.reference in page
    assert "Chaises de bureau ergonomiques" in page
    assert "Collège Jean Moulin" in page
    assert "2 unit" in page
    assert "30.00 €" in page  # 2 x 12.50 € + 20 % VAT
    assert "Sales (1)" in page
    assert "Purchases (0)" in page

    purchases = buyer_client.get(
        reverse("marketplace:order_list", args=[buyer_org.slug]), {"side": "purchases"}
    )
    page = purchases.content.decode()
    assert order.reference in page
    assert "Recyclerie du Rhône" in page
    assert "Sales (0)" in page
    assert "Purchases (1)" in page
    # The buyer's sales tab is empty.
    sales_of_buyer = buyer_client.get(reverse("marketplace:order_list", args=[buyer_org.slug]))
    assert order.reference not in sales_of_buyer.content.decode()


def test_the_list_filters_by_status(
    owner: User,
    owner_client: Client,
    company: Organisation,
    buyer: User,
    buyer_org: Organisation,
    lot: Lot,
) -> None:
    accepted = order_accept(actor=owner, order=place(buyer, buyer_org, lot))
    pending = place(buyer, buyer_org, lot)
    url = reverse("marketplace:order_list", args=[company.slug])
    page = owner_client.get(url, {"status": "accepted"}).content.decode()
    assert accepted.reference in page
    assert pending.reference not in page
    page = owner_client.get(url, {"status": "no-such-status"}).content.decode()
    assert accepted.reference in page
    assert pending.reference in page


def test_the_list_pages_its_orders_with_the_same_number_of_queries(
    owner_client: Client,
    company: Organisation,
    buyer: User,
    buyer_org: Organisation,
    owner: User,
    seller_site: Site,
    django_assert_max_num_queries: Any,
) -> None:
    big = lot_publish(
        actor=owner, lot=lot_create(actor=owner, site=seller_site, **lot_values(quantity=500))
    )
    url = reverse("marketplace:order_list", args=[company.slug])
    place(buyer, buyer_org, big, quantity=1)
    with CaptureQueriesContext(connection) as one_order:
        owner_client.get(url)
    for _i in range(30):
        place(buyer, buyer_org, big, quantity=1)
    with django_assert_max_num_queries(len(one_order.captured_queries)):
        response = owner_client.get(url)
    assert response.content.decode().count("<tr>") == 1 + 25  # header and a full page
    second = owner_client.get(url, {"page": 2}).content.decode()
    assert second.count("<tr>") == 1 + 6
    assert "Page 2 of 2" in second


def test_an_outsider_gets_404_on_every_order_page(
    outsider: User,
    outsider_client: Client,
    other_company: Organisation,
    company: Organisation,
    order: Order,
) -> None:
    assert (
        outsider_client.get(reverse("marketplace:order_list", args=[company.slug])).status_code
        == 404
    )
    own_list = outsider_client.get(reverse("marketplace:order_list", args=[other_company.slug]))
    assert order.reference not in own_list.content.decode()
    # Under the company's address (not a member) or its own (not a party): 404 alike.
    for slug in (company.slug, other_company.slug):
        for name in ("order_detail", "order_pdf"):
            response = outsider_client.get(reverse(f"marketplace:{name}", args=[slug, order.pk]))
            assert response.status_code == 404
        for action in ("accept", "decline", "handover", "receive", "cancel"):
            response = outsider_client.post(
                reverse("marketplace:order_action", args=[slug, order.pk, action])
            )
            assert response.status_code == 404
        response = outsider_client.post(
            reverse("marketplace:order_message", args=[slug, order.pk]), {"body": "Coucou"}
        )
        assert response.status_code == 404
    order.refresh_from_db()
    assert order.status == OrderStatus.PENDING
    assert not OrderMessage.objects.exists()
    # Logged out, the pages ask to log in.
    response = Client().get(reverse("marketplace:order_list", args=[company.slug]))
    assert response.status_code == 302


# One order


def test_the_seller_sees_the_order_with_its_actions_and_the_reservation_deadline(
    owner_client: Client, company: Organisation, order: Order
) -> None:
    response = owner_client.get(detail_url(company, order))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Collège Jean Moulin" in page
    assert "Recyclerie du Rhône" in page
    assert "25.00 €" in page
    assert "30.00 €" in page
    assert "5.00 €" in page
    assert "Entrepôt de Gerland" in page
    assert "Pickup slot to be agreed." in page
    assert "Livraison au portail B." in page
    assert 'data-testid="reservation-deadline"' in page
    assert "Bruno Buyer" in page  # the timeline: who placed it
    for action in ("accept", "decline"):
        assert action_url(company, order, action) in page
    for action in ("handover", "receive", "cancel"):  # declining says it better than cancelling
        assert action_url(company, order, action) not in page
    assert reverse("marketplace:order_pdf", args=[company.slug, order.pk]) in page


def test_the_order_shows_the_lot_thumbnail(
    owner: User, buyer_client: Client, buyer_org: Organisation, order: Order, lot: Lot
) -> None:
    picture = io.BytesIO()
    Image.new("RGB", (640, 480), "teal").save(picture, "JPEG")
    photo = photo_add(
        actor=owner,
        lot=lot,
        upload=SimpleUploadedFile("chaise.jpg", picture.getvalue(), content_type="image/jpeg"),
    )
    page = buyer_client.get(detail_url(buyer_org, order)).content.decode()
    assert reverse("marketplace:lot_photo", args=[lot.pk, photo.pk, "thumb"]) in page


def test_a_delivered_order_shows_its_address_and_asks_no_pickup_slot(
    owner: User,
    owner_client: Client,
    company: Organisation,
    buyer: User,
    buyer_org: Organisation,
    seller_site: Site,
) -> None:
    lot = lot_create(actor=owner, site=seller_site, **lot_values(delivery=True))
    lot = lot_publish(actor=owner, lot=lot)
    order = place(
        buyer,
        buyer_org,
        lot,
        fulfilment="delivery",
        delivery_address="12 rue Jean Jaurès, Villeurbanne",
    )
    page = owner_client.get(detail_url(company, order)).content.decode()
    assert "12 rue Jean Jaurès, Villeurbanne" in page
    assert action_url(company, order, "accept") in page
    assert 'name="pickup_at"' not in page


def test_the_buyer_may_only_cancel_a_pending_order(
    buyer_client: Client, buyer_org: Organisation, order: Order
) -> None:
    page = buyer_client.get(detail_url(buyer_org, order)).content.decode()
    assert action_url(buyer_org, order, "cancel") in page
    for action in ("accept", "decline", "handover", "receive"):
        assert action_url(buyer_org, order, action) not in page


def test_the_seller_accepts_with_a_pickup_slot_and_the_history_shows_it(
    owner_client: Client, company: Organisation, order: Order
) -> None:
    slot = timezone.localtime() + timedelta(days=3)
    response = owner_client.post(
        action_url(company, order, "accept"),
        {"pickup_at": slot.strftime("%Y-%m-%dT%H:%M"), "note": "Quai n°2"},
        follow=True,
    )
    assert f"You accepted the order {order.reference}." in flashed(response)
    order.refresh_from_db()
    assert order.status == OrderStatus.ACCEPTED
    assert order.pickup_at is not None
    assert timezone.localtime(order.pickup_at).strftime("%Y-%m-%d %H:%M") == slot.strftime(
        "%Y-%m-%d %H:%M"
    )
    page = response.content.decode()
    assert "Quai n°2" in page
    assert "Olivia Owner" in page
    assert 'data-testid="reservation-deadline"' not in page
    assert action_url(company, order, "handover") in page
    assert action_url(company, order, "cancel") in page


def test_the_seller_declines_with_a_reason_and_the_units_return(
    owner_client: Client, company: Organisation, order: Order, lot: Lot
) -> None:
    response = owner_client.post(
        action_url(company, order, "decline"),
        {"reason": "Déjà promis à un autre client."},
        follow=True,
    )
    order.refresh_from_db()
    lot.refresh_from_db()
    assert order.status == OrderStatus.DECLINED
    assert lot.quantity_available == 10
    assert "Déjà promis à un autre client." in response.content.decode()


def test_handover_by_the_seller_then_receipt_by_the_buyer(
    owner: User,
    owner_client: Client,
    buyer_client: Client,
    company: Organisation,
    buyer_org: Organisation,
    order: Order,
) -> None:
    order_accept(actor=owner, order=order)
    owner_client.post(action_url(company, order, "handover"))
    order.refresh_from_db()
    assert order.status == OrderStatus.HANDED_OVER
    page = buyer_client.get(detail_url(buyer_org, order)).content.decode()
    assert action_url(buyer_org, order, "receive") in page
    assert action_url(buyer_org, order, "cancel") not in page
    response = buyer_client.post(action_url(buyer_org, order, "receive"), follow=True)
    order.refresh_from_db()
    assert order.status == OrderStatus.RECEIVED
    assert f"You confirmed receiving the order {order.reference}." in flashed(response)


def test_a_member_who_is_not_owner_may_handle_the_sales_too(
    member: User, company: Organisation, order: Order
) -> None:
    client_for(member).post(action_url(company, order, "accept"))
    order.refresh_from_db()
    assert order.status == OrderStatus.ACCEPTED


@pytest.mark.parametrize("action", ["accept", "decline", "handover"])
def test_the_buyer_cannot_take_the_seller_actions(
    buyer_client: Client, buyer_org: Organisation, order: Order, action: str
) -> None:
    assert buyer_client.post(action_url(buyer_org, order, action)).status_code == 404
    order.refresh_from_db()
    assert order.status == OrderStatus.PENDING


def test_the_seller_cannot_confirm_receipt_nor_an_unknown_action(
    owner: User, owner_client: Client, company: Organisation, order: Order
) -> None:
    order_hand_over(actor=owner, order=order_accept(actor=owner, order=order))
    assert owner_client.post(action_url(company, order, "receive")).status_code == 404
    assert owner_client.post(action_url(company, order, "delete")).status_code == 404
    assert owner_client.get(action_url(company, order, "cancel")).status_code == 405
    order.refresh_from_db()
    assert order.status == OrderStatus.HANDED_OVER


@pytest.mark.parametrize("side", ["seller", "buyer"])
def test_either_side_cancels_before_the_handover(
    side: str,
    owner_client: Client,
    buyer_client: Client,
    company: Organisation,
    buyer_org: Organisation,
    order: Order,
    lot: Lot,
) -> None:
    client, organisation = (
        (owner_client, company) if side == "seller" else (buyer_client, buyer_org)
    )
    response = client.post(
        action_url(organisation, order, "cancel"), {"reason": "Erreur de quantité"}, follow=True
    )
    order.refresh_from_db()
    lot.refresh_from_db()
    assert order.status == OrderStatus.CANCELLED
    assert lot.quantity_available == 10
    assert f"The order {order.reference} is cancelled." in flashed(response)
    assert "Erreur de quantité" in response.content.decode()


def test_a_refused_action_says_why_and_shows_the_current_state(
    owner: User, buyer_client: Client, buyer_org: Organisation, order: Order
) -> None:
    # The buyer's page still offered "cancel" when the seller handed the goods over meanwhile.
    order_hand_over(actor=owner, order=order_accept(actor=owner, order=order))
    response = buyer_client.post(action_url(buyer_org, order, "cancel"), follow=True)
    order.refresh_from_db()
    assert order.status == OrderStatus.HANDED_OVER
    (message,) = flashed(response)
    assert "cannot be changed this way" in message
    assert "This order is now: Handed over." in message
    assert 'data-testid="order-status">Handed over<' in response.content.decode()


def test_a_pickup_slot_in_the_past_is_refused_and_changes_nothing(
    owner_client: Client, company: Organisation, order: Order
) -> None:
    past = timezone.localtime() - timedelta(days=1)
    response = owner_client.post(
        action_url(company, order, "accept"),
        {"pickup_at": past.strftime("%Y-%m-%dT%H:%M")},
        follow=True,
    )
    order.refresh_from_db()
    assert order.status == OrderStatus.PENDING
    assert any("future" in m for m in flashed(response))


def test_the_detail_page_queries_do_not_grow_with_history_and_messages(
    owner: User,
    buyer: User,
    owner_client: Client,
    company: Organisation,
    order: Order,
    django_assert_max_num_queries: Any,
) -> None:
    order_message_post(actor=buyer, order=order, body="Bonjour")
    with CaptureQueriesContext(connection) as few:
        owner_client.get(detail_url(company, order))
    order_accept(actor=owner, order=order)
    order_hand_over(actor=owner, order=order)
    for i in range(15):
        order_message_post(actor=owner if i % 2 else buyer, order=order, body=f"Message {i}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = owner_client.get(detail_url(company, order)).content.decode()
    assert "Message 14" in page


# The message thread


def test_a_message_is_posted_without_javascript(
    buyer_client: Client, buyer_org: Organisation, order: Order
) -> None:
    response = buyer_client.post(
        message_url(buyer_org, order), {"body": "Pouvez-vous livrer lundi ?"}
    )
    assert response.status_code == 302
    assert response["Location"].endswith(detail_url(buyer_org, order) + "#thread")
    message = OrderMessage.objects.get()
    assert (message.body, message.organisation) == ("Pouvez-vous livrer lundi ?", buyer_org)
    page = buyer_client.get(detail_url(buyer_org, order)).content.decode()
    assert "Pouvez-vous livrer lundi ?" in page
    assert "Bruno Buyer" in page


def test_a_message_posted_by_htmx_comes_back_to_append_with_an_empty_form(
    owner_client: Client, company: Organisation, order: Order
) -> None:
    response = owner_client.post(
        message_url(company, order), {"body": "Oui, à 9 h."}, HTTP_HX_REQUEST="true"
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert page.lstrip().startswith("<li")
    assert "Oui, à 9 h." in page
    assert 'hx-swap-oob="true"' in page
    assert "<textarea" in page
    assert OrderMessage.objects.get().organisation == company


@pytest.mark.parametrize("htmx", [False, True])
def test_an_empty_message_is_refused_and_nothing_is_saved(
    owner_client: Client, company: Organisation, order: Order, htmx: bool
) -> None:
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    response = owner_client.post(message_url(company, order), {"body": "   "}, **headers)
    assert response.status_code == 200
    assert "Write a message before sending it." in response.content.decode()
    assert not OrderMessage.objects.exists()


# The order form


def test_the_order_form_pdf_is_served_to_both_parties(
    owner_client: Client,
    buyer_client: Client,
    company: Organisation,
    buyer_org: Organisation,
    order: Order,
) -> None:
    for client, organisation in ((owner_client, company), (buyer_client, buyer_org)):
        response = client.get(reverse("marketplace:order_pdf", args=[organisation.slug, order.pk]))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert f'filename="{order.reference}.pdf"' in response["Content-Disposition"]
        assert response.content.startswith(b"%PDF")


def test_a_member_of_both_sides_cancels_and_writes_for_the_page_s_organisation(
    buyer: User, buyer_client: Client, company: Organisation, buyer_org: Organisation, order: Order
) -> None:
    # Bruno also belongs to the seller and acts for it on the site; on the purchases page of
    # his college, he cancels and writes as the college.
    MembershipFactory(user=buyer, organisation=company, role=Role.MEMBER)
    buyer.acting_organisation = company
    buyer.save(update_fields=["acting_organisation"])

    buyer_client.post(message_url(buyer_org, order), {"body": "Annulation, désolé."})
    buyer_client.post(action_url(buyer_org, order, "cancel"), {"reason": ""})

    assert OrderMessage.objects.get(order=order).organisation == buyer_org
    event = order.events.order_by("created_at", "id").last()
    assert event is not None
    assert (event.to_status, event.organisation) == (OrderStatus.CANCELLED, buyer_org)
