"""Hire of equipment between professionals: bookings on a lot's availability calendar.

A booking holds its days by inserting one `HireDay` row per day; the unique (lot, day)
constraint makes two bookings of the same day impossible on every database, whatever the
concurrency. A request reads the calendar first to name the taken days, and when another
request wins the race between that read and the insert, the insert fails on the constraint
inside a savepoint and the person is told which days were taken meanwhile::

    booking = booking_request(actor=bruno, renter=college, lot=lot,
                              start_date=date(2026, 12, 7), end_date=date(2026, 12, 11))
    booking_accept(actor=olivia, booking=booking)

A requested or accepted booking holds its days; declining or cancelling releases them. A
returned booking keeps the days up to the day of the return, so the calendar still shows when
the equipment was out, and releases the days after it, so an early return frees the rest.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from boucle.accounts.models import Membership, Organisation, User
from boucle.accounts.services import organisation_require_verified
from boucle.core.errors import ConflictError, ServiceError
from boucle.marketplace.models import (
    BookingStatus,
    HireBooking,
    HireBookingEvent,
    HireDay,
    Lot,
    money,
)
from boucle.marketplace.services.lots import require_member

__all__ = [
    "MAX_BOOKING_DAYS",
    "DaysTakenError",
    "booked_days",
    "booking_accept",
    "booking_actions",
    "booking_cancel",
    "booking_decline",
    "booking_mark_returned",
    "booking_request",
    "hire_price",
]

# Longer hires are contracts to negotiate, not calendar bookings.
MAX_BOOKING_DAYS = 365

ACCEPT, DECLINE, CANCEL, RETURN = "accept", "decline", "cancel", "return"


class DaysTakenError(ConflictError):
    """Some of the days asked for are already booked; `days` lists them, in order."""

    def __init__(self, days: list[date]) -> None:
        self.days = sorted(days)
        shown = ", ".join(formats.date_format(day, "DATE_FORMAT") for day in self.days)
        message = ngettext(
            "This day is already booked: %(days)s. Choose other dates.",
            "These days are already booked: %(days)s. Choose other dates.",
            len(self.days),
        ) % {"days": shown}
        super().__init__(message, field="start_date")


def _days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=n) for n in range((end - start).days + 1)]


def hire_price(lot: Lot, start_date: date, end_date: date) -> Decimal:
    """The price excluding VAT of hiring `lot` from `start_date` to `end_date`, both included.

    Whole weeks at the week price when the lot has one, the remaining days at the day price;
    with only a week price, a day costs a seventh of it, rounded to the cent (so that the
    figure a person checks, days times the day rate, is the one charged).
    """
    days = (end_date - start_date).days + 1
    if days < 1:
        raise ServiceError(_("The end of the hire comes before its start."), field="end_date")
    per_day = lot.hire_price_per_day
    per_week = lot.hire_price_per_week
    if per_week is not None:
        weeks, rest = divmod(days, 7)
        day_rate = per_day if per_day is not None else money(per_week / 7)
        return money(per_week * weeks + day_rate * rest)
    if per_day is not None:
        return money(per_day * days)
    raise ServiceError(_("This lot has no hire price."))


def booked_days(lot: Lot, start: date, end: date) -> set[date]:
    """The days from `start` to `end` (both included) that bookings of `lot` hold."""
    return set(
        HireDay.objects.filter(lot=lot, day__gte=start, day__lte=end).values_list("day", flat=True)
    )


def _is_member(user: User, organisation_id: int) -> bool:
    return Membership.objects.filter(user=user, organisation_id=organisation_id).exists()


def booking_actions(booking: HireBooking, organisation: Organisation) -> list[str]:
    """What `organisation` (one side of the booking) may do with it now; pages show these.

    The services check the same rules, so a page never offers what would be refused.
    """
    today = timezone.localdate()
    is_owner = booking.lot.seller_id == organisation.pk
    is_renter = booking.renter_id == organisation.pk
    actions = []
    if is_owner and booking.status == BookingStatus.REQUESTED:
        actions += [ACCEPT, DECLINE]
    # The owner answers a request by declining it; cancelling is for an accepted booking.
    cancellable = (is_renter and booking.status == BookingStatus.REQUESTED) or (
        booking.status == BookingStatus.ACCEPTED and (is_owner or is_renter)
    )
    if cancellable and today < booking.start_date:
        actions.append(CANCEL)
    if is_owner and booking.status == BookingStatus.ACCEPTED and today >= booking.start_date:
        actions.append(RETURN)
    return actions


def _check_request(*, renter: Organisation, lot: Lot, start_date: date, end_date: date) -> None:
    today = timezone.localdate()
    if not lot.is_hire:
        raise ServiceError(_("This lot is offered for sale, not for hire."))
    if renter.pk == lot.seller_id:
        raise ServiceError(_("You cannot book your own equipment."))
    if not lot.is_open:
        raise ConflictError(_("This equipment is not offered for hire at the moment."))
    if start_date < today:
        raise ServiceError(_("The hire cannot start in the past."), field="start_date")
    if end_date < start_date:
        raise ServiceError(_("The end of the hire comes before its start."), field="end_date")
    days = (end_date - start_date).days + 1
    if days > MAX_BOOKING_DAYS:
        raise ServiceError(
            _("A booking lasts at most %(max)s days; this one lasts %(days)s.")
            % {"max": MAX_BOOKING_DAYS, "days": days},
            field="end_date",
        )
    if lot.available_from and start_date < lot.available_from:
        raise ServiceError(
            _("The equipment is available from %(date)s.")
            % {"date": formats.date_format(lot.available_from, "DATE_FORMAT")},
            field="start_date",
        )
    if lot.available_until and end_date > lot.available_until:
        raise ServiceError(
            _("The equipment is available until %(date)s.")
            % {"date": formats.date_format(lot.available_until, "DATE_FORMAT")},
            field="end_date",
        )


def _record(
    booking: HireBooking,
    *,
    from_status: str,
    actor: User,
    organisation: Organisation,
    note: str = "",
) -> None:
    HireBookingEvent.objects.create(
        booking=booking,
        from_status=from_status,
        to_status=booking.status,
        actor=actor,
        organisation=organisation,
        note=note,
    )


def _notify(booking: HireBooking, event: str) -> None:
    """E-mails the other side once the transaction has committed (never for a rollback)."""
    from boucle.marketplace.tasks_hire import booking_send_email

    language = translation.get_language() or settings.LANGUAGE_CODE
    booking_id = booking.pk
    transaction.on_commit(
        lambda: booking_send_email.enqueue(booking_id=booking_id, event=event, language=language)
    )


@transaction.atomic
def booking_request(
    *,
    actor: User,
    renter: Organisation,
    lot: Lot,
    start_date: date,
    end_date: date,
    note: str = "",
) -> HireBooking:
    """Asks to hire `lot` for `renter` from `start_date` to `end_date`, both included.

    The days are held at once, until the owner declines or either side cancels. Raises
    `DaysTakenError` (a ConflictError) naming the days another booking holds.
    """
    require_member(actor, renter)
    organisation_require_verified(renter)
    lot = Lot.objects.select_related("seller").get(pk=lot.pk)
    _check_request(renter=renter, lot=lot, start_date=start_date, end_date=end_date)
    taken = booked_days(lot, start_date, end_date)
    if taken:
        raise DaysTakenError(sorted(taken))
    booking = HireBooking.objects.create(
        lot=lot,
        renter=renter,
        requested_by=actor,
        start_date=start_date,
        end_date=end_date,
        price=hire_price(lot, start_date, end_date),
        vat_rate=lot.vat_rate,
        deposit=lot.deposit or Decimal("0"),
        note=note.strip(),
    )
    try:
        # A savepoint: on PostgreSQL the insert waits for a concurrent booking of the same day
        # to commit, then fails on the unique constraint; the outer transaction stays usable
        # to read which days the winner took, then rolls back with the error.
        with transaction.atomic():
            HireDay.objects.bulk_create(
                [HireDay(lot=lot, booking=booking, day=day) for day in _days(start_date, end_date)]
            )
    except IntegrityError:
        # Empty only if the winner was itself rolled back meanwhile: name the whole period.
        taken = booked_days(lot, start_date, end_date)
        raise DaysTakenError(sorted(taken) or _days(start_date, end_date)) from None
    _record(booking, from_status="", actor=actor, organisation=renter, note=booking.note)
    _notify(booking, "requested")
    return booking


def _locked(booking: HireBooking) -> HireBooking:
    """The booking re-read under a row lock, so that two transitions cannot both apply."""
    return (
        HireBooking.objects.select_for_update(of=("self",))
        .select_related("lot", "lot__seller", "renter")
        .get(pk=booking.pk)
    )


def _require_owner(
    actor: User, booking: HireBooking, organisation: Organisation | None = None
) -> Organisation:
    """The owner `actor` acts for, or a refusal. `organisation`, when given, is the one the
    request acts for (a page's, an API key's): a member of both sides acting for the renter
    may not answer as the owner."""
    acting_elsewhere = organisation is not None and organisation.pk != booking.lot.seller_id
    if acting_elsewhere or not _is_member(actor, booking.lot.seller_id):
        raise ServiceError(_("Only the equipment's owner may do this."))
    return booking.lot.seller


def _refuse_status(booking: HireBooking) -> ConflictError:
    return ConflictError(
        _("This booking is %(status)s: that cannot be done any more.")
        % {"status": booking.get_status_display().lower()}
    )


@transaction.atomic
def booking_accept(
    *,
    actor: User,
    booking: HireBooking,
    note: str = "",
    organisation: Organisation | None = None,
) -> HireBooking:
    """The owner confirms a requested booking; its days stay held."""
    booking = _locked(booking)
    owner = _require_owner(actor, booking, organisation)
    if booking.status != BookingStatus.REQUESTED:
        raise _refuse_status(booking)
    if booking.end_date < timezone.localdate():
        raise ConflictError(_("This booking's dates have passed: decline it instead."))
    booking.status = BookingStatus.ACCEPTED
    booking.updated_at = timezone.now()
    booking.save(update_fields=["status", "updated_at"])
    _record(
        booking, from_status=BookingStatus.REQUESTED, actor=actor, organisation=owner, note=note
    )
    _notify(booking, "accepted")
    return booking


@transaction.atomic
def booking_decline(
    *,
    actor: User,
    booking: HireBooking,
    reason: str = "",
    organisation: Organisation | None = None,
) -> HireBooking:
    """The owner refuses a requested booking; its days are free again."""
    booking = _locked(booking)
    owner = _require_owner(actor, booking, organisation)
    if booking.status != BookingStatus.REQUESTED:
        raise _refuse_status(booking)
    booking.status = BookingStatus.DECLINED
    booking.updated_at = timezone.now()
    booking.save(update_fields=["status", "updated_at"])
    booking.held_days.all().delete()
    _record(
        booking,
        from_status=BookingStatus.REQUESTED,
        actor=actor,
        organisation=owner,
        note=reason.strip(),
    )
    _notify(booking, "declined")
    return booking


@transaction.atomic
def booking_cancel(
    *,
    actor: User,
    booking: HireBooking,
    reason: str = "",
    organisation: Organisation | None = None,
) -> HireBooking:
    """Either side calls off an accepted booking before its first day; the renter may also
    withdraw its request (the owner answers a request by declining it)."""
    booking = _locked(booking)
    sides = [booking.renter, booking.lot.seller]
    if organisation is not None:
        sides = [side for side in sides if side.pk == organisation.pk]
    member_of = [side for side in sides if _is_member(actor, side.pk)]
    if member_of:
        side = member_of[0]
    else:
        raise ServiceError(_("Only the renter or the equipment's owner may cancel this booking."))
    if booking.status not in (BookingStatus.REQUESTED, BookingStatus.ACCEPTED):
        raise _refuse_status(booking)
    if booking.status == BookingStatus.REQUESTED and side.pk != booking.renter_id:
        raise ConflictError(_("This booking awaits your answer: decline it instead."))
    if timezone.localdate() >= booking.start_date:
        raise ConflictError(
            _("The hire has started: the owner marks the equipment returned instead.")
        )
    from_status = booking.status
    booking.status = BookingStatus.CANCELLED
    booking.updated_at = timezone.now()
    booking.save(update_fields=["status", "updated_at"])
    booking.held_days.all().delete()
    _record(booking, from_status=from_status, actor=actor, organisation=side, note=reason.strip())
    _notify(
        booking, "cancelled_by_renter" if side.pk == booking.renter_id else "cancelled_by_owner"
    )
    return booking


@transaction.atomic
def booking_mark_returned(
    *,
    actor: User,
    booking: HireBooking,
    note: str = "",
    organisation: Organisation | None = None,
) -> HireBooking:
    """The owner has the equipment back. Days after today are released (an early return
    frees them for others); the days up to today stay held as the record of the hire."""
    booking = _locked(booking)
    owner = _require_owner(actor, booking, organisation)
    if booking.status != BookingStatus.ACCEPTED:
        raise _refuse_status(booking)
    today = timezone.localdate()
    if today < booking.start_date:
        raise ConflictError(_("The hire has not started yet: cancel it instead."))
    booking.status = BookingStatus.RETURNED
    booking.updated_at = timezone.now()
    booking.save(update_fields=["status", "updated_at"])
    booking.held_days.filter(day__gt=today).delete()
    _record(booking, from_status=BookingStatus.ACCEPTED, actor=actor, organisation=owner, note=note)
    _notify(booking, "returned")
    return booking
