"""The desk's item for complaints (registered in `ComplaintsConfig.ready`): those the user handles,
still open, most urgent first, and — for the street and county, who accept them — the ones received
in their area and not yet given to anyone. Overdue ones are marked; two queries."""

import datetime
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from dibao.core.work import WorkBatch, WorkItem

from . import selectors
from .access import HANDLERS, OWNERS
from .models import OPEN_STATES, State

KIND = "complaint"


def complaints_due(user: Any, today: datetime.date, limit: int) -> WorkBatch:
    label = _("Complaints to handle")
    role = getattr(user, "role", None)
    if role not in OWNERS:
        return WorkBatch(KIND, label, 0)
    waiting = Q(owner=user, state__in=OPEN_STATES)
    if role in HANDLERS:
        waiting |= Q(owner__isnull=True, state=State.RECEIVED)
    rows = selectors.visible_complaints(user).filter(waiting)
    count = rows.count()
    items = [
        WorkItem(
            kind=KIND,
            title=_("%(kind)s: %(state)s") % {"kind": c.get_kind_display(), "state": c.get_state_display()},
            url=reverse("complaints:complaint-detail", args=[c.pk]),
            household=c.household.number if c.household else "",
            community=c.area.name,
            due=c.due_on,
            overdue=c.due_on is not None and c.due_on < today,
        )
        for c in rows.order_by("due_on", "id")[:limit]
    ]
    return WorkBatch(KIND, label, count, items)
