"""The desk's labour absences (`core.work`): people of the community worker's area with unexcused
absences this month, whom the worker has not yet followed up (no reminder for the month), the
most absences first. Two queries whatever the number: the absences grouped, then the people."""

import datetime
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from dibao.core.roles import Role
from dibao.core.work import WorkBatch, WorkItem
from dibao.registry.models import Member, Relation

from .models import Reminder
from .selectors import unexcused

KIND = "labour_absence"


def absences_to_follow(user: Any, today: datetime.date, limit: int) -> WorkBatch:
    label = _("Labour absences")
    if getattr(user, "role", None) != Role.COMMUNITY:
        return WorkBatch(kind=KIND, label=label, count=0)
    month = today.replace(day=1)
    absent = unexcused(None, month, user)
    reminded = set(
        Reminder.objects.filter(member_id__in=[a.member_id for a in absent], month=month).values_list(
            "member_id", flat=True
        )
    )
    waiting = [a for a in absent if a.member_id not in reminded]
    shown = waiting[:limit]
    people = {
        m.pk: m
        for m in Member.objects.filter(pk__in=[a.member_id for a in shown]).select_related(
            "household", "household__community"
        )
    }
    heads = dict(
        Member.objects.filter(household_id__in=[a.household_id for a in shown], relation=Relation.SELF)
        .filter(is_current=True)
        .values_list("household_id", "name")
    )
    items = []
    for a in shown:
        person = people[a.member_id]
        items.append(
            WorkItem(
                kind=KIND,
                title=_("%(name)s: %(n)d unexcused absences") % {"name": person.name, "n": a.count},
                url=reverse("registry:household-detail", args=[a.household_id]) + "#labour",
                household=person.household.number,
                head_name=heads.get(a.household_id, ""),
                community=person.household.community.name,
            )
        )
    return WorkBatch(kind=KIND, label=label, count=len(waiting), items=items)
