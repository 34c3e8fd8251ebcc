"""Reading the policy: what is in force for an area and month, and each table's history."""

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet

from dibao.accounts.models import User
from dibao.areas.models import Area
from dibao.core.scoping import Operator, reaching

from .engine.context import PolicyContext, contexts_for
from .models import Rules, Standard


def visible_standards(user: User | Operator) -> QuerySet[Standard]:
    """Standards of the user's area, those below it, and those above it that apply to it."""
    return Standard.objects.filter(reaching(user, "area__code")).select_related("area")


def visible_rules(user: User | Operator) -> QuerySet[Rules]:
    return Rules.objects.filter(reaching(user, "area__code")).select_related("area")


@dataclass(frozen=True)
class InForce:
    area: Area
    month: datetime.date
    context: PolicyContext


def in_force(area: Area, month: datetime.date) -> InForce:
    """What applies to `area` in `month`, each value with the area it comes from."""
    return InForce(area, month, contexts_for([area], month)[area.pk])
