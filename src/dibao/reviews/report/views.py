"""The change report's page and its xlsx (a job, posted from the page): an area the user sees
(their own by default) and a period (by default the one a community reports on the 5th, see
`forms.default_period`).

An area outside the user's is not found (404), as everywhere else; a role that does not read
reports is refused (403). Wrong dates are shown beside their inputs and no figures are shown.
"""

import datetime
from typing import Any, cast
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseBase, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from dibao.accounts.staff import StaffRequest
from dibao.areas.models import Area
from dibao.areas.selectors import visible_areas
from dibao.core.forms import DATE_FORMAT
from dibao.core.page_access import page
from dibao.policy.programs.codes import DIBAO

from .forms import ChangeReportForm, default_period
from .jobs import change_report_xlsx_start
from .selectors import (
    CHANGE_REPORT_READERS,
    change_report,
    decided_later,
    movement_rows,
    movements_in,
    report_area,
)

MOVEMENTS_PER_PAGE = 100


Chosen = tuple[ChangeReportForm, Area, datetime.date | None, datetime.date | None]


def _chosen(request: StaffRequest, asked: QueryDict | None = None) -> Chosen:
    """The form, the area (404 outside the user's) and the period, None when the dates or the
    program are wrong. `asked`: the query (the page's GET, the export's POST)."""
    asked = request.GET if asked is None else asked
    user = request.user
    own = cast(Area, user.area)  # `page` lets no user without an area through
    date_from, date_to = default_period()
    data = {
        "area": own.code,
        "program": DIBAO,
        "from": date_from.strftime(DATE_FORMAT),
        "to": date_to.strftime(DATE_FORMAT),
    }
    data.update({key: str(asked[key]).strip() for key in data if asked.get(key)})
    area = report_area(user, data["area"])  # NotFound → 404 (page), before the form is read
    form = ChangeReportForm(data, areas=visible_areas(user).order_by("code"))
    if not form.is_valid():
        return form, area, None, None
    return form, area, form.cleaned_data["from"], form.cleaned_data["to"]


@page(roles=CHANGE_REPORT_READERS)
@require_GET
def change_report_page(request: StaffRequest) -> HttpResponse:
    form, area, date_from, date_to = _chosen(request)
    context: dict[str, Any] = {
        "form": form,
        "area": area,
        "section": "reviews",
        "report": None,
        "program_name": form.program_name(),
    }
    if date_from is not None and date_to is not None:
        program = form.cleaned_data["program"]
        report = change_report(area, date_from, date_to, program=program, movements=False)
        movements = Paginator(movements_in(area, date_from, date_to, program), MOVEMENTS_PER_PAGE).get_page(
            request.GET.get("page")
        )
        later = decided_later(area, date_to, program)
        later_rows = movement_rows(later[: MOVEMENTS_PER_PAGE + 1])  # one more says there are more
        context.update(
            report=report,
            movements=movements,
            movement_rows=movement_rows(movements),
            later_count=later.count() if len(later_rows) > MOVEMENTS_PER_PAGE else len(later_rows),
            later_rows=later_rows[:MOVEMENTS_PER_PAGE],
        )
    return render(request, "reviews/report/change_report.html", context)


@page(roles=CHANGE_REPORT_READERS)
@require_POST
def change_report_xlsx_download(request: StaffRequest) -> HttpResponseBase:
    """The workbook is written by a job; its page offers the file."""
    form, area, date_from, date_to = _chosen(request, request.POST)
    if date_from is None or date_to is None:
        # Wrong dates or program: the page says what is wrong with them.
        query = urlencode({key: request.POST.get(key, "") for key in ("area", "program", "from", "to")})
        return redirect(f"{reverse('reviews:change-report')}?{query}")
    job = change_report_xlsx_start(
        area=area,
        date_from=date_from,
        date_to=date_to,
        actor=request.user,
        program=form.cleaned_data["program"],
    )
    return redirect("jobs:detail", job_id=job.pk)
