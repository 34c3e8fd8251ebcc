"""What the payroll asks of a user today, for the desk (`core.work`): a street checks its part of
a draft, the county approves a run every street has checked (or checks a draft itself, as it
may), and once a month opens with no run yet, the county drafts it."""

import datetime
from typing import Any

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dibao.core.roles import Role
from dibao.core.work import WORK, WorkBatch, WorkItem

from .models import Line, RunState, StreetCheck
from .selectors import visible_runs
from .services.runs import APPROVERS, DRAFTERS

RUN = "payroll_run"


def runs_to_act_on(user: Any, today: datetime.date, limit: int) -> WorkBatch:
    label = gettext_lazy("Payroll runs to check or approve")
    area = getattr(user, "area", None)
    if area is None or user.role not in (Role.STREET, Role.COUNTY):
        return WorkBatch(RUN, str(label), 0)
    runs = visible_runs(user)
    if user.role == Role.STREET:
        # A draft with lines of this street that the street has not checked yet.
        mine = Line.objects.filter(run=OuterRef("pk"), street_id=area.pk)
        checked = StreetCheck.objects.filter(run=OuterRef("pk"), street_id=area.pk)
        waiting = runs.filter(Exists(mine), ~Exists(checked), state=RunState.DRAFT)
    else:
        waiting = runs.filter(Q(state=RunState.CHECKED) | Q(state=RunState.DRAFT))
    titles = {
        RunState.DRAFT: _("Check the draft") if user.role == Role.STREET else _("Draft: streets checking"),
        RunState.CHECKED: _("Approve the run"),
    }
    items = [
        WorkItem(
            kind=RUN,
            title=f"{run.month:%Y-%m} {titles[RunState(run.state)]}",
            url=reverse("payroll:run-detail", args=[run.pk]),
            community=run.county.name,
        )
        for run in waiting.order_by("month", "id")[:limit]
    ]
    count = waiting.count()
    this_month = today.replace(day=1)
    if user.role in DRAFTERS and user.role in APPROVERS and not runs.filter(month=this_month).exists():
        items.insert(
            0,
            WorkItem(
                kind=RUN,
                title=_("Draft the payroll of %(month)s") % {"month": f"{this_month:%Y-%m}"},
                url=reverse("payroll:run-list"),
                community=area.name,
            ),
        )
        count += 1
    return WorkBatch(RUN, str(label), count, items[:limit])


def register() -> None:
    WORK.register(RUN, runs_to_act_on)
