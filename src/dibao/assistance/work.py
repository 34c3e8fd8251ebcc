"""What one-off assistance asks of a user today, for the desk (`core.work`): applications whose
help was given first (先行救助) and whose paperwork — investigation, notice where required, the
decision that confirms it — is owed by the day set when the help was granted, at the step the
user's role takes. The nearest (or most overdue) first."""

import datetime
from typing import Any

from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dibao.cases.models import Kind
from dibao.cases.selectors import WAITING_FOR, worklist
from dibao.core.work import WORK, WorkBatch, WorkItem
from dibao.registry.selectors import with_head_name

HELP_FIRST = "help_first"


def paperwork_owed(user: Any, today: datetime.date, limit: int) -> WorkBatch:
    label = gettext_lazy("Help given first: paperwork due")
    if user.role not in WAITING_FOR:
        return WorkBatch(HELP_FIRST, str(label), 0)
    owed = worklist(user).filter(kind=Kind.FAST_TRACK)
    first = with_head_name(owed).order_by(F("due_on").asc(nulls_last=True), "created_at", "id")[:limit]
    items = [
        WorkItem(
            kind=HELP_FIRST,
            title=_("Complete the paperwork (%(state)s)") % {"state": a.get_state_display()},
            url=reverse("cases:case-detail", args=[a.pk]),
            program=str(a.program_id),
            household=a.household.number,
            head_name=a.head_name or a.applicant_name,
            community=a.community.name,
            due=a.due_on,
            overdue=a.due_on is not None and a.due_on < today,
        )
        for a in first
    ]
    return WorkBatch(HELP_FIRST, str(label), owed.count(), items)


def register() -> None:
    WORK.register(HELP_FIRST, paperwork_owed)
