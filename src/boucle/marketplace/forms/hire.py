"""Forms of the hire pages: the booking request and the reason given with an action.

They parse and show back what was typed; the rules (dates, overlaps, who may) are the
services' (`boucle.marketplace.services.hire`).
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from boucle.accounts.forms import ServiceErrorMixin


class DateInput(forms.DateInput):
    # The browser's date picker: keyboard-accessible and with no script of ours.
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class BookingForm(ServiceErrorMixin, forms.Form):
    start_date = forms.DateField(label=_("From"), widget=DateInput())
    end_date = forms.DateField(
        label=_("Until"), widget=DateInput(), help_text=_("Both days are included.")
    )
    note = forms.CharField(
        label=_("Note to the owner"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the equipment is for, delivery or pickup wishes…"),
    )


class BookingActionForm(forms.Form):
    reason = forms.CharField(label=_("Message to the other side"), required=False, max_length=2000)
