"""Source files as departments send them, and receiving households to match them against."""

import csv
import datetime
import io
from typing import Any

from dibao.payroll import services as payroll
from tests.benefits.support import receiving

JAN = datetime.date(2026, 1, 1)


def csv_bytes(rows: list[list[Any]], encoding: str = "gb18030") -> bytes:
    text = io.StringIO()
    csv.writer(text).writerows(rows)
    return text.getvalue().encode(encoding)


def head_of(entitlement):  # type: ignore[no-untyped-def]
    return entitlement.household.members.get(relation="self")


def paid(areas, users, month: datetime.date):  # type: ignore[no-untyped-def]
    """The county's run of `month`, checked by its streets and approved."""
    run = payroll.run_draft(county=areas.county, month=month, actor=users.county)
    for street in {line.street for line in run.lines.select_related("street")}:
        payroll.run_check(run=run, street=street, actor=users.county)
    return payroll.run_approve(run=run, actor=users.county)


def a_receiving(areas, users, **kw):  # type: ignore[no-untyped-def]
    return receiving(areas.haizhou, users.haizhou, month=JAN, **kw)
