"""Forms of the accounts pages: they parse and re-display input; services decide."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from boucle.accounts import identifiers
from boucle.accounts.models import Organisation, Role, SiteKind, User
from boucle.accounts.services import ORGANISATION_FIELDS
from boucle.core.errors import ServiceError
from boucle.geo.selectors import communes_for_postcode


class ServiceErrorMixin:
    """Puts a ServiceError beside the field it names, or at the top of the form."""

    def add_service_error(self, error: ServiceError) -> None:
        field = error.field if error.field in self.fields else None  # type: ignore[attr-defined]
        self.add_error(field, error.message)  # type: ignore[attr-defined]


class ProfileForm(forms.ModelForm[User]):
    class Meta:
        model = User
        fields = ["full_name"]


class OrganisationForm(ServiceErrorMixin, forms.ModelForm[Organisation]):
    naf_code = forms.ChoiceField(label=_("Sector (NAF rev. 2)"), required=False, choices=())
    # Wider than the stored value: people type "732 829 320"; clean_* compacts it.
    siren = forms.CharField(
        label=_("SIREN"),
        max_length=20,
        required=False,
        help_text=Organisation._meta.get_field("siren").help_text,
    )
    rna = forms.CharField(
        label=_("RNA number"),
        max_length=20,
        required=False,
        help_text=Organisation._meta.get_field("rna").help_text,
    )
    # Declared to pass assume_scheme: Django 5.2 warns without it, Django 6 defaults to https.
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = Organisation
        fields = list(ORGANISATION_FIELDS)
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["naf_code"]).choices = [
            ("", "—"),
            *identifiers.naf_choices(),
        ]
        self.fields["naf_code"].help_text = Organisation._meta.get_field("naf_code").help_text

    def clean_siren(self) -> str:
        return identifiers.compact_siren(self.cleaned_data["siren"] or "")

    def clean_rna(self) -> str:
        return (self.cleaned_data["rna"] or "").replace(" ", "").upper()


class InvitationForm(ServiceErrorMixin, forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.MEMBER)


class RoleForm(ServiceErrorMixin, forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class ApiKeyForm(ServiceErrorMixin, forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the key is for, such as “stock export script”."),
    )


class SiteForm(ServiceErrorMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    kind = forms.ChoiceField(label=_("Kind"), choices=SiteKind.choices)
    siret = forms.CharField(
        label=_("SIRET"),
        max_length=20,
        required=False,
        validators=[identifiers.validate_siret],
        help_text=_("The 14-digit number of this establishment, if it has one."),
    )
    address = forms.CharField(label=_("Address"), max_length=250)
    postcode = forms.RegexField(
        label=_("Postcode"),
        regex=r"^\d{5}$",
        error_messages={"invalid": _("A French postcode has 5 digits.")},
    )
    commune = forms.ChoiceField(
        label=_("Commune"),
        choices=(),
        required=False,
        help_text=_("The communes served by the postcode appear once you have typed it."),
    )
    latitude = forms.FloatField(
        label=_("Latitude"),
        required=False,
        min_value=-90,
        max_value=90,
        help_text=_("Leave empty to use the town hall's position."),
    )
    longitude = forms.FloatField(
        label=_("Longitude"), required=False, min_value=-180, max_value=180
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        postcode = (self.data.get("postcode") or self.initial.get("postcode") or "").strip()
        self.commune_choices = communes_for_postcode(postcode) if len(postcode) == 5 else []
        cast(forms.ChoiceField, self.fields["commune"]).choices = [
            (c.insee_code, c.name) for c in self.commune_choices
        ] or [("", "—")]

    def clean_siret(self) -> str:
        return identifiers.compact_siret(self.cleaned_data["siret"] or "")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "postcode" in data and not data.get("commune"):
            if not self.commune_choices:
                self.add_error("postcode", _("No French commune has this postcode."))
            elif len(self.commune_choices) == 1:
                data["commune"] = self.commune_choices[0].insee_code
            else:
                self.add_error("commune", _("Choose the commune among those of this postcode."))
        return data
