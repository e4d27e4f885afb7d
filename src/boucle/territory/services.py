"""Everything that changes material flow studies: create, update, delete, compute.

Views, the demo and the background task call these functions. Each raises `ServiceError` (a
message for the person, naming the field at fault) and saves nothing when a rule refuses the
change; `StudyInputError`, a `ServiceError`, lists every problem the engine found in the files
with its file, line and column.

Where the results are computed: inputs of up to `INLINE_LIMIT_BYTES` (1 MB) in all are read
and computed in the request, inside the transaction that saves the study, so that a person
sees the results, or every problem of their files, as soon as the page answers, and a refused
upload saves nothing. The engine reads and computes the demo study (12 départements and France
over 5 years with a trade table: 6,700 rows, 210 kB) in a fifth of a second, and storing its
8,300 results takes about as long, so a 1 MB upload answers within a few seconds. Larger
inputs (a national study, a big trade table) are saved first and computed by a background task
(`tasks.study_compute`), enqueued once the transaction commits; the study page says it is
computing, then shows the results, or the problems, which are stored on the study.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from itertools import islice
from pathlib import PurePath
from typing import IO, Any, cast

from django.core.files import File
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from boucle.accounts.models import Membership, Organisation, User
from boucle.core.errors import ServiceError
from boucle.engines import mfa
from boucle.territory.models import (
    INPUT_EXTENSIONS,
    MAX_INPUT_BYTES,
    InputKind,
    MaterialFlowStudy,
    StudyBalance,
    StudyFile,
    StudyResult,
    StudyStatus,
    study_may_edit,
    territory_sort_key,
)

logger = logging.getLogger(__name__)

# Up to this size in all, the inputs are computed in the request (see the module docstring).
INLINE_LIMIT_BYTES = 1024 * 1024
# Result rows are written this many at a time, to bound memory on large studies.
_BATCH = 2000

_READERS: dict[str, Any] = {
    InputKind.ACCOUNTS: mfa.read_accounts,
    InputKind.POPULATION: mfa.read_population,
    InputKind.GDP: mfa.read_gdp,
    InputKind.TRADE: mfa.read_trade,
    InputKind.HIERARCHY: mfa.read_hierarchy,
}


class StudyInputError(ServiceError):
    """The engine refused the files: `problems` lists each one with its file, line, column."""

    def __init__(self, problems: Iterable[mfa.InputProblem]) -> None:
        self.problems = list(problems)
        count = len(self.problems)
        super().__init__(
            ngettext(
                "The files have %(count)d problem: correct it, then choose the files again.",
                "The files have %(count)d problems: correct them, then choose the files again.",
                count,
            )
            % {"count": count}
        )


@dataclass(frozen=True)
class StudySettings:
    """What a study's results depend on besides its files."""

    reference_territory: str = ""
    respiration: bool = False
    insee_hierarchy: bool = True

    @classmethod
    def of(cls, study: MaterialFlowStudy) -> StudySettings:
        return cls(study.reference_territory, study.respiration, study.insee_hierarchy)


@dataclass(frozen=True)
class _Input:
    """An input file to read: a new upload or a file already stored."""

    kind: str
    name: str
    size: int
    upload: File[Any] | None = None
    stored: StudyFile | None = None

    def open(self) -> IO[bytes]:
        if self.upload is not None:
            self.upload.seek(0)
            return cast(IO[bytes], self.upload)
        assert self.stored is not None
        return cast(IO[bytes], self.stored.file.open("rb"))

    def close(self, handle: IO[bytes]) -> None:
        if self.upload is not None:
            self.upload.seek(0)  # it is saved to the storage afterwards
        else:
            handle.close()


# Rules


def _membership(actor: User, organisation: Organisation) -> Membership:
    membership = Membership.objects.filter(user=actor, organisation=organisation).first()
    if membership is None:
        raise ServiceError(_("You are not a member of this organisation."))
    return membership


def _require_editor(actor: User, study: MaterialFlowStudy) -> None:
    membership = Membership.objects.filter(user=actor, organisation=study.organisation_id).first()
    if membership is None or not study_may_edit(membership, study):
        raise ServiceError(
            _("Only the study's author and the organisation's managers may change it.")
        )


def _clean_name(organisation: Organisation, name: str, *, exclude: int | None = None) -> str:
    name = name.strip()
    if not name:
        raise ServiceError(_("Give the study a name."), field="name")
    others = MaterialFlowStudy.objects.filter(organisation=organisation)
    if exclude is not None:
        others = others.exclude(pk=exclude)
    # Compared in Python: SQLite folds the case of ASCII letters only (É is not é).
    if any(other.casefold() == name.casefold() for other in others.values_list("name", flat=True)):
        raise ServiceError(_("This organisation already has a study with this name."), field="name")
    return name


def _check_upload(kind: str, upload: File[Any]) -> _Input:
    name = PurePath(upload.name or kind).name
    extension = PurePath(name).suffix.lower().lstrip(".")
    if extension not in INPUT_EXTENSIONS:
        raise ServiceError(
            _("%(name)s is neither a CSV nor an XLSX file.") % {"name": name}, field=kind
        )
    size = upload.size or 0
    if size > MAX_INPUT_BYTES:
        raise ServiceError(
            _("%(name)s is larger than %(limit)d MB: use the command line for such files.")
            % {"name": name, "limit": MAX_INPUT_BYTES // (1024 * 1024)},
            field=kind,
        )
    return _Input(kind=kind, name=name[:255], size=size, upload=upload)


def _uploads(files: Mapping[str, File[Any] | None]) -> dict[str, _Input]:
    unknown = set(files) - set(InputKind.values)
    if unknown:
        raise TypeError(f"Unknown input kinds: {sorted(unknown)}")
    return {kind: _check_upload(kind, f) for kind, f in files.items() if f is not None}


# Computation


def _read_and_compute(inputs: Mapping[str, _Input], settings: StudySettings) -> mfa.Results:
    """The engine's results for these inputs, or StudyInputError listing every problem."""
    problems: list[mfa.InputProblem] = []
    parsed: dict[str, Any] = {}
    # The accounts first, then the others in the form's order: problems come in that order.
    for kind in InputKind.values:
        source = inputs.get(kind)
        if source is None:
            continue
        handle = source.open()
        try:
            parsed[kind] = _READERS[kind](handle, name=source.name)
        except mfa.MfaInputError as error:
            problems.extend(error.errors)
        finally:
            source.close(handle)
    if problems:
        raise StudyInputError(problems)
    hierarchy: mfa.Hierarchy | None = parsed.get(InputKind.HIERARCHY)
    if settings.insee_hierarchy:
        built_in = mfa.insee_hierarchy()
        hierarchy = built_in if hierarchy is None else built_in.merged(hierarchy)
    reference = settings.reference_territory or None
    try:
        results = mfa.compute(
            parsed[InputKind.ACCOUNTS],
            population=parsed.get(InputKind.POPULATION),
            gdp=parsed.get(InputKind.GDP),
            trade=parsed.get(InputKind.TRADE),
            hierarchy=hierarchy,
            reference=reference,
            respiration=settings.respiration,
        )
    except mfa.MfaInputError as error:
        # The engine names the reference territory as the "file" of the problem it has: that
        # one belongs beside the form's field, in the person's language.
        if reference is not None and all(p.file == _REFERENCE for p in error.errors):
            raise _unknown_reference(reference) from None
        raise StudyInputError(error.errors) from None
    if reference is not None and reference not in results.territories:
        raise _unknown_reference(reference)
    return results


_REFERENCE = "reference"


def _unknown_reference(code: str) -> ServiceError:
    return ServiceError(
        _(
            "%(code)s has no results: it is neither in the accounts nor computed from them. "
            "Give the code of a territory of the results, or leave the reference empty."
        )
        % {"code": code},
        field="reference_territory",
    )


def _ordered(territories: Iterable[str]) -> list[str]:
    return sorted(territories, key=territory_sort_key)


def _batches(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def _balance_data(balance: mfa.Balance) -> dict[str, Any]:
    return {
        "inputs": [[f.flow, f.category, f.tonnes] for f in balance.inputs],
        "outputs": [[f.flow, f.category, f.tonnes] for f in balance.outputs],
        "net_addition_to_stock": balance.net_addition_to_stock,
        "recycling": balance.recycling,
        "nas_reported": balance.nas_reported,
        "nas_gap_tonnes": balance.nas_gap_tonnes,
        "nas_gap_ratio": balance.nas_gap_ratio,
    }


def _result_rows(study: MaterialFlowStudy, results: mfa.Results) -> Iterator[StudyResult]:
    # The engine's arrays, not its row objects: a national study has millions of figures.
    columns = results.columns()
    lists = [columns[name].tolist() for name in mfa.ROW_FIELDS]
    for values in zip(*lists, strict=True):
        fields = dict(zip(mfa.ROW_FIELDS, values, strict=True))
        for name in mfa.ROW_FIELDS[5:]:
            if fields[name] != fields[name]:  # NaN: not computed
                fields[name] = None
        yield StudyResult(study=study, **fields)


def _balance_rows(study: MaterialFlowStudy, results: mfa.Results) -> Iterator[StudyBalance]:
    for territory in results.territories:
        for year in results.years:
            balance = results.balance(territory, year)
            if balance is not None:
                yield StudyBalance(
                    study=study, territory=territory, year=year, data=_balance_data(balance)
                )


def _store_results(study: MaterialFlowStudy, results: mfa.Results) -> None:
    StudyResult.objects.filter(study=study).delete()
    StudyBalance.objects.filter(study=study).delete()
    for batch in _batches(_result_rows(study, results), _BATCH):
        StudyResult.objects.bulk_create(batch)
    for batch in _batches(_balance_rows(study, results), _BATCH):
        StudyBalance.objects.bulk_create(batch)
    study.status = StudyStatus.READY
    study.problems = []
    study.notes = list(results.notes)
    study.territories = _ordered(results.territories)
    study.years = list(results.years)
    study.computed_at = timezone.now()
    study.save(update_fields=["status", "problems", "notes", "territories", "years", "computed_at"])


def _clear_results(study: MaterialFlowStudy, *, status: str, problems: list[Any]) -> None:
    StudyResult.objects.filter(study=study).delete()
    StudyBalance.objects.filter(study=study).delete()
    study.status = status
    study.problems = problems
    study.notes = []
    study.territories = []
    study.years = []
    study.computed_at = timezone.now() if status == StudyStatus.FAILED else None
    study.save(update_fields=["status", "problems", "notes", "territories", "years", "computed_at"])


# A file of a million wrong rows has a million problems: the first ones say enough.
MAX_PROBLEMS_STORED = 1000


def _problem_records(problems: Iterable[mfa.InputProblem]) -> list[dict[str, Any]]:
    return [
        {"file": p.file, "line": p.line, "column": p.column, "message": p.message}
        for p in islice(problems, MAX_PROBLEMS_STORED)
    ]


def _compute_if_small(inputs: Mapping[str, _Input], settings: StudySettings) -> mfa.Results | None:
    """The results, if the inputs are small enough to compute in the request; None if they
    are left to the background task. Raises before anything is written: a refused upload
    saves nothing."""
    if sum(source.size for source in inputs.values()) > INLINE_LIMIT_BYTES:
        return None
    return _read_and_compute(inputs, settings)


def _compute_later(study: MaterialFlowStudy) -> None:
    """Queues the computation of the study's stored files, once this transaction commits."""
    from boucle.territory.tasks import study_compute as study_compute_task

    _clear_results(study, status=StudyStatus.COMPUTING, problems=[])
    # The task speaks the language of the person who asked, for the messages it stores.
    study_id, revision, language = study.pk, study.revision, translation.get_language()
    transaction.on_commit(
        lambda: study_compute_task.enqueue(
            study_id=study_id, revision=revision, language=language or "fr"
        )
    )


def _store(
    study: MaterialFlowStudy,
    uploads: Mapping[str, _Input],
    removed: Iterable[StudyFile],
    results: mfa.Results | None,
    actor: User,
) -> None:
    """Saves the uploads and the results (or queues them); if that fails, the files just
    written go too, so that a rolled-back change leaves nothing behind in the storage."""
    from django.core.files.storage import default_storage

    written: list[str] = []
    try:
        replaced = _save_uploads(study, uploads, actor, written)
        for stored in removed:
            replaced.append(stored.file.name)
            stored.delete()
        if results is not None:
            _store_results(study, results)
        else:
            _compute_later(study)
    except BaseException:
        for name in written:
            default_storage.delete(name)
        raise
    _delete_from_storage_on_commit(replaced)


def _save_uploads(
    study: MaterialFlowStudy, uploads: Mapping[str, _Input], actor: User, written: list[str]
) -> list[str]:
    """Stores the uploads as the study's files, adding their storage names to `written`;
    returns the storage names of the files they replace."""
    replaced: list[str] = []
    for kind, source in uploads.items():
        assert source.upload is not None
        existing = study.files.filter(kind=kind).first()
        if existing is not None:
            replaced.append(existing.file.name)
            existing.delete()
        stored = StudyFile(
            study=study,
            kind=kind,
            original_name=source.name,
            size_bytes=source.size,
            uploaded_by=actor,
        )
        source.upload.seek(0)
        stored.file.save(source.name, source.upload, save=False)
        written.append(stored.file.name)
        stored.save()
    return replaced


def _delete_from_storage_on_commit(names: Iterable[str]) -> None:
    from django.core.files.storage import default_storage

    for name in list(names):
        transaction.on_commit(lambda name=name: default_storage.delete(name))  # type: ignore[misc]


# Services


@transaction.atomic
def study_create(
    *,
    actor: User,
    organisation: Organisation,
    name: str,
    files: Mapping[str, File[Any] | None],
    description: str = "",
    territory_scope: str = "",
    reference_territory: str = "",
    respiration: bool = False,
    insee_hierarchy: bool = True,
) -> MaterialFlowStudy:
    """A new study of `organisation` from its input files, computed (or queued)."""
    _membership(actor, organisation)
    name = _clean_name(organisation, name)
    uploads = _uploads(files)
    if InputKind.ACCOUNTS not in uploads:
        raise ServiceError(_("Choose the accounts file."), field=InputKind.ACCOUNTS)
    settings = StudySettings(reference_territory.strip(), respiration, insee_hierarchy)
    results = _compute_if_small(uploads, settings)
    study = MaterialFlowStudy.objects.create(
        organisation=organisation,
        name=name,
        description=description.strip(),
        territory_scope=territory_scope.strip(),
        reference_territory=settings.reference_territory,
        respiration=respiration,
        insee_hierarchy=insee_hierarchy,
        created_by=actor,
        updated_by=actor,
    )
    _store(study, uploads, [], results, actor)
    return study


@transaction.atomic
def study_update(
    *,
    actor: User,
    study: MaterialFlowStudy,
    name: str,
    description: str = "",
    territory_scope: str = "",
    reference_territory: str = "",
    respiration: bool = False,
    insee_hierarchy: bool = True,
    files: Mapping[str, File[Any] | None] | None = None,
    remove: Collection[str] = (),
) -> MaterialFlowStudy:
    """Changes a study; new files, removed files or new settings recompute its results."""
    _require_editor(actor, study)
    name = _clean_name(study.organisation, name, exclude=study.pk)
    uploads = _uploads(files or {})
    if InputKind.ACCOUNTS in remove:
        raise ServiceError(_("A study cannot do without its accounts."), field="accounts")
    settings = StudySettings(reference_territory.strip(), respiration, insee_hierarchy)
    kept = {
        f.kind: _Input(kind=f.kind, name=f.original_name, size=f.size_bytes, stored=f)
        for f in study.files.all()
        if f.kind not in remove and f.kind not in uploads
    }
    removed = [f for f in study.files.all() if f.kind in remove and f.kind not in uploads]
    inputs = {**kept, **uploads}
    recompute = bool(uploads or removed) or settings != StudySettings.of(study)
    # The new inputs are read from the uploads, the files kept from the storage; small ones are
    # computed before anything changes.
    results = _compute_if_small(inputs, settings) if recompute else None

    study.name = name
    study.description = description.strip()
    study.territory_scope = territory_scope.strip()
    study.reference_territory = settings.reference_territory
    study.respiration = respiration
    study.insee_hierarchy = insee_hierarchy
    study.updated_by = actor
    study.updated_at = timezone.now()
    if recompute:
        study.revision += 1
    study.save()
    if recompute:
        _store(study, uploads, removed, results, actor)
    return study


@transaction.atomic
def study_delete(*, actor: User, study: MaterialFlowStudy) -> None:
    _require_editor(actor, study)
    names = [f.file.name for f in study.files.all()]
    study.delete()
    _delete_from_storage_on_commit(names)


def study_compute(*, study_id: int, revision: int) -> None:
    """Computes a study's results from its stored files (the background task's work).

    Reads and computes outside any transaction, since that may take a while, then stores the
    results, or the problems, only if the study still has the revision it was asked for: a
    change in the meantime queued a computation of its own.
    """
    study = MaterialFlowStudy.objects.filter(pk=study_id, revision=revision).first()
    if study is None:
        return
    inputs = {
        f.kind: _Input(kind=f.kind, name=f.original_name, size=f.size_bytes, stored=f)
        for f in study.files.all()
    }
    results: mfa.Results | None = None
    problems: list[dict[str, Any]] = []
    try:
        results = _read_and_compute(inputs, StudySettings.of(study))
    except StudyInputError as error:
        problems = _problem_records(error.problems)
    except ServiceError as error:
        problems = [{"file": "", "line": None, "column": None, "message": error.message}]
    except Exception:
        logger.exception("The computation of material flow study %s failed", study_id)
        problems = [
            {
                "file": "",
                "line": None,
                "column": None,
                "message": _("The computation failed unexpectedly; the operator can see why."),
            }
        ]
    with transaction.atomic():
        current = (
            MaterialFlowStudy.objects.select_for_update()
            .filter(pk=study_id, revision=revision)
            .first()
        )
        if current is None:
            return
        if results is not None:
            _store_results(current, results)
        else:
            _clear_results(current, status=StudyStatus.FAILED, problems=problems)
