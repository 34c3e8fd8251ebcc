"""The list of a county's runs, newest month first, and the county's drafting of a month (or
drafting a draft again). A street or a community sees the runs of its county with the figures of
its own area only."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dibao.areas.models import Level
from dibao.areas.selectors import county_of
from dibao.core.errors import DomainError
from dibao.core.form_errors import show_domain_errors
from dibao.core.months import parse_month
from dibao.core.page_access import StaffRequest, page

from .. import selectors, services
from ..forms import DraftForm
from ..models import Run
from ..selectors import run_get, visible_runs
from ..services import DRAFTERS
from .access import READERS
from .common import own_area, show_messages

RUNS_PER_PAGE = 24


def _list(request: StaffRequest, form: DraftForm | None = None) -> HttpResponse:
    user = request.user
    runs = Paginator(visible_runs(user), RUNS_PER_PAGE).get_page(request.GET.get("page"))
    shown = list(runs)
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


def _drafted(request: StaffRequest, run: Run, again: bool) -> None:
    month = f"{run.month:%Y-%m}"
    if again:
        text = _("The run for %(month)s was drafted again: %(households)s households, %(total)s yuan.")
    else:
        text = _("The run for %(month)s is drafted: %(households)s households, %(total)s yuan.")
    messages.success(request, text % {"month": month, "households": run.households, "total": run.total})


@page(roles=DRAFTERS)
@require_POST
def run_draft(request: StaffRequest) -> HttpResponse:
    """Draft the month the form names for the officer's county (or draft it again)."""
    form = DraftForm(request.POST)
    form.is_valid()
    county = county_of(own_area(request))
    try:
        month = parse_month(form.cleaned_data.get("month"))
        again = visible_runs(request.user).filter(county=county, month=month).exists()
        run = services.run_draft(county=county, month=month, actor=request.user)
    except DomainError as exc:
        show_domain_errors(exc, form)
        return _list(request, form)
    _drafted(request, run, again)
    return redirect("payroll:run-detail", run.pk)


@page(roles=DRAFTERS)
@require_POST
def run_redraft(request: StaffRequest, pk: int) -> HttpResponse:
    """Draft a draft again from the run's page: the entitlements, accounts and adjustments as they
    are now. Refused (with the service's reason) once the run is no longer a draft."""
    run = run_get(request.user, pk)
    try:
        run = services.run_draft(county=run.county, month=run.month, actor=request.user)
    except DomainError as exc:
        show_messages(request, exc)
    else:
        _drafted(request, run, True)
    return redirect("payroll:run-detail", pk)
