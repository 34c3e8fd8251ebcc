"""The statistics page: the user picks the area (their own by default), the months, the program and
the breakdown; the table shows a row per value with the total, and the same inputs download it as
xlsx (`?format=xlsx`, a GET: nothing is written). An area outside the user's is not found (404)."""

from typing import Any, cast

from django.contrib import messages
from django.http import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from dibao.accounts.staff import StaffRequest
from dibao.areas.models import Area
from dibao.areas.selectors import county_of, visible_areas
from dibao.core.downloads import XLSX, file_response
from dibao.core.errors import DomainError
from dibao.core.form_errors import show_domain_errors
from dibao.core.months import this_month
from dibao.core.page_access import page
from dibao.core.roles import Role
from dibao.core.sheets.reader import read_upload
from dibao.registry.roster.views import SHOWN_ERRORS

from .columns import COLUMNS
from .fields import LABELS
from .forms import DashboardForm, PopulationForm, PopulationUploadForm, StatisticsForm
from .labels import dashboard_labels
from .selectors import STATISTICS_READERS, populations, statistics, statistics_area
from .services import PopulationRefused, check_year, population_areas, population_import, population_set
from .workbook import filename, statistics_xlsx


@page(roles=STATISTICS_READERS)
@require_GET
def statistics_page(request: StaffRequest) -> HttpResponseBase:
    user = request.user
    own = cast(Area, user.area)  # `page` lets no user without an area through
    data: dict[str, Any] = {"area": own.code, "month": f"{this_month():%Y-%m}", "to": "", "program": ""}
    data.update({key: str(request.GET[key]).strip() for key in data if request.GET.get(key)})
    data["by"] = request.GET.getlist("by")
    area = statistics_area(user, data["area"])  # NotFound → 404, before the form is read
    form = StatisticsForm(data, areas=visible_areas(user).order_by("code"))
    result = None
    if form.is_valid():
        chosen = form.cleaned_data
        try:
            result = statistics(
                area, chosen["month"], chosen["to"], program=chosen["program"] or None, by=chosen["by"]
            )
        except DomainError as exc:
            show_domain_errors(exc, form)
    if result is not None and request.GET.get("format") == "xlsx":
        return file_response(statistics_xlsx(result), filename(result), XLSX)
    context = {
        "form": form,
        "area": area,
        "section": "statistics",
        "result": result,
        "headings": [LABELS[name] for name in result.by] if result else [],
        "columns": [(name, heading, whole) for name, heading, _value, whole in COLUMNS],
        "rows": [
            (row, [value(row.figures) for _n, _h, value, _w in COLUMNS])
            for row in (result.rows if result else [])
        ],
        "total": [value(result.total) for _n, _h, value, _w in COLUMNS] if result else [],
        "query": request.GET.urlencode(),
    }
    return render(request, "statistics/statistics.html", context)


def _year(value: Any) -> int:
    try:
        return check_year(value) if value not in (None, "") else this_month().year
    except DomainError:
        return this_month().year


@page(roles={Role.COUNTY})
def population_page(request: StaffRequest) -> HttpResponseBase:
    """The county's population by area for a year: one form, a row per area, and a file import."""
    county = county_of(cast(Area, request.user.area))
    year = _year(request.POST.get("year") or request.GET.get("year"))
    areas = population_areas(county)
    form = PopulationForm(request.POST if request.method == "POST" else None, areas=areas)
    if request.method == "POST" and form.is_valid():
        try:
            population_set(county=county, year=year, values=form.values(), actor=request.user)
        except DomainError as exc:
            show_domain_errors(exc, form)
        else:
            messages.success(request, _("The population of %(year)d is saved.") % {"year": year})
            return redirect(f"{reverse('statistics:population')}?year={year}")
    if request.method != "POST":
        entered = populations(county, year)
        form.initial = {f"population_{a.code}": entered.get(a.pk, "") for a in areas}
    return render(
        request,
        "statistics/population.html",
        {
            "county": county,
            "year": year,
            "form": form,
            "depth": {a.pk: a.level for a in areas},
            "upload": PopulationUploadForm(),
            "section": "statistics",
        },
    )


@page(roles={Role.COUNTY})
@require_POST
def population_upload(request: StaffRequest) -> HttpResponseBase:
    """Import a file of populations; a refused file's errors are listed by row and column."""
    county = county_of(cast(Area, request.user.area))
    year = _year(request.POST.get("year"))
    upload = PopulationUploadForm(request.POST, request.FILES)
    row_errors: list[Any] = []
    if upload.is_valid():
        uploaded = upload.cleaned_data["file"]
        try:
            n = population_import(
                county=county,
                filename=uploaded.name,
                content=read_upload(uploaded),
                actor=request.user,
                year=year,
            )
        except PopulationRefused as exc:
            row_errors = exc.row_errors[:SHOWN_ERRORS]
            show_domain_errors(exc, upload)
        except DomainError as exc:
            show_domain_errors(exc, upload)
        else:
            messages.success(request, _("%(n)d populations imported.") % {"n": n})
            return redirect(f"{reverse('statistics:population')}?year={year}")
    areas = population_areas(county)
    form = PopulationForm(None, areas=areas)
    entered = populations(county, year)
    form.initial = {f"population_{a.code}": entered.get(a.pk, "") for a in areas}
    return render(
        request,
        "statistics/population.html",
        {
            "county": county,
            "year": year,
            "form": form,
            "depth": {a.pk: a.level for a in areas},
            "upload": upload,
            "row_errors": row_errors,
            "section": "statistics",
        },
        status=400,
    )


@page(roles=STATISTICS_READERS)
@require_GET
def dashboard_page(request: StaffRequest) -> HttpResponseBase:
    """The dashboard of an area the user sees (their own by default) for the twelve months up to
    the month asked for. The page counts nothing: its script reads the figures from
    `GET /api/v1/statistics/dashboard/` with the same area and month, and draws them."""
    user = request.user
    own = cast(Area, user.area)
    area = statistics_area(user, str(request.GET.get("area") or own.code))  # NotFound → 404
    form = DashboardForm(request.GET or None)
    month = this_month()
    if form.is_bound and form.is_valid() and form.cleaned_data["month"]:
        month = form.cleaned_data["month"]
    context = {
        "form": form,
        "area": area,
        "own": own,
        "month": month,
        "section": "statistics",
        "source": {"area": area.code, "month": f"{month:%Y-%m}"},
        "labels": dashboard_labels(),
    }
    return render(request, "statistics/dashboard.html", context)
