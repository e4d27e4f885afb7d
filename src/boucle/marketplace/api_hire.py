"""The hire part of the marketplace API: a lot's calendar, booking requests and their steps.

`router` is mounted under /api/v1/marketplace/ beside the rest of the marketplace (see
`boucle.marketplace.api`). Handlers stay thin: the acting organisation from the request's
principal, an access helper (an outsider gets 404), one service of
`boucle.marketplace.services.hire`, a schema. Money goes out as strings with two decimals.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from math import ceil
from typing import Annotated, Any, Literal, cast

from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from ninja.params.functions import Path as PathParam
from pydantic import BeforeValidator, Field

from boucle.accounts.models import Membership, Organisation, User
from boucle.core.api_auth import Principal, principal_of
from boucle.core.api_errors import ErrorOut
from boucle.core.errors import ServiceError
from boucle.marketplace import selectors
from boucle.marketplace.models import BookingStatus, HireBooking, Lot, VatRate
from boucle.marketplace.services import hire

router = Router(tags=["hire"])

# The longest stretch of calendar one request reads, in days.
MAX_CALENDAR_DAYS = 366
DEFAULT_CALENDAR_DAYS = 90

_ERRORS: dict[int, str] = {
    400: "A rule of hire refused the request (dates, who may act, an unverified renter); "
    "`errors` names the field at fault when there is one.",
    401: "No credentials, or an API key that is malformed, unknown or revoked.",
    403: "A session request that changes something without its CSRF token (X-CSRFToken).",
    404: "No such lot or booking, or one the acting organisation may not see.",
    409: "The booking is no longer in a status that allows this action, or its dates have "
    "passed; `message` says why.",
    422: "The request does not match the schema; `errors` names each field at fault.",
}


def _spec(success: dict[int, Any], *codes: int) -> dict[str, Any]:
    descriptions = {code: _ERRORS[code] for code in codes}
    return {
        "response": {**dict.fromkeys(descriptions, ErrorOut), **success},
        "openapi_extra": {
            "responses": {code: {"description": text} for code, text in descriptions.items()}
        },
    }


_READ = (400, 401, 404, 422)
_WRITE = (400, 401, 403, 404, 409, 422)

LotId = Annotated[int, PathParam(description="The hire lot's id.")]
BookingId = Annotated[int, PathParam(description="The booking's id.")]


def _euros(value: Any) -> str:
    """Money as a string with two decimals: "12.50". A float would lose cents."""
    return f"{Decimal(value):.2f}"


Euros = Annotated[str, BeforeValidator(_euros)]


def _acting(request: HttpRequest) -> Membership:
    return principal_of(request).require_membership()


def _public_hire_lot(lot_id: int) -> Lot:
    """A hire lot anyone may see (published, or booked out), else 404."""
    lot = selectors.lot_get_visible(cast(User, AnonymousUser()), lot_id)
    if not lot.is_hire:
        raise Http404
    return lot


# Schemas


class HireCalendarFilter(Schema):
    # `from` is a Python keyword: the attribute is `start`, the parameter `from`.
    start: date | None = Field(
        None, alias="from", description="First day to read (YYYY-MM-DD); today when not given."
    )
    until: date | None = Field(
        None,
        description=f"Last day to read, included; {DEFAULT_CALENDAR_DAYS} days after `from` "
        f"when not given. At most {MAX_CALENDAR_DAYS} days in one request.",
    )


class HireCalendarOut(Schema):
    lot_id: int = Field(description="The hire lot's id.")
    start_date: date = Field(description="The first day read.")
    end_date: date = Field(description="The last day read, included.")
    available_from: date | None = Field(
        description="The lot is offered from this day; null when from now."
    )
    available_until: date | None = Field(
        description="The lot is offered until this day, included; null when open-ended."
    )
    taken_days: list[date] = Field(
        description="The days in the period that bookings hold, in order; any other day within "
        "the availability, from today, may be booked."
    )


class BookingPartyOut(Schema):
    slug: str = Field(description="The organisation's short name (GET /organisations/{slug}).")
    name: str = Field(description="The organisation's name.")


class BookingOut(Schema):
    id: int = Field(description="The booking's id.")
    lot_id: int = Field(description="The hired lot's id.")
    lot_title: str = Field(description="The hired lot's title.")
    owner: BookingPartyOut = Field(description="The organisation that hires out the equipment.")
    renter: BookingPartyOut = Field(description="The organisation that hires it.")
    start_date: date = Field(description="First day of the hire.")
    end_date: date = Field(description="Last day of the hire, included.")
    days: int = Field(description="How many days the hire lasts, both ends included.")
    status: BookingStatus = Field(
        description="requested (days held, awaiting the owner), accepted, declined, cancelled "
        "or returned."
    )
    price: Euros = Field(description="The price of the hire excl. VAT, in euros.")
    vat_rate: VatRate = Field(description="The VAT rate in percent, as a string: 20.0.")
    deposit: Euros = Field(description="The deposit asked, in euros.")
    note: str = Field(description="The renter's note to the owner; empty when none.")
    created_at: datetime = Field(description="When the booking was requested.")
    actions: list[Literal["accept", "decline", "cancel", "return"]] = Field(
        description="What the organisation this request acts for may do now, by endpoint: "
        "POST /bookings/{id}/<action>."
    )

    @staticmethod
    def resolve_lot_title(obj: HireBooking) -> str:
        return obj.lot.title

    @staticmethod
    def resolve_owner(obj: HireBooking) -> Any:
        return obj.lot.seller

    @staticmethod
    def resolve_actions(obj: HireBooking, context: dict[str, Any]) -> list[str]:
        principal = cast(Principal, context["request"].auth)
        if principal.membership is None:
            return []
        return hire.booking_actions(obj, principal.membership.organisation)


class BookingPageOut(Schema):
    items: list[BookingOut] = Field(description="The bookings of this page, latest start first.")
    total: int = Field(description="How many bookings there are in all.")
    page: int = Field(description="This page's number, from 1.")
    pages: int = Field(description="How many pages there are (at least 1).")


class BookingFilter(Schema):
    side: Literal["owner", "renter"] | None = Field(
        None,
        description="owner (bookings of our equipment) or renter (our hires); both when not given.",
    )
    status: BookingStatus | None = Field(None, description="Only bookings in this status.")
    # Beyond it, the offset would overflow the databases' integers (a server error).
    page: int = Field(
        1, ge=1, le=1_000_000, description="The page to answer, from 1 (at most 1,000,000)."
    )
    per_page: int = Field(20, ge=1, le=100, description="How many items per page (1 to 100).")


class BookingIn(Schema):
    start_date: date = Field(description="First day of the hire (YYYY-MM-DD), today or later.")
    end_date: date = Field(
        description=f"Last day of the hire, included; at most {hire.MAX_BOOKING_DAYS} days in all."
    )
    note: str = Field("", max_length=2000, description="A note to the owner (optional).")


class BookingNoteIn(Schema):
    note: str = Field(
        "", max_length=2000, description="A message to the other side, kept in the history."
    )


class BookingReasonIn(Schema):
    reason: str = Field(
        "", max_length=2000, description="Why, told to the other side and kept in the history."
    )


class DaysTakenOut(ErrorOut):
    taken_days: list[date] = Field(
        description="The days asked for that other bookings already hold, in order."
    )


# Handlers


@router.get(
    "/lots/{lot_id}/calendar",
    auth=None,
    **_spec({200: HireCalendarOut}, 400, 404, 422),
    summary="A hire lot's calendar",
)
def lot_calendar(request: HttpRequest, lot_id: LotId, period: Query[HireCalendarFilter]) -> Any:
    """Public: the days a published hire lot is booked between two dates."""
    lot = _public_hire_lot(lot_id)
    start = period.start or timezone.localdate()
    end = period.until or start + timedelta(days=DEFAULT_CALENDAR_DAYS - 1)
    if end < start:
        raise ServiceError(_("`until` comes before `from`."), field="until")
    if (end - start).days >= MAX_CALENDAR_DAYS:
        raise ServiceError(
            _("Ask for at most %(days)s days at a time.") % {"days": MAX_CALENDAR_DAYS},
            field="until",
        )
    return {
        "lot_id": lot.pk,
        "start_date": start,
        "end_date": end,
        "available_from": lot.available_from,
        "available_until": lot.available_until,
        "taken_days": sorted(hire.booked_days(lot, start, end)),
    }


@router.post(
    "/lots/{lot_id}/bookings",
    **_spec({201: BookingOut, 409: DaysTakenOut}, *_WRITE),
    summary="Ask to hire a lot",
)
def booking_create(request: HttpRequest, lot_id: LotId, payload: BookingIn) -> Any:
    """Books the lot for the acting organisation; the days are held until the owner declines
    or either side cancels. 409 when some days are taken (listed in `taken_days`) or the lot
    is no longer offered."""
    renter = _acting(request).organisation
    lot = _public_hire_lot(lot_id)
    try:
        booking = hire.booking_request(
            actor=principal_of(request).user, renter=renter, lot=lot, **payload.model_dump()
        )
    except hire.DaysTakenError as error:
        body = {"message": error.message, "errors": {"start_date": [error.message]}}
        return Status(409, {**body, "taken_days": error.days})
    return Status(201, _booking(renter, booking.pk))


def _booking(organisation: Organisation, booking_id: int) -> HireBooking:
    return selectors.booking_get_for_party(organisation, booking_id)


@router.get("/bookings", **_spec({200: BookingPageOut}, *_READ), summary="My hire bookings")
def booking_list(request: HttpRequest, filters: Query[BookingFilter]) -> dict[str, Any]:
    """The acting organisation's bookings, as owner and as renter, latest start first."""
    organisation = _acting(request).organisation
    bookings = HireBooking.objects.select_related("lot", "lot__seller", "renter")
    if filters.side == "owner":
        bookings = bookings.filter(lot__seller=organisation)
    elif filters.side == "renter":
        bookings = bookings.filter(renter=organisation)
    else:
        bookings = bookings.filter(lot__seller=organisation) | bookings.filter(renter=organisation)
    if filters.status:
        bookings = bookings.filter(status=filters.status)
    bookings = bookings.order_by("-start_date", "-id")
    total = bookings.count()
    first = (filters.page - 1) * filters.per_page
    return {
        "items": list(bookings[first : first + filters.per_page]),
        "total": total,
        "page": filters.page,
        "pages": max(1, ceil(total / filters.per_page)),
    }


@router.get("/bookings/{booking_id}", **_spec({200: BookingOut}, *_READ), summary="A booking")
def booking_detail(request: HttpRequest, booking_id: BookingId) -> HireBooking:
    """A booking of the acting organisation's equipment, or one it made."""
    return _booking(_acting(request).organisation, booking_id)


def _act(request: HttpRequest, booking_id: int, action: Any, **kwargs: Any) -> HireBooking:
    organisation = _acting(request).organisation
    booking = _booking(organisation, booking_id)
    # For the acting organisation: a key of the renter may not answer as the owner.
    action(actor=principal_of(request).user, booking=booking, organisation=organisation, **kwargs)
    return _booking(organisation, booking_id)


@router.post(
    "/bookings/{booking_id}/accept",
    **_spec({200: BookingOut}, *_WRITE),
    summary="Accept a booking (owner)",
)
def booking_accept(
    request: HttpRequest, booking_id: BookingId, payload: BookingNoteIn | None = None
) -> HireBooking:
    """The owner confirms a requested booking; its days stay held."""
    note = payload.note if payload else ""
    return _act(request, booking_id, hire.booking_accept, note=note)


@router.post(
    "/bookings/{booking_id}/decline",
    **_spec({200: BookingOut}, *_WRITE),
    summary="Decline a booking (owner)",
)
def booking_decline(
    request: HttpRequest, booking_id: BookingId, payload: BookingReasonIn | None = None
) -> HireBooking:
    """The owner refuses a requested booking; its days are free again."""
    reason = payload.reason if payload else ""
    return _act(request, booking_id, hire.booking_decline, reason=reason)


@router.post(
    "/bookings/{booking_id}/cancel",
    **_spec({200: BookingOut}, *_WRITE),
    summary="Cancel a booking (either side)",
)
def booking_cancel(
    request: HttpRequest, booking_id: BookingId, payload: BookingReasonIn | None = None
) -> HireBooking:
    """Either side calls off a requested or accepted booking before its first day."""
    reason = payload.reason if payload else ""
    return _act(request, booking_id, hire.booking_cancel, reason=reason)


@router.post(
    "/bookings/{booking_id}/return",
    **_spec({200: BookingOut}, *_WRITE),
    summary="Mark the equipment returned (owner)",
)
def booking_return(
    request: HttpRequest, booking_id: BookingId, payload: BookingNoteIn | None = None
) -> HireBooking:
    """The owner has the equipment back, on or after the first day; the days after today are
    free again (an early return), the days up to today stay as the hire's record."""
    note = payload.note if payload else ""
    return _act(request, booking_id, hire.booking_mark_returned, note=note)
