"""Background work of hire bookings: the e-mail that tells the other side what just happened."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from boucle.accounts.models import Membership, Organisation, Role, User
from boucle.marketplace.models import HireBooking

# Which side each event is told to: the side that did not act.
TO_OWNER = ("requested", "cancelled_by_renter")
TO_RENTER = ("accepted", "declined", "cancelled_by_owner", "returned")


def _recipients(organisation: Organisation, person: User | None) -> list[str]:
    """The person who handles the booking on that side if they still belong to it, and the
    organisation's contact address; its owners when neither is known."""
    members = Membership.objects.filter(organisation=organisation).select_related("user")
    addresses = []
    if person is not None and members.filter(user=person).exists():
        addresses.append(person.email)
    if organisation.email:
        addresses.append(organisation.email)
    if not addresses:
        addresses = [m.user.email for m in members.filter(role=Role.OWNER)]
    return sorted(set(addresses))


@task()
def booking_send_email(*, booking_id: int, event: str, language: str) -> None:
    booking = HireBooking.objects.select_related(
        "lot", "lot__seller", "lot__created_by", "renter", "requested_by"
    ).get(pk=booking_id)
    if event in TO_OWNER:
        side, person = booking.lot.seller, booking.lot.created_by
    elif event in TO_RENTER:
        side, person = booking.renter, booking.requested_by
    else:
        raise ValueError(f"Unknown hire booking event: {event}")
    recipients = _recipients(side, person)
    if not recipients:
        return
    last = booking.events.order_by("-created_at", "-id").first()
    with translation.override(language):
        context = {
            "booking": booking,
            "event": event,
            "note": last.note if last else "",
            "url": settings.SITE_URL.rstrip("/")
            + reverse("marketplace:booking_detail", args=[side.slug, booking.pk]),
        }
        # On one line: a line break in a title would make the header invalid.
        subject = " ".join(render_to_string("marketplace/hire/email/subject.txt", context).split())
        body = render_to_string("marketplace/hire/email/body.txt", context)
    send_mail(subject, body, None, recipients)
