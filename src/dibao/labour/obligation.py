"""Who must take part in public-welfare labour in a month, and why someone need not.

The steps, for one person and one month, under the county's rule in force that month:
1. The person's household receives one of the rule's programs that month (an entitlement in force);
   otherwise there is no obligation at all — not an exemption, simply not concerned.
2. Exemptions read from the register's facts about the person, as they stand today (the register
   keeps no history of them): age on the month's first day outside the rule's range (by sex);
   a disability grade from 1 to the rule's exempt grade; labour capacity partial or lost; serious
   illness; employed or in flexible employment; in school; retired.
3. Exemptions recorded by hand for the month, each with its reason: caring for a dependent, a
   doctor's note, anything the register cannot show.
The person must take part when concerned (1) and exempt by neither (2) nor (3).

A pure function of the facts and the rule: it reads neither the database nor the clock, so the
sign-in list, the check, the figures and the household's panel judge everyone alike.
"""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from dibao.registry.models import Employment, Health, LabourCapacity, Sex

from .models import ExemptionReason, LabourRule


@dataclass(frozen=True)
class Facts:
    """What the rule reads of a person (a `registry.Member`'s fields)."""

    birth_date: datetime.date
    sex: str
    disability_grade: int
    health: str
    labour_capacity: str
    employment: str


@dataclass(frozen=True)
class Exempt:
    reason: str  # an `ExemptionReason`
    note: str  # why, in words: "62 years old", "disability grade 1", a hand-recorded note
    by_hand: bool = False

    @property
    def label(self) -> str:
        return str(ExemptionReason(self.reason).label)


@dataclass(frozen=True)
class Obligation:
    concerned: bool  # the household receives one of the rule's programs in the month
    exempt: list[Exempt] = field(default_factory=list)

    @property
    def must(self) -> bool:
        return self.concerned and not self.exempt


def age_on(birth: datetime.date, day: datetime.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def from_facts(facts: Facts, rule: LabourRule, month: datetime.date) -> list[Exempt]:
    found = []
    age = age_on(facts.birth_date, month)
    top = rule.max_age_women if facts.sex == Sex.FEMALE else rule.max_age_men
    if age < rule.min_age or age > top:
        found.append(Exempt(ExemptionReason.AGE, _("%(n)d years old") % {"n": age}))
    if 1 <= facts.disability_grade <= rule.exempt_disability_grade:
        found.append(
            Exempt(ExemptionReason.DISABILITY, _("disability grade %(n)d") % {"n": facts.disability_grade})
        )
    if facts.labour_capacity in (LabourCapacity.PARTIAL, LabourCapacity.NONE):
        found.append(
            Exempt(
                ExemptionReason.DISABILITY,
                _("labour capacity: %(v)s") % {"v": LabourCapacity(facts.labour_capacity).label},
            )
        )
    if facts.health == Health.SERIOUS:
        found.append(Exempt(ExemptionReason.ILLNESS, str(Health.SERIOUS.label)))
    if facts.employment in (Employment.EMPLOYED, Employment.FLEXIBLE):
        found.append(Exempt(ExemptionReason.WORK, str(Employment(facts.employment).label)))
    elif facts.employment == Employment.STUDENT:
        found.append(Exempt(ExemptionReason.SCHOOL, str(Employment.STUDENT.label)))
    elif facts.employment == Employment.RETIRED:
        found.append(Exempt(ExemptionReason.AGE, str(Employment.RETIRED.label)))
    return found


def judge(
    facts: Facts, *, concerned: bool, by_hand: list[Exempt], rule: LabourRule, month: datetime.date
) -> Obligation:
    """The person's obligation in `month` (its first day) under `rule`."""
    if not concerned:
        return Obligation(concerned=False)
    return Obligation(concerned=True, exempt=[*from_facts(facts, rule, month), *by_hand])


def facts_of(member: Any) -> Facts:
    return Facts(
        birth_date=member.birth_date,
        sex=member.sex,
        disability_grade=member.disability_grade,
        health=member.health,
        labour_capacity=member.labour_capacity,
        employment=member.employment,
    )
