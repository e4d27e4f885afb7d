"""Pages of bulk work on lots: import from a file, the import template, exports of lots and
orders. Members of the organisation only (anyone else gets 404)."""

from __future__ import annotations

from collections.abc import Iterator

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, URLPattern, path, reverse
from django.utils.translation import ngettext

from boucle.accounts.models import Organisation, User
from boucle.accounts.selectors import membership_get
from boucle.core.errors import ServiceError
from boucle.marketplace import exports
from boucle.marketplace.forms.bulk import LotImportForm
from boucle.marketplace.models import Category
from boucle.marketplace.services import bulk
from boucle.marketplace.services.bulk import ImportProblem

FORMATS = ("csv", "xlsx")


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _seller_lots_url(slug: str) -> str:
    try:
        return reverse("marketplace:seller_lots", args=[slug])
    except NoReverseMatch:  # the seller's pages come in their own module
        return f"/o/{slug}/lots/"


@login_required
def lot_import(request: HttpRequest, slug: str) -> HttpResponse:
    membership = membership_get(_user(request), slug)
    organisation = membership.organisation
    form = LotImportForm(request.POST or None, request.FILES or None)
    problems: list[ImportProblem] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = bulk.lots_import(
                actor=_user(request),
                organisation=organisation,
                upload=upload,
                filename=upload.name,
                publish=form.cleaned_data["publish"],
            )
        except bulk.LotsImportError as error:
            problems = error.errors
        except ServiceError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _imported_message(result))
            return redirect(_seller_lots_url(slug))
    context = {
        "membership": membership,
        "organisation": organisation,
        "form": form,
        "problems": problems,
        "columns": bulk.import_columns_help(),
        "notes": exports.import_notes(),
        "categories": Category.objects.select_related("parent").order_by("position"),
        "seller_lots_url": _seller_lots_url(slug),
    }
    return render(request, "marketplace/bulk/lot_import.html", context)


def _imported_message(result: bulk.ImportResult) -> str:
    if result.published:
        return ngettext(
            "%(count)d lot imported and published.",
            "%(count)d lots imported and published.",
            result.count,
        ) % {"count": result.count}
    return ngettext(
        "%(count)d lot imported as a draft: check it, then publish it.",
        "%(count)d lots imported as drafts: check them, then publish them.",
        result.count,
    ) % {"count": result.count}


def _organisation(request: HttpRequest, slug: str, fmt: str) -> Organisation:
    if fmt not in FORMATS:
        raise Http404
    return membership_get(_user(request), slug).organisation


def _download(
    content: bytes | str, organisation: Organisation, what: str, fmt: str
) -> HttpResponse:
    content_type = exports.CSV_TYPE if fmt == "csv" else exports.XLSX_TYPE
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = exports.attachment(organisation, what, fmt)
    return response


@login_required
def lot_import_template(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    organisation = _organisation(request, slug, fmt)
    if fmt == "csv":
        return _download(exports.lots_template_csv(), organisation, "lots-template", fmt)
    return _download(exports.lots_template_xlsx(organisation), organisation, "lots-template", fmt)


def _stream(rows: Iterator[str], organisation: Organisation, what: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(rows, content_type=exports.CSV_TYPE)
    response["Content-Disposition"] = exports.attachment(organisation, what, "csv")
    return response


@login_required
def lot_export(request: HttpRequest, slug: str, fmt: str) -> HttpResponse | StreamingHttpResponse:
    organisation = _organisation(request, slug, fmt)
    if fmt == "csv":
        return _stream(exports.lots_csv(organisation), organisation, "lots")
    return _download(exports.lots_xlsx(organisation), organisation, "lots", fmt)


@login_required
def order_export(request: HttpRequest, slug: str, fmt: str) -> HttpResponse | StreamingHttpResponse:
    organisation = _organisation(request, slug, fmt)
    if fmt == "csv":
        return _stream(exports.orders_csv(organisation), organisation, "orders")
    return _download(exports.orders_xlsx(organisation), organisation, "orders", fmt)


urlpatterns: list[URLPattern] = [
    path("o/<slug:slug>/lots/import/", lot_import, name="lot_import"),
    path(
        "o/<slug:slug>/lots/import/template.<str:fmt>",
        lot_import_template,
        name="lot_import_template",
    ),
    path("o/<slug:slug>/lots/export.<str:fmt>", lot_export, name="lot_export"),
    path("o/<slug:slug>/orders/export.<str:fmt>", order_export, name="order_export"),
]
