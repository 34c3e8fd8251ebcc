"""What the program tests (`programs.eligibility`) read of one member in one month, gathered from
the register.

- the member's own facts (`engine.facts.MemberFacts`): age, disability, employment;
- in school: the member's employment is `Employment.STUDENT` (the register records it once);
- the legal supporters, each as an `eligibility.Supporter`: able as the register says, and the
  programs they receive as far as the register knows them — a supporter in the register whose
  household is receiving is a 低保 recipient; what else they hold comes with the entitlements
  of every program;
- the level of care needed: the latest self-care assessment on or before the month's last day
  (`None` when the member has never been assessed: the 特困 care amount cannot be set yet);
- the household's rigid spending over the twelve months before the month.

Every read is the user's (`registry.selectors`): a member outside the user's area is not found.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from dibao.accounts.models import User
from dibao.core.scoping import Operator
from dibao.registry import selectors
from dibao.registry.models import Employment, HouseholdStatus, Member

from ..engine.facts import MemberFacts, month_end
from . import codes
from .eligibility import Supporter


@dataclass(frozen=True)
class ProgramFacts:
    member: MemberFacts
    month: datetime.date
    in_school: bool
    supporters: list[Supporter]
    care_needed: str | None  # "none", "partial", "full" (`eligibility.care_needed`); None: not assessed
    care_assessed_on: datetime.date | None
    rigid_spending: Decimal  # the household's, over the twelve months before `month`


def member_facts(member: Member) -> MemberFacts:
    return MemberFacts(
        id=member.pk,
        name=member.name,
        birth_date=member.birth_date,
        disability_type=member.disability_type,
        disability_grade=member.disability_grade,
        health=member.health,
        labour_capacity=member.labour_capacity,
        employment=member.employment,
    )


def _programs_of(supporter_member: Member | None) -> frozenset[str]:
    if supporter_member is None or not supporter_member.is_current:
        return frozenset()
    if supporter_member.household.status == HouseholdStatus.RECEIVING:
        return frozenset({codes.DIBAO})
    return frozenset()


def program_facts(user: User | Operator, member_id: int, month: datetime.date) -> ProgramFacts:
    """The facts of member `member_id` for `month`, as `user` may read them (NotFound otherwise)."""
    month = month.replace(day=1)
    member = selectors.member_get(user, member_id)
    supporters = [
        Supporter(name=s.name, able=s.able, programs=_programs_of(s.supporter_member))
        for s in selectors.member_supporters(user, member)
    ]
    latest = selectors.latest_care_assessment(user, member, on=month_end(month))
    return ProgramFacts(
        member=member_facts(member),
        month=month,
        in_school=member.employment == Employment.STUDENT,
        supporters=supporters,
        care_needed=latest.level if latest is not None else None,
        care_assessed_on=latest.assessed_on if latest is not None else None,
        rigid_spending=selectors.rigid_spending_total(user, member.household, month),
    )
