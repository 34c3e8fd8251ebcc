"""The county's disbursement batches: the list (with what waits to be paid in a batch, and the
form that makes one), a batch with its grants, its approval by a second officer, its bank file
(a job, as a payroll run's) and its roster for signing (PDF or xlsx). Writes go through
`batches.services`, reads through `batches.selectors`."""

from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from dibao.accounts.staff import StaffRequest
from dibao.areas.models import Area, Level
from dibao.core.downloads import PDF, XLSX, file_response
from dibao.core.errors import DomainError
from dibao.core.form_errors import show_domain_errors, show_domain_messages
from dibao.core.months import this_month
from dibao.core.page_access import page
from dibao.core.roles import Role
from dibao.policy.models import Program, ProgramKind
from dibao.policy.programs.in_force import display_name

from ..models import BatchState, DisbursementBatch
from . import roster, selectors, services
from .forms import BatchCreateForm
from .jobs import batch_bank_file_start

READERS = frozenset({Role.COUNTY, Role.AUDITOR})
PER_PAGE = 100


def _county(request: StaffRequest) -> Area | None:
    area = cast(Area, request.user.area)
    return area if area.level == Level.COUNTY else None


def waiting_by_program(county: Area) -> list[dict[str, Any]]:
    """Each one-off program: whether the county pays it in batches, and what waits (grants, amount)."""
    rows = []
    for program in Program.objects.filter(kind=ProgramKind.ONE_OFF):
        _households, persons, amount = services.figures(services.waiting(county, program.code))
        rows.append(
            {
                "program": program,
                "name": display_name(program),
                "in_batch": services.paid_in_batch(county, program, this_month()),
                "grants": persons,
                "amount": amount,
            }
        )
    return rows


@page(roles=READERS)
def batch_list(request: StaffRequest) -> HttpResponse:
    user = request.user
    county = _county(request)
    may_create = county is not None and user.role in services.BATCHERS
    form = BatchCreateForm(request.POST or None) if may_create else None
    if request.method == "POST":
        if form is None or county is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                batch = services.batch_create(
                    county=county,
                    program=form.cleaned_data["program"],
                    title=form.cleaned_data["title"],
                    actor=user,
                )
            except DomainError as exc:
                show_domain_errors(exc, form)
            else:
                messages.success(
                    request,
                    _("Batch %(number)s made: %(grants)s grants, %(amount)s yuan.")
                    % {"number": batch.number, "grants": batch.persons, "amount": batch.amount},
                )
                return redirect("assistance:batch-detail", pk=batch.pk)
    batches = Paginator(selectors.visible_batches(user), PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "batches": batches,
        "form": form,
        "waiting": waiting_by_program(county) if county is not None else [],
    }
    return render(request, "assistance/batches/list.html", context)


@page(roles=READERS)
@require_GET
def batch_detail(request: StaffRequest, pk: int) -> HttpResponse:
    user = request.user
    batch = selectors.batch_get(user, pk)
    grants = Paginator(selectors.batch_grants(user, batch), PER_PAGE).get_page(request.GET.get("page"))
    officer = user.role in services.BATCHERS
    context = {
        "batch": batch,
        "grants": grants,
        "program_name": display_name(batch.program),
        "without_account": selectors.without_account(batch),
        "may_approve": officer and batch.state == BatchState.DRAFT and batch.created_by_id != user.pk,
        "made_by_me": batch.created_by_id == user.pk,
        "may_export": officer and batch.state in (BatchState.APPROVED, BatchState.EXPORTED),
    }
    return render(request, "assistance/batches/detail.html", context)


@page(roles=services.BATCHERS)
@require_POST
def batch_approve(request: StaffRequest, pk: int) -> HttpResponseBase:
    batch = selectors.batch_get(request.user, pk)
    try:
        services.batch_approve(batch=batch, actor=request.user)
    except DomainError as exc:
        show_domain_messages(request, exc)
    else:
        messages.success(request, _("The batch is approved; its bank file may be sent."))
    return redirect("assistance:batch-detail", pk=batch.pk)


@page(roles=services.BATCHERS)
@require_POST
def batch_bank_file(request: StaffRequest, pk: int) -> HttpResponseBase:
    """The bank file is written by a job, whose page offers the file; the batch is "sent to the
    bank" and its grants paid when the file is kept."""
    batch = selectors.batch_get(request.user, pk)
    try:
        job = batch_bank_file_start(batch=batch, actor=request.user)
    except DomainError as exc:
        show_domain_messages(request, exc)
        return redirect("assistance:batch-detail", pk=batch.pk)
    return redirect("jobs:detail", job_id=job.pk)


@page(roles=READERS)
@require_GET
def batch_roster(request: StaffRequest, pk: int, fmt: str) -> HttpResponseBase:
    """The batch's roster for signing, every grant with a column to sign, as PDF or xlsx."""
    if fmt not in ("pdf", "xlsx"):
        raise Http404
    batch: DisbursementBatch = selectors.batch_get(request.user, pk)
    rows = selectors.batch_grants(request.user, batch)
    name = roster.filename(batch, fmt)
    if fmt == "pdf":
        return file_response(roster.batch_roster_pdf(batch, rows), name, PDF)
    return file_response(roster.batch_roster_xlsx(batch, rows), name, XLSX)
