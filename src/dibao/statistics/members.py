"""The breakdown `member_category`: the persons on the books by who they are, read from the
register's member facts (`registry.Member`: birth date, employment, disability grade).

Whom a version covers: the person it pays (a program that pays a person), the one member of a
单人保 (`single_member`), else the household's current members — the register keeps no list of
covered members, only their number (`Entitlement.persons`), so a household whose members and
covered persons differ in number counts its members here.

Categories, by age on the first day of the month counted: 老年人 (60 and over); 成年人 (18–59) by
employment — 在职, 灵活就业, 登记失业 (the register's 失业), 未登记失业, 其他 (in school, retired,
none); 未成年人 (under 18) by schooling — 在校 (in school), 学龄前 (under 6), 其他. These nine are
exclusive: each covered person is in one. 残疾人 (any disability grade) and 重度残疾 (grades 1–2)
count the same persons again: they overlap the others, so rows by member category do not add up
to the total.

Figures of a row: `persons` (and `person_times`) are the covered persons in the category, counted
per unit as `engine` counts persons; `households` (and `household_times`) the distinct households
with a covered person in it. The amount, the flows and the one-off grants are not split by
member: they are zero in these rows, and the total (counted without the breakdown) holds them.
Three grouped queries a month."""

import datetime
from typing import Any

from django.db import models
from django.db.models import Case, Count, Q, Value, When
from django.utils.translation import gettext_lazy as _

from dibao.core.months import add_months
from dibao.registry.models import Employment

from .fields import entitlement_keys
from .figures import Figures

FIELD = "member_category"
PERSON = "household__members"


class MemberCategory(models.TextChoices):
    ELDERLY = "elderly", _("Elderly (60 and over)")
    EMPLOYED = "employed", _("Adult: employed")
    FLEXIBLE = "flexible", _("Adult: flexible employment")
    REGISTERED_UNEMPLOYED = "unemployed", _("Adult: registered unemployed")
    UNREGISTERED_UNEMPLOYED = "unreg", _("Adult: unemployed, not registered")
    ADULT_OTHER = "adult_other", _("Adult: other")
    PRESCHOOL = "preschool", _("Minor: pre-school")
    IN_SCHOOL = "in_school", _("Minor: in school")
    MINOR_OTHER = "minor_other", _("Minor: other")
    DISABLED = "disabled", _("Disabled")
    SEVERELY_DISABLED = "severe", _("Severely disabled (grade 1–2)")


def _born_by(month: datetime.date, years: int) -> datetime.date:
    """Whoever was born on or before this day is `years` old on the month's first day."""
    return add_months(month, -12 * years)


def _age_group(month: datetime.date) -> Case:
    birth, job = f"{PERSON}__birth_date", f"{PERSON}__employment"
    adult = Q(**{f"{birth}__lte": _born_by(month, 18)})
    return Case(
        When(Q(**{f"{birth}__lte": _born_by(month, 60)}), then=Value(MemberCategory.ELDERLY.value)),
        When(adult & Q(**{job: Employment.EMPLOYED}), then=Value(MemberCategory.EMPLOYED.value)),
        When(adult & Q(**{job: Employment.FLEXIBLE}), then=Value(MemberCategory.FLEXIBLE.value)),
        When(
            adult & Q(**{job: Employment.UNEMPLOYED}), then=Value(MemberCategory.REGISTERED_UNEMPLOYED.value)
        ),
        When(
            adult & Q(**{job: Employment.UNREGISTERED}),
            then=Value(MemberCategory.UNREGISTERED_UNEMPLOYED.value),
        ),
        When(adult, then=Value(MemberCategory.ADULT_OTHER.value)),
        When(Q(**{job: Employment.STUDENT}), then=Value(MemberCategory.IN_SCHOOL.value)),
        When(Q(**{f"{birth}__gt": _born_by(month, 6)}), then=Value(MemberCategory.PRESCHOOL.value)),
        default=Value(MemberCategory.MINOR_OTHER.value),
        output_field=models.CharField(),
    )


def _covered() -> Q:
    """Of a version joined to its household's members: the members it covers."""
    return (
        Q(member__isnull=False, **{PERSON: models.F("member_id")})
        | Q(member__isnull=True, single_member__isnull=False, **{PERSON: models.F("single_member_id")})
        | Q(member__isnull=True, single_member__isnull=True, **{f"{PERSON}__is_current": True})
    )


def month_rows(
    versions: Any, area: Any, month: datetime.date, by: tuple[str, ...]
) -> dict[tuple[Any, ...], Figures]:
    """One month's rows by `by` (which names `member_category`) over `versions` (the scope's
    versions in force in the month)."""
    keys = entitlement_keys(area, tuple(name for name in by if name != FIELD))
    names = [f"k_{name}" for name in by if name != "month"]
    found: dict[tuple[Any, ...], Figures] = {}
    covered = versions.filter(_covered())
    kinds = (
        _age_group(month),
        Case(When(Q(**{f"{PERSON}__disability_grade__gt": 0}), then=Value(MemberCategory.DISABLED.value))),
        Case(
            When(
                Q(**{f"{PERSON}__disability_grade__in": (1, 2)}),
                then=Value(MemberCategory.SEVERELY_DISABLED.value),
            )
        ),
    )
    for kind in kinds:
        grouped = (
            covered.annotate(**keys, **{f"k_{FIELD}": kind})
            .exclude(**{f"k_{FIELD}__isnull": True})
            .values(*names)
            .annotate(persons=Count(PERSON), households=Count("household_id", distinct=True))
        )
        for row in grouped.order_by():
            figures = found.setdefault(tuple(row[name] for name in names), Figures())
            figures.persons = figures.person_times = row["persons"]
            figures.households = figures.household_times = row["households"]
    return found
