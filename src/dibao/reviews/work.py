"""What reviews ask of a user today, for the desk (`core.work`): reviews due by the end of this
month or overdue — a receiving household whose next review has come (to open) and an open review
(to record) — and outcomes waiting for approval."""

import calendar
import datetime
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dibao.core.roles import REVIEW_APPROVERS, REVIEW_WORKERS
from dibao.core.work import WORK, WorkBatch, WorkItem
from dibao.registry.selectors import with_head_name

from .models import ReviewState
from .selectors import open_reviews, reviews_due, waiting_for_approval

DUE, APPROVAL = "review_due", "review_approval"


def month_end(day: datetime.date) -> datetime.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def reviews_due_this_month(user: Any, today: datetime.date, limit: int) -> WorkBatch:
    """Households due for review by the end of the month with no review open yet, and open reviews
    due by then: the earliest first."""
    label = gettext_lazy("Reviews due this month")
    if user.role not in REVIEW_WORKERS:
        return WorkBatch(DUE, str(label), 0)
    end = month_end(today)
    to_open = reviews_due(user, today=today, horizon_days=(end - today).days).filter(Q(has_open_review=False))
    to_record = open_reviews(user).filter(state=ReviewState.OPEN, due_on__lte=end)
    items = [
        WorkItem(
            kind=DUE,
            title=_("Review due: open it"),
            url=reverse("reviews:review-create", args=[e.household_id]),
            program=str(e.program_id),
            household=e.household.number,
            head_name=e.head_name or "",
            community=e.household.community.name,
            due=e.next_review,
            overdue=e.next_review < today,
        )
        for e in with_head_name(to_open)[:limit]
    ]
    items += [
        WorkItem(
            kind=DUE,
            title=_("%(kind)s: record it") % {"kind": r.get_kind_display()},
            url=reverse("reviews:review-detail", args=[r.pk]),
            program=str(r.program_id),
            household=r.household.number,
            head_name=r.head_name or "",
            community=r.community.name,
            due=r.due_on,
            overdue=r.due_on < today,
        )
        for r in with_head_name(to_record)[:limit]
    ]
    items.sort(key=lambda item: (item.due or end, item.household))
    return WorkBatch(DUE, str(label), to_open.count() + to_record.count(), items[:limit])


def reviews_to_approve(user: Any, today: datetime.date, limit: int) -> WorkBatch:
    label = gettext_lazy("Reviews waiting for approval")
    if user.role not in REVIEW_APPROVERS:
        return WorkBatch(APPROVAL, str(label), 0)
    waiting = waiting_for_approval(user)
    items = [
        WorkItem(
            kind=APPROVAL,
            title=_("Approve: %(outcome)s") % {"outcome": r.get_outcome_display()},
            url=reverse("reviews:review-detail", args=[r.pk]),
            program=str(r.program_id),
            household=r.household.number,
            head_name=r.head_name or "",
            community=r.community.name,
        )
        for r in with_head_name(waiting)[:limit]
    ]
    return WorkBatch(APPROVAL, str(label), waiting.count(), items)


def register() -> None:
    WORK.register(DUE, reviews_due_this_month)
    WORK.register(APPROVAL, reviews_to_approve)
