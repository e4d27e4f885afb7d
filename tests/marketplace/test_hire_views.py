"""The hire pages: booking on the calendar, the bookings lists and a booking's actions."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from boucle.accounts.models import Organisation, Site, User
from boucle.marketplace.models import BookingStatus, HireBooking, HireDay, Lot
from boucle.marketplace.services.hire import booking_accept, booking_request
from boucle.marketplace.services.lots import lot_create
from tests.conftest import client_for
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.marketplace.conftest import verify
from tests.marketplace.test_hire import MONDAY, book, hire_values, make_hire_lot

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


@pytest.fixture
def hire_lot(owner: User, seller_site: Site) -> Lot:
    return make_hire_lot(owner, seller_site)


@pytest.fixture
def buyer_client(buyer: User) -> Client:
    return client_for(buyer)


def book_url(lot: Lot) -> str:
    return f"/marketplace/lots/{lot.pk}/book/"


# Booking page


def test_the_booking_page_shows_the_terms_and_the_taken_days(
    buyer_client: Client, buyer: User, hire_lot: Lot
) -> None:
    book(buyer, hire_lot, MONDAY, MONDAY + timedelta(days=1))

    response = buyer_client.get(f"{book_url(hire_lot)}?month={MONDAY:%Y-%m}")

    assert response.status_code == 200
    page = response.content.decode()
    assert "Nettoyeur haute pression" in page
    assert "40.00 € excl. VAT" in page
    assert "180.00 € excl. VAT" in page
    assert f'class="taken" data-day="{MONDAY:%Y-%m-%d}"' in page
    assert f'class="free" data-day="{MONDAY + timedelta(days=2):%Y-%m-%d}"' in page
    assert 'for="id_start_date"' in page  # labelled fields


def test_the_calendar_moves_month_by_month_with_htmx(
    client: Client, buyer: User, hire_lot: Lot
) -> None:
    later = MONDAY + timedelta(days=62)
    book(buyer, hire_lot, later, later)

    response = client.get(
        f"/marketplace/lots/{hire_lot.pk}/calendar/?month={later:%Y-%m}", headers=HTMX
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert page.lstrip().startswith('<div id="hire-calendar"')  # the partial alone
    assert f'class="taken" data-day="{later:%Y-%m-%d}"' in page


def test_without_htmx_the_calendar_link_opens_the_booking_page_at_that_month(
    client: Client, hire_lot: Lot
) -> None:
    response = client.get(f"/marketplace/lots/{hire_lot.pk}/calendar/?month=2030-01")
    assert response.status_code == 302
    assert response["Location"].startswith(f"{book_url(hire_lot)}?month=2030-01")


def test_a_month_that_is_not_one_keeps_the_calendar_link_on_the_booking_page(
    client: Client, hire_lot: Lot
) -> None:
    # Whatever the query string holds, it stays a value of `month`: no header broken, no
    # parameter or fragment added to the booking page's address.
    response = client.get(
        f"/marketplace/lots/{hire_lot.pk}/calendar/", {"month": "2030-01&start_date=x\r\nX: y#z"}
    )
    assert response.status_code == 302
    assert response["Location"] == (
        f"{book_url(hire_lot)}?month=2030-01%26start_date%3Dx%0D%0AX%3A+y%23z#hire-calendar"
    )


def test_the_price_is_shown_as_the_dates_are_typed(buyer_client: Client, hire_lot: Lot) -> None:
    end = MONDAY + timedelta(days=9)
    response = buyer_client.get(
        f"{book_url(hire_lot)}?start_date={MONDAY:%Y-%m-%d}&end_date={end:%Y-%m-%d}",
        headers=HTMX,
    )
    assert response.status_code == 200
    assert "10 days: 300.00 € excl. VAT (360.00 € incl. VAT), deposit 300.00 €" in (
        response.content.decode()
    )


def test_a_booking_request_is_sent_and_leads_to_the_booking(
    buyer_client: Client, buyer_org: Organisation, hire_lot: Lot
) -> None:
    response = buyer_client.post(
        book_url(hire_lot),
        {
            "start_date": f"{MONDAY:%Y-%m-%d}",
            "end_date": f"{MONDAY + timedelta(days=6):%Y-%m-%d}",
            "note": "Pour le chantier",
        },
    )
    booking = HireBooking.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/o/college-jean-moulin/bookings/{booking.pk}/"
    assert booking.renter == buyer_org
    assert booking.price == Decimal("180.00")
    assert booking.note == "Pour le chantier"
    assert HireDay.objects.count() == 7


def test_taken_days_are_named_beside_the_field_and_the_input_is_kept(
    buyer_client: Client, far_buyer: User, far_buyer_org: Organisation, hire_lot: Lot
) -> None:
    taken = MONDAY + timedelta(days=1)
    booking_request(
        actor=far_buyer, renter=far_buyer_org, lot=hire_lot, start_date=taken, end_date=taken
    )
    end = MONDAY + timedelta(days=2)
    response = buyer_client.post(
        book_url(hire_lot),
        {"start_date": f"{MONDAY:%Y-%m-%d}", "end_date": f"{end:%Y-%m-%d}", "note": "Urgent"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "This day is already booked" in page
    assert f'value="{end:%Y-%m-%d}"' in page
    assert "Urgent" in page
    assert 'aria-invalid="true"' in page
    # The calendar opens at the month of the dates typed, showing the day at stake, and the
    # price of the dates typed stays in view.
    assert f"<caption>{MONDAY:%B %Y}</caption>" in page
    assert f'class="taken" data-day="{taken:%Y-%m-%d}"' in page
    assert "3 days: 120.00 € excl. VAT" in page
    assert HireBooking.objects.count() == 1


def test_show_the_price_without_a_script_sends_nothing(buyer_client: Client, hire_lot: Lot) -> None:
    end = MONDAY + timedelta(days=2)
    response = buyer_client.post(
        book_url(hire_lot),
        {"start_date": f"{MONDAY:%Y-%m-%d}", "end_date": f"{end:%Y-%m-%d}", "quote": "1"},
    )
    assert response.status_code == 200
    assert "3 days: 120.00 € excl. VAT (144.00 € incl. VAT)" in response.content.decode()
    assert not HireBooking.objects.exists()


def test_the_owner_is_not_offered_to_book_its_own_equipment(
    owner_client: Client, hire_lot: Lot
) -> None:
    response = owner_client.get(book_url(hire_lot))
    assert "you cannot book it" in response.content.decode()
    response = owner_client.post(
        book_url(hire_lot), {"start_date": f"{MONDAY:%Y-%m-%d}", "end_date": f"{MONDAY:%Y-%m-%d}"}
    )
    assert not HireBooking.objects.exists()


def test_a_sale_lot_or_a_draft_has_no_booking_page(
    buyer_client: Client, lot: Lot, owner: User, seller_site: Site
) -> None:
    draft = lot_create(actor=owner, site=seller_site, **hire_values())
    assert buyer_client.get(book_url(lot)).status_code == 404
    assert buyer_client.get(book_url(draft)).status_code == 404
    assert buyer_client.get(f"/marketplace/lots/{draft.pk}/calendar/").status_code == 404


def test_booking_needs_a_login(client: Client, hire_lot: Lot) -> None:
    response = client.get(book_url(hire_lot))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


# Lists and details


def _book_by_other_renters(lot: Lot, numbers: range) -> None:
    for n in numbers:
        org = verify(OrganisationFactory(name=f"Atelier {n}", slug=f"atelier-{n}"))
        user = UserFactory(email=f"renter{n}@atelier.example")
        MembershipFactory(user=user, organisation=org)
        day = MONDAY + timedelta(days=2 * n)
        booking_request(actor=user, renter=org, lot=lot, start_date=day, end_date=day)


def test_the_owner_lists_the_bookings_of_its_equipment_in_constant_queries(
    owner_client: Client, hire_lot: Lot, django_assert_max_num_queries: Any
) -> None:
    _book_by_other_renters(hire_lot, range(2))
    with django_assert_max_num_queries(12) as few:
        owner_client.get("/o/recyclerie-du-rhone/bookings/?side=owner")
    _book_by_other_renters(hire_lot, range(2, 8))

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = owner_client.get("/o/recyclerie-du-rhone/bookings/?side=owner")

    page = response.content.decode()
    assert page.count("Nettoyeur haute pression") == 8
    assert "Atelier 7" in page


def test_the_renter_lists_its_hires(buyer_client: Client, buyer: User, hire_lot: Lot) -> None:
    book(buyer, hire_lot, MONDAY, MONDAY)
    response = buyer_client.get("/o/college-jean-moulin/bookings/?side=renter")
    page = response.content.decode()
    assert "Nettoyeur haute pression" in page
    assert "Recyclerie du Rhône" in page
    assert "Requested" in page


def test_an_outsider_sees_neither_the_list_nor_a_booking(
    outsider_client: Client, buyer: User, hire_lot: Lot
) -> None:
    booking = book(buyer, hire_lot, MONDAY, MONDAY)
    assert outsider_client.get("/o/recyclerie-du-rhone/bookings/").status_code == 404
    assert outsider_client.get(f"/o/recyclerie-du-rhone/bookings/{booking.pk}/").status_code == 404
    # Through its own organisation's pages: not a party, so 404 too.
    assert outsider_client.get(f"/o/autre-societe/bookings/{booking.pk}/").status_code == 404
    response = outsider_client.post(f"/o/autre-societe/bookings/{booking.pk}/cancel/")
    assert response.status_code == 404
    booking.refresh_from_db()
    assert booking.status == BookingStatus.REQUESTED


def test_the_owner_accepts_from_the_booking_page(
    owner_client: Client, buyer: User, hire_lot: Lot
) -> None:
    booking = book(buyer, hire_lot, MONDAY, MONDAY)
    url = f"/o/recyclerie-du-rhone/bookings/{booking.pk}/"
    page = owner_client.get(url).content.decode()
    assert "Accept the booking" in page
    assert "Decline the booking" in page

    response = owner_client.post(f"{url}accept/", follow=True)

    booking.refresh_from_db()
    assert booking.status == BookingStatus.ACCEPTED
    page = response.content.decode()
    assert "The booking is accepted" in page
    assert "Accept the booking" not in page
    assert "by Olivia Owner (Recyclerie du Rhône)" in page  # the history


def test_the_renter_cancels_with_a_reason(buyer_client: Client, buyer: User, hire_lot: Lot) -> None:
    booking = book(buyer, hire_lot, MONDAY, MONDAY)
    url = f"/o/college-jean-moulin/bookings/{booking.pk}/"
    assert "Accept the booking" not in buyer_client.get(url).content.decode()

    buyer_client.post(f"{url}cancel/", {"reason": "Chantier reporté"})

    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED
    assert booking.events.last().note == "Chantier reporté"  # type: ignore[union-attr]
    assert not HireDay.objects.exists()


def test_a_refused_action_is_explained_and_changes_nothing(
    buyer_client: Client, buyer: User, owner: User, hire_lot: Lot
) -> None:
    booking = booking_accept(actor=owner, booking=book(buyer, hire_lot, MONDAY, MONDAY))
    url = f"/o/college-jean-moulin/bookings/{booking.pk}/"

    response = buyer_client.post(f"{url}accept/", follow=True)

    assert "Only the equipment&#x27;s owner may do this." in response.content.decode()
    assert buyer_client.post(f"{url}explode/").status_code == 404
    booking.refresh_from_db()
    assert booking.status == BookingStatus.ACCEPTED


def test_a_reason_too_long_is_refused_rather_than_dropped(
    owner_client: Client, buyer: User, hire_lot: Lot
) -> None:
    booking = book(buyer, hire_lot, MONDAY, MONDAY)
    url = f"/o/recyclerie-du-rhone/bookings/{booking.pk}/"

    response = owner_client.post(f"{url}decline/", {"reason": "x" * 2001}, follow=True)

    booking.refresh_from_db()
    assert booking.status == BookingStatus.REQUESTED
    assert "at most 2000 characters" in response.content.decode()
