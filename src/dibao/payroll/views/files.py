"""Files of a run: the bank file (exporting it moves an approved run to "sent to the bank"), the
bank's results uploaded back, and each community's roster (花名册) as xlsx or PDF.

The bank file is written to a spooled temporary file first (memory, then disk for a large
county) and the run advanced only once it is whole, then streamed out: a file that fails half way
leaves the run approved."""

import tempfile
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from dibao.accounts.models import User
from dibao.accounts.staff import StaffRequest
from dibao.areas.models import Level
from dibao.areas.selectors import visible_areas
from dibao.core.downloads import PDF, XLSX, file_response
from dibao.core.errors import DomainError
from dibao.core.form_errors import show_domain_errors, show_domain_messages
from dibao.core.page_access import page
from dibao.core.sheets import reader

from .. import bankfile, results, roster, services
from ..forms import ResultsForm
from ..models import BankLayout, Run
from ..selectors import run_get
from ..services import bankfiles
from .access import PAYERS, READERS
from .detail import detail_context

BANK_FILE_TYPES = ("text/csv", XLSX)
SPOOL_BYTES = 8 * 1024 * 1024  # kept in memory up to this size, then on disk


def content_type(layout: BankLayout) -> str:
    if layout.file_format == BankLayout.Format.XLSX:
        return XLSX
    charset = "utf-8" if layout.encoding == BankLayout.Encoding.UTF8_BOM else layout.encoding
    return f"text/csv; charset={charset}"


def bank_file_response(run: Run, actor: User | None) -> HttpResponseBase:
    """The run's bank file as a download (`bankfiles.bank_file_export`: the county only, audited);
    an approved run becomes "sent to the bank" once the file is whole. A run not yet approved is
    refused with the service's reason."""
    services.require_fixed(run)  # before the layout is read: a draft's refusal needs nothing else
    layout = bankfile.layout_for(run.county)
    out = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 (the response closes it)
    try:
        bankfiles.bank_file_export(run=run, out=out, actor=actor)
    except BaseException:
        out.close()
        raise
    out.seek(0)
    return file_response(out, bankfile.filename(run, layout), content_type(layout))


@page(roles=PAYERS)
@require_POST
def run_bank_file(request: StaffRequest, pk: int) -> HttpResponseBase:
    run = run_get(request.user, pk)
    try:
        return bank_file_response(run, request.user)
    except DomainError as exc:
        show_domain_messages(request, exc)
        return redirect("payroll:run-detail", pk)


def import_bank_results(run: Run, upload: Any, actor: User | None) -> results.Outcome:
    """`results.import_results` on an uploaded file; raises `results.Refused` with the report."""
    return results.import_results(
        run=run, filename=upload.name, content=reader.read_upload(upload), actor=actor
    )


@page(roles=PAYERS)
@require_POST
def run_results(request: StaffRequest, pk: int) -> HttpResponse:
    """The bank's results: the summary on the run's page, or the file refused with its report by
    row and column (nothing imported)."""
    run = run_get(request.user, pk)
    form = ResultsForm(request.POST, request.FILES)
    form.is_valid()
    upload = form.cleaned_data.get("file")
    report = None
    if upload is None:
        form.add_error("file", _("Choose the file the bank sent back."))
    else:
        try:
            outcome = import_bank_results(run, upload, request.user)
        except results.Refused as exc:
            report = exc.outcome
            form.add_error(
                "file",
                ngettext(
                    "The file was refused: %(count)s error. Nothing was imported.",
                    "The file was refused: %(count)s errors. Nothing was imported.",
                    len(report.errors),
                )
                % {"count": len(report.errors)},
            )
        except DomainError as exc:
            show_domain_errors(exc, form)
        else:
            messages.success(request, str(outcome))
            return redirect("payroll:run-detail", pk)
    context = detail_context(request, run, results_form=form, report=report)
    return render(request, "payroll/run_detail.html", context)


@page(roles=READERS)
@require_GET
def run_roster(request: StaffRequest, pk: int, community: int, fmt: str) -> HttpResponseBase:
    """A community's roster of the run: the community's own worker, its street, the county."""
    if fmt not in ("xlsx", "pdf"):
        raise Http404
    run = run_get(request.user, pk)
    area = visible_areas(request.user).filter(pk=community, level=Level.COMMUNITY).first()
    if area is None:
        raise Http404
    name = roster.filename(run, area, fmt)
    if fmt == "pdf":
        return file_response(roster.community_roster_pdf(run, area), name, PDF)
    return file_response(roster.community_roster_xlsx(run, area), name, XLSX)
