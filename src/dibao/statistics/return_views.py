"""The standard returns' pages: the monthly return (`?format=xlsx` downloads it) and the year-end
figures (`?format=docx` downloads the summary's figures section). GET only: nothing is written. An
area outside the user's is not found (404)."""

from typing import Any, cast

from django.http import HttpResponseBase
from django.shortcuts import render
from django.views.decorators.http import require_GET

from dibao.accounts.staff import StaffRequest
from dibao.areas.models import Area
from dibao.areas.selectors import visible_areas
from dibao.core.downloads import XLSX, file_response
from dibao.core.months import add_months, this_month
from dibao.core.page_access import page

from .forms import MonthlyReturnForm, YearEndForm
from .return_files import (
    monthly_return_xlsx,
    return_filename,
    return_headings,
    year_end_docx,
    year_end_filename,
    year_end_paragraphs,
)
from .returns import monthly_return, year_end
from .selectors import STATISTICS_READERS, statistics_area

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _inputs(request: StaffRequest, defaults: dict[str, str]) -> dict[str, Any]:
    data = dict(defaults)
    data.update({key: str(request.GET[key]).strip() for key in data if request.GET.get(key)})
    return data


@page(roles=STATISTICS_READERS)
@require_GET
def monthly_return_page(request: StaffRequest) -> HttpResponseBase:
    user = request.user
    own = cast(Area, user.area)
    data = _inputs(request, {"area": own.code, "month": f"{add_months(this_month(), -1):%Y-%m}"})
    area = statistics_area(user, data["area"])  # NotFound → 404, before the form is read
    form = MonthlyReturnForm(data, areas=visible_areas(user).order_by("code"))
    result = monthly_return(area, form.cleaned_data["month"]) if form.is_valid() else None
    if result is not None and request.GET.get("format") == "xlsx":
        return file_response(monthly_return_xlsx(result), return_filename(result), XLSX)
    groups, columns = return_headings()
    # The second heading row: the columns under the groups that span more than one.
    subcolumns, col = [], 0
    for _heading, span in groups:
        if span > 1:
            subcolumns += columns[col : col + span]
        col += span
    context = {
        "form": form,
        "area": area,
        "section": "statistics",
        "result": result,
        "groups": groups[1:],
        "columns": subcolumns,
        "lines": [(line, line.cells()) for line in result.lines] if result else [],
        "total": result.total.cells() if result else [],
        "query": request.GET.urlencode(),
    }
    return render(request, "statistics/monthly_return.html", context)


@page(roles=STATISTICS_READERS)
@require_GET
def year_end_page(request: StaffRequest) -> HttpResponseBase:
    user = request.user
    own = cast(Area, user.area)
    data = _inputs(request, {"area": own.code, "year": str(this_month().year)})
    area = statistics_area(user, data["area"])
    form = YearEndForm(data, areas=visible_areas(user).order_by("code"))
    result = year_end(area, form.cleaned_data["year"]) if form.is_valid() else None
    if result is not None and request.GET.get("format") == "docx":
        return file_response(year_end_docx(result), year_end_filename(result), DOCX)
    context = {
        "form": form,
        "area": area,
        "section": "statistics",
        "result": result,
        "paragraphs": year_end_paragraphs(result) if result else [],
        "query": request.GET.urlencode(),
    }
    return render(request, "statistics/year_end.html", context)
