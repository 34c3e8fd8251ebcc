"""Reading entitlements and recalculations, limited to the user's area."""

import datetime

from django.db.models import Count, F, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from dibao.accounts.models import User
from dibao.core.errors import NotFound
from dibao.core.scoping import Operator, reaching, within
from dibao.policy.programs import codes
from dibao.registry.models import Household, HouseholdStatus, Member
from dibao.registry.selectors import visible_households

from .models import CareHome, Entitlement, Recalculation, RecalculationLine
from .services import in_force


def entitlement_in_force(
    household: Household, month: datetime.date, *, program: str = codes.DIBAO
) -> Entitlement | None:
    """The household's version of `program` (a program that pays the household) in force in `month`."""
    rows = Entitlement.objects.filter(in_force(month.replace(day=1)), household=household, program_id=program)
    return rows.filter(member__isnull=True).first()


def entitlement_history(user: User | Operator, household: Household) -> QuerySet[Entitlement]:
    """Every version, newest first, including those replaced before they began; nothing of a
    household outside the user's area, whoever found it."""
    entitlements = within(Entitlement.objects.all(), user, "household__community__code")
    return entitlements.filter(household=household).order_by("-month_from", "-id")


def visible_recalculations(user: User | Operator) -> QuerySet[Recalculation]:
    """Recalculations of the user's area and of the areas above it that reach into it."""
    return Recalculation.objects.filter(reaching(user, "area__code")).select_related(
        "area", "standard", "created_by", "decided_by"
    )


def recalculation_get(user: User | Operator, pk: int) -> Recalculation:
    found = visible_recalculations(user).filter(pk=pk).first()
    if found is None:
        raise NotFound()
    return found


def recalculation_lines(user: User | Operator, recalculation: Recalculation) -> QuerySet[RecalculationLine]:
    """The lines of households the user may see (a street sees its own part of a county's batch)."""
    return (
        within(recalculation.lines.all(), user, "household__community__code")
        .select_related("household", "household__community")
        .order_by("household__number")
    )


def households_to_complete(user: User | Operator) -> QuerySet[Household]:
    """Households of the user's area paid for more persons than the register holds as their
    members: a payment roster names only the head and a count (`recipients.payment_roster`), and
    the others are registered with their names at the first review (the desk's worklist).
    Annotated with `covered` (the open entitlement's persons) and `registered` (current members)."""
    # One open version per household and program (`entitlement_one_open_per_household`): no
    # ordering to pick one, so the lookup is that constraint's index alone.
    open_version = Entitlement.objects.filter(
        household=OuterRef("pk"), program_id=codes.DIBAO, member__isnull=True, month_to__isnull=True
    ).order_by()
    covered = open_version.values("persons")[:1]
    registered = (
        Member.objects.filter(household=OuterRef("pk"), is_current=True)
        .order_by()
        .values("household")
        .annotate(n=Count("id"))
        .values("n")
    )
    return (
        visible_households(user)
        .filter(status__in=[HouseholdStatus.RECEIVING, HouseholdStatus.SUSPENDED])
        .annotate(
            covered=Subquery(covered, output_field=IntegerField()),
            registered=Coalesce(Subquery(registered, output_field=IntegerField()), Value(0)),
        )
        .filter(covered__gt=F("registered"))
        .select_related("community")
        .order_by("community__code", "number")
    )


def visible_care_homes(user: User | Operator) -> QuerySet[CareHome]:
    """The care homes of the user's county (kept by the county, chosen by its communities)."""
    return CareHome.objects.filter(reaching(user, "county__code")).select_related("county")


def care_home_get(user: User | Operator, pk: int) -> CareHome:
    found = visible_care_homes(user).filter(pk=pk).first()
    if found is None:
        raise NotFound()
    return found
