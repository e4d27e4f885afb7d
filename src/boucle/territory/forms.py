"""Forms of the material flow pages: they parse and re-display input; services decide."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import FileExtensionValidator
from django.utils.translation import gettext_lazy as _

from boucle.accounts.forms import ServiceErrorMixin
from boucle.territory.models import INPUT_EXTENSIONS, MAX_INPUT_BYTES, InputKind, MaterialFlowStudy
from boucle.territory.names import indicator_name
from boucle.territory.selectors import COMPARED_INDICATORS

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise  # a development dependency: types only

_ACCEPT = ",".join(f".{extension}" for extension in INPUT_EXTENSIONS)
OPTIONAL_INPUTS = (InputKind.POPULATION, InputKind.GDP, InputKind.TRADE, InputKind.HIERARCHY)


def _file_field(
    label: StrOrPromise, help_text: StrOrPromise, *, required: bool = False
) -> forms.FileField:
    return forms.FileField(
        label=label,
        help_text=help_text,
        required=required,
        validators=[FileExtensionValidator(list(INPUT_EXTENSIONS))],
        widget=forms.FileInput(attrs={"accept": _ACCEPT}),
    )


class StudyForm(ServiceErrorMixin, forms.Form):
    """Creates a study (the accounts file required) or changes one (every file optional)."""

    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    territory_scope = forms.CharField(
        label=_("Territories covered"),
        max_length=200,
        required=False,
        help_text=_("In words, such as “Auvergne-Rhône-Alpes and its départements, 2016 to 2020”."),
    )
    accounts = _file_field(
        _("Accounts"),
        _(
            "CSV or XLSX, one value per row: territory, year, flow, category, value, unit "
            "(such as DEP:69, 2019, DE, MF131, 412.5, kt)."
        ),
        required=True,
    )
    population = _file_field(
        _("Population (optional)"),
        _("Columns territory, year, population: the average population of the year."),
    )
    gdp = _file_field(_("GDP (optional)"), _("Columns territory, year, gdp_eur: the GDP in euros."))
    trade = _file_field(
        _("Trade between territories (optional)"),
        _(
            "Columns origin, destination, year, category, value, unit, categories as MF codes "
            "or NST 2007 chapters: it supplies the trade with the rest of the country."
        ),
    )
    hierarchy = _file_field(
        _("Territory hierarchy (optional)"),
        _("Columns territory, parent: which of your territories is part of which."),
    )
    reference_territory = forms.CharField(
        label=_("Reference territory (optional)"),
        max_length=40,
        required=False,
        help_text=_(
            "The code of a territory of the results that every figure is compared with, such "
            "as FR or REG:84."
        ),
    )
    insee_hierarchy = forms.BooleanField(
        label=_("Add up départements into régions and France (INSEE codes DEP:69, REG:84, FR)"),
        required=False,
        initial=True,
    )
    respiration = forms.BooleanField(
        label=_(
            "Count the population's respiration in the balancing items (0.68 kg of oxygen in, "
            "0.82 kg of carbon dioxide and 0.96 kg of water vapour out per person and per day)"
        ),
        required=False,
    )
    remove = forms.MultipleChoiceField(
        label=_("Remove these files"),
        required=False,
        choices=[(kind.value, kind.label) for kind in OPTIONAL_INPUTS],
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, study: MaterialFlowStudy | None = None, **kwargs: Any) -> None:
        if study is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "name": study.name,
                "description": study.description,
                "territory_scope": study.territory_scope,
                "reference_territory": study.reference_territory,
                "insee_hierarchy": study.insee_hierarchy,
                "respiration": study.respiration,
            }
        super().__init__(*args, **kwargs)
        if study is None:
            del self.fields["remove"]
            return
        # Changing a study: every file is optional, and the reference may be picked among
        # the territories of the results.
        self.fields["accounts"].required = False
        self.fields["accounts"].label = _("New accounts (optional)")
        self.fields["reference_territory"].widget.attrs["list"] = "result-territories"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for kind in InputKind.values:
            upload = cast(UploadedFile | None, data.get(kind))
            if upload is not None and (upload.size or 0) > MAX_INPUT_BYTES:
                self.add_error(
                    kind,
                    _("This file is larger than %(limit)d MB.")
                    % {"limit": MAX_INPUT_BYTES // (1024 * 1024)},
                )
        return data

    def files_given(self) -> dict[str, UploadedFile | None]:
        return {kind: self.cleaned_data.get(kind) for kind in InputKind.values}

    def study_values(self) -> dict[str, Any]:
        """The cleaned values, as the services take them."""
        values = {
            key: self.cleaned_data[key]
            for key in (
                "name",
                "description",
                "territory_scope",
                "reference_territory",
                "insee_hierarchy",
                "respiration",
            )
        }
        values["files"] = self.files_given()
        if "remove" in self.fields:
            values["remove"] = set(self.cleaned_data["remove"])
        return values


class ResultsForm(forms.Form):
    """Which territory, year and compared indicator the study page shows (GET)."""

    territory = forms.ChoiceField(label=_("Territory"))
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)
    indicator = forms.ChoiceField(label=_("Indicator compared"))

    def __init__(
        self,
        *args: Any,
        study: MaterialFlowStudy,
        names: dict[str, str] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.study = study
        names = names or {}
        cast(forms.ChoiceField, self.fields["territory"]).choices = [
            (code, f"{names[code]} ({code})" if names.get(code, code) != code else code)
            for code in study.territories
        ]
        cast(forms.ChoiceField, self.fields["year"]).choices = [
            (year, str(year)) for year in reversed(study.years)
        ]
        cast(forms.ChoiceField, self.fields["indicator"]).choices = [
            (code, indicator_name(code)) for code in COMPARED_INDICATORS
        ]

    def choice(self) -> dict[str, Any]:
        """The territory, year and indicator asked for, or the defaults: the largest territory
        but the reference (the study's subject rather than what it is compared with), the last
        year, DMC."""
        territories = self.study.territories
        subjects = [code for code in territories if code != self.study.reference_territory]
        defaults: dict[str, Any] = {
            "territory": (subjects or territories or [""])[0],
            "year": self.study.years[-1] if self.study.years else 0,
            "indicator": COMPARED_INDICATORS[0],
        }
        if not self.is_bound:
            return defaults
        self.is_valid()
        # A value that is not offered (an old link, a typo) falls back to the default.
        cleaned = getattr(self, "cleaned_data", {})
        return {key: cleaned.get(key) or default for key, default in defaults.items()}
