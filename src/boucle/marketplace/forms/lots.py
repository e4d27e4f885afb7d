"""Forms of the seller's lot pages: they parse and re-display input; services decide.

`LotForm` is built from the model's own fields (`LOT_FIELDS`, so labels, choices, digits and
validators stay those of `Lot`), with what a person needs on a page: the organisation's sites,
categories grouped under their top-level category, prices typed with a French decimal comma,
date pickers, and several photos in one file input.
"""

from __future__ import annotations

import re
from typing import Any, cast

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from boucle.accounts.forms import ServiceErrorMixin
from boucle.accounts.models import Organisation, Site
from boucle.core.errors import ServiceError
from boucle.marketplace.models import Category, Condition, Lot, OfferType
from boucle.marketplace.services.lots import LOT_FIELDS
from boucle.marketplace.services.photos import MAX_PHOTOS

# Shown to everyone, hidden by the page's script when the other offer type is chosen.
SALE_ONLY_FIELDS = ("is_free", "unit_price")
HIRE_ONLY_FIELDS = ("hire_price_per_day", "hire_price_per_week", "deposit")
DECIMAL_FIELDS = (
    "unit_price",
    "retail_value",
    "cost_price",
    "weight_kg",
    "hire_price_per_day",
    "hire_price_per_week",
    "deposit",
)

HELP_TEXTS = {
    "unit_price": _("Leave empty for a lot free of charge (tick the box)."),
    "min_order_quantity": _("The smallest number of units a buyer may order."),
    "weight_kg": _("Used to count the kilograms kept out of waste."),
    "retail_value": _("What one unit sells for new, as a reference."),
    "cost_price": _("What one unit cost you: donations' tax receipts value goods at cost."),
    "deposit": _("Returned when the equipment comes back."),
    "available_until": _("The lot leaves the market after this day."),
}

_SPACES = re.compile(r"[\s\u00a0\u202f]")


class DecimalCommaField(forms.DecimalField):
    """A decimal typed the French way ("12,50", "1 250,00 €") or the English way ("12.50")."""

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            value = _SPACES.sub("", value).removesuffix("€")
            if "," in value and "." in value:
                # The last one separates the decimals; the other groups thousands.
                thousands = "." if value.rfind(",") > value.rfind(".") else ","
                value = value.replace(thousands, "")
            value = value.replace(",", ".")
        return super().to_python(value)


class DecimalInput(forms.TextInput):
    """A text box, not type=number: browsers refuse "12,50" in a number box in English."""

    input_type = "text"

    def __init__(self) -> None:
        super().__init__(attrs={"inputmode": "decimal", "autocomplete": "off"})
        # Shows "12,50" to a French reader (the field reads both).
        self.is_localized = True


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input (Django's documented recipe for 5.2)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"})
        )
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        single_clean = super().clean
        # No file at all goes through FileField's own check once, so `required` still holds.
        items = data if isinstance(data, (list, tuple)) and data else [data or None]
        return [f for f in (single_clean(item, initial) for item in items) if f]


def photos_field(required: bool) -> MultipleFileField:
    return MultipleFileField(
        label=_("Photos"),
        required=required,
        help_text=_(
            "JPEG, PNG or WebP, up to %(max)s per lot. You may select several files at once."
        )
        % {"max": MAX_PHOTOS},
    )


class SiteChoiceField(forms.ModelChoiceField[Site]):
    def label_from_instance(self, obj: Site) -> str:
        return f"{obj.name} ({obj.commune.name})"


def category_choices() -> list[tuple[str, Any]]:
    """Subcategories grouped under their top-level category, names in the active language.

    The top-level category itself comes first in its group, for goods no subcategory fits.
    """
    categories = list(Category.objects.order_by("position", "code"))
    children: dict[int, list[Category]] = {}
    for category in categories:
        if category.parent_id is not None:
            children.setdefault(category.parent_id, []).append(category)
    choices: list[tuple[str, Any]] = [("", "—")]
    for top in categories:
        if top.parent_id is not None:
            continue
        options = [(top.code, _("%(category)s (other)") % {"category": top.name})]
        options += [(child.code, child.name) for child in children.get(top.pk, [])]
        choices.append((top.name, options))
    return choices


class ServiceErrorForm(ServiceErrorMixin):
    """Puts the photo service's errors (field "photo") beside the form's "photos" input."""

    def add_service_error(self, error: ServiceError) -> None:
        if error.field == "photo":
            error = ServiceError(error.message, field="photos")
        super().add_service_error(error)


class LotForm(ServiceErrorForm, forms.Form):
    """A lot's fields, for the create and edit pages. `cleaned_data` feeds `lot_create`."""

    def __init__(
        self, *args: Any, organisation: Organisation, with_photos: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        model_fields = forms.fields_for_model(
            Lot,
            fields=[f for f in LOT_FIELDS if f != "category"],
            field_classes={name: DecimalCommaField for name in DECIMAL_FIELDS},
            widgets={
                **{name: DecimalInput() for name in DECIMAL_FIELDS},
                "offer_type": forms.RadioSelect,
                "description": forms.Textarea(attrs={"rows": 5}),
                "available_from": DateInput(),
                "available_until": DateInput(),
            },
        )
        sites: QuerySet[Site] = (
            Site.objects.filter(organisation=organisation)
            .select_related("commune")
            .order_by("name")
        )
        self.fields["site"] = SiteChoiceField(
            label=_("Site"),
            queryset=sites,
            empty_label=None,
            help_text=_("Where the goods are: buyers see the distance from it."),
        )
        self.fields["category"] = forms.ChoiceField(label=_("Category"), choices=category_choices())
        for name in LOT_FIELDS:
            if name != "category":
                self.fields[name] = model_fields[name]
        for name, text in HELP_TEXTS.items():
            self.fields[name].help_text = text
        # Ordered as LOT_FIELDS, site first: the order the page reads in.
        self.order_fields(["site", *LOT_FIELDS])
        self.fields["offer_type"].initial = OfferType.SALE
        cast(forms.ChoiceField, self.fields["condition"]).choices = [("", "—"), *Condition.choices]
        if with_photos:
            self.fields["photos"] = photos_field(required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None
        # The other offer type's boxes may still hold values (hidden by the page's script, or
        # filled before switching): they do not apply, so they are not kept.
        if data.get("offer_type") == OfferType.HIRE:
            data.update({"is_free": False, "unit_price": None})
        elif data.get("offer_type") == OfferType.SALE:
            data.update({name: None for name in HIRE_ONLY_FIELDS})
        return data

    def lot_values(self) -> dict[str, Any]:
        """What the lot services take: every lot field and the site, no photos."""
        return {name: self.cleaned_data[name] for name in ("site", *LOT_FIELDS)}

    @property
    def sale_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in SALE_ONLY_FIELDS]

    @property
    def hire_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in HIRE_ONLY_FIELDS]


def lot_initial(lot: Lot) -> dict[str, Any]:
    """A lot's current values, as the edit form shows them."""
    initial = {name: getattr(lot, name) for name in LOT_FIELDS}
    initial["category"] = lot.category.code
    initial["site"] = lot.site_id
    return initial


class PhotoUploadForm(ServiceErrorForm, forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["photos"] = photos_field(required=True)
