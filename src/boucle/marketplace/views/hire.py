"""Pages of equipment hire: book a lot on its calendar, list and handle bookings.

Public: /marketplace/lots/<id>/calendar/ (the month grid, re-rendered by htmx). Logged in:
/marketplace/lots/<id>/book/. Organisation pages: /o/<slug>/bookings/ and each booking.
"""

from __future__ import annotations

import calendar as cal
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from boucle.accounts.models import Membership, User
from boucle.accounts.selectors import membership_get
from boucle.core.errors import ServiceError
from boucle.marketplace import selectors
from boucle.marketplace.forms.hire import BookingActionForm, BookingForm
from boucle.marketplace.models import HireBooking, Lot, money
from boucle.marketplace.services import hire

BOOKINGS_PER_PAGE = 25
# How far ahead the calendar lets a person browse, in months.
CALENDAR_MONTHS_AHEAD = 24

SIDES = ("owner", "renter")


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _hire_lot(request: HttpRequest, lot_id: int) -> Lot:
    """A hire lot the visitor may see, or 404 (a sale lot has no calendar)."""
    lot = selectors.lot_get_visible(_user(request), lot_id)
    if not lot.is_hire:
        raise Http404
    return lot


# The month calendar


@dataclass(frozen=True)
class CalendarDay:
    day: date
    in_month: bool
    taken: bool
    # Before today or outside the lot's availability: cannot be booked, whoever holds it.
    closed: bool


def _month_of(value: str | None, default: date) -> date:
    """The first day of the month `value` names ("2026-12"), else of `default`'s month."""
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        return date(year, month, 1)
    except ValueError:
        return default.replace(day=1)


def _add_months(first: date, months: int) -> date:
    index = first.year * 12 + first.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _calendar(lot: Lot, month: date) -> dict[str, Any]:
    today = timezone.localdate()
    earliest = today.replace(day=1)
    latest = _add_months(earliest, CALENDAR_MONTHS_AHEAD)
    month = min(max(month, earliest), latest)
    weeks = cal.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month)
    taken = hire.booked_days(lot, weeks[0][0], weeks[-1][-1])

    def closed(day: date) -> bool:
        return (
            day < today
            or (lot.available_from is not None and day < lot.available_from)
            or (lot.available_until is not None and day > lot.available_until)
        )

    return {
        "month": month,
        "weeks": [
            [CalendarDay(d, d.month == month.month, d in taken, closed(d)) for d in week]
            for week in weeks
        ],
        "weekdays": weeks[0],
        "previous_month": _add_months(month, -1) if month > earliest else None,
        "next_month": _add_months(month, 1) if month < latest else None,
    }


def lot_calendar(request: HttpRequest, lot_id: int) -> HttpResponse:
    """The month grid alone, for htmx; without htmx, the booking page at that month."""
    lot = _hire_lot(request, lot_id)
    if not request.htmx:  # type: ignore[attr-defined]
        # Encoded: whatever was typed stays the value of `month` on the booking page.
        month_param = urlencode({"month": request.GET.get("month", "")})
        return redirect(f"{_booking_new_url(lot)}?{month_param}#hire-calendar")
    month = _month_of(request.GET.get("month"), timezone.localdate())
    return render(
        request,
        "marketplace/hire/booking_new.html#calendar",
        {"lot": lot, **_calendar(lot, month)},
    )


def _booking_new_url(lot: Lot) -> str:
    return reverse("marketplace:booking_new", args=[lot.pk])


# Booking


def _quote(lot: Lot, form: BookingForm) -> dict[str, Any] | None:
    """The price of the dates typed so far, when they make a period; else nothing to show."""
    if not form.is_valid():
        return None
    start, end = form.cleaned_data["start_date"], form.cleaned_data["end_date"]
    if end < start or (end - start).days >= hire.MAX_BOOKING_DAYS:
        return None
    price = hire.hire_price(lot, start, end)
    return {
        "days": (end - start).days + 1,
        "price": price,
        "price_incl_vat": money(price * (1 + lot.vat_rate_decimal / 100)),
        "deposit": lot.deposit or Decimal("0"),
    }


def _send_request(
    request: HttpRequest, form: BookingForm, lot: Lot, membership: Membership | None
) -> HireBooking | None:
    """The booking made from the form, or None with the reason put on the form."""
    if membership is None:
        form.add_error(None, _("Create or join an organisation to book equipment."))
        return None
    if not form.is_valid():
        return None
    try:
        return hire.booking_request(
            actor=_user(request), renter=membership.organisation, lot=lot, **form.cleaned_data
        )
    except ServiceError as error:
        form.add_service_error(error)
        return None


@login_required
def booking_new(request: HttpRequest, lot_id: int) -> HttpResponse:
    lot = _hire_lot(request, lot_id)
    membership: Membership | None = request.membership  # type: ignore[attr-defined]
    # Dates in the query string ask htmx for the price alone.
    quoting = request.method == "GET" and "start_date" in request.GET
    form = BookingForm(
        request.POST if request.method == "POST" else request.GET if quoting else None
    )
    if quoting and request.htmx:  # type: ignore[attr-defined]
        return render(
            request, "marketplace/hire/booking_new.html#quote", {"quote": _quote(lot, form)}
        )
    # "Show the price" posts the form to see the quote without sending the request.
    if request.method == "POST" and "quote" not in request.POST:
        booking = _send_request(request, form, lot, membership)
        if booking is not None:
            messages.success(request, _("Your request has been sent to the owner."))
            slug = booking.renter.slug
            return redirect("marketplace:booking_detail", slug=slug, booking_id=booking.pk)
    # The month of the dates typed, so that a refusal shows the days at stake.
    typed = str(form["start_date"].value() or "")[:7] if form.is_bound else ""
    month = _month_of(request.GET.get("month") or typed, timezone.localdate())
    context = {
        "lot": lot,
        "form": form,
        "membership": membership,
        "own_lot": membership is not None and membership.organisation_id == lot.seller_id,
        # A fresh form: a service error removed the field it names from `form.cleaned_data`.
        "quote": _quote(lot, BookingForm(form.data)) if form.is_bound else None,
        **_calendar(lot, month),
    }
    return render(request, "marketplace/hire/booking_new.html", context)


# An organisation's bookings


@login_required
def booking_list(request: HttpRequest, slug: str) -> HttpResponse:
    membership = membership_get(_user(request), slug)
    organisation = membership.organisation
    side = request.GET.get("side") if request.GET.get("side") in SIDES else "owner"
    bookings = HireBooking.objects.select_related("lot", "lot__seller", "renter").order_by(
        "-start_date", "-id"
    )
    if side == "owner":
        bookings = bookings.filter(lot__seller=organisation)
    else:
        bookings = bookings.filter(renter=organisation)
    page = Paginator(bookings, BOOKINGS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "marketplace/hire/booking_list.html",
        {"organisation": organisation, "membership": membership, "side": side, "page": page},
    )


@login_required
def booking_detail(request: HttpRequest, slug: str, booking_id: int) -> HttpResponse:
    membership = membership_get(_user(request), slug)
    booking = selectors.booking_get_for_party(membership.organisation, booking_id)
    return render(
        request,
        "marketplace/hire/booking_detail.html",
        {
            "organisation": membership.organisation,
            "membership": membership,
            "booking": booking,
            "is_owner": booking.lot.seller_id == membership.organisation_id,
            "actions": hire.booking_actions(booking, membership.organisation),
            "events": booking.events.select_related("actor", "organisation"),
            "action_form": BookingActionForm(),
        },
    )


_ACTIONS = {
    hire.ACCEPT: lambda user, booking, text, organisation: hire.booking_accept(
        actor=user, booking=booking, note=text, organisation=organisation
    ),
    hire.DECLINE: lambda user, booking, text, organisation: hire.booking_decline(
        actor=user, booking=booking, reason=text, organisation=organisation
    ),
    hire.CANCEL: lambda user, booking, text, organisation: hire.booking_cancel(
        actor=user, booking=booking, reason=text, organisation=organisation
    ),
    hire.RETURN: lambda user, booking, text, organisation: hire.booking_mark_returned(
        actor=user, booking=booking, note=text, organisation=organisation
    ),
}

_DONE = {
    hire.ACCEPT: lambda: _("The booking is accepted; the renter has been told."),
    hire.DECLINE: lambda: _("The booking is declined; its days are free again."),
    hire.CANCEL: lambda: _("The booking is cancelled; its days are free again."),
    hire.RETURN: lambda: _("The equipment is marked returned."),
}


@login_required
@require_POST
def booking_action(request: HttpRequest, slug: str, booking_id: int, action: str) -> HttpResponse:
    membership = membership_get(_user(request), slug)
    booking = selectors.booking_get_for_party(membership.organisation, booking_id)
    if action not in _ACTIONS:
        raise Http404
    form = BookingActionForm(request.POST)
    if not form.is_valid():
        # A reason too long is refused, not silently dropped from the decline or cancellation.
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("marketplace:booking_detail", slug=slug, booking_id=booking.pk)
    text = form.cleaned_data["reason"]
    try:
        _ACTIONS[action](_user(request), booking, text, membership.organisation)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _DONE[action]())
    return redirect("marketplace:booking_detail", slug=slug, booking_id=booking.pk)


urlpatterns: list[URLPattern] = [
    path("marketplace/lots/<int:lot_id>/book/", booking_new, name="booking_new"),
    path("marketplace/lots/<int:lot_id>/calendar/", lot_calendar, name="lot_calendar"),
    path("o/<slug:slug>/bookings/", booking_list, name="booking_list"),
    path("o/<slug:slug>/bookings/<int:booking_id>/", booking_detail, name="booking_detail"),
    path(
        "o/<slug:slug>/bookings/<int:booking_id>/<str:action>/",
        booking_action,
        name="booking_action",
    ),
]
