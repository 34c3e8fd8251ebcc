"""Reading the policy: what is in force for an area and month, and each table's history."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from dibao.areas.models import Area
from dibao.areas.selectors import visible_areas

from .engine.context import PolicyContext, contexts_for
from .models import Rules, Standard


def _ancestors_q(area: Area) -> Q:
    """The area and those above it: policy set higher up applies below."""
    codes = {area.code, area.code[:6]}
    if len(area.code) == 12:
        codes.add(area.code[:9] + "000")
    return Q(area__code__in=codes)


def visible_standards(user: Any) -> QuerySet[Standard]:
    """Standards of the user's area, those below it, and those above it that apply to it."""
    return Standard.objects.filter(
        Q(area__in=visible_areas(user).values("id")) | _ancestors_q(user.area)
    ).select_related("area")


def visible_rules(user: Any) -> QuerySet[Rules]:
    return Rules.objects.filter(
        Q(area__in=visible_areas(user).values("id")) | _ancestors_q(user.area)
    ).select_related("area")


@dataclass(frozen=True)
class InForce:
    area: Area
    month: datetime.date
    context: PolicyContext


def in_force(area: Area, month: datetime.date) -> InForce:
    """What applies to `area` in `month`, each value with the area it comes from."""
    return InForce(area, month, contexts_for([area], month)[area.pk])
