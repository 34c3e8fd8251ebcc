"""The desk's cross-check flags (`core.work`): the open flags of the user's area, oldest first, so
a community worker sees what another department's file said about its households. Two queries
whatever the number: the count, then the page with the households' heads."""

import datetime
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from dibao.core.roles import Role
from dibao.core.work import WorkBatch, WorkItem
from dibao.registry.models import Member, Relation

from .models import SourceKind
from .selectors import open_flags

KIND = "crosscheck_flag"
ACTING = frozenset({Role.COMMUNITY, Role.STREET, Role.COUNTY})


def flags_to_work(user: Any, today: datetime.date, limit: int) -> WorkBatch:
    label = _("Cross-check flags")
    if getattr(user, "role", None) not in ACTING:
        return WorkBatch(kind=KIND, label=label, count=0)
    flags = open_flags(user)
    count = flags.count()
    shown = list(flags.order_by("created_at", "id")[:limit])
    heads = dict(
        Member.objects.filter(
            household_id__in=[f.household_id for f in shown], relation=Relation.SELF, is_current=True
        ).values_list("household_id", "name")
    )
    items = [
        WorkItem(
            kind=KIND,
            title=_("%(source)s: %(name)s — %(rule)s")
            % {"source": SourceKind(f.kind).label, "name": f.member.name, "rule": f.rule_text},
            url=reverse("crosschecks:flag", args=[f.pk]),
            household=f.household.number,
            head_name=heads.get(f.household_id, ""),
            community=f.community.name,
        )
        for f in shown
    ]
    return WorkBatch(kind=KIND, label=label, count=count, items=items)
