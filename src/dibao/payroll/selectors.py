"""Reading runs and lines, limited to the user's area: a street sees its county's runs but only
its own lines and totals; a community only its own."""

import datetime
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Max, Q, QuerySet, Sum

from dibao.accounts.models import User
from dibao.areas.models import Level
from dibao.core.errors import NotFound
from dibao.core.scoping import Operator, county_code_of, within
from dibao.policy.programs import codes

from .models import FIXED_STATES, Line, LineResult, Run
from .programs import pays
from .totals import Figures, figures_by


def visible_runs(user: User | Operator) -> QuerySet[Run]:
    """The runs of the user's county, newest month first, the shared run before the own runs."""
    return (
        Run.objects.filter(county__code=county_code_of(user))
        .select_related("county", "approved_by", "program")
        .order_by("-month", F("program").asc(nulls_first=True))
    )


def run_get(user: User | Operator, pk: int) -> Run:
    found = visible_runs(user).filter(pk=pk).first()
    if found is None:
        raise NotFound()
    return found


def visible_lines(user: User | Operator, run: Run) -> QuerySet[Line]:
    return within(run.lines.all(), user).select_related("community", "street", "household")


def _last_paying(runs: QuerySet[Run], program: str) -> datetime.date | None:
    """The latest month of `runs` (fixed ones, of one county) whose run pays `program`: its own
    run, or the shared run of a month the program was paid in it (`payroll.programs`). Most
    months answer at the first run looked at."""
    for run in (
        runs.filter(Q(program__isnull=True) | Q(program=program))
        .select_related("county")
        .order_by("-month", F("program").asc(nulls_last=True))
    ):
        if pays(run, program):
            return run.month
    return None


def county_paid_through(county: Any, program: str | None = None) -> datetime.date | None:
    """The last month an approved payroll run of the county paid `program`; without a program, the
    last month every run of which is approved — a county may pay a program in a run of its own, so
    one approved run need not mean the month is paid (`benefits.paid`)."""
    approved = Run.objects.filter(county=county, approved_at__isnull=False)
    if program is not None:
        return _last_paying(approved, program)
    latest = (
        Run.objects.filter(county=county)
        .values("month")
        .annotate(open=Count("id", filter=Q(approved_at__isnull=True)))
        .filter(open=0)
        .aggregate(last=Max("month"))
    )
    return latest["last"]


def first_open_month(county_id: int, program: str | None = None) -> datetime.date | None:
    """The first month after the county's last approved run (of `program`: the last run that paid
    it): the earliest month whose pay a decision may still change (an approved month is corrected
    only by an adjustment). Without a program, after the last month any run of which is approved.
    None when no such run has been approved."""
    fixed = Run.objects.filter(county_id=county_id, state__in=FIXED_STATES)
    if program is not None:
        last = _last_paying(fixed, program)
    else:
        last = fixed.order_by("-month").values_list("month", flat=True).first()
    if last is None:
        return None
    return datetime.date(last.year + last.month // 12, last.month % 12 + 1, 1)


def paid_since(household_id: int, month: datetime.date, *, program: str = codes.DIBAO) -> Decimal:
    """What approved runs paid the household in `program` from `month` on (failed payments left out)."""
    total = (
        Line.objects.filter(
            household_id=household_id, program_id=program, run__month__gte=month, run__state__in=FIXED_STATES
        )
        .exclude(result=LineResult.FAILED)
        .aggregate(total=Sum("total"))["total"]
    )
    return total or Decimal("0.00")


def area_figures(user: User | Operator, runs: list[Run]) -> dict[int, Figures]:
    """Each run's figures for the user's area: the run's own totals for the county, one aggregate
    over the page's runs for a street or a community."""
    if isinstance(user, Operator) or (user.area is not None and user.area.level == Level.COUNTY):
        return {run.pk: Figures(run.households, run.persons, run.total) for run in runs}
    lines: QuerySet[Line] = within(Line.objects.filter(run_id__in=[run.pk for run in runs]), user)
    return {key[0]: figures for key, figures in figures_by(lines, "run_id")}


def paid_by_month(
    user: User | Operator, first: datetime.date, last: datetime.date
) -> dict[datetime.date, Figures]:
    """What the approved runs (approved and after) of the user's county paid in each month from
    `first` to `last`, in the user's area: the runs' own totals for the county, one grouped query
    over the area's lines for a street or a community. Months with no approved run are absent."""
    runs = visible_runs(user).filter(month__gte=first, month__lte=last, state__in=FIXED_STATES)
    if isinstance(user, Operator) or (user.area is not None and user.area.level == Level.COUNTY):
        return {run.month: Figures(run.households, run.persons, run.total) for run in runs}
    lines: QuerySet[Line] = within(Line.objects.filter(run__in=runs), user)
    return {key[0]: figures for key, figures in figures_by(lines, "run__month")}
