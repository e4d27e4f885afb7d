"""A lot's page: its details for anyone, the order form for a verified buyer, its photos."""

from __future__ import annotations

from datetime import timedelta
from io import BytesIO
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from PIL import Image

from boucle.accounts.models import Organisation, Role, Site, User, VerificationStatus
from boucle.marketplace.models import Lot, LotPhoto, Order
from boucle.marketplace.services.lots import lot_create, lot_publish
from boucle.marketplace.services.photos import photo_add
from tests.conftest import client_for
from tests.factories import MembershipFactory
from tests.marketplace.conftest import lot_values

pytestmark = pytest.mark.django_db


def page_of(lot: Lot) -> str:
    return f"/marketplace/lots/{lot.pk}/"


def add_photo(owner: User, lot: Lot, colour: tuple[int, int, int] = (200, 30, 30)) -> LotPhoto:
    buffer = BytesIO()
    Image.new("RGB", (60, 40), colour).save(buffer, format="JPEG")
    upload = SimpleUploadedFile("photo.jpg", buffer.getvalue(), content_type="image/jpeg")
    return photo_add(actor=owner, lot=lot, upload=upload)


def order_data(**overrides: Any) -> dict[str, Any]:
    pickup_at = timezone.localtime() + timedelta(days=3)
    data = {
        "quantity": "3",
        "fulfilment": "pickup",
        "pickup_at": pickup_at.strftime("%Y-%m-%dT10:00"),
        "note": "Nous passerons avec une camionnette.",
    }
    data.update(overrides)
    return data


@pytest.fixture
def buyer_client(buyer: User) -> Client:
    return client_for(buyer)


# --- What anyone sees ----------------------------------------------------------------------


def test_anyone_sees_the_lot_details_and_a_login_link(lot: Lot, seller_site: Site) -> None:
    response = Client().get(page_of(lot))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Chaises de bureau ergonomiques" in html
    assert "12.50 €" in html  # excl. VAT
    assert "15.00 €" in html  # incl. VAT at 20 %
    assert "20 % (standard)" in html
    assert "Sedia" in html
    assert "New, in its packaging" in html
    assert "10 units (of 10 offered)" in html
    assert "14.5 kg" in html
    assert seller_site.commune.name in html
    assert 'href="/o/recyclerie-du-rhone/"' in html
    assert f"/accounts/login/?next=/marketplace/lots/{lot.pk}/" in html
    assert 'data-testid="order-form"' not in html


def test_posting_without_logging_in_leads_to_the_login_page(lot: Lot) -> None:
    response = Client().post(page_of(lot), order_data())
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")
    assert not Order.objects.exists()


def test_a_draft_is_hidden_from_everyone_but_its_seller(
    draft_lot: Lot, outsider_client: Client, owner_client: Client, buyer_client: Client
) -> None:
    assert Client().get(page_of(draft_lot)).status_code == 404
    assert outsider_client.get(page_of(draft_lot)).status_code == 404
    assert buyer_client.post(page_of(draft_lot), order_data()).status_code == 404
    assert owner_client.get(page_of(draft_lot)).status_code == 200
    assert Client().get("/marketplace/lots/999999/").status_code == 404


def test_the_page_queries_do_not_grow_with_its_photos(
    owner: User, lot: Lot, buyer_client: Client, django_assert_max_num_queries: Any
) -> None:
    add_photo(owner, lot)
    with django_assert_max_num_queries(30) as captured:  # type: ignore[operator]
        buyer_client.get(page_of(lot))
    with_one = len(captured)
    for _ in range(4):
        add_photo(owner, lot)
    with django_assert_max_num_queries(with_one):  # type: ignore[operator]
        response = buyer_client.get(page_of(lot))
    assert response.content.decode().count("/full/") >= 5


def test_the_page_shows_the_sellers_other_lots_on_offer(
    owner: User, lot: Lot, draft_lot: Lot, seller_site: Site, buyer_client: Client,
    django_assert_max_num_queries: Any,
) -> None:  # fmt: skip
    lamps = lot_publish(
        actor=owner, lot=lot_create(actor=owner, site=seller_site, **lot_values(title="Lampes"))
    )
    add_photo(owner, lamps)
    html = buyer_client.get(page_of(lot)).content.decode()
    others = html.split('data-testid="other-lots"')[1]
    assert f"Other lots from {lot.seller.name}" in others
    assert f'href="{page_of(lamps)}">Lampes</a>' in others
    assert f'href="{page_of(lot)}"' not in others  # not the lot itself
    assert draft_lot.title not in others  # nor a lot buyers cannot see
    with django_assert_max_num_queries(40) as captured:  # type: ignore[operator]
        buyer_client.get(page_of(lot))
    for n in range(3):
        more = lot_create(actor=owner, site=seller_site, **lot_values(title=f"Tables {n}"))
        add_photo(owner, lot_publish(actor=owner, lot=more))
    with django_assert_max_num_queries(len(captured)):  # type: ignore[operator]
        html = buyer_client.get(page_of(lot)).content.decode()
    assert html.count('data-testid="other-lot"') == 4
    # The lamps' own page leads back to the chairs.
    assert (
        f'href="{page_of(lot)}">{lot.title}</a>'
        in buyer_client.get(page_of(lamps)).content.decode()
    )


# --- Ordering -------------------------------------------------------------------------------


def test_a_buyer_orders_from_the_page_and_the_stock_drops(
    lot: Lot, buyer: User, buyer_org: Organisation, buyer_client: Client
) -> None:
    response = buyer_client.post(page_of(lot), order_data())
    order = Order.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/o/{buyer_org.slug}/orders/{order.pk}/"
    assert (order.buyer, order.placed_by, order.quantity) == (buyer_org, buyer, 3)
    assert order.buyer_note == "Nous passerons avec une camionnette."
    assert order.pickup_at is not None
    lot.refresh_from_db()
    assert lot.quantity_available == 7
    followed = buyer_client.get(page_of(lot))
    assert "7 units (of 10 offered)" in followed.content.decode()


def test_a_short_stock_shows_the_form_again_with_what_was_typed(
    lot: Lot, buyer_client: Client
) -> None:
    response = buyer_client.post(
        page_of(lot), order_data(quantity="11", note="Pour la rentrée de septembre.")
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="quantity" value="11"' in html
    assert "Pour la rentrée de septembre." in html
    assert 'id="id_quantity_error"' in html  # the message beside the quantity field
    assert "10 units left." in html
    assert not Order.objects.exists()
    lot.refresh_from_db()
    assert lot.quantity_available == 10


def test_an_order_below_the_minimum_is_refused_beside_the_quantity(
    owner: User, seller_site: Site, buyer_client: Client
) -> None:
    lot = lot_publish(
        actor=owner,
        lot=lot_create(actor=owner, site=seller_site, **lot_values(min_order_quantity=5)),
    )
    response = buyer_client.post(page_of(lot), order_data(quantity="2"))
    html = response.content.decode()
    assert "The minimum order for this lot is 5" in html
    assert 'name="quantity" value="2"' in html
    assert not Order.objects.exists()


def test_a_bad_quantity_is_refused_by_the_form(lot: Lot, buyer_client: Client) -> None:
    response = buyer_client.post(page_of(lot), order_data(quantity="-1"))
    assert response.status_code == 200
    assert 'id="id_quantity_error"' in response.content.decode()
    assert not Order.objects.exists()


def test_the_seller_sees_its_own_lot_without_an_order_form(
    lot: Lot, owner_client: Client, member_client: Client
) -> None:
    for client in (owner_client, member_client):
        html = client.get(page_of(lot)).content.decode()
        assert "This is your lot" in html
        assert f'href="/o/recyclerie-du-rhone/lots/{lot.pk}/edit/"' in html
        assert 'data-testid="order-form"' not in html
    owner_client.post(page_of(lot), order_data())
    assert not Order.objects.exists()


def test_a_member_of_the_seller_acting_for_a_buyer_orders_as_the_api_lets_it(
    lot: Lot, buyer: User, buyer_org: Organisation, company: Organisation
) -> None:
    # Bruno also belongs to the seller, but acts for his college: the page sells to the
    # college, as the college's API key would, instead of treating the lot as his own.
    MembershipFactory(user=buyer, organisation=company, role=Role.MEMBER)
    client = client_for(buyer)

    html = client.get(page_of(lot)).content.decode()
    assert 'data-testid="order-form"' in html
    assert "This is your lot" not in html

    client.post(page_of(lot), order_data())
    assert Order.objects.get().buyer == buyer_org


def test_an_unverified_buyer_is_told_why_it_cannot_order(
    lot: Lot, buyer_org: Organisation, buyer_client: Client
) -> None:
    buyer_org.verification_status = VerificationStatus.PENDING
    buyer_org.save(update_fields=["verification_status"])
    html = buyer_client.get(page_of(lot)).content.decode()
    assert "Collège Jean Moulin is not verified yet" in html
    assert 'data-testid="order-form"' not in html
    buyer_client.post(page_of(lot), order_data())
    assert not Order.objects.exists()


def test_a_hire_lot_offers_booking_rather_than_an_order(
    owner: User, seller_site: Site, buyer_client: Client
) -> None:
    hire = lot_publish(
        actor=owner,
        lot=lot_create(
            actor=owner,
            site=seller_site,
            **lot_values(
                offer_type="hire",
                title="Nacelle élévatrice",
                unit_price=None,
                quantity=1,
                hire_price_per_day="80.00",
            ),
        ),
    )
    html = buyer_client.get(page_of(hire)).content.decode()
    assert "80.00 €" in html
    assert 'data-testid="order-form"' not in html
    assert f'href="/marketplace/lots/{hire.pk}/book/" data-testid="book-link"' in html


# --- Photos ---------------------------------------------------------------------------------


def test_a_published_lot_photo_is_served_to_anyone_and_may_be_cached(owner: User, lot: Lot) -> None:
    photo = add_photo(owner, lot)
    for size in ("thumb", "full"):
        response = Client().get(f"/marketplace/lots/{lot.pk}/photos/{photo.pk}/{size}/")
        assert response.status_code == 200
        assert response["Content-Type"] == "image/jpeg"
        assert "public" in response["Cache-Control"]
        # Reading the stream to its end closes the file, as a WSGI server does.
        body = b"".join(response.streaming_content)  # type: ignore[attr-defined]
        assert Image.open(BytesIO(body)).format == "JPEG"


def test_a_draft_lot_photo_is_the_sellers_alone(
    owner: User, draft_lot: Lot, owner_client: Client, outsider_client: Client
) -> None:
    photo = add_photo(owner, draft_lot)
    url = f"/marketplace/lots/{draft_lot.pk}/photos/{photo.pk}/full/"
    assert Client().get(url).status_code == 404
    assert outsider_client.get(url).status_code == 404
    response = owner_client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content)  # type: ignore[attr-defined]
    assert "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


def test_a_photo_under_another_lot_or_size_is_not_found(
    owner: User, lot: Lot, seller_site: Site
) -> None:
    photo = add_photo(owner, lot)
    other = lot_publish(
        actor=owner, lot=lot_create(actor=owner, site=seller_site, **lot_values(title="Tables"))
    )
    assert Client().get(f"/marketplace/lots/{other.pk}/photos/{photo.pk}/full/").status_code == 404
    assert Client().get(f"/marketplace/lots/{lot.pk}/photos/{photo.pk}/huge/").status_code == 404
