"""The marketplace endpoints of the JSON API, called over HTTP with a key or a session.

Personas are those of tests/marketplace/conftest.py: Olivia (`owner`) sells for the verified
Recyclerie du Rhône from Lyon 7e, Bruno (`buyer`) buys for a verified school in Villeurbanne,
Fanny (`far_buyer`) for a shop in Marseille, Oscar (`outsider`) owns an unrelated company.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from io import BytesIO
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openapi_spec_validator import validate
from PIL import Image

from boucle.accounts import services as account_services
from boucle.accounts.models import Organisation, Role, Site, User, VerificationStatus
from boucle.marketplace.models import Lot, LotPhoto, LotStatus, Order, OrderStatus
from boucle.marketplace.services.lots import lot_create, lot_publish
from boucle.marketplace.services.orders import order_message_post, order_place
from tests.conftest import client_for
from tests.factories import MembershipFactory
from tests.marketplace.conftest import lot_values

pytestmark = pytest.mark.django_db

API = "/api/v1/marketplace"


def key_client(user: User, organisation: Organisation) -> Client:
    _key, secret = account_services.apikey_create(user=user, organisation=organisation, name="ERP")
    return Client(headers={"authorization": f"Bearer {secret}"})


def draft_body(site: Site, **overrides: Any) -> dict[str, Any]:
    """A lot as a client program would send it: JSON values, prices as strings or numbers."""
    body: dict[str, Any] = {
        "site_id": site.pk,
        "title": "Chaises de bureau ergonomiques",
        "description": "Fin de série, dossier réglable, accoudoirs.",
        "category": "furniture.seating",
        "brand": "Sedia",
        "condition": "new_packaged",
        "quantity": 10,
        "unit_price": "12.50",
        "vat_rate": "20.0",
        "retail_value": 89,
        "cost_price": 31.0,
        "weight_kg": "14.5",
        "available_until": (timezone.localdate() + timedelta(days=60)).isoformat(),
    }
    body.update(overrides)
    return body


def post(client: Client, url: str, body: dict[str, Any] | None = None) -> Any:
    """A POST as a program sends it: JSON, or an empty body when the action takes none."""
    if body is None:
        return client.post(url, content_type="application/json")
    return client.post(url, body, content_type="application/json")


def errors_of(response: Any) -> dict[str, list[str]]:
    body = response.json()
    assert set(body) == {"message", "errors"}
    return dict(body["errors"])


@pytest.fixture
def seller_key(owner: User, company: Organisation, seller_site: Site) -> Client:
    return key_client(owner, company)


@pytest.fixture
def buyer_client(buyer: User) -> Client:
    return client_for(buyer)


# Categories


def test_anyone_reads_the_categories_in_their_language_with_both_names(db: None) -> None:
    english = Client().get(f"{API}/categories", headers={"accept-language": "en"})
    french = Client().get(f"{API}/categories", headers={"accept-language": "fr"})

    assert english.status_code == 200
    seating = next(c for c in english.json() if c["code"] == "furniture.seating")
    assert seating["parent"] == "furniture"
    assert seating["name"] == seating["name_en"]
    assert seating["name_fr"] != seating["name_en"]
    french_seating = next(c for c in french.json() if c["code"] == "furniture.seating")
    assert french_seating["name"] == seating["name_fr"]
    parents = [c["code"] for c in english.json() if c["parent"] is None]
    assert "furniture" in parents


# Lots: create, change, publish


def test_a_seller_creates_a_draft_with_prices_as_strings_or_numbers(
    seller_key: Client, seller_site: Site
) -> None:
    response = seller_key.post(
        f"{API}/lots", draft_body(seller_site), content_type="application/json"
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "draft"
    assert body["unit_price"] == "12.50"
    assert body["unit_price_incl_vat"] == "15.00"
    assert body["retail_value"] == "89.00"
    assert body["cost_price"] == "31.00"
    assert body["weight_kg"] == "14.500"
    assert body["quantity_available"] == 10
    assert body["category"]["code"] == "furniture.seating"
    assert body["seller"]["slug"] == "recyclerie-du-rhone"
    assert body["site"]["id"] == seller_site.pk
    assert body["site"]["commune"] == seller_site.commune.name
    assert body["delivery_terms"] is None
    lot = Lot.objects.get(pk=body["id"])
    assert lot.unit_price == Decimal("12.50")
    assert lot.status == LotStatus.DRAFT


@pytest.mark.parametrize("price", ["12.505", 12.505])
def test_a_price_with_three_decimals_is_refused_naming_the_field_and_nothing_is_saved(
    seller_key: Client, seller_site: Site, price: Any
) -> None:
    response = seller_key.post(
        f"{API}/lots", draft_body(seller_site, unit_price=price), content_type="application/json"
    )

    assert response.status_code == 400
    assert list(errors_of(response)) == ["unit_price"]
    assert not Lot.objects.exists()


@pytest.mark.parametrize("quantity", [0, -3])
def test_a_lot_of_zero_or_negative_units_is_refused(
    seller_key: Client, seller_site: Site, quantity: int
) -> None:
    response = seller_key.post(
        f"{API}/lots", draft_body(seller_site, quantity=quantity), content_type="application/json"
    )

    assert response.status_code == 400
    assert list(errors_of(response)) == ["quantity"]
    assert not Lot.objects.exists()


def test_a_missing_field_or_bad_choice_answers_422_naming_it(
    seller_key: Client, seller_site: Site
) -> None:
    body = draft_body(seller_site, condition="like new")
    del body["title"]

    response = seller_key.post(f"{API}/lots", body, content_type="application/json")

    assert response.status_code == 422
    assert set(errors_of(response)) == {"title", "condition"}


def test_a_lot_cannot_be_posted_at_another_organisations_site(
    outsider: User, other_company: Organisation, seller_site: Site
) -> None:
    response = key_client(outsider, other_company).post(
        f"{API}/lots", draft_body(seller_site), content_type="application/json"
    )

    assert response.status_code == 400
    assert list(errors_of(response)) == ["site_id"]
    assert not Lot.objects.exists()


def test_patch_changes_only_the_fields_sent(seller_key: Client, draft_lot: Lot) -> None:
    response = seller_key.patch(
        f"{API}/lots/{draft_lot.pk}",
        {"unit_price": 9.9, "quantity": 12},
        content_type="application/json",
    )

    assert response.status_code == 200, response.json()
    assert response.json()["unit_price"] == "9.90"
    assert response.json()["quantity_available"] == 12
    draft_lot.refresh_from_db()
    assert draft_lot.title == "Chaises de bureau ergonomiques"
    assert draft_lot.unit_price == Decimal("9.90")


def test_patch_refuses_a_three_decimal_price_and_keeps_the_old_one(
    seller_key: Client, draft_lot: Lot
) -> None:
    response = seller_key.patch(
        f"{API}/lots/{draft_lot.pk}", {"unit_price": "9.999"}, content_type="application/json"
    )

    assert response.status_code == 400
    assert list(errors_of(response)) == ["unit_price"]
    draft_lot.refresh_from_db()
    assert draft_lot.unit_price == Decimal("12.50")


def test_patch_takes_null_text_as_empty_as_answers_show_it(
    seller_key: Client, draft_lot: Lot
) -> None:
    response = seller_key.patch(
        f"{API}/lots/{draft_lot.pk}",
        {"brand": None, "description": None},
        content_type="application/json",
    )

    assert response.status_code == 200, response.json()
    assert (response.json()["brand"], response.json()["description"]) == (None, None)
    draft_lot.refresh_from_db()
    assert (draft_lot.brand, draft_lot.description) == ("", "")


def test_a_session_request_without_its_csrf_token_is_refused(owner: User, draft_lot: Lot) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)

    response = post(client, f"{API}/lots/{draft_lot.pk}/publish")

    assert response.status_code == 403
    draft_lot.refresh_from_db()
    assert draft_lot.status == LotStatus.DRAFT


def test_an_unverified_seller_cannot_publish(
    seller_key: Client, company: Organisation, draft_lot: Lot
) -> None:
    company.verification_status = VerificationStatus.PENDING
    company.save()

    response = post(seller_key, f"{API}/lots/{draft_lot.pk}/publish")

    assert response.status_code == 400
    assert "not verified" in response.json()["message"]
    draft_lot.refresh_from_db()
    assert draft_lot.status == LotStatus.DRAFT


def test_withdraw_takes_a_lot_off_the_market(seller_key: Client, lot: Lot) -> None:
    response = post(seller_key, f"{API}/lots/{lot.pk}/withdraw")

    assert response.status_code == 200
    assert response.json()["status"] == "withdrawn"
    assert Client().get(f"{API}/lots/{lot.pk}").status_code == 404


def test_a_draft_is_deleted_but_a_published_lot_is_not(
    seller_key: Client, draft_lot: Lot, owner: User, seller_site: Site
) -> None:
    published = lot_publish(
        actor=owner, lot=lot_create(actor=owner, site=seller_site, **lot_values())
    )

    assert seller_key.delete(f"{API}/lots/{draft_lot.pk}").status_code == 204
    assert seller_key.delete(f"{API}/lots/{published.pk}").status_code == 400
    assert list(Lot.objects.values_list("pk", flat=True)) == [published.pk]


def test_anyone_reads_a_published_lot_but_only_the_seller_reads_a_draft(
    seller_key: Client, outsider: User, owner: User, seller_site: Site, lot: Lot
) -> None:
    draft_lot = lot_create(actor=owner, site=seller_site, **lot_values(title="Bureaux"))
    public = Client().get(f"{API}/lots/{lot.pk}")
    assert public.status_code == 200
    assert public.json()["quantity_available"] == 10
    assert "cost_price" not in public.json()

    assert seller_key.get(f"{API}/lots/{draft_lot.pk}").json()["status"] == "draft"
    for client in (Client(), client_for(outsider)):
        response = client.get(f"{API}/lots/{draft_lot.pk}")
        assert response.status_code == 404
        assert response.json() == {"message": "Not found.", "errors": {}}


def test_an_outsider_gets_404_changing_or_publishing_a_lot(
    outsider: User, other_company: Organisation, draft_lot: Lot
) -> None:
    for client in (client_for(outsider), key_client(outsider, other_company)):
        patch = client.patch(
            f"{API}/lots/{draft_lot.pk}", {"title": "Mine"}, content_type="application/json"
        )
        assert patch.status_code == 404
        assert post(client, f"{API}/lots/{draft_lot.pk}/publish").status_code == 404
    draft_lot.refresh_from_db()
    assert (draft_lot.title, draft_lot.status) == ("Chaises de bureau ergonomiques", "draft")


def test_a_key_does_not_reach_the_drafts_of_its_holders_other_organisation(
    owner: User, draft_lot: Lot, buyer_org: Organisation
) -> None:
    # Olivia also belongs to the school; a key made for the school acts for the school only.
    MembershipFactory(user=owner, organisation=buyer_org)
    client = key_client(owner, buyer_org)

    assert client.get(f"{API}/lots/{draft_lot.pk}").status_code == 404
    assert client.get(f"{API}/my/lots").json()["total"] == 0


def test_writing_needs_credentials(seller_site: Site) -> None:
    response = Client().post(
        f"{API}/lots", draft_body(seller_site), content_type="application/json"
    )

    assert response.status_code == 401
    assert not Lot.objects.exists()


def test_my_lots_lists_every_status_of_the_acting_organisation(
    seller_key: Client, draft_lot: Lot, owner: User, seller_site: Site, outsider: User
) -> None:
    published = lot_publish(
        actor=owner, lot=lot_create(actor=owner, site=seller_site, **lot_values(title="Tables"))
    )

    body = seller_key.get(f"{API}/my/lots").json()

    assert {item["id"] for item in body["items"]} == {draft_lot.pk, published.pk}
    assert (body["total"], body["page"], body["pages"]) == (2, 1, 1)
    drafts = seller_key.get(f"{API}/my/lots", {"status": "draft"}).json()
    assert [item["id"] for item in drafts["items"]] == [draft_lot.pk]
    assert client_for(outsider).get(f"{API}/my/lots").json()["items"] == []


# Photos


def png_upload(name: str = "chair.png") -> SimpleUploadedFile:
    buffer = BytesIO()
    Image.new("RGB", (64, 48), (30, 120, 200)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def test_a_seller_adds_and_deletes_a_photo(seller_key: Client, lot: Lot) -> None:
    response = seller_key.post(f"{API}/lots/{lot.pk}/photos", {"photo": png_upload()})

    assert response.status_code == 201, response.json()
    photo = response.json()
    assert (photo["width"], photo["height"]) == (64, 48)
    assert photo["url"].startswith("http://testserver/")
    assert photo["thumbnail_url"].startswith("http://testserver/")
    shown = Client().get(f"{API}/lots/{lot.pk}").json()["photos"]
    assert [p["id"] for p in shown] == [photo["id"]]
    thumbnail = Client().get(photo["thumbnail_url"])
    assert thumbnail.status_code == 200
    # Reading the whole stream closes the file (the test client closes the response at its end).
    assert b"".join(thumbnail.streaming_content).startswith(b"\xff\xd8")  # a JPEG

    deleted = seller_key.delete(f"{API}/lots/{lot.pk}/photos/{photo['id']}")

    assert deleted.status_code == 204
    assert not LotPhoto.objects.exists()


def test_a_file_that_is_not_an_image_is_refused_naming_the_photo(
    seller_key: Client, lot: Lot
) -> None:
    fake = SimpleUploadedFile("chair.png", b"not an image at all", content_type="image/png")

    response = seller_key.post(f"{API}/lots/{lot.pk}/photos", {"photo": fake})

    assert response.status_code == 400
    assert list(errors_of(response)) == ["photo"]
    assert not LotPhoto.objects.exists()


def test_an_outsider_cannot_add_or_delete_photos(
    seller_key: Client, outsider: User, lot: Lot
) -> None:
    photo_id = seller_key.post(f"{API}/lots/{lot.pk}/photos", {"photo": png_upload()}).json()["id"]
    client = client_for(outsider)

    assert client.post(f"{API}/lots/{lot.pk}/photos", {"photo": png_upload()}).status_code == 404
    assert client.delete(f"{API}/lots/{lot.pk}/photos/{photo_id}").status_code == 404
    assert LotPhoto.objects.count() == 1


# Search


def test_search_finds_a_lot_by_word_and_radius_with_facets(
    lot: Lot, buyer_site: Site, far_buyer_org: Organisation
) -> None:
    near = f"{buyer_site.latitude},{buyer_site.longitude}"
    marseille = far_buyer_org.sites.get()

    found = Client().get(f"{API}/lots", {"q": "chaise", "near": near, "radius_km": 10}).json()
    too_far = (
        Client()
        .get(
            f"{API}/lots",
            {"q": "chaise", "near": f"{marseille.latitude},{marseille.longitude}", "radius_km": 50},
        )
        .json()
    )
    other_word = Client().get(f"{API}/lots", {"q": "réfrigérateur"}).json()

    assert [item["id"] for item in found["items"]] == [lot.pk]
    assert found["total"] == 1
    assert found["items"][0]["unit_price"] == "12.50"
    assert 0 < found["items"][0]["distance_km"] < 10
    assert found["items"][0]["site"]["commune"] == lot.site.commune.name
    assert {f["value"]: f["count"] for f in found["facets"]["condition"]}["new_packaged"] == 1
    assert too_far["items"] == []
    assert too_far["total"] == 0
    assert other_word["total"] == 0


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"near": "somewhere"}, "near"),
        ({"price_min": "cheap"}, "price_min"),
        ({"page": "zero"}, "page"),
    ],
)
def test_a_bad_search_parameter_is_refused_naming_it(
    db: None, params: dict[str, str], field: str
) -> None:
    response = Client().get(f"{API}/lots", params)

    assert response.status_code in (400, 422)
    assert field in errors_of(response)


# Orders


def place(client: Client, lot: Lot, quantity: int, **extra: Any) -> Any:
    return client.post(
        f"{API}/lots/{lot.pk}/orders",
        {"quantity": quantity, **extra},
        content_type="application/json",
    )


def test_the_whole_journey_through_the_api(
    seller_key: Client,
    seller_site: Site,
    buyer: User,
    buyer_site: Site,
    far_buyer: User,
    far_buyer_org: Organisation,
) -> None:
    # The seller posts and publishes with its key.
    created = seller_key.post(
        f"{API}/lots", draft_body(seller_site), content_type="application/json"
    )
    lot_id = created.json()["id"]
    assert post(seller_key, f"{API}/lots/{lot_id}/publish").json()["status"] == "published"

    # The school's buyer finds it by a word and a radius, with his session.
    buyer_client = client_for(buyer)
    near = f"{buyer_site.latitude},{buyer_site.longitude}"
    found = buyer_client.get(f"{API}/lots", {"q": "chaises", "near": near, "radius_km": 15})
    assert [item["id"] for item in found.json()["items"]] == [lot_id]

    # He orders 8 of the 10 chairs: held at once.
    ordered = place(buyer_client, Lot.objects.get(pk=lot_id), 8, note="Livraison le matin")
    assert ordered.status_code == 201, ordered.json()
    order = ordered.json()
    assert (order["status"], order["side"], order["quantity"]) == ("pending", "purchase", 8)
    assert (order["total_excl_vat"], order["vat_amount"], order["total_incl_vat"]) == (
        "100.00",
        "20.00",
        "120.00",
    )
    assert order["note"] == "Livraison le matin"
    assert [e["to_status"] for e in order["events"]] == ["pending"]
    assert Client().get(f"{API}/lots/{lot_id}").json()["quantity_available"] == 2

    # Marseille wants 3: only 2 are left.
    short = place(key_client(far_buyer, far_buyer_org), Lot.objects.get(pk=lot_id), 3)
    assert short.status_code == 409
    assert short.json() == {
        "message": "Only 2 units left.",
        "errors": {"quantity": ["Only 2 units left."]},
    }
    assert Order.objects.count() == 1

    # The seller accepts and hands over; the buyer confirms receipt.
    slot = (timezone.now() + timedelta(days=2)).replace(microsecond=0)
    accepted = seller_key.post(
        f"{API}/orders/{order['id']}/accept",
        {"pickup_at": slot.isoformat(), "note": "Quai 3"},
        content_type="application/json",
    )
    assert accepted.status_code == 200, accepted.json()
    assert accepted.json()["status"] == "accepted"
    assert accepted.json()["side"] == "sale"
    assert post(seller_key, f"{API}/orders/{order['id']}/handover").json()["status"] == (
        "handed_over"
    )
    received = post(buyer_client, f"{API}/orders/{order['id']}/receive")
    assert received.json()["status"] == "received"
    assert [e["to_status"] for e in received.json()["events"]] == [
        "pending",
        "accepted",
        "handed_over",
        "received",
    ]
    assert received.json()["events"][1]["by"] == "Olivia Owner"

    # Both sides see it in their lists.
    sales = seller_key.get(f"{API}/orders", {"side": "sales"}).json()
    purchases = buyer_client.get(f"{API}/orders", {"side": "purchases"}).json()
    assert [(o["id"], o["side"]) for o in sales["items"]] == [(order["id"], "sale")]
    assert [(o["id"], o["side"]) for o in purchases["items"]] == [(order["id"], "purchase")]
    assert seller_key.get(f"{API}/orders", {"side": "purchases"}).json()["total"] == 0
    assert buyer_client.get(f"{API}/orders", {"status": "received"}).json()["total"] == 1
    assert buyer_client.get(f"{API}/orders", {"status": "pending"}).json()["total"] == 0


def test_an_order_larger_than_the_stock_answers_409_and_takes_nothing(
    buyer_client: Client, lot: Lot
) -> None:
    response = place(buyer_client, lot, 11)

    assert response.status_code == 409
    assert response.json()["message"]
    assert not Order.objects.exists()
    lot.refresh_from_db()
    assert lot.quantity_available == 10


@pytest.mark.parametrize("quantity", [0, -2])
def test_an_order_of_zero_or_negative_units_is_refused(
    buyer_client: Client, lot: Lot, quantity: int
) -> None:
    response = place(buyer_client, lot, quantity)

    assert response.status_code == 400
    assert list(errors_of(response)) == ["quantity"]
    assert not Order.objects.exists()


def test_a_seller_cannot_order_its_own_lot(seller_key: Client, lot: Lot) -> None:
    response = place(seller_key, lot, 1)

    assert response.status_code == 400
    assert not Order.objects.exists()


def test_an_unverified_buyer_cannot_order(
    buyer_client: Client, buyer_org: Organisation, lot: Lot
) -> None:
    buyer_org.verification_status = VerificationStatus.PENDING
    buyer_org.save()

    response = place(buyer_client, lot, 2)

    assert response.status_code == 400
    assert "not verified" in response.json()["message"]
    lot.refresh_from_db()
    assert lot.quantity_available == 10


def test_a_draft_cannot_be_ordered_nor_even_seen(buyer_client: Client, draft_lot: Lot) -> None:
    assert place(buyer_client, draft_lot, 1).status_code == 404


@pytest.fixture
def order(buyer: User, buyer_org: Organisation, lot: Lot) -> Order:
    return order_place(actor=buyer, buyer=buyer_org, lot=lot, quantity=3)


def test_an_outsider_gets_404_on_an_order(
    outsider: User, other_company: Organisation, order: Order
) -> None:
    for client in (client_for(outsider), key_client(outsider, other_company)):
        for response in (
            client.get(f"{API}/orders/{order.pk}"),
            post(client, f"{API}/orders/{order.pk}/accept"),
            post(client, f"{API}/orders/{order.pk}/cancel"),
            client.get(f"{API}/orders/{order.pk}/messages"),
            client.post(
                f"{API}/orders/{order.pk}/messages", {"body": "hi"}, content_type="application/json"
            ),
        ):
            assert response.status_code == 404
        assert client.get(f"{API}/orders").json()["total"] == 0
    order.refresh_from_db()
    assert order.status == OrderStatus.PENDING


def test_the_buyer_cannot_accept_its_own_order(buyer_client: Client, order: Order) -> None:
    response = post(buyer_client, f"{API}/orders/{order.pk}/accept")

    assert response.status_code == 400
    order.refresh_from_db()
    assert order.status == OrderStatus.PENDING


def test_a_wrong_status_answers_409(seller_key: Client, buyer_client: Client, order: Order) -> None:
    assert post(seller_key, f"{API}/orders/{order.pk}/handover").status_code == 409

    declined = seller_key.post(
        f"{API}/orders/{order.pk}/decline",
        {"reason": "Plus en stock"},
        content_type="application/json",
    )
    assert declined.status_code == 200
    assert declined.json()["events"][-1]["note"] == "Plus en stock"
    assert post(seller_key, f"{API}/orders/{order.pk}/accept").status_code == 409
    assert post(buyer_client, f"{API}/orders/{order.pk}/cancel").status_code == 409


def test_the_buyer_cancels_and_the_units_come_back(
    buyer_client: Client, order: Order, lot: Lot
) -> None:
    response = buyer_client.post(
        f"{API}/orders/{order.pk}/cancel", {"reason": "Erreur"}, content_type="application/json"
    )

    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"
    lot.refresh_from_db()
    assert lot.quantity_available == 10


def test_buyer_and_seller_write_to_each_other(
    buyer_client: Client, seller_key: Client, order: Order
) -> None:
    posted = buyer_client.post(
        f"{API}/orders/{order.pk}/messages",
        {"body": "Pouvez-vous livrer ?"},
        content_type="application/json",
    )
    assert posted.status_code == 201
    assert posted.json()["mine"] is True

    thread = seller_key.get(f"{API}/orders/{order.pk}/messages").json()

    assert [(m["body"], m["author"], m["mine"]) for m in thread] == [
        ("Pouvez-vous livrer ?", "Bruno Buyer", False)
    ]
    assert thread[0]["organisation"]["slug"] == "college-jean-moulin"


# Query counts do not grow with the rows shown


def test_lists_issue_as_many_queries_for_many_rows_as_for_few(
    owner: User,
    seller_site: Site,
    seller_key: Client,
    buyer: User,
    buyer_org: Organisation,
    django_assert_max_num_queries: Any,
) -> None:
    def post_lots(count: int) -> None:
        for index in range(count):
            lot = lot_publish(
                actor=owner,
                lot=lot_create(
                    actor=owner, site=seller_site, **lot_values(title=f"Chaise {index}")
                ),
            )
            order_place(actor=buyer, buyer=buyer_org, lot=lot, quantity=1)

    buyer_client = client_for(buyer)
    urls = [
        (Client(), f"{API}/lots?q=chaise"),
        (seller_key, f"{API}/my/lots?per_page=50"),
        (seller_key, f"{API}/orders?per_page=50"),
        (buyer_client, f"{API}/orders?side=purchases&per_page=50"),
    ]
    post_lots(2)
    few: dict[str, int] = {}
    for client, url in urls:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        few[url] = len(queries)

    post_lots(12)
    for client, url in urls:
        with django_assert_max_num_queries(few[url]):
            response = client.get(url)
        assert len(response.json()["items"]) >= 12


def test_an_orders_thread_takes_as_many_queries_for_many_messages_as_for_few(
    seller_key: Client, buyer: User, order: Order, django_assert_max_num_queries: Any
) -> None:
    def write(count: int) -> None:
        for index in range(count):
            order_message_post(actor=buyer, order=order, body=f"Question {index}")

    url = f"{API}/orders/{order.pk}/messages"
    write(2)
    with CaptureQueriesContext(connection) as queries:
        assert seller_key.get(url).status_code == 200

    write(12)
    with django_assert_max_num_queries(len(queries)):
        response = seller_key.get(url)
    assert len(response.json()) == 14


# The OpenAPI document


def test_the_openapi_document_describes_every_marketplace_field_and_error(db: None) -> None:
    document = Client().get("/api/v1/openapi.json").json()
    validate(document)

    paths = document["paths"]
    place_order = paths["/api/v1/marketplace/lots/{lot_id}/orders"]["post"]
    assert {"201", "400", "401", "403", "404", "409", "422"} <= set(place_order["responses"])
    assert "stock" in place_order["responses"]["409"]["description"]
    assert "409" in paths["/api/v1/marketplace/orders/{order_id}/accept"]["post"]["responses"]
    assert "security" not in paths["/api/v1/marketplace/lots"]["get"]
    assert paths["/api/v1/marketplace/lots"]["post"]["security"]

    ours = {path: spec for path, spec in paths.items() if path.startswith(API)}
    undocumented_params = [
        f"{path} {param['name']}"
        for path, methods in ours.items()
        for operation in methods.values()
        for param in operation.get("parameters", [])
        if not param.get("description")
    ]
    assert undocumented_params == []
    schemas = document["components"]["schemas"]
    # The error shape (message, errors) is core's, described once in docs/api.md.
    undocumented_fields = [
        f"{name}.{field}"
        for name in schemas_used(ours, schemas)
        for field, spec in schemas[name].get("properties", {}).items()
        if not spec.get("description") and field not in ("message", "errors")
    ]
    assert undocumented_fields == []


def schemas_used(node: Any, schemas: dict[str, Any], seen: set[str] | None = None) -> set[str]:
    """The names of the component schemas `node` refers to, directly or through others."""
    seen = set() if seen is None else seen
    if isinstance(node, dict):
        ref = node.get("$ref", "")
        if ref.startswith("#/components/schemas/"):
            name = ref.rsplit("/", 1)[1]
            if name not in seen:
                seen.add(name)
                schemas_used(schemas[name], schemas, seen)
        for value in node.values():
            schemas_used(value, schemas, seen)
    elif isinstance(node, list):
        for value in node:
            schemas_used(value, schemas, seen)
    return seen


# A person in both organisations acts only for the one the request acts for


@pytest.fixture
def buyer_also_in_seller(buyer: User, company: Organisation) -> User:
    """Bruno also belongs to the seller and, on the site, acts for it."""
    MembershipFactory(user=buyer, organisation=company, role=Role.OWNER)
    buyer.acting_organisation = company
    buyer.save(update_fields=["acting_organisation"])
    return buyer


def test_a_buyers_key_cannot_act_as_the_seller_whose_member_holds_it(
    buyer_also_in_seller: User, buyer_org: Organisation, order: Order, lot: Lot
) -> None:
    buyer_key = key_client(buyer_also_in_seller, buyer_org)

    for action in ("accept", "decline"):
        assert post(buyer_key, f"{API}/orders/{order.pk}/{action}").status_code == 400
    order.refresh_from_db()
    assert order.status == OrderStatus.PENDING

    cancelled = post(buyer_key, f"{API}/orders/{order.pk}/cancel")
    assert cancelled.status_code == 200
    assert cancelled.json()["events"][-1]["organisation"]["slug"] == "college-jean-moulin"


def test_a_buyers_key_writes_as_the_buyer_even_for_a_member_of_both(
    buyer_also_in_seller: User, buyer_org: Organisation, order: Order
) -> None:
    posted = key_client(buyer_also_in_seller, buyer_org).post(
        f"{API}/orders/{order.pk}/messages", {"body": "Bonjour"}, content_type="application/json"
    )

    assert posted.status_code == 201
    assert posted.json()["organisation"]["slug"] == "college-jean-moulin"
    assert posted.json()["mine"] is True


def test_texts_longer_than_their_limit_are_refused_naming_them_and_nothing_is_saved(
    buyer_client: Client, seller_key: Client, lot: Lot, order: Order
) -> None:
    long_address = place(buyer_client, lot, 1, fulfilment="delivery", delivery_address="x" * 301)
    long_note = place(buyer_client, lot, 1, note="x" * 2001)
    long_reason = seller_key.post(
        f"{API}/orders/{order.pk}/decline", {"reason": "x" * 501}, content_type="application/json"
    )

    assert list(errors_of(long_address)) == ["delivery_address"]
    assert list(errors_of(long_note)) == ["note"]
    assert list(errors_of(long_reason)) == ["reason"]
    assert Order.objects.count() == 1
    order.refresh_from_db()
    assert order.status == OrderStatus.PENDING


def test_a_pickup_slot_without_a_time_zone_is_read_as_french_time(
    buyer_client: Client, seller_key: Client, lot: Lot
) -> None:
    year = timezone.localdate().year + 1
    placed = place(buyer_client, lot, 1, pickup_at=f"{year}-03-02T10:00:00")
    assert placed.status_code == 201, placed.content
    order_id = placed.json()["id"]

    accepted = seller_key.post(
        f"{API}/orders/{order_id}/accept",
        {"pickup_at": f"{year}-03-03T14:30"},
        content_type="application/json",
    )

    assert accepted.status_code == 200, accepted.content
    slot = Order.objects.get(pk=order_id).pickup_at
    assert slot is not None
    assert timezone.localtime(slot).strftime("%Y-%m-%d %H:%M") == f"{year}-03-03 14:30"


def test_a_page_number_beyond_any_list_is_refused_not_a_server_error(
    seller_key: Client, lot: Lot
) -> None:
    for url in (f"{API}/orders", f"{API}/my/lots", f"{API}/bookings"):
        response = seller_key.get(url, {"page": str(2**40)})
        assert response.status_code == 422, url
        assert list(errors_of(response)) == ["page"]
    assert seller_key.get(f"{API}/my/lots", {"page": "1000000"}).json()["items"] == []


def test_patch_refuses_a_null_quantity_naming_it(seller_key: Client, lot: Lot) -> None:
    response = seller_key.patch(
        f"{API}/lots/{lot.pk}", {"quantity": None}, content_type="application/json"
    )

    assert response.status_code == 400
    assert list(errors_of(response)) == ["quantity"]
    lot.refresh_from_db()
    assert (lot.quantity, lot.quantity_available) == (10, 10)


def test_a_draft_turned_into_a_hire_offer_loses_its_sale_price_as_a_new_one_would(
    seller_key: Client, draft_lot: Lot
) -> None:
    response = seller_key.patch(
        f"{API}/lots/{draft_lot.pk}",
        {"offer_type": "hire", "hire_price_per_day": "30.00"},
        content_type="application/json",
    )

    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["offer_type"], body["unit_price"], body["is_free"]) == ("hire", None, False)
    draft_lot.refresh_from_db()
    assert draft_lot.unit_price is None
