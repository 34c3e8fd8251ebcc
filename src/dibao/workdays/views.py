"""The working-day calendar of a year, a due-date counter, and (for editors) adding or removing a day.

Every member of staff may read the calendar; the county and administrators keep it
(core.roles.CALENDAR_EDITORS).
"""

import datetime
from dataclasses import dataclass

from django.contrib import messages
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dibao.accounts.staff import StaffRequest
from dibao.core.errors import DomainError
from dibao.core.form_errors import show_domain_errors, show_domain_messages
from dibao.core.page_access import page
from dibao.core.roles import CALENDAR_EDITORS

from . import services
from .forms import CalendarDayForm, DueDateForm
from .models import Kind
from .selectors import calendar_year


@dataclass(frozen=True)
class DueDate:
    start: datetime.date
    n: int
    due: datetime.date
    uncovered_years: list[int]  # years of the span counted by the weekend rule alone


def _year(value: str | None) -> int:
    # A year out of range or not a number shows this year rather than an error: it is navigation.
    try:
        year = int(value or "")
    except ValueError:
        return timezone.localdate().year
    return year if services.FIRST_YEAR <= year <= services.LAST_YEAR else timezone.localdate().year


def _calendar_url(year: int) -> str:
    return f"{reverse('workdays:calendar')}?year={year}"


def _render(request: StaffRequest, day_form: CalendarDayForm | None = None) -> HttpResponse:
    year = _year(request.GET.get("year"))
    view = calendar_year(year)
    due_form = DueDateForm(request.GET if "start" in request.GET else None)
    due = None
    if due_form.is_bound and due_form.is_valid():
        start, n = due_form.cleaned_data["start"], due_form.cleaned_data["n"]
        end = view.calendar.due_date(start, n)
        due = DueDate(start=start, n=n, due=end, uncovered_years=view.calendar.uncovered_years(start, end))
    can_edit = request.user.role in CALENDAR_EDITORS
    if can_edit and day_form is None:
        day_form = CalendarDayForm(initial={"kind": Kind.HOLIDAY})
    context = {
        "view": view,
        "year": year,
        "today": timezone.localdate(),
        "due_form": due_form,
        "due": due,
        "can_edit": can_edit,
        "day_form": day_form,
    }
    return render(request, "workdays/calendar.html", context)


@page()
def calendar_page(request: StaffRequest) -> HttpResponse:
    return _render(request)


@page(roles=CALENDAR_EDITORS)
@require_POST
def day_set(request: StaffRequest) -> HttpResponse:
    form = CalendarDayForm(request.POST)
    if form.is_valid():
        try:
            day = services.calendar_day_set(**form.values("day", "kind", "name", "note"), actor=request.user)
        except DomainError as exc:
            show_domain_errors(exc, form)
        else:
            messages.success(
                request,
                _("%(day)s saved: %(kind)s, %(name)s.")
                % {"day": f"{day.date:%Y-%m-%d}", "kind": day.get_kind_display(), "name": day.name},
            )
            return redirect(_calendar_url(day.date.year))
    return _render(request, day_form=form)


@page(roles=CALENDAR_EDITORS)
@require_POST
def day_remove(request: StaffRequest, day: str) -> HttpResponseRedirect:
    try:
        parsed = services.parse_day(day)
        services.calendar_day_remove(day=parsed, actor=request.user)
    except DomainError as exc:
        # No form on this button: the reason goes to the top of the calendar it returns to.
        show_domain_messages(request, exc)
        return redirect(_calendar_url(_year(day[:4])))
    messages.success(
        request, _("%(day)s removed: it follows the weekend rule again.") % {"day": f"{parsed:%Y-%m-%d}"}
    )
    return redirect(_calendar_url(parsed.year))
