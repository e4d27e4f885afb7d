"""Forms of the order pages: the list's filters, each action's few inputs, a message.

They parse and re-display input; the order services decide whether a change is allowed.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from boucle.marketplace.models import OrderStatus
from boucle.marketplace.services.orders import MESSAGE_MAX_LENGTH, REASON_MAX_LENGTH

SIDES = (("sales", _("Sales")), ("purchases", _("Purchases")))


class OrderFilterForm(forms.Form):
    """The list's tab (sales or purchases) and status; a bad value falls back to all."""

    side = forms.ChoiceField(choices=SIDES, required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("All statuses")), *OrderStatus.choices],
        required=False,
    )

    def values(self) -> tuple[str, str]:
        """(side, status): sales unless purchases was asked, status "" for every status."""
        if not self.is_valid():
            side = self.data.get("side")
            return ("purchases" if side == "purchases" else "sales"), ""
        return self.cleaned_data["side"] or "sales", self.cleaned_data["status"]


class OrderAcceptForm(forms.Form):
    pickup_at = forms.DateTimeField(
        label=_("Pickup slot (optional)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("When the buyer may come to collect the goods."),
    )
    note = forms.CharField(
        label=_("Note to the buyer (optional)"),
        required=False,
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class OrderReasonForm(forms.Form):
    """Declining or cancelling: the other side is told why."""

    reason = forms.CharField(
        label=_("Reason, told to the other party"),
        required=False,
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class OrderConfirmForm(forms.Form):
    """Handing over or confirming receipt: a button, nothing to type."""


# The form each action of `order_action` reads.
ACTION_FORMS: dict[str, type[forms.Form]] = {
    "accept": OrderAcceptForm,
    "decline": OrderReasonForm,
    "handover": OrderConfirmForm,
    "receive": OrderConfirmForm,
    "cancel": OrderReasonForm,
}


class OrderMessageForm(forms.Form):
    # CharField strips the text first: a message of spaces is refused as empty.
    body = forms.CharField(
        label=_("Your message"),
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write a message before sending it.")},
    )
