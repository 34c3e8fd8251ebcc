"""Runs ready for their files: standards in force, receiving households, a run drafted, checked by
every street and approved (and, for results, sent to the bank)."""

import csv
import datetime
import io
from typing import Any

from dibao.payroll import services
from dibao.payroll.models import Run, RunState
from dibao.policy.services import standard_set

JAN, FEB = datetime.date(2026, 1, 1), datetime.date(2026, 2, 1)


def standards(areas: Any) -> None:
    for kind, amount in (("urban", "360"), ("rural", "200")):
        standard_set(
            area=areas.county, data={"kind": kind, "amount": amount, "valid_from": "2025-01"}, actor=None
        )


def approved(areas: Any, users: Any, month: datetime.date = JAN) -> Run:
    run = services.run_draft(county=areas.county, month=month, actor=users.county)
    for street in {line.street for line in run.lines.select_related("street")}:
        services.run_check(run=run, street=street, actor=users.county)
    return services.run_approve(run=run, actor=users.county)


def exported(areas: Any, users: Any, month: datetime.date = JAN) -> Run:
    run = approved(areas, users, month)
    return services.run_advance(run=run, to=RunState.EXPORTED, actor=users.county)


def csv_bytes(rows: list[list[Any]], encoding: str = "gb18030") -> bytes:
    text = io.StringIO()
    csv.writer(text).writerows(rows)
    return text.getvalue().encode(encoding)
