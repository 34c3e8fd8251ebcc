"""Work waiting for each role, made through the real services."""

import datetime
from typing import Any

from django.utils import timezone

from dibao.benefits.models import Entitlement
from dibao.cases.models import Application
from dibao.payroll import services as payroll
from dibao.payroll.models import Run
from tests.benefits.support import receiving
from tests.cases.support import application


def at_step(areas: Any, users: Any, until: str = "submit", **data: Any) -> Application:
    """An application of 海州 taken to `until` (submitted: waiting for the community to accept)."""
    return application(areas, users, until=until, **data)


def due_for_review(community: Any, actor: Any, on: datetime.date | None = None) -> Entitlement:
    """A receiving household of `community` whose next review is `on` (today by default)."""
    entitlement = receiving(community, actor)
    Entitlement.objects.filter(pk=entitlement.pk).update(next_review=on or timezone.localdate())
    entitlement.refresh_from_db()
    return entitlement


def checked_run(areas: Any, users: Any, month: datetime.date) -> Run:
    """A run of `month` every street has checked: waiting for the county's approval."""
    run = payroll.run_draft(county=areas.county, month=month, actor=users.county)
    for street in {line.street for line in run.lines.select_related("street")}:
        payroll.run_check(run=run, street=street, actor=users.county)
    run.refresh_from_db()
    return run
