"""Hire of equipment: prices, bookings that never overlap, and each side's transitions.

Olivia (`owner`) hires out a pressure washer from the Recyclerie's site in Lyon; Bruno
(`buyer`) books it for the Collège Jean Moulin.
"""

from __future__ import annotations

import sqlite3
import threading
from contextlib import closing
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from boucle.accounts.models import Organisation, Site, User, VerificationStatus
from boucle.core.errors import ConflictError, ServiceError
from boucle.marketplace.models import (
    BookingStatus,
    HireBooking,
    HireBookingEvent,
    HireDay,
    Lot,
)
from boucle.marketplace.services import hire as hire_services
from boucle.marketplace.services.hire import (
    DaysTakenError,
    booked_days,
    booking_accept,
    booking_actions,
    booking_cancel,
    booking_decline,
    booking_mark_returned,
    booking_request,
    hire_price,
)
from boucle.marketplace.services.lots import lot_create, lot_publish, lot_withdraw
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.marketplace.conftest import lot_values, verify

TODAY = timezone.localdate()


def _monday() -> date:
    """A Monday two weeks ahead or more (so "before the start" holds and weeks line up)
    whose week lies within one month (so one month of the calendar shows it whole)."""
    day = TODAY + timedelta(days=14 - TODAY.weekday())
    while (day + timedelta(days=6)).month != day.month:
        day += timedelta(days=7)
    return day


MONDAY = _monday()


def hire_values(**overrides: Any) -> dict[str, Any]:
    values = lot_values(
        offer_type="hire",
        title="Nettoyeur haute pression",
        category="industrial",
        quantity=1,
        unit_price=None,
        hire_price_per_day=Decimal("40.00"),
        hire_price_per_week=Decimal("180.00"),
        deposit=Decimal("300.00"),
        available_until=TODAY + timedelta(days=400),
    )
    values.update(overrides)
    return values


def make_hire_lot(owner: User, site: Site, **overrides: Any) -> Lot:
    return lot_publish(
        actor=owner, lot=lot_create(actor=owner, site=site, **hire_values(**overrides))
    )


@pytest.fixture
def hire_lot(owner: User, seller_site: Site) -> Lot:
    return make_hire_lot(owner, seller_site)


def book(buyer: User, lot: Lot, start: date, end: date, **kwargs: Any) -> HireBooking:
    return booking_request(
        actor=buyer,
        renter=buyer.acting_organisation,  # type: ignore[arg-type]
        lot=lot,
        start_date=start,
        end_date=end,
        **kwargs,
    )


def test_the_e_mail_subject_reads_the_title_as_typed_on_one_line(
    owner: User, buyer: User, seller_site: Site, django_capture_on_commit_callbacks: Any
) -> None:
    lot = make_hire_lot(owner, seller_site, title="Nettoyeur d'atelier & buse")
    # A title sent with a line break (the API keeps inner ones) must not break the header.
    Lot.objects.filter(pk=lot.pk).update(title="Nettoyeur d'atelier\n& buse")
    lot.refresh_from_db()

    with django_capture_on_commit_callbacks(execute=True):
        book(buyer, lot, MONDAY, MONDAY)

    [sent] = mail.outbox
    assert sent.subject == "Hire request for Nettoyeur d'atelier & buse"


def travel_to(monkeypatch: pytest.MonkeyPatch, day: date) -> None:
    """Makes `day` today for the services (they read the clock through timezone.localdate)."""
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)


def days(start: date, count: int) -> set[date]:
    return {start + timedelta(days=n) for n in range(count)}


# Prices


@pytest.mark.parametrize(
    ("per_day", "per_week", "length", "expected"),
    [
        ("40.00", "180.00", 1, "40.00"),
        ("40.00", "180.00", 7, "180.00"),
        ("40.00", "180.00", 10, "300.00"),  # a week and three days
        ("40.00", "180.00", 14, "360.00"),
        ("40.00", None, 10, "400.00"),
        (None, "100.00", 7, "100.00"),
        (None, "100.00", 3, "42.87"),  # 100 / 7 = 14.29 a day
        (None, "100.00", 9, "128.58"),
    ],
)
def test_the_price_counts_whole_weeks_at_the_week_price_and_the_rest_by_the_day(
    hire_lot: Lot, per_day: str | None, per_week: str | None, length: int, expected: str
) -> None:
    hire_lot.hire_price_per_day = Decimal(per_day) if per_day else None
    hire_lot.hire_price_per_week = Decimal(per_week) if per_week else None
    price = hire_price(hire_lot, MONDAY, MONDAY + timedelta(days=length - 1))
    assert price == Decimal(expected)
    assert isinstance(price, Decimal)


# Requesting


def test_a_request_holds_its_days_and_tells_the_owner(
    buyer: User,
    buyer_org: Organisation,
    hire_lot: Lot,
    owner: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        booking = book(buyer, hire_lot, MONDAY, MONDAY + timedelta(days=9), note="Pour le gymnase")

    assert booking.status == BookingStatus.REQUESTED
    assert booking.renter == buyer_org
    assert booking.price == Decimal("300.00")
    assert booking.deposit == Decimal("300.00")
    assert booking.vat_rate == "20.0"
    assert booked_days(hire_lot, MONDAY - timedelta(days=5), MONDAY + timedelta(days=30)) == days(
        MONDAY, 10
    )
    assert [(e.from_status, e.to_status, e.actor) for e in booking.events.all()] == [
        ("", "requested", buyer)
    ]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [owner.email]
    assert "Nettoyeur haute pression" in mail.outbox[0].subject
    assert "Pour le gymnase" in mail.outbox[0].body
    assert f"/o/recyclerie-du-rhone/bookings/{booking.pk}/" in mail.outbox[0].body


def test_an_overlapping_request_is_refused_naming_the_taken_days(
    buyer: User, far_buyer: User, far_buyer_org: Organisation, hire_lot: Lot
) -> None:
    book(buyer, hire_lot, MONDAY, MONDAY + timedelta(days=2))

    with pytest.raises(DaysTakenError) as caught:
        booking_request(
            actor=far_buyer,
            renter=far_buyer_org,
            lot=hire_lot,
            start_date=MONDAY + timedelta(days=1),
            end_date=MONDAY + timedelta(days=5),
        )

    assert caught.value.days == [MONDAY + timedelta(days=1), MONDAY + timedelta(days=2)]
    assert f"{(MONDAY + timedelta(days=2)).day}" in caught.value.message
    assert isinstance(caught.value, ConflictError)
    assert HireBooking.objects.count() == 1
    assert HireDay.objects.count() == 3


def test_adjacent_bookings_share_no_day_and_both_pass(
    buyer: User, far_buyer: User, far_buyer_org: Organisation, hire_lot: Lot
) -> None:
    book(buyer, hire_lot, MONDAY, MONDAY + timedelta(days=2))
    booking_request(
        actor=far_buyer,
        renter=far_buyer_org,
        lot=hire_lot,
        start_date=MONDAY + timedelta(days=3),
        end_date=MONDAY + timedelta(days=3),
    )
    assert HireDay.objects.count() == 4


@pytest.mark.parametrize(
    ("start", "end", "field"),
    [
        (TODAY - timedelta(days=1), TODAY + timedelta(days=2), "start_date"),
        (MONDAY + timedelta(days=3), MONDAY, "end_date"),
        (MONDAY, MONDAY + timedelta(days=365), "end_date"),  # 366 days
    ],
)
def test_bad_dates_are_refused_and_nothing_is_saved(
    buyer: User, hire_lot: Lot, start: date, end: date, field: str
) -> None:
    with pytest.raises(ServiceError) as caught:
        book(buyer, hire_lot, start, end)
    assert caught.value.field == field
    assert not HireBooking.objects.exists()
    assert not HireDay.objects.exists()


def test_a_whole_year_is_the_longest_booking(buyer: User, owner: User, seller_site: Site) -> None:
    lot = make_hire_lot(owner, seller_site, available_until=TODAY + timedelta(days=800))
    booking = book(buyer, lot, MONDAY, MONDAY + timedelta(days=364))
    assert booking.days == 365


def test_dates_outside_the_availability_are_refused(
    buyer: User, owner: User, seller_site: Site
) -> None:
    lot = make_hire_lot(
        owner,
        seller_site,
        available_from=MONDAY,
        available_until=MONDAY + timedelta(days=20),
    )
    with pytest.raises(ServiceError) as caught:
        book(buyer, lot, MONDAY - timedelta(days=1), MONDAY + timedelta(days=2))
    assert caught.value.field == "start_date"
    with pytest.raises(ServiceError) as caught:
        book(buyer, lot, MONDAY + timedelta(days=18), MONDAY + timedelta(days=21))
    assert caught.value.field == "end_date"
    assert not HireBooking.objects.exists()


def test_the_owner_cannot_book_its_own_equipment(
    owner: User, company: Organisation, hire_lot: Lot
) -> None:
    with pytest.raises(ServiceError, match="your own equipment"):
        booking_request(
            actor=owner, renter=company, lot=hire_lot, start_date=MONDAY, end_date=MONDAY
        )
    assert not HireBooking.objects.exists()


def test_an_unverified_renter_cannot_book(
    buyer: User, buyer_org: Organisation, hire_lot: Lot
) -> None:
    buyer_org.verification_status = VerificationStatus.PENDING
    buyer_org.save(update_fields=["verification_status"])
    with pytest.raises(ServiceError, match="not verified"):
        book(buyer, hire_lot, MONDAY, MONDAY)
    assert not HireBooking.objects.exists()


def test_one_cannot_book_for_an_organisation_one_does_not_belong_to(
    outsider: User, buyer_org: Organisation, hire_lot: Lot
) -> None:
    with pytest.raises(ServiceError, match="not a member"):
        booking_request(
            actor=outsider, renter=buyer_org, lot=hire_lot, start_date=MONDAY, end_date=MONDAY
        )
    assert not HireBooking.objects.exists()


def test_a_sale_lot_cannot_be_booked(buyer: User, lot: Lot) -> None:
    with pytest.raises(ServiceError, match="not for hire"):
        book(buyer, lot, MONDAY, MONDAY)
    assert not HireBooking.objects.exists()


def test_a_withdrawn_lot_cannot_be_booked(buyer: User, owner: User, hire_lot: Lot) -> None:
    lot_withdraw(actor=owner, lot=hire_lot)
    with pytest.raises(ConflictError, match="not offered for hire"):
        book(buyer, hire_lot, MONDAY, MONDAY)
    assert not HireBooking.objects.exists()


# Transitions


def test_the_owner_accepts_and_the_renter_is_told(
    buyer: User, member: User, hire_lot: Lot, django_capture_on_commit_callbacks: Any
) -> None:
    booking = book(buyer, hire_lot, MONDAY, MONDAY + timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        booking = booking_accept(actor=member, booking=booking)
    assert booking.status == BookingStatus.ACCEPTED
    assert HireDay.objects.filter(booking=booking).count() == 2
    assert [e.to_status for e in booking.events.all()] == ["requested", "accepted"]
    assert mail.outbox[-1].to == [buyer.email]
    assert "confirmed" in mail.outbox[-1].subject
    assert f"/o/college-jean-moulin/bookings/{booking.pk}/" in mail.outbox[-1].body


def test_the_renter_cannot_accept_its_own_request(buyer: User, hire_lot: Lot) -> None:
    booking = book(buyer, hire_lot, MONDAY, MONDAY)
    with pytest.raises(ServiceError, match="owner"):
        booking_accept(actor=buyer, booking=booking)
    booking.refresh_from_db()
    assert booking.status == BookingStatus.REQUESTED


def test_declining_frees_the_days_for_someone_else(
    buyer: User,
    owner: User,
    far_buyer: User,
    far_buyer_org: Organisation,
    hire_lot: Lot,
    django_capture_on_commit_callbacks: Any,
) -> None:
    booking = book(buyer, hire_lot, MONDAY, MONDAY + timedelta(days=4))
    with django_capture_on_commit_callbacks(execute=True):
        booking_decline(actor=owner, booking=booking, reason="En révision ce mois-ci")
    booking.refresh_from_db()
    assert booking.status == BookingStatus.DECLINED
    assert not booked_days(hire_lot, MONDAY, MONDAY + timedelta(days=4))
    assert "En révision ce mois-ci" in mail.outbox[-1].body
    assert mail.outbox[-1].to == [buyer.email]

    other = booking_request(
        actor=far_buyer, renter=far_buyer_org, lot=hire_lot, start_date=MONDAY, end_date=MONDAY
    )
    assert other.status == BookingStatus.REQUESTED


def test_a_declined_booking_cannot_be_accepted(buyer: User, owner: User, hire_lot: Lot) -> None:
    booking = book(buyer, hire_lot, MONDAY, MONDAY)
    booking_decline(actor=owner, booking=booking)
    with pytest.raises(ConflictError, match="declined"):
        booking_accept(actor=owner, booking=booking)
    assert HireBookingEvent.objects.filter(booking=booking).count() == 2


@pytest.mark.parametrize("side", ["renter", "owner"])
def test_either_side_cancels_before_the_start_and_the_other_is_told(
    buyer: User,
    owner: User,
    hire_lot: Lot,
    side: str,
    django_capture_on_commit_callbacks: Any,
) -> None:
    booking = booking_accept(actor=owner, booking=book(buyer, hire_lot, MONDAY, MONDAY))
    actor, told = (buyer, owner) if side == "renter" else (owner, buyer)
    with django_capture_on_commit_callbacks(execute=True):
        booking_cancel(actor=actor, booking=booking)
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED
    assert not HireDay.objects.exists()
    assert mail.outbox[-1].to == [told.email]
    assert "cancelled" in mail.outbox[-1].subject


def test_the_owner_declines_a_request_rather_than_cancelling_it(
    buyer: User, owner: User, hire_lot: Lot
) -> None:
    booking = book(buyer, hire_lot, MONDAY, MONDAY)
    with pytest.raises(ConflictError, match="decline it instead"):
        booking_cancel(actor=owner, booking=booking)
    booking.refresh_from_db()
    assert booking.status == BookingStatus.REQUESTED


def test_the_renter_withdraws_its_request(buyer: User, hire_lot: Lot) -> None:
    booking = booking_cancel(actor=buyer, booking=book(buyer, hire_lot, MONDAY, MONDAY))
    assert booking.status == BookingStatus.CANCELLED
    assert not HireDay.objects.exists()


def test_nobody_cancels_once_the_hire_has_started(
    buyer: User, owner: User, hire_lot: Lot, monkeypatch: pytest.MonkeyPatch
) -> None:
    booking = booking_accept(actor=owner, booking=book(buyer, hire_lot, MONDAY, MONDAY))
    travel_to(monkeypatch, MONDAY)
    with pytest.raises(ConflictError, match="started"):
        booking_cancel(actor=buyer, booking=booking)
    assert HireDay.objects.count() == 1


def test_an_outsider_cannot_cancel(buyer: User, outsider: User, hire_lot: Lot) -> None:
    booking = book(buyer, hire_lot, MONDAY, MONDAY)
    with pytest.raises(ServiceError):
        booking_cancel(actor=outsider, booking=booking)
    booking.refresh_from_db()
    assert booking.status == BookingStatus.REQUESTED


def test_an_early_return_frees_the_days_after_today_and_keeps_the_rest(
    buyer: User,
    owner: User,
    hire_lot: Lot,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    booking = book(buyer, hire_lot, MONDAY, MONDAY + timedelta(days=6))
    booking_accept(actor=owner, booking=booking)
    travel_to(monkeypatch, MONDAY + timedelta(days=2))
    with django_capture_on_commit_callbacks(execute=True):
        booking = booking_mark_returned(actor=owner, booking=booking)
    assert booking.status == BookingStatus.RETURNED
    assert booked_days(hire_lot, MONDAY, MONDAY + timedelta(days=6)) == days(MONDAY, 3)
    assert mail.outbox[-1].to == [buyer.email]


def test_equipment_cannot_be_returned_before_the_hire_starts(
    buyer: User, owner: User, hire_lot: Lot
) -> None:
    booking = booking_accept(actor=owner, booking=book(buyer, hire_lot, MONDAY, MONDAY))
    with pytest.raises(ConflictError, match="not started"):
        booking_mark_returned(actor=owner, booking=booking)
    booking.refresh_from_db()
    assert booking.status == BookingStatus.ACCEPTED


def test_a_requested_booking_cannot_be_marked_returned(
    buyer: User, owner: User, hire_lot: Lot, monkeypatch: pytest.MonkeyPatch
) -> None:
    booking = book(buyer, hire_lot, MONDAY, MONDAY)
    travel_to(monkeypatch, MONDAY)
    with pytest.raises(ConflictError):
        booking_mark_returned(actor=owner, booking=booking)


def test_each_side_is_offered_only_what_it_may_do(
    buyer: User,
    buyer_org: Organisation,
    owner: User,
    company: Organisation,
    hire_lot: Lot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    booking = book(buyer, hire_lot, MONDAY, MONDAY)
    assert booking_actions(booking, company) == ["accept", "decline"]
    assert booking_actions(booking, buyer_org) == ["cancel"]
    booking = booking_accept(actor=owner, booking=booking)
    assert booking_actions(booking, company) == ["cancel"]
    assert booking_actions(booking, buyer_org) == ["cancel"]
    travel_to(monkeypatch, MONDAY)
    assert booking_actions(booking, company) == ["return"]
    assert booking_actions(booking, buyer_org) == []


# Concurrency


def _race(
    lot: Lot, renters: list[tuple[User, Organisation]], periods: list[tuple[date, date]]
) -> tuple[list[HireBooking], list[BaseException]]:
    """Books every period at once, one thread each; answers the winners and the errors."""
    barrier = threading.Barrier(len(renters))
    won: list[HireBooking] = []
    failed: list[BaseException] = []

    def attempt(actor: User, renter: Organisation, start: date, end: date) -> None:
        try:
            barrier.wait()
            won.append(
                booking_request(actor=actor, renter=renter, lot=lot, start_date=start, end_date=end)
            )
        except BaseException as exc:
            failed.append(exc)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=attempt, args=(actor, renter, start, end))
        for (actor, renter), (start, end) in zip(renters, periods, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return won, failed


def _renters(count: int) -> list[tuple[User, Organisation]]:
    renters = []
    for n in range(count):
        org = verify(OrganisationFactory(name=f"Atelier {n}", slug=f"atelier-{n}"))
        user = UserFactory(email=f"renter{n}@atelier.example")
        MembershipFactory(user=user, organisation=org)
        renters.append((user, org))
    return renters


@pytest.mark.django_db(transaction=True)
def test_of_many_concurrent_overlapping_requests_exactly_one_wins(
    owner: User, seller_site: Site
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL, CI runs it")
    lot = make_hire_lot(owner, seller_site)
    count = 8
    # Every period holds MONDAY + 3, so any two overlap; they differ elsewhere, so a winner
    # is not simply the first to insert the very first day.
    periods = [
        (MONDAY + timedelta(days=n % 4), MONDAY + timedelta(days=3 + n % 3)) for n in range(count)
    ]

    won, failed = _race(lot, _renters(count), periods)

    assert len(won) == 1, failed
    assert len(failed) == count - 1
    assert all(isinstance(exc, DaysTakenError) for exc in failed), failed
    assert all(MONDAY + timedelta(days=3) in exc.days for exc in failed)  # type: ignore[attr-defined]
    assert HireBooking.objects.count() == 1
    assert booked_days(lot, MONDAY, MONDAY + timedelta(days=10)) == days(
        won[0].start_date, won[0].days
    )


@pytest.mark.django_db(transaction=True)
def test_on_sqlite_the_loser_of_a_race_is_told_the_days_are_taken_not_that_the_base_is_locked(
    owner: User, seller_site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite variant of the test above")
    lot = make_hire_lot(owner, seller_site)
    renters = _renters(2)
    # The test database lives in memory with a shared cache, whose table locks fail at once
    # ("database table is locked") instead of waiting: not what Boucle runs on. The race runs
    # on a copy in a file, with the settings' WAL journal, IMMEDIATE transactions and timeout.
    path = tmp_path / "race.sqlite3"
    copy = sqlite3.connect(path)
    connection.ensure_connection()
    connection.connection.backup(copy)
    copy.execute("PRAGMA journal_mode=WAL")
    copy.close()
    monkeypatch.setitem(connection.settings_dict, "NAME", str(path))

    one = timedelta(days=1)
    won, failed = _race(
        lot, renters, [(MONDAY, MONDAY + 2 * one), (MONDAY + one, MONDAY + 3 * one)]
    )

    assert len(won) == 1
    assert len(failed) == 1
    assert isinstance(failed[0], DaysTakenError), failed
    with closing(sqlite3.connect(path)) as check:
        assert check.execute("SELECT count(*) FROM marketplace_hirebooking").fetchone() == (1,)
        assert check.execute("SELECT count(*) FROM marketplace_hireday").fetchone() == (3,)


def test_a_request_that_loses_the_race_after_reading_the_calendar_is_told_the_taken_days(
    buyer: User,
    far_buyer: User,
    far_buyer_org: Organisation,
    hire_lot: Lot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The winner commits between the loser's read of the calendar and its insert: the
    unique constraint refuses the insert, and the loser still learns which days."""
    book(buyer, hire_lot, MONDAY, MONDAY + timedelta(days=2))
    real = hire_services.booked_days
    reads: list[int] = []

    def stale_then_real(*args: Any) -> set[date]:
        reads.append(1)
        return set() if len(reads) == 1 else real(*args)

    monkeypatch.setattr(hire_services, "booked_days", stale_then_real)
    with pytest.raises(DaysTakenError) as caught:
        booking_request(
            actor=far_buyer,
            renter=far_buyer_org,
            lot=hire_lot,
            start_date=MONDAY + timedelta(days=2),
            end_date=MONDAY + timedelta(days=4),
        )
    assert caught.value.days == [MONDAY + timedelta(days=2)]
    assert HireBooking.objects.count() == 1
    assert HireDay.objects.count() == 3
