"""Who a holiday campaign visits: the criteria, each answered by one query over the area's
households (`household_ids`), so a county's selection is a handful of queries however large.

Codes (what pages, the API and `dibao holiday-campaign --criteria` take):
- `dibao`, `extreme_poverty`, `near_poverty`, `rigid_expense`: the program held (an entitlement
  in force, the household's or a member's) in the month of the campaign's date;
- `80plus` (any `NNplus`, 60 to 120): a current member that age or older on the date;
- `disability` (any grade) or `disability1` … `disability4` (that grade or a more severe one:
  grade 1 is the most severe);
- `military`: the household is a 军属 family; `party_hardship`: a member is a 困难党员.
"""

import datetime
import re

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from dibao.benefits.models import Entitlement
from dibao.core.errors import DomainError
from dibao.core.scoping import area_q
from dibao.policy.programs import codes
from dibao.registry.models import Household, HouseholdStatus, Member

PROGRAMS = (codes.DIBAO, codes.EXTREME_POVERTY, codes.NEAR_POVERTY, codes.RIGID_EXPENSE)
MARKERS = ("military", "party_hardship")
_AGE = re.compile(r"^(\d{2,3})plus$")
_DISABILITY = re.compile(r"^disability([1-4]?)$")


def parse(raw: str | list[str] | tuple[str, ...] | None, *, field: str = "criteria") -> list[str]:
    """The criteria as given ("dibao,80plus" or a list), in order, each once; unknown ones are
    refused naming them."""
    items = raw.split(",") if isinstance(raw, str) else list(raw or [])
    found: list[str] = []
    unknown: list[str] = []
    for item in items:
        code = str(item).strip().lower()
        if not code or code in found:
            continue
        age = _AGE.match(code)
        if (
            code in PROGRAMS
            or code in MARKERS
            or _DISABILITY.match(code)
            or (age and 60 <= int(age[1]) <= 120)
        ):
            found.append(code)
        else:
            unknown.append(code)
    if unknown:
        raise DomainError(
            _("Unknown criteria: %(codes)s (known: %(known)s).")
            % {
                "codes": ", ".join(unknown),
                "known": ", ".join((*PROGRAMS, "80plus", "disability2", *MARKERS)),
            },
            field=field,
        )
    return found


def _years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February: one is that old on 1 March of a common year
        return day.replace(year=day.year - years, day=28)


def label(code: str) -> str:
    age = _AGE.match(code)
    if age:
        return _("Aged %(n)s or over") % {"n": age[1]}
    grade = _DISABILITY.match(code)
    if grade:
        return _("Disabled, grade %(g)s or more severe") % {"g": grade[1]} if grade[1] else _("Disabled")
    return {
        codes.DIBAO: _("Minimum living guarantee"),
        codes.EXTREME_POVERTY: _("Extreme poverty support"),
        codes.NEAR_POVERTY: _("Near-poverty"),
        codes.RIGID_EXPENSE: _("Rigid-expense hardship"),
        "military": _("Military family"),
        "party_hardship": _("Party member in hardship"),
    }.get(code, code)


def household_ids(code: str, households: QuerySet[Household], day: datetime.date) -> QuerySet[Household]:
    """The households of `households` meeting criterion `code` on `day`: one query (ids only)."""
    members = Member.objects.filter(is_current=True, household__in=households)
    if code in PROGRAMS:
        month = day.replace(day=1)
        held = Entitlement.objects.filter(
            Q(month_from__lte=month) & (Q(month_to__isnull=True) | Q(month_to__gte=month)),
            program_id=code,
            household__in=households,
        )
        return households.filter(pk__in=held.values("household_id"))
    if code == "military":
        return households.filter(military_family=True)
    if code == "party_hardship":
        return households.filter(pk__in=members.filter(party_hardship=True).values("household_id"))
    age = _AGE.match(code)
    if age:
        born_by = _years_before(day, int(age[1]))
        return households.filter(pk__in=members.filter(birth_date__lte=born_by).values("household_id"))
    grade = _DISABILITY.match(code)
    if grade:
        worst = int(grade[1] or 4)
        disabled = members.filter(disability_grade__gte=1, disability_grade__lte=worst)
        return households.filter(pk__in=disabled.values("household_id"))
    raise DomainError(_("Unknown criteria: %(codes)s.") % {"codes": code}, field="criteria")


def in_area(prefix: str) -> QuerySet[Household]:
    """The households a campaign of the area with this code prefix may visit: not terminated."""
    return Household.objects.filter(area_q(prefix, "community__code")).exclude(
        status=HouseholdStatus.TERMINATED
    )
