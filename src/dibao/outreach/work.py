"""The desk's item for services whose last step is the community's own: a senior card issued by
the office and waiting to be taken to the door (registered in `OutreachConfig.ready`)."""

import datetime
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from dibao.core.roles import Role
from dibao.core.work import WorkBatch, WorkItem

from . import selectors

KIND = "service_delivery"


def cards_to_deliver(user: Any, today: datetime.date, limit: int) -> WorkBatch:
    """Three queries: the county's services the community delivers, the count and the first items."""
    label = _("Services to deliver")
    if getattr(user, "role", None) != Role.COMMUNITY:
        return WorkBatch(KIND, label, 0)
    services, waiting = selectors.waiting_delivery(user)
    if not services:
        return WorkBatch(KIND, label, 0)
    rows = selectors.visible_entries(user).filter(waiting).select_related("household")
    count = rows.count()
    items = [
        WorkItem(
            kind=KIND,
            title=_("%(service)s: %(step)s")
            % {"service": entry.service.name, "step": entry.service.step_name(entry.service.last_step)},
            url=reverse("outreach:entry-detail", args=[entry.pk]),
            household=entry.household.number,
            head_name=entry.member.name,
            community=entry.community.name,
        )
        for entry in rows.order_by("step_on", "id")[:limit]
    ]
    return WorkBatch(KIND, label, count, items)
