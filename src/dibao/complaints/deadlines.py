"""A complaint's deadlines on the official working-day calendar (`workdays.calendar`).

- accept or transfer: `COMPLAINT_ACCEPT_WORKING_DAYS` (15) working days after the day received;
- handle (reply): `COMPLAINT_HANDLE_WORKING_DAYS` (60) working days after the day accepted;
- one extension: `COMPLAINT_EXTENSION_WORKING_DAYS` (30) more working days after the handling
  deadline it extends.

The day of the event itself does not count (the calendar's rule), so a complaint received on a
Friday before a week's holiday is due 15 working days after the holiday's make-up days are counted.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings

from dibao.workdays.calendar import WorkingCalendar, load_calendar


@dataclass(frozen=True)
class Limits:
    accept: int
    handle: int
    extension: int


def limits() -> Limits:
    return Limits(
        accept=int(settings.COMPLAINT_ACCEPT_WORKING_DAYS),
        handle=int(settings.COMPLAINT_HANDLE_WORKING_DAYS),
        extension=int(settings.COMPLAINT_EXTENSION_WORKING_DAYS),
    )


def accept_due(received_on: datetime.date, calendar: WorkingCalendar | None = None) -> datetime.date:
    return (calendar or load_calendar()).due_date(received_on, limits().accept)


def handle_due(accepted_on: datetime.date, calendar: WorkingCalendar | None = None) -> datetime.date:
    return (calendar or load_calendar()).due_date(accepted_on, limits().handle)


def extended_due(due_on: datetime.date, calendar: WorkingCalendar | None = None) -> datetime.date:
    return (calendar or load_calendar()).due_date(due_on, limits().extension)


def due_soon_limit(today: datetime.date, calendar: WorkingCalendar | None = None) -> datetime.date:
    """Complaints due within five working days are due soon (the desk shows them first)."""
    return (calendar or load_calendar()).add_working_days(today, 5)
