"""The list of a county's runs, newest month first (the county's run of a month, then the runs of
the programs it pays apart), and the county's drafting of a month's run (or drafting a draft again).
A street or a community sees the runs of its county with the figures of its own area only."""

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dibao.accounts.staff import StaffRequest
from dibao.areas.models import Level
from dibao.areas.selectors import county_of
from dibao.core.errors import DomainError
from dibao.core.form_errors import show_domain_errors, show_domain_messages
from dibao.core.page_access import page
from dibao.policy.programs.in_force import display_name

from .. import selectors
from ..forms import DraftForm
from ..jobs import payroll_draft_start
from ..models import Run, run_program_is
from ..selectors import run_get, visible_runs
from ..services import DRAFTERS
from .access import READERS
from .common import own_area

RUNS_PER_PAGE = 24


def run_label(run: Run) -> str:
    """The run's column of the list: the county's run, or the program's name."""
    return display_name(run.program) if run.program is not None else _("The county's run")


def _list(request: StaffRequest, form: DraftForm | None = None) -> HttpResponse:
    user = request.user
    runs = Paginator(visible_runs(user), RUNS_PER_PAGE).get_page(request.GET.get("page"))
    shown = list(runs)
    for run in shown:
        setattr(run, "label", run_label(run))  # noqa: B010 (not a model field)
    figures = selectors.area_figures(user, shown)
    may_draft = user.role in DRAFTERS
    context = {
        "runs": runs,
        "rows": [(run, figures.get(run.pk)) for run in shown],
        "form": form if form is not None else (DraftForm() if may_draft else None),
        "may_draft": may_draft,
        "whole_county": own_area(request).level == Level.COUNTY,
    }
    return render(request, "payroll/run_list.html", context)


@page(roles=READERS)
def run_list(request: StaffRequest) -> HttpResponse:
    return _list(request)


@page(roles=DRAFTERS)
@require_POST
def run_draft(request: StaffRequest) -> HttpResponse:
    """Draft the month the form names for the officer's county (or draft it again)."""
    form = DraftForm(request.POST)
    if not form.is_valid():
        return _list(request, form)
    county = county_of(own_area(request))
    month = form.cleaned_data["month"]
    program = form.cleaned_data.get("program") or None
    try:
        again = (
            visible_runs(request.user).filter(run_program_is(program), county=county, month=month).exists()
        )
        job = payroll_draft_start(
            county=county, month=month, actor=request.user, again=again, program=program
        )
    except DomainError as exc:
        show_domain_errors(exc, form)
        return _list(request, form)
    # The job's page shows it working, then the run's page with what was drafted.
    return redirect("jobs:detail", job_id=job.pk)


@page(roles=DRAFTERS)
@require_POST
def run_redraft(request: StaffRequest, pk: int) -> HttpResponse:
    """Draft a draft again from the run's page: the entitlements, accounts and adjustments as they
    are now. Refused (with the service's reason) once the run is no longer a draft."""
    run = run_get(request.user, pk)
    try:
        job = payroll_draft_start(
            county=run.county, month=run.month, actor=request.user, again=True, program=run.program_id
        )
    except DomainError as exc:
        show_domain_messages(request, exc)
        return redirect("payroll:run-detail", pk)
    return redirect("jobs:detail", job_id=job.pk)
