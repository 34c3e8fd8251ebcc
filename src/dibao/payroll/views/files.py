"""Files of a run: the bank file (exporting it moves an approved run to "sent to the bank"), the
bank's results uploaded back, and each community's roster (花名册) as xlsx or PDF.

The bank file is a job (`payroll.jobs`): written to a spooled temporary file first, then kept as
the job's file in the transaction that advances the run, so a file that fails half way leaves the
run approved and no file kept. The job's page offers the file."""

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

from .. import bankfile, results, roster
from ..forms import ResultsForm
from ..jobs import bank_file_export_start
from ..models import Run
from ..selectors import run_get
from .access import PAYERS, READERS
from .detail import detail_context

BANK_FILE_TYPES = ("text/csv", XLSX)


def bank_file_start(run: Run, actor: User, program: str | None = None) -> HttpResponseBase:
    """Start the run's bank file (of one program, or of every line) as a job (`payroll.jobs`):
    what would refuse it is said at once."""
    return redirect("jobs:detail", job_id=bank_file_export_start(run=run, actor=actor, program=program).pk)


@page(roles=PAYERS)
@require_POST
def run_bank_file(request: StaffRequest, pk: int) -> HttpResponseBase:
    """The bank file is written by a job, its page offers the file; an approved run becomes "sent
    to the bank" when the file is kept. `program` (the form's select): that program's lines only."""
    run = run_get(request.user, pk)
    try:
        return bank_file_start(run, request.user, str(request.POST.get("program", "")))
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
    """A community's roster of the run (of one program with `?program=`): the community's own
    worker, its street, the county."""
    if fmt not in ("xlsx", "pdf"):
        raise Http404
    run = run_get(request.user, pk)
    area = visible_areas(request.user).filter(pk=community, level=Level.COMMUNITY).first()
    if area is None:
        raise Http404
    try:
        program = bankfile.program_code(request.GET.get("program"))  # ?program=: its lines only
    except DomainError as exc:
        show_domain_messages(request, exc)
        return redirect("payroll:run-detail", pk)
    name = roster.filename(run, area, fmt, program)
    if fmt == "pdf":
        return file_response(roster.community_roster_pdf(run, area, program), name, PDF)
    return file_response(roster.community_roster_xlsx(run, area, program), name, XLSX)
