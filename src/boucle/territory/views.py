"""Pages of material flow studies: check access, parse, call one service or selector, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django_htmx.middleware import HtmxDetails

from boucle.accounts.models import User
from boucle.accounts.selectors import membership_get
from boucle.core.errors import ServiceError
from boucle.engines.mfa import InputProblem
from boucle.territory import exports, selectors, services
from boucle.territory.forms import ResultsForm, StudyForm
from boucle.territory.models import MaterialFlowStudy, StudyStatus


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails  # set by django-htmx's middleware


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _saved_message(study: MaterialFlowStudy) -> str:
    if study.status == StudyStatus.COMPUTING:
        return _("The study %(name)s has been saved; its results are being computed.") % {
            "name": study.name
        }
    return _("The study %(name)s has been saved with its results.") % {"name": study.name}


@login_required
def study_list(request: HttpRequest, slug: str) -> HttpResponse:
    membership = membership_get(_user(request), slug)
    return render(
        request,
        "territory/study_list.html",
        {
            "membership": membership,
            "organisation": membership.organisation,
            "studies": selectors.studies_of(membership.organisation),
        },
    )


@login_required
def study_create(request: HttpRequest, slug: str) -> HttpResponse:
    membership = membership_get(_user(request), slug)
    form = StudyForm(request.POST or None, request.FILES or None)
    problems: list[InputProblem] = []
    if request.method == "POST" and form.is_valid():
        try:
            study = services.study_create(
                actor=_user(request), organisation=membership.organisation, **form.study_values()
            )
        except services.StudyInputError as error:
            problems = error.problems
        except ServiceError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _saved_message(study))
            return redirect("territory:study_detail", slug=slug, study_id=study.pk)
    context = {"membership": membership, "organisation": membership.organisation}
    return render(
        request, "territory/study_form.html", {**context, "form": form, "problems": problems}
    )


@login_required
def study_detail(request: HtmxHttpRequest, slug: str, study_id: int) -> HttpResponse:
    access = selectors.study_get(_user(request), slug, study_id)
    study = access.study
    choice = ResultsForm(request.GET or None, study=study).choice()
    page = selectors.study_page(study, **choice) if study.is_ready else None
    form = ResultsForm(study=study, names=page.names if page else {}, initial=choice)
    template = "territory/study_detail.html"
    if request.htmx and page is not None:
        template += "#results"
    return render(
        request,
        template,
        {
            "access": access,
            "membership": access.membership,
            "organisation": access.organisation,
            "study": study,
            "files": selectors.study_files(study),
            "page": page,
            "form": form,
        },
    )


@login_required
def study_status(request: HttpRequest, slug: str, study_id: int) -> HttpResponse:
    """Asked every few seconds while a study computes (HTMX): reloads the page once done."""
    access = selectors.study_get(_user(request), slug, study_id)
    if access.study.status == StudyStatus.COMPUTING:
        return render(request, "territory/_study_status.html", {"study": access.study})
    response = HttpResponse(status=204)
    response["HX-Refresh"] = "true"
    return response


@login_required
def study_edit(request: HttpRequest, slug: str, study_id: int) -> HttpResponse:
    access = selectors.study_get_editable(_user(request), slug, study_id)
    study = access.study
    form = StudyForm(request.POST or None, request.FILES or None, study=study)
    problems: list[InputProblem] = []
    if request.method == "POST" and form.is_valid():
        try:
            services.study_update(actor=_user(request), study=study, **form.study_values())
        except services.StudyInputError as error:
            problems = error.problems
        except ServiceError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _saved_message(study))
            return redirect("territory:study_detail", slug=slug, study_id=study.pk)
        study.refresh_from_db()
    return render(
        request,
        "territory/study_form.html",
        {
            "membership": access.membership,
            "organisation": access.organisation,
            "study": study,
            "files": selectors.study_files(study),
            "form": form,
            "problems": problems,
        },
    )


@login_required
def study_delete(request: HttpRequest, slug: str, study_id: int) -> HttpResponse:
    access = selectors.study_get_editable(_user(request), slug, study_id)
    if request.method != "POST":
        return render(
            request,
            "territory/study_delete.html",
            {
                "membership": access.membership,
                "organisation": access.organisation,
                "study": access.study,
            },
        )
    services.study_delete(actor=_user(request), study=access.study)
    messages.success(
        request, _("The study %(name)s has been deleted.") % {"name": access.study.name}
    )
    return redirect("territory:study_list", slug=slug)


@login_required
def study_file(request: HttpRequest, slug: str, study_id: int, kind: str) -> FileResponse:
    access = selectors.study_get(_user(request), slug, study_id)
    stored = selectors.study_file_get(access.study, kind)
    return FileResponse(stored.file.open("rb"), as_attachment=True, filename=stored.original_name)


@login_required
def results_csv(request: HttpRequest, slug: str, study_id: int) -> StreamingHttpResponse:
    access = selectors.study_get(_user(request), slug, study_id)
    response = StreamingHttpResponse(
        exports.results_csv(access.study), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = exports.attachment(access.study, "results", "csv")
    return response


@login_required
def results_xlsx(request: HttpRequest, slug: str, study_id: int) -> HttpResponse:
    access = selectors.study_get(_user(request), slug, study_id)
    response = HttpResponse(exports.results_xlsx(access.study), content_type=exports.XLSX_TYPE)
    response["Content-Disposition"] = exports.attachment(access.study, "results", "xlsx")
    return response


@login_required
def questionnaire_xlsx(request: HttpRequest, slug: str, study_id: int) -> HttpResponse:
    access = selectors.study_get(_user(request), slug, study_id)
    response = HttpResponse(
        exports.questionnaire_xlsx(access.study), content_type=exports.XLSX_TYPE
    )
    response["Content-Disposition"] = exports.attachment(access.study, "questionnaire", "xlsx")
    return response
