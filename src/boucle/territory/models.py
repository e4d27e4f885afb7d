"""Material flow studies: an organisation's input files and the results the engine computed.

A study belongs to one organisation and is private to its members. Its input files (accounts,
and optionally population, GDP, trade between territories and a hierarchy) are kept as
uploaded, under the storage's `territory/` folder with a random name, their original name
beside them. The engine's results are stored as rows (`StudyResult`, one per territory, year,
indicator and category) and balances (`StudyBalance`, one per territory and year), so that a
page reads the few rows it shows instead of recomputing or loading every result.
"""

from __future__ import annotations

import uuid
from pathlib import PurePath
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import FileExtensionValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from boucle.accounts.models import MANAGING_ROLES

if TYPE_CHECKING:
    from boucle.accounts.models import Membership

# What an input file may be: the engine reads CSV (comma or semicolon) and XLSX.
INPUT_EXTENSIONS = ("csv", "xlsx")
# Per file. A trade table of ten million rows is about 400 MB of CSV: such volumes belong to
# the command line (`boucle mfa`), the pages take what a regional study uploads.
MAX_INPUT_BYTES = 50 * 1024 * 1024


class StudyStatus(models.TextChoices):
    COMPUTING = "computing", _("Computing")
    READY = "ready", _("Ready")
    FAILED = "failed", _("The files have problems")


class InputKind(models.TextChoices):
    """The input files of a study, in the order the form asks for them."""

    ACCOUNTS = "accounts", _("Accounts")
    POPULATION = "population", _("Population")
    GDP = "gdp", _("GDP")
    TRADE = "trade", _("Trade between territories")
    HIERARCHY = "hierarchy", _("Territory hierarchy")


class MaterialFlowStudy(models.Model):
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.CASCADE,
        related_name="material_flow_studies",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    territory_scope = models.CharField(_("territories covered"), max_length=200, blank=True)
    # A territory of the results (an INSEE code such as FR or REG:84, or the study's own code)
    # that every figure is compared with; empty for none.
    reference_territory = models.CharField(_("reference territory"), max_length=40, blank=True)
    respiration = models.BooleanField(_("count respiration"), default=False)
    insee_hierarchy = models.BooleanField(_("add up French territories"), default=True)

    status = models.CharField(
        _("status"), max_length=10, choices=StudyStatus.choices, default=StudyStatus.COMPUTING
    )
    # Goes up with every change of what the results depend on; a background computation
    # stores its results only if the revision it read is still the study's.
    revision = models.PositiveIntegerField(default=1)
    # From a background computation that refused the files: [file, line, column, message].
    problems = models.JSONField(default=list, blank=True)
    # The engine's remarks on the results (ancestors left out, and why).
    notes = models.JSONField(default=list, blank=True)
    # The territories and years of the results, so that a page lists them without a query.
    territories = models.JSONField(default=list, blank=True)
    years = models.JSONField(default=list, blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("author"),
    )
    created_at = models.DateTimeField(_("created on"), default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("last changed by"),
    )
    updated_at = models.DateTimeField(_("last changed on"), default=timezone.now)
    computed_at = models.DateTimeField(_("computed on"), null=True, blank=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = _("material flow study")
        verbose_name_plural = _("material flow studies")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"],
                name="territory_study_name_unique",
                violation_error_message=_("This organisation already has a study with this name."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})"

    @property
    def is_ready(self) -> bool:
        return self.status == StudyStatus.READY


def study_may_edit(membership: Membership, study: MaterialFlowStudy) -> bool:
    """Who may change or delete a study: its author and the organisation's managers; the
    other members only read it. Views, templates and services all ask this one question."""
    if membership.organisation_id != study.organisation_id:
        return False
    return membership.role in MANAGING_ROLES or study.created_by_id == membership.user_id


# France, then régions, départements, communes, then the study's own codes.
_TERRITORY_RANK = {"FR": 0, "REG": 1, "DEP": 2, "COM": 3}


def territory_sort_key(code: str) -> tuple[int, str]:
    """The order territories are listed in: largest built-in ones first, then by code."""
    prefix = code.split(":", 1)[0] if ":" in code else code
    return _TERRITORY_RANK.get(prefix, 4), code


def _input_path(instance: StudyFile, filename: str) -> str:
    # A random name on disk: the original one, kept in `original_name`, may be anything.
    suffix = PurePath(filename).suffix.lower()
    return f"territory/{instance.study.organisation_id}/{uuid.uuid4().hex}{suffix}"


class StudyFile(models.Model):
    """One input file of a study, as uploaded."""

    study = models.ForeignKey(MaterialFlowStudy, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(_("kind"), max_length=12, choices=InputKind.choices)
    file = models.FileField(
        _("file"),
        upload_to=_input_path,
        max_length=200,
        validators=[FileExtensionValidator(list(INPUT_EXTENSIONS))],
    )
    original_name = models.CharField(_("file name"), max_length=255)
    size_bytes = models.PositiveBigIntegerField(_("size in bytes"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded on"), default=timezone.now)

    class Meta:
        ordering = ["study", "kind"]
        verbose_name = _("study input file")
        verbose_name_plural = _("study input files")
        constraints = [
            models.UniqueConstraint(fields=["study", "kind"], name="territory_study_file_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.original_name}"


class StudyResult(models.Model):
    """One indicator of one territory, year and category: a row of the engine's results."""

    study = models.ForeignKey(MaterialFlowStudy, on_delete=models.CASCADE, related_name="results")
    territory = models.CharField(_("territory"), max_length=40)
    year = models.PositiveSmallIntegerField(_("year"))
    indicator = models.CharField(_("indicator"), max_length=24)  # DMC, IMP_INT, ...
    category = models.CharField(_("category"), max_length=12)  # TOTAL, MF1, MF131, ...
    tonnes = models.FloatField(_("tonnes"))
    tonnes_per_inhabitant = models.FloatField(null=True, blank=True)
    kg_per_eur = models.FloatField(null=True, blank=True)  # per unit of GDP
    resource_productivity_eur_per_kg = models.FloatField(null=True, blank=True)
    reference_tonnes = models.FloatField(null=True, blank=True)
    reference_tonnes_per_inhabitant = models.FloatField(null=True, blank=True)
    ratio_to_reference_per_inhabitant = models.FloatField(null=True, blank=True)

    class Meta:
        verbose_name = _("study result")
        verbose_name_plural = _("study results")
        indexes = [
            # The study page reads one territory's year, one territory's years, one year's
            # territories: the two indexes serve all three.
            models.Index(fields=["study", "territory", "year"], name="territory_result_place"),
            models.Index(fields=["study", "year", "indicator"], name="territory_result_year"),
        ]

    def __str__(self) -> str:
        return f"{self.territory} {self.year} {self.indicator} {self.category}: {self.tonnes:g} t"


class StudyBalance(models.Model):
    """The material balance of a territory in a year, as the Sankey diagram draws it.

    `data` holds the engine's Balance: inputs and outputs as [flow, category, tonnes] lists,
    the net addition to stock, recycling and the balance check, all in tonnes.
    """

    study = models.ForeignKey(MaterialFlowStudy, on_delete=models.CASCADE, related_name="balances")
    territory = models.CharField(_("territory"), max_length=40)
    year = models.PositiveSmallIntegerField(_("year"))
    data = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("study balance")
        verbose_name_plural = _("study balances")
        constraints = [
            models.UniqueConstraint(
                fields=["study", "territory", "year"], name="territory_balance_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.territory} {self.year}"
