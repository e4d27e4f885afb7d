"""The upload form of the lots import page: it parses and re-displays input; the service decides."""

from __future__ import annotations

from django import forms
from django.core.validators import FileExtensionValidator
from django.utils.translation import gettext_lazy as _

from boucle.accounts.forms import ServiceErrorMixin

IMPORT_EXTENSIONS = ("csv", "txt", "xlsx")


class LotImportForm(ServiceErrorMixin, forms.Form):
    file = forms.FileField(
        label=_("File of lots"),
        help_text=_("CSV (UTF-8, commas or semicolons) or Excel workbook (.xlsx)."),
        validators=[FileExtensionValidator(list(IMPORT_EXTENSIONS))],
        widget=forms.FileInput(attrs={"accept": ".csv,.txt,.xlsx"}),
    )
    publish = forms.BooleanField(
        label=_("Publish the lots at once (otherwise they are saved as drafts)"),
        required=False,
    )
