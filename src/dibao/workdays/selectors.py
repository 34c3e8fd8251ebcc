"""Reading the calendar for the page: a year as month grids, and the exceptions stored for it.

The calendar is the country's, not an area's: every member of staff reads all of it.
"""

import datetime
from calendar import Calendar  # the standard library's month layout, not this app's module
from dataclasses import dataclass

from .calendar import SATURDAY, WorkingCalendar
from .models import CalendarDay

# Weeks start on Monday, as on Chinese calendars.
_LAYOUT = Calendar(firstweekday=0)


@dataclass(frozen=True)
class Day:
    date: datetime.date
    in_month: bool  # False for the days of the next and previous month that fill a week
    working: bool
    weekend: bool
    kind: str  # "" when the weekend rule alone decides; else the stored kind
    name: str


@dataclass(frozen=True)
class Month:
    first: datetime.date
    weeks: list[list[Day]]
    working_days: int


@dataclass(frozen=True)
class YearView:
    year: int
    months: list[Month]
    days: list[CalendarDay]  # the exceptions stored for the year, in date order
    covered: bool  # False: nothing is stored, the weekend rule alone counts
    working_days: int
    calendar: WorkingCalendar  # every stored exception, for counting beyond the year


def calendar_year(year: int) -> YearView:
    """The year laid out by month, from one query for every stored exception."""
    stored = list(CalendarDay.objects.order_by("date"))
    cal = WorkingCalendar.from_days((d.date, d.kind) for d in stored)
    by_date = {d.date: d for d in stored}
    months = []
    for month in range(1, 13):
        weeks = [
            [
                Day(
                    date=day,
                    in_month=day.month == month,
                    working=cal.is_working_day(day),
                    weekend=day.weekday() >= SATURDAY,
                    kind=by_date[day].kind if day in by_date else "",
                    name=by_date[day].name if day in by_date else "",
                )
                for day in week
            ]
            for week in _LAYOUT.monthdatescalendar(year, month)
        ]
        count = sum(day.working for week in weeks for day in week if day.in_month)
        months.append(Month(first=datetime.date(year, month, 1), weeks=weeks, working_days=count))
    return YearView(
        year=year,
        months=months,
        days=[d for d in stored if d.date.year == year],
        covered=year in cal.covered_years,
        working_days=sum(m.working_days for m in months),
        calendar=cal,
    )
