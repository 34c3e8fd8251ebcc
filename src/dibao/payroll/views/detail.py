"""A run's page: its state, the figures of the user's area (the run, each street and community,
urban/rural, benefit class, each program), a bar chart of the amount by street, each street's
check, the lines (100 to a page, searchable by household number or the head's name, filtered by
program), the roster downloads, and a button for every step the user may take now. A fixed number
of queries whatever its size."""

from typing import Any, cast

from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.forms import ChoiceField
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from dibao.accounts.staff import StaffRequest
from dibao.areas.models import Level
from dibao.core.page_access import page
from dibao.policy.forms import ProgramFilterForm
from dibao.policy.views.charts import chart

from ..changes import since_last
from ..forms import ApproveForm, LineSearchForm, ResultsForm
from ..models import Line, Run
from ..selectors import run_get, visible_lines
from .access import READERS
from .common import own_area
from .summary import RunSummary, summarize

LINES_PER_PAGE = 100
REPORT_ROWS = 200  # of a refused bank file's errors, on the page


def searched(lines: QuerySet[Line], q: str) -> QuerySet[Line]:
    """A household number by its beginning, or a head by part of the name."""
    q = q.strip()
    if not q:
        return lines
    return lines.filter(Q(household__number__prefix=q.upper()) | Q(head_name__contains=q))


def detail_context(request: StaffRequest, run: Run, **forms: Any) -> dict[str, Any]:
    user = request.user
    report = forms.get("report")
    program_form = ProgramFilterForm(request.GET)
    program = program_form.chosen()
    # The filter's choices name every recurring program: the tables' names come from them.
    choices = cast(list[tuple[str, str]], cast(ChoiceField, program_form.fields["program"]).choices)
    names = {str(code): str(name) for code, name in choices if code}
    summary: RunSummary = summarize(user, run, names)
    search = LineSearchForm(request.GET)
    q = search.cleaned_data.get("q", "") if search.is_valid() else ""
    shown = searched(visible_lines(user, run), q)
    if program:
        shown = shown.filter(program_id=program)
    lines = Paginator(shown, LINES_PER_PAGE).get_page(request.GET.get("page"))
    for line in lines:
        setattr(line, "program_name", names.get(str(line.program_id), str(line.program_id)))  # noqa: B010 (not a model field)
    street_chart = (
        chart(_("Amount by street (yuan)"), [(row.street.name, row.figures.total) for row in summary.streets])
        if summary.streets
        else None
    )
    return {
        "run": run,
        "run_program": names.get(str(run.program_id), str(run.program_id)) if run.program_id else "",
        "summary": summary,
        "actions": set(summary.actions),
        "search": search,
        "q": q,
        "program_form": program_form,
        "program": program,
        # Program columns only where the run pays more than one.
        "many_programs": len(summary.programs) > 1,
        "lines": lines,
        "chart": street_chart,
        "approve_form": forms.get("approve_form") or ApproveForm(initial={"version": run.version}),
        # Before the approval: what the run changes since the county's run before it.
        "since_last": since_last(run) if "approve" in summary.actions else None,
        "results_form": forms.get("results_form") or ResultsForm(),
        "report": report,
        "report_errors": report.errors[:REPORT_ROWS] if report is not None else [],
        "report_rows": REPORT_ROWS,
        "whole_county": own_area(request).level == Level.COUNTY,
    }


@page(roles=READERS)
def run_detail(request: StaffRequest, pk: int) -> HttpResponse:
    run = run_get(request.user, pk)
    return render(request, "payroll/run_detail.html", detail_context(request, run))
