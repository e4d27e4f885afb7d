"""Order pages of an organisation: its sales and purchases, one order with its history,
the actions its side may take now, the message thread and the order form PDF.

Access: a member of the organisation, for an order it sells or buys; anyone else gets 404.
The services decide whether an action is allowed; the pages only offer the likely ones.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.middleware import HtmxDetails

from boucle.accounts.models import Membership, User
from boucle.accounts.selectors import membership_get
from boucle.core.errors import ServiceError
from boucle.marketplace.forms.orders import (
    ACTION_FORMS,
    OrderFilterForm,
    OrderMessageForm,
)
from boucle.marketplace.models import CANCELLABLE_STATUSES, Order, OrderMessage, OrderStatus
from boucle.marketplace.pdf import order_pdf as order_form_pdf
from boucle.marketplace.selectors import order_get_for_party, purchases_of, sales_of
from boucle.marketplace.services import orders as services

PER_PAGE = 25

# The actions each side may take, and in which statuses the page offers them. A seller may
# cancel a pending order too (the service allows it), but "decline" says it better then.
SIDE_ACTIONS: dict[str, dict[str, tuple[str, ...]]] = {
    "sales": {
        "accept": (OrderStatus.PENDING,),
        "decline": (OrderStatus.PENDING,),
        "handover": (OrderStatus.ACCEPTED,),
        "cancel": (OrderStatus.ACCEPTED,),
    },
    "purchases": {
        "receive": (OrderStatus.HANDED_OVER,),
        "cancel": CANCELLABLE_STATUSES,
    },
}


SERVICES: dict[str, Callable[..., Order]] = {
    "accept": services.order_accept,
    "decline": services.order_decline,
    "handover": services.order_hand_over,
    "receive": services.order_confirm_receipt,
    "cancel": services.order_cancel,
}


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails  # set by django-htmx's middleware


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _done_message(action: str, order: Order) -> str:
    reference = {"reference": order.reference}
    return {
        "accept": _("You accepted the order %(reference)s."),
        "decline": _("You declined the order %(reference)s."),
        "handover": _("The order %(reference)s is marked as handed over."),
        "receive": _("You confirmed receiving the order %(reference)s."),
        "cancel": _("The order %(reference)s is cancelled."),
    }[action] % reference


def _party(request: HttpRequest, slug: str, order_id: int) -> tuple[Membership, Order, str]:
    """The membership, the order and the organisation's side ("sales" or "purchases")."""
    membership = membership_get(_user(request), slug)
    order = order_get_for_party(membership.organisation, order_id)
    side = "sales" if order.seller_id == membership.organisation_id else "purchases"
    return membership, order, side


def _detail_context(
    membership: Membership, order: Order, side: str, message_form: OrderMessageForm | None = None
) -> dict[str, Any]:
    offered = [a for a, statuses in SIDE_ACTIONS[side].items() if order.status in statuses]
    return {
        "membership": membership,
        "organisation": membership.organisation,
        "order": order,
        "side": side,
        "photo": order.lot.photos.first(),
        "events": order.events.select_related("actor", "organisation"),
        "thread": order.messages.select_related("author", "organisation"),
        "actions": {a: ACTION_FORMS[a](auto_id=f"id_{a}_%s") for a in offered},
        "message_form": message_form or OrderMessageForm(),
    }


@login_required
def order_list(request: HttpRequest, slug: str) -> HttpResponse:
    membership = membership_get(_user(request), slug)
    organisation = membership.organisation
    side, status = OrderFilterForm(request.GET).values()
    orders = sales_of(organisation) if side == "sales" else purchases_of(organisation)
    status_counts = dict(orders.order_by().values_list("status").annotate(n=Count("pk")))
    other_side = purchases_of(organisation) if side == "sales" else sales_of(organisation)
    counts = {side: sum(status_counts.values())}
    counts["purchases" if side == "sales" else "sales"] = other_side.count()
    if status:
        orders = orders.filter(status=status)
    page = Paginator(orders, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "marketplace/orders/list.html",
        {
            "membership": membership,
            "organisation": organisation,
            "side": side,
            "status": status,
            "counts": counts,
            "statuses": [(v, label, status_counts.get(v, 0)) for v, label in OrderStatus.choices],
            "page": page,
        },
    )


@login_required
def order_detail(request: HttpRequest, slug: str, order_id: int) -> HttpResponse:
    membership, order, side = _party(request, slug, order_id)
    return render(
        request, "marketplace/orders/detail.html", _detail_context(membership, order, side)
    )


@login_required
@require_POST
def order_action(request: HttpRequest, slug: str, order_id: int, action: str) -> HttpResponse:
    membership, order, side = _party(request, slug, order_id)
    if action not in SIDE_ACTIONS[side]:
        raise Http404
    form = ACTION_FORMS[action](request.POST)
    if not form.is_valid():
        errors = [str(e) for field_errors in form.errors.values() for e in field_errors]
        messages.error(request, " ".join(errors))
        return redirect("marketplace:order_detail", slug=slug, order_id=order.pk)
    try:
        order = SERVICES[action](
            actor=_user(request),
            order=order,
            organisation=membership.organisation,
            **form.cleaned_data,
        )
    except ServiceError as refusal:
        order.refresh_from_db()
        messages.error(
            request,
            _("%(refusal)s This order is now: %(status)s.")
            % {"refusal": refusal.message, "status": order.get_status_display()},
        )
    else:
        messages.success(request, _done_message(action, order))
    return redirect("marketplace:order_detail", slug=slug, order_id=order.pk)


def _message_post(
    request: HttpRequest, membership: Membership, order: Order, form: OrderMessageForm
) -> OrderMessage | None:
    """The posted message, or None with the refusal put beside the form's field."""
    if not form.is_valid():
        return None
    try:
        return services.order_message_post(
            actor=_user(request),
            order=order,
            body=form.cleaned_data["body"],
            organisation=membership.organisation,
        )
    except ServiceError as refusal:
        form.add_error("body", refusal.message)
        return None


@login_required
@require_POST
def order_message(request: HtmxHttpRequest, slug: str, order_id: int) -> HttpResponse:
    membership, order, side = _party(request, slug, order_id)
    form = OrderMessageForm(request.POST)
    message = _message_post(request, membership, order, form)
    context: dict[str, Any] = {"organisation": membership.organisation, "order": order}
    if request.htmx and message:
        # Appended to the thread, with an emptied form swapped in out of band.
        context |= {"message": message, "message_form": OrderMessageForm()}
        return render(request, "marketplace/orders/_message_posted.html", context)
    if request.htmx:
        context |= {"message_form": form, "oob": True}
        return render(request, "marketplace/orders/_message_form.html", context)
    if message:
        messages.success(request, _("Your message has been sent."))
        url = reverse("marketplace:order_detail", kwargs={"slug": slug, "order_id": order.pk})
        return redirect(f"{url}#thread")
    context = _detail_context(membership, order, side, message_form=form)
    return render(request, "marketplace/orders/detail.html", context)


@login_required
def order_pdf(request: HttpRequest, slug: str, order_id: int) -> HttpResponse:
    _membership, order, _side = _party(request, slug, order_id)
    return HttpResponse(
        order_form_pdf(order),
        content_type="application/pdf",
        headers={
            "Content-Disposition": content_disposition_header(False, f"{order.reference}.pdf")
        },
    )


urlpatterns = [
    path("o/<slug:slug>/orders/", order_list, name="order_list"),
    path("o/<slug:slug>/orders/<int:order_id>/", order_detail, name="order_detail"),
    path("o/<slug:slug>/orders/<int:order_id>/messages/", order_message, name="order_message"),
    path("o/<slug:slug>/orders/<int:order_id>/order-form.pdf", order_pdf, name="order_pdf"),
    path("o/<slug:slug>/orders/<int:order_id>/<str:action>/", order_action, name="order_action"),
]
