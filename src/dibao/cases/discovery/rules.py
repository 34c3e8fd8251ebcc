"""Each categorical program's test as a query: who qualifies and holds none of it, and who holds
it and no longer qualifies, with the reason in words.

The tests read the register's facts as `policy.programs.eligibility` defines them — ages reached
by the end of the month before (an allowance begins the month after the birthday), disability
grades, the legal supporters able to support, the households receiving 低保 — so that a found
person, turned into an application, passes that application's test. Means tests (边缘, 刚性支出)
are not categorical: they need an investigation and are not searched for here.
"""

import datetime
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from dibao.benefits.models import Entitlement
from dibao.core.months import add_months
from dibao.policy.programs import codes
from dibao.policy.programs.eligibility import NO_CAPACITY_GRADES
from dibao.registry.models import DisabilityType, Employment, HouseholdStatus, Member, Supporter

from ..models import OPEN_STATES, Application

DUE, STOP = "due", "stop"
ON_THE_REGISTER = [
    HouseholdStatus.REGISTERED,
    HouseholdStatus.APPLYING,
    HouseholdStatus.RECEIVING,
    HouseholdStatus.SUSPENDED,
]
MEMBER_COLUMNS = (
    "id",
    "name",
    "id_number",
    "birth_date",
    "disability_type",
    "disability_grade",
    "household_id",
    "household__number",
    "household__community__name",
)


@dataclass(frozen=True)
class Found:
    program: str
    direction: str  # DUE (应享未享) or STOP (应退未退)
    member_id: int
    name: str
    id_number: str
    household_id: int
    household_number: str
    community: str
    reason: str
    entitlement_id: int | None = None  # what is held, for a person to stop

    def as_dict(self) -> dict[str, Any]:
        return {
            "program": self.program,
            "direction": self.direction,
            "member": self.member_id,
            "name": self.name,
            "id_number": self.id_number,
            "household": self.household_number,
            "community": self.community,
            "reason": self.reason,
            "entitlement": self.entitlement_id,
        }


def years_before(day: datetime.date, years: int) -> datetime.date:
    """`day` (a first of the month) `years` years earlier."""
    return day.replace(year=day.year - years)


def in_force(month: datetime.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}month_from__lte": month}) & (
        Q(**{f"{prefix}month_to__isnull": True}) | Q(**{f"{prefix}month_to__gte": month})
    )


def holds(program: str, month: datetime.date) -> Exists:
    """The member holds the program in the month, or from a later month (granted ahead)."""
    return Exists(
        Entitlement.objects.filter(member=OuterRef("pk"), program_id=program).filter(
            Q(month_to__isnull=True) | Q(month_to__gte=month)
        )
    )


def applying(program: str) -> Exists:
    """An application of the program for the member is under way."""
    return Exists(
        Application.objects.filter(member=OuterRef("pk"), program_id=program, state__in=OPEN_STATES)
    )


def household_holds(programs: list[str], month: datetime.date, path: str = "household") -> Exists:
    """The member's household receives one of `programs` (paid to the household) in the month."""
    return Exists(
        Entitlement.objects.filter(
            in_force(month), household=OuterRef(path), program_id__in=programs, member__isnull=True
        )
    )


def where_communities(community_ids: list[int]) -> Q:
    """The rows (members or entitlements: both have a household) of these communities."""
    return Q(household__community_id__in=community_ids)


def members(where: Q) -> QuerySet[Member]:
    return Member.objects.filter(where, is_current=True, household__status__in=ON_THE_REGISTER)


def not_yet(queryset: QuerySet[Member], program: str, month: datetime.date) -> QuerySet[Member]:
    """Those of `queryset` who neither hold the program nor have applied for it."""
    return queryset.filter(~holds(program, month), ~applying(program))


def no_capacity_disability() -> Q:
    q = Q(pk__in=[])
    for kind, grades in NO_CAPACITY_GRADES.items():
        q |= Q(disability_type=kind, disability_grade__in=sorted(grades))
    return q


def care_grades(terms: dict[str, Any]) -> Q:
    q = Q(disability_grade__in=[1, 2])
    if terms.get("mental_grades_3_4"):
        q |= Q(
            disability_grade__in=[3, 4],
            disability_type__in=[DisabilityType.INTELLECTUAL, DisabilityType.MENTAL],
        )
    return q


def able_supporter(month: datetime.date, person: str = "pk") -> Exists:
    """The person (at `person` of the outer rows) has a legal supporter recorded as able who is
    not themselves in need: not in a household receiving 低保 or recognised as 边缘, and not 特困
    (POLICY.md §4)."""
    in_need = household_holds([codes.DIBAO, codes.NEAR_POVERTY], month, "supporter_member__household")
    tekun = Exists(
        Entitlement.objects.filter(
            in_force(month), member=OuterRef("supporter_member"), program_id=codes.EXTREME_POVERTY
        )
    )
    return Exists(
        Supporter.objects.filter(member=OuterRef(person), able=True).filter(
            Q(supporter_member__isnull=True) | (~in_need & ~tekun)
        )
    )


# ---- who qualifies and holds none (应享未享) --------------------------------------------------


Reason = Callable[[dict[str, Any]], str]


def elderly_due(where: Q, month: datetime.date, terms: dict[str, Any]) -> tuple[QuerySet[Member], Reason]:
    """Members who reach the first age band by the end of the month, so the allowance is theirs
    from the month after: those turning 80 this month are found a month ahead."""
    bands = sorted(terms["age_bands"], key=lambda band: band["from_age"])
    first = int(bands[0]["from_age"])
    cutoff = years_before(add_months(month, 1), first)
    found = members(where).filter(birth_date__lt=cutoff)
    if terms.get("low_income_only"):
        found = found.filter(household_holds([codes.DIBAO, codes.NEAR_POVERTY], month))

    def reason(row: dict[str, Any]) -> str:
        born: datetime.date = row["birth_date"]
        age = next(
            (b for b in reversed(bands) if born < years_before(add_months(month, 1), int(b["from_age"]))),
            bands[0],
        )
        since = add_months(born.replace(day=1), 12 * int(age["from_age"]) + 1)
        return _("Reaches %(age)s in %(month)s: %(amount)s yuan a month from %(since)s.") % {
            "age": age["from_age"],
            "month": f"{add_months(since, -1):%Y-%m}",
            "amount": age["amount"],
            "since": f"{since:%Y-%m}",
        }

    return not_yet(found, codes.ELDERLY_ALLOWANCE, month), reason


def disability_care_due(
    where: Q, month: datetime.date, terms: dict[str, Any]
) -> tuple[QuerySet[Member], Reason]:
    found = members(where).filter(care_grades(terms))

    def reason(row: dict[str, Any]) -> str:
        return _("Disability of grade %(grade)s: the care subsidy applies.") % {
            "grade": row["disability_grade"]
        }

    return not_yet(found, codes.DISABILITY_CARE, month), reason


def living_programs(terms: dict[str, Any]) -> list[str]:
    return [codes.DIBAO, codes.NEAR_POVERTY] if terms.get("near_poverty_too") else [codes.DIBAO]


def disability_living_due(
    where: Q, month: datetime.date, terms: dict[str, Any]
) -> tuple[QuerySet[Member], Reason]:
    found = (
        members(where).filter(disability_grade__gte=1).filter(household_holds(living_programs(terms), month))
    )

    def reason(row: dict[str, Any]) -> str:
        return _("Disabled (grade %(grade)s) in a household receiving dibao: the living subsidy applies.") % {
            "grade": row["disability_grade"]
        }

    return not_yet(found, codes.DISABILITY_LIVING, month), reason


def extreme_poverty_due(
    where: Q, month: datetime.date, terms: dict[str, Any]
) -> tuple[QuerySet[Member], Reason]:
    """Members of households receiving 低保 (their income is below the standard) who have no work
    capacity and no legal supporter able to support them."""
    aged = Q(birth_date__lt=years_before(month, 60))
    minor = Q(birth_date__gte=years_before(month, 16)) | Q(
        birth_date__gte=years_before(month, 18), employment=Employment.STUDENT
    )
    found = (
        members(where)
        .filter(household_holds([codes.DIBAO], month))
        .filter(aged | minor | no_capacity_disability())
        .filter(~able_supporter(month))
    )

    def reason(row: dict[str, Any]) -> str:
        born: datetime.date = row["birth_date"]
        if born < years_before(month, 60):
            why = _("aged 60 or over")
        elif born >= years_before(month, 18):
            why = _("a minor")
        else:
            why = _("disabled (grade %(grade)s)") % {"grade": row["disability_grade"]}
        return _(
            "In a household receiving dibao, %(why)s, with no legal supporter able to support: "
            "the 特困 test may be met."
        ) % {"why": why}

    return not_yet(found, codes.EXTREME_POVERTY, month), reason


DUE_RULES = {
    codes.EXTREME_POVERTY: extreme_poverty_due,
    codes.DISABILITY_LIVING: disability_living_due,
    codes.DISABILITY_CARE: disability_care_due,
    codes.ELDERLY_ALLOWANCE: elderly_due,
}


# ---- who holds it and no longer qualifies (应退未退) -----------------------------------------


def holders(where: Q, program: str, month: datetime.date) -> QuerySet[Entitlement]:
    """Person-paid entitlements of the program in force in the month, of the households `where`."""
    return Entitlement.objects.filter(where, in_force(month), program_id=program, member__isnull=False)


GONE = Q(member__is_current=False) | Q(household__status=HouseholdStatus.TERMINATED)


def stop_rows(
    where: Q, month: datetime.date, program: str, terms: dict[str, Any]
) -> Iterator[tuple[QuerySet[Entitlement], str]]:
    """The entitlements to stop, each query with its reason in words."""
    held = holders(where, program, month)
    yield held.filter(GONE), _("No longer on the register (the household ended or the person left it).")
    held = held.exclude(GONE)
    if program == codes.DISABILITY_LIVING:
        yield (
            held.filter(~household_holds(living_programs(terms), month)),
            _("The household no longer receives dibao."),
        )
        yield held.filter(member__disability_grade=0), _("No disability is recorded any longer.")
    elif program == codes.DISABILITY_CARE:
        yield (
            held.exclude(
                Q(member__disability_grade__in=[1, 2])
                | (
                    Q(
                        member__disability_grade__in=[3, 4],
                        member__disability_type__in=[DisabilityType.INTELLECTUAL, DisabilityType.MENTAL],
                    )
                    if terms.get("mental_grades_3_4")
                    else Q(pk__in=[])
                )
            ),
            _("The disability grade no longer qualifies for the care subsidy."),
        )
    elif program == codes.EXTREME_POVERTY:
        yield (
            held.filter(able_supporter(month, "member")),
            _("A legal supporter able to support is now recorded."),
        )


STOP_PROGRAMS = (
    codes.EXTREME_POVERTY,
    codes.DISABILITY_LIVING,
    codes.DISABILITY_CARE,
    codes.ELDERLY_ALLOWANCE,
)
