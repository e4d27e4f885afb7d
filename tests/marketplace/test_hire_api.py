"""The hire endpoints of the API, called over HTTP with an API key or a session."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from openapi_spec_validator import validate

from boucle.accounts import services as account_services
from boucle.accounts.models import Organisation, Role, Site, User
from boucle.marketplace.models import BookingStatus, HireBooking, HireDay, Lot
from boucle.marketplace.services.hire import booking_accept, booking_request
from boucle.marketplace.services.lots import lot_create
from tests.conftest import client_for
from tests.factories import MembershipFactory
from tests.marketplace.test_hire import MONDAY, TODAY, book, hire_values, make_hire_lot

pytestmark = pytest.mark.django_db

API = "/api/v1/marketplace"


@pytest.fixture
def hire_lot(owner: User, seller_site: Site) -> Lot:
    return make_hire_lot(owner, seller_site)


def key_client(user: User, organisation: Organisation) -> Client:
    _key, secret = account_services.apikey_create(user=user, organisation=organisation, name="ERP")
    return Client(headers={"authorization": f"Bearer {secret}"})


@pytest.fixture
def buyer_api(buyer: User, buyer_org: Organisation) -> Client:
    return key_client(buyer, buyer_org)


@pytest.fixture
def owner_api(owner: User, company: Organisation) -> Client:
    return key_client(owner, company)


def post(client: Client, url: str, body: dict[str, Any] | None = None) -> Any:
    """A POST as a program sends it: JSON, or an empty body when the action takes none."""
    if body is None:
        return client.post(url, content_type="application/json")
    return client.post(url, body, content_type="application/json")


def iso(day: Any) -> str:
    return day.isoformat()


# Calendar


def test_anyone_reads_the_taken_days_of_a_published_hire_lot(
    client: Client, buyer: User, hire_lot: Lot
) -> None:
    book(buyer, hire_lot, MONDAY, MONDAY + timedelta(days=1))
    until = MONDAY + timedelta(days=6)

    response = client.get(
        f"{API}/lots/{hire_lot.pk}/calendar", {"from": iso(MONDAY), "until": iso(until)}
    )

    assert response.status_code == 200
    assert response.json() == {
        "lot_id": hire_lot.pk,
        "start_date": iso(MONDAY),
        "end_date": iso(until),
        "available_from": None,
        "available_until": iso(hire_lot.available_until),
        "taken_days": [iso(MONDAY), iso(MONDAY + timedelta(days=1))],
    }


def test_the_calendar_defaults_to_the_next_ninety_days(client: Client, hire_lot: Lot) -> None:
    body = client.get(f"{API}/lots/{hire_lot.pk}/calendar").json()
    assert body["start_date"] == iso(TODAY)
    assert body["end_date"] == iso(TODAY + timedelta(days=89))
    assert body["taken_days"] == []


def test_the_calendar_refuses_a_reversed_or_too_long_period(client: Client, hire_lot: Lot) -> None:
    url = f"{API}/lots/{hire_lot.pk}/calendar"
    reversed_ = client.get(url, {"from": iso(MONDAY), "until": iso(MONDAY - timedelta(days=1))})
    too_long = client.get(url, {"from": iso(MONDAY), "until": iso(MONDAY + timedelta(days=366))})
    assert reversed_.status_code == 400
    assert reversed_.json()["errors"] == {"until": ["`until` comes before `from`."]}
    assert too_long.status_code == 400
    assert client.get(url, {"from": "tomorrow"}).status_code == 422


def test_a_draft_or_a_sale_lot_has_no_public_calendar(
    client: Client, owner: User, seller_site: Site, lot: Lot
) -> None:
    draft = lot_create(actor=owner, site=seller_site, **hire_values())
    assert client.get(f"{API}/lots/{draft.pk}/calendar").status_code == 404
    assert client.get(f"{API}/lots/{lot.pk}/calendar").status_code == 404


# Booking


def test_a_renter_books_with_an_api_key(
    buyer_api: Client, buyer_org: Organisation, hire_lot: Lot
) -> None:
    response = buyer_api.post(
        f"{API}/lots/{hire_lot.pk}/bookings",
        {
            "start_date": iso(MONDAY),
            "end_date": iso(MONDAY + timedelta(days=9)),
            "note": "Pour le gymnase",
        },
        content_type="application/json",
    )

    assert response.status_code == 201
    booking = HireBooking.objects.get()
    assert response.json() == {
        "id": booking.pk,
        "lot_id": hire_lot.pk,
        "lot_title": "Nettoyeur haute pression",
        "owner": {"slug": "recyclerie-du-rhone", "name": "Recyclerie du Rhône"},
        "renter": {"slug": "college-jean-moulin", "name": "Collège Jean Moulin"},
        "start_date": iso(MONDAY),
        "end_date": iso(MONDAY + timedelta(days=9)),
        "days": 10,
        "status": "requested",
        "price": "300.00",
        "vat_rate": "20.0",
        "deposit": "300.00",
        "note": "Pour le gymnase",
        "created_at": response.json()["created_at"],
        "actions": ["cancel"],
    }
    assert booking.renter == buyer_org
    assert HireDay.objects.count() == 10


def test_taken_days_answer_409_with_the_days(
    buyer_api: Client, far_buyer: User, far_buyer_org: Organisation, hire_lot: Lot
) -> None:
    booking_request(
        actor=far_buyer,
        renter=far_buyer_org,
        lot=hire_lot,
        start_date=MONDAY + timedelta(days=2),
        end_date=MONDAY + timedelta(days=3),
    )

    response = buyer_api.post(
        f"{API}/lots/{hire_lot.pk}/bookings",
        {"start_date": iso(MONDAY), "end_date": iso(MONDAY + timedelta(days=4))},
        content_type="application/json",
    )

    assert response.status_code == 409
    body = response.json()
    assert body["taken_days"] == [iso(MONDAY + timedelta(days=2)), iso(MONDAY + timedelta(days=3))]
    assert body["message"].startswith("These days are already booked:")
    assert body["errors"] == {"start_date": [body["message"]]}
    assert HireBooking.objects.count() == 1


def test_bad_dates_answer_400_naming_the_field_and_save_nothing(
    buyer_api: Client, hire_lot: Lot
) -> None:
    response = buyer_api.post(
        f"{API}/lots/{hire_lot.pk}/bookings",
        {"start_date": iso(MONDAY), "end_date": iso(MONDAY - timedelta(days=1))},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["end_date"]
    assert not HireBooking.objects.exists()


def test_booking_needs_credentials(client: Client, hire_lot: Lot) -> None:
    response = client.post(
        f"{API}/lots/{hire_lot.pk}/bookings",
        {"start_date": iso(MONDAY), "end_date": iso(MONDAY)},
        content_type="application/json",
    )
    assert response.status_code == 401
    assert not HireBooking.objects.exists()


# Listing and steps


def test_each_side_lists_its_bookings_in_constant_queries(
    buyer: User,
    owner_api: Client,
    hire_lot: Lot,
    far_buyer: User,
    far_buyer_org: Organisation,
    django_assert_max_num_queries: Any,
) -> None:
    book(buyer, hire_lot, MONDAY, MONDAY)
    with django_assert_max_num_queries(20) as few:
        owner_api.get(f"{API}/bookings")
    for n in range(1, 6):
        day = MONDAY + timedelta(days=n)
        booking_request(
            actor=far_buyer, renter=far_buyer_org, lot=hire_lot, start_date=day, end_date=day
        )

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = owner_api.get(f"{API}/bookings", {"side": "owner"})

    body = response.json()
    assert body["total"] == 6
    assert [item["start_date"] for item in body["items"]][:2] == [
        iso(MONDAY + timedelta(days=5)),
        iso(MONDAY + timedelta(days=4)),
    ]
    assert {item["renter"]["slug"] for item in body["items"]} == {
        "college-jean-moulin",
        "vieux-port",
    }
    assert body["items"][0]["actions"] == ["accept", "decline"]
    renter_side = owner_api.get(f"{API}/bookings", {"side": "renter"}).json()
    assert renter_side["total"] == 0


def test_the_owner_accepts_through_the_api(buyer: User, owner_api: Client, hire_lot: Lot) -> None:
    booking = book(buyer, hire_lot, MONDAY, MONDAY)

    response = post(owner_api, f"{API}/bookings/{booking.pk}/accept")

    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "accepted"
    assert response.json()["actions"] == ["cancel"]
    booking.refresh_from_db()
    assert booking.status == BookingStatus.ACCEPTED


def test_the_owner_declines_with_a_reason_and_the_days_are_free(
    buyer: User, owner_api: Client, hire_lot: Lot
) -> None:
    booking = book(buyer, hire_lot, MONDAY, MONDAY + timedelta(days=2))
    response = owner_api.post(
        f"{API}/bookings/{booking.pk}/decline",
        {"reason": "En révision"},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["status"] == "declined"
    assert booking.events.last().note == "En révision"  # type: ignore[union-attr]
    assert not HireDay.objects.exists()


def test_a_renter_cancels_through_its_session(buyer: User, hire_lot: Lot, owner: User) -> None:
    booking = booking_accept(actor=owner, booking=book(buyer, hire_lot, MONDAY, MONDAY))
    response = post(client_for(buyer), f"{API}/bookings/{booking.pk}/cancel")
    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"


def test_a_step_in_the_wrong_status_answers_409(
    buyer: User, owner_api: Client, owner: User, hire_lot: Lot
) -> None:
    booking = booking_accept(actor=owner, booking=book(buyer, hire_lot, MONDAY, MONDAY))
    response = post(owner_api, f"{API}/bookings/{booking.pk}/accept")
    assert response.status_code == 409
    assert response.json()["message"] == "This booking is accepted: that cannot be done any more."
    response = post(owner_api, f"{API}/bookings/{booking.pk}/return")
    assert response.status_code == 409


def test_the_renter_may_not_accept_its_own_request(
    buyer: User, buyer_api: Client, hire_lot: Lot
) -> None:
    booking = book(buyer, hire_lot, MONDAY, MONDAY)
    response = post(buyer_api, f"{API}/bookings/{booking.pk}/accept")
    assert response.status_code == 400
    booking.refresh_from_db()
    assert booking.status == BookingStatus.REQUESTED


def test_an_outsider_gets_404(
    buyer: User, outsider: User, other_company: Organisation, hire_lot: Lot
) -> None:
    booking = book(buyer, hire_lot, MONDAY, MONDAY)
    api = key_client(outsider, other_company)
    assert api.get(f"{API}/bookings/{booking.pk}").status_code == 404
    assert post(api, f"{API}/bookings/{booking.pk}/cancel").status_code == 404
    assert api.get(f"{API}/bookings").json()["total"] == 0
    booking.refresh_from_db()
    assert booking.status == BookingStatus.REQUESTED


def test_the_openapi_document_describes_the_hire_fields(client: Client) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    validate(schema)
    assert f"{API}/lots/{{lot_id}}/calendar" in schema["paths"]
    components = schema["components"]["schemas"]
    assert "included" in components["BookingOut"]["properties"]["end_date"]["description"]
    assert "taken_days" in components["DaysTakenOut"]["properties"]
    # Named apart from the marketplace's other schemas: ninja files components by name alone.
    assert "reason" in components["BookingReasonIn"]["properties"]


def test_a_renters_key_cannot_answer_as_the_owner_whose_member_holds_it(
    buyer: User, buyer_api: Client, company: Organisation, hire_lot: Lot, owner: User
) -> None:
    # Bruno also belongs to the owner; his key is the college's.
    MembershipFactory(user=buyer, organisation=company, role=Role.OWNER)
    booking = book(buyer, hire_lot, MONDAY, MONDAY)

    for action in ("accept", "decline"):
        assert post(buyer_api, f"{API}/bookings/{booking.pk}/{action}").status_code == 400
    booking.refresh_from_db()
    assert booking.status == BookingStatus.REQUESTED

    booking_accept(actor=owner, booking=booking)
    cancelled = post(buyer_api, f"{API}/bookings/{booking.pk}/cancel")
    assert cancelled.status_code == 200
    last = booking.events.order_by("id").last()
    assert last is not None
    assert last.organisation == booking.renter
