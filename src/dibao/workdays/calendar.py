"""Working days (工作日) on China's official calendar: the one place that says what one is.

The rule: a day is a working day when it is a make-up workday (调休上班日), or when it is Monday to
Friday and not a holiday. Only the exceptions are stored (`models.CalendarDay`), from the State
Council's yearly notices. A year without any stored (not yet published, or never loaded) follows
the weekend rule alone; `covered_years` says which years have data, so that pages can warn.

How deadlines are counted — "within 3 working days of acceptance": the day of the event itself does
not count, the first working day after it is day 1.

- `add_working_days(start, n)`: the n-th working day after `start` (`start` itself when n is 0).
- `working_days_between(start, end)`: the working days d with start < d <= end; negative, with the
  same count, when `end` is before `start` (so "overdue by 2 working days" is -2).
- `due_date(start, n)`: the last day on which something due within n working days of `start` is in
  time; n must be at least 1. It is always a working day.

So `working_days_between(start, add_working_days(start, n)) == n`. Days are dates in Asia/Shanghai:
pass `timezone.localdate(moment)` for a moment in time, never `moment.date()` (that is UTC's day).

`WorkingCalendar` counts on exceptions loaded beforehand and reads nothing, so a list of a thousand
cases is counted after one query (`load_calendar()`). The module-level functions are thin wrappers
that load the exceptions for a single answer.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from .models import CalendarDay, Kind

ONE_DAY = datetime.timedelta(days=1)
SATURDAY = 5  # date.weekday(): Saturday and Sunday are 5 and 6


def _check(day: datetime.date) -> None:
    # A datetime is a date to Python, and an aware one would quietly be counted on UTC's day.
    if isinstance(day, datetime.datetime) or not isinstance(day, datetime.date):
        raise TypeError(f"a date is needed, not {type(day).__name__} (use timezone.localdate)")


@dataclass(frozen=True)
class WorkingCalendar:
    """The counting rule over a given set of exceptions; pure, so it can be used in bulk."""

    holidays: frozenset[datetime.date] = frozenset()
    workdays: frozenset[datetime.date] = frozenset()
    covered_years: frozenset[int] = field(default=frozenset())

    @classmethod
    def from_days(cls, days: Iterable[tuple[datetime.date, str]]) -> "WorkingCalendar":
        """From (date, kind) pairs; the years covered are the years of the dates."""
        holidays: set[datetime.date] = set()
        workdays: set[datetime.date] = set()
        for day, kind in days:
            (workdays if kind == Kind.WORKDAY else holidays).add(day)
        years = frozenset(d.year for d in holidays | workdays)
        return cls(holidays=frozenset(holidays), workdays=frozenset(workdays), covered_years=years)

    def is_working_day(self, day: datetime.date) -> bool:
        _check(day)
        if day in self.workdays:
            return True
        return day.weekday() < SATURDAY and day not in self.holidays

    def add_working_days(self, start: datetime.date, n: int) -> datetime.date:
        """The n-th working day after `start`, which does not count itself."""
        _check(start)
        if n < 0:
            raise ValueError("n must not be negative")
        day = start
        while n:
            day += ONE_DAY
            if self.is_working_day(day):
                n -= 1
        return day

    def working_days_between(self, start: datetime.date, end: datetime.date) -> int:
        """Working days after `start` up to and including `end` (negative when `end` is earlier)."""
        _check(start)
        _check(end)
        if end < start:
            return -self.working_days_between(end, start)
        count, day = 0, start
        while day < end:
            day += ONE_DAY
            count += self.is_working_day(day)
        return count

    def due_date(self, start: datetime.date, n: int) -> datetime.date:
        """The last day in time for something due within n working days of `start`."""
        if n < 1:
            raise ValueError("a deadline is at least one working day")
        return self.add_working_days(start, n)

    def uncovered_years(self, start: datetime.date, end: datetime.date) -> list[int]:
        """The years from `start` to `end` counted by the weekend rule alone, for a warning."""
        first, last = sorted((start.year, end.year))
        return [year for year in range(first, last + 1) if year not in self.covered_years]


def load_calendar() -> WorkingCalendar:
    """Every stored exception, in one query (a few hundred rows: about forty a year)."""
    return WorkingCalendar.from_days(CalendarDay.objects.values_list("date", "kind"))


def covered_years() -> list[int]:
    """The years that have stored exceptions, in order; other years follow the weekend rule."""
    return [d.year for d in CalendarDay.objects.dates("date", "year")]


def is_working_day(day: datetime.date) -> bool:
    _check(day)
    kind = CalendarDay.objects.filter(date=day).values_list("kind", flat=True).first()
    return WorkingCalendar.from_days([(day, kind)] if kind else []).is_working_day(day)


def add_working_days(start: datetime.date, n: int) -> datetime.date:
    return load_calendar().add_working_days(start, n)


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    return load_calendar().working_days_between(start, end)


def due_date(start: datetime.date, n: int) -> datetime.date:
    return load_calendar().due_date(start, n)
