"""Reading the policy: what is in force for an area and month, and each table's history."""

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from dibao.accounts.models import User
from dibao.areas.models import Area
from dibao.core.errors import NotFound
from dibao.core.scoping import Operator, reaching

from .engine.context import PolicyContext, contexts_for
from .models import Program, ProgramRules, Rules, Standard


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


def programs() -> QuerySet[Program]:
    """The catalogue: the same for every user (what an area does with it is `programs_in_force`)."""
    return Program.objects.all()


def program_by_code(code: str) -> Program:
    """The program with this code, or NotFound naming the codes there are."""
    found = Program.objects.filter(code=str(code).strip()).first()
    if found is None:
        raise NotFound(
            _("No program has the code '%(code)s'; the codes are: %(codes)s.")
            % {"code": code, "codes": ", ".join(Program.objects.values_list("code", flat=True))}
        )
    return found


def visible_program_rules(user: User | Operator) -> QuerySet[ProgramRules]:
    """Program terms of the user's area, those below it, and those above it that apply to it."""
    return ProgramRules.objects.filter(reaching(user, "area__code")).select_related("area", "program")
