"""Months and dates as people and spreadsheets write them, read the same way on every path.

A month is stored as its first day (DESIGN.md: a month is YYYY-MM). Pages, the API, the roster
imports and the commands all read months with `parse_month` and dates with `parse_date`, so each
accepts and refuses the same text. Years are bounded to 1900–2100: no record of this system lies
outside them, and an unbounded year is how `0000-01` or `9999-12` (whose next month does not
exist) once reached the calculations.
"""

import datetime
import re
import unicodedata

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .errors import DomainError

FIRST_YEAR = 1900
LAST_YEAR = 2100

# 2026-03, 2026/3, 2026.03, 2026年3月, 2026 年 3 月份
_MONTH = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?(?:份)?$")
# 2026-03-15, 2026/3/15, 2026年3月15日, with a time after it as a spreadsheet's cell may have
_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[T\s].*)?$")
# 202603, 20260315
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})?$")


def _parts(value: object) -> tuple[int, int, int | None] | None:
    """Year, month and day (None for a month alone) of the text, or None when it names neither."""
    text = unicodedata.normalize("NFKC", str(value if value is not None else "")).strip()
    match = _MONTH.match(text) or _DATE.match(text) or _COMPACT.match(text)
    if match is None:
        return None
    day = match[3] if match.re.groups > 2 else None
    return int(match[1]), int(match[2]), int(day) if day else None


def _in_range(day: datetime.date, value: object, field: str) -> datetime.date:
    _check_year(day.year, value, field)
    return day


def _check_year(year: int, value: object, field: str) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise DomainError(
            _("'%(v)s': the year must lie between %(first)d and %(last)d.")
            % {"v": value, "first": FIRST_YEAR, "last": LAST_YEAR},
            field=field,
            code="year_out_of_range",
        )


def parse_month(value: object, field: str = "month") -> datetime.date:
    """'2026-07', '2026年7月', '202607', a date in the month (or a `date`) → 2026-07-01."""
    if isinstance(value, datetime.date):
        return _in_range(value.replace(day=1), value, field)
    parts = _parts(value)
    month = None
    if parts is not None:
        year, number, day = parts
        _check_year(year, value, field)
        try:
            month = datetime.date(year, number, day or 1).replace(day=1)
        except ValueError:
            month = None
    if month is None:
        raise DomainError(
            _("'%(v)s' is not a month (YYYY-MM).") % {"v": value}, field=field, code="not_a_month"
        )
    return _in_range(month, value, field)


def parse_month_or_none(value: object, field: str = "month") -> datetime.date | None:
    """As `parse_month`, with nothing given (None or empty) read as no month."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return parse_month(value, field)


def parse_date(value: object, field: str) -> datetime.date | None:
    """'2026-03-15' (or a `date`) → that day; nothing given (None or empty) → None."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return _in_range(value, value, field)
    try:
        day = datetime.date.fromisoformat(str(value).strip())
    except ValueError:
        raise DomainError(
            _("'%(v)s' is not a date (YYYY-MM-DD).") % {"v": value}, field=field, code="not_a_date"
        ) from None
    return _in_range(day, value, field)


def this_month() -> datetime.date:
    """The first day of today's month (Asia/Shanghai): the month a page or command means when it
    is not told one."""
    return timezone.localdate().replace(day=1)


def next_month() -> datetime.date:
    """A new version (a standard, rules) starts after the one in force: next month is the usual
    first month."""
    return add_months(this_month(), 1)


def add_months(month: datetime.date, n: int) -> datetime.date:
    """The first day of the month `n` months after (before, when negative) `month`'s."""
    index = month.year * 12 + month.month - 1 + n
    return datetime.date(index // 12, index % 12 + 1, 1)


def months_between(earlier: datetime.date, later: datetime.date) -> int:
    return (later.year - earlier.year) * 12 + later.month - earlier.month
