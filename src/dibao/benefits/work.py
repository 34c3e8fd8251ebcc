"""What the benefits ask of a user today, for the desk (`core.work`): households taken over from a
payment roster that names only the head and a count, whose other members are still to be
registered (`selectors.households_to_complete`)."""

import datetime
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dibao.core.roles import REGISTRY_WRITERS
from dibao.core.work import WORK, WorkBatch, WorkItem
from dibao.policy.programs import codes
from dibao.registry.selectors import with_head_name

from .selectors import households_to_complete

TO_COMPLETE = "household_to_complete"


def households_to_register(user: Any, today: datetime.date, limit: int) -> WorkBatch:
    label = gettext_lazy("Households to complete")
    if user.role not in REGISTRY_WRITERS:
        return WorkBatch(TO_COMPLETE, str(label), 0)
    found = households_to_complete(user)
    items = [
        WorkItem(
            kind=TO_COMPLETE,
            title=_("%(registered)s of %(covered)s persons registered")
            % {"registered": h.registered, "covered": h.covered},
            url=reverse("registry:household-detail", args=[h.pk]),
            program=codes.DIBAO,
            household=h.number,
            head_name=h.head_name or "",
            community=h.community.name,
        )
        for h in with_head_name(found, "pk")[:limit]
    ]
    return WorkBatch(TO_COMPLETE, str(label), found.count(), items)


def register() -> None:
    WORK.register(TO_COMPLETE, households_to_register)
