"""Reading entitlements and recalculations, limited to the user's area."""

import datetime
from typing import Any

from django.db.models import Q, QuerySet

from dibao.core.errors import NotFound
from dibao.registry.models import Household

from .models import Entitlement, Recalculation, RecalculationLine
from .services import in_force


def entitlement_in_force(household: Household, month: datetime.date) -> Entitlement | None:
    return Entitlement.objects.filter(in_force(month.replace(day=1)), household=household).first()


def entitlement_history(household: Household) -> QuerySet[Entitlement]:
    """Every version, newest first, including those replaced before they began."""
    return Entitlement.objects.filter(household=household).order_by("-month_from", "-id")


def visible_recalculations(user: Any) -> QuerySet[Recalculation]:
    """Recalculations of the user's area and of the areas above it that reach into it."""
    reaching = Q(area__code__in=_codes_reaching(user)) | Q(area__code__startswith=user.area.scope_prefix)
    return Recalculation.objects.filter(reaching).select_related(
        "area", "standard", "created_by", "decided_by"
    )


def _codes_reaching(user: Any) -> list[str]:
    code = user.area.code
    codes = [code[:6]]
    if len(code) == 12:
        codes.append(code[:9] + "000")
    return codes


def recalculation_get(user: Any, pk: int) -> Recalculation:
    found = visible_recalculations(user).filter(pk=pk).first()
    if found is None:
        raise NotFound()
    return found


def recalculation_lines(user: Any, recalculation: Recalculation) -> QuerySet[RecalculationLine]:
    """The lines of households the user may see (a street sees its own part of a county's batch)."""
    return (
        recalculation.lines.filter(household__community__code__startswith=user.area.scope_prefix)
        .select_related("household", "household__community")
        .order_by("household__number")
    )
