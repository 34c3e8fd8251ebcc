"""Refusing a grant that programs already held exclude, with the pair's reason in words.

The one place the check is made: a grant (`entitlement_grant`, `entitlements_bulk_grant`) and an
application (`cases`) ask it before anything is written. The rule itself is policy's
(`policy.programs.exclusions.conflict`); this finds what the household and its people hold open.
"""

from django.db.models import Q
from django.utils.functional import lazy
from django.utils.translation import gettext as _

from dibao.core.errors import DomainError
from dibao.policy.models import Program
from dibao.policy.programs import exclusions
from dibao.policy.programs.in_force import display_name
from dibao.registry.models import Household, Member

from ..models import Entitlement


def holdings(household_id: int) -> list[exclusions.Holding]:
    """The programs the household and its people hold open."""
    rows = Entitlement.objects.filter(household_id=household_id, month_to__isnull=True).values_list(
        "program_id", "member_id", "single_member_id"
    )
    return [exclusions.Holding.of(str(p), member_id=m, single_member_id=s) for p, m, s in rows]


def _message(program: str, held: str, rule: exclusions.Rule) -> str:
    names = {p.code: display_name(p) for p in Program.objects.filter(code__in=[program, held])}
    return _("%(program)s cannot be granted beside %(held)s: %(reason)s") % {
        "program": names.get(program, program),
        "held": names.get(held, held),
        "reason": rule.reason_shown(),
    }


# Worded when shown, in the language of the page that shows it.
_lazy_message = lazy(_message, str)


def conflict_of(
    *,
    household: Household,
    program: str,
    member: Member | None = None,
    single_member_id: int | None = None,
) -> exclusions.Conflict | None:
    new = exclusions.Holding.of(
        program, member_id=member.pk if member else None, single_member_id=single_member_id
    )
    return exclusions.conflict(new, holdings(household.pk), exclusions.rules())


def refuse_excluded(
    *,
    household: Household,
    program: str,
    member: Member | None = None,
    single_member_id: int | None = None,
) -> None:
    """Raise when granting `program` (to `member`, or to the household) would break a pair."""
    found = conflict_of(
        household=household, program=program, member=member, single_member_id=single_member_id
    )
    if found is not None:
        raise DomainError(_lazy_message(program, found.held.program, found.rule), code="excluded")


def refuse_excluded_many(*, household_ids: list[int], program: str) -> None:
    """For a bulk grant to whole households: refuse when any holds a program this one excludes
    (every pair applies, since a whole household shares a person with anything it holds)."""
    excluded = {
        r.excludes if r.program == program else r.program: r
        for r in exclusions.rules()
        if program in (r.program, r.excludes)
    }
    if not excluded:
        return
    held = (
        Entitlement.objects.filter(
            Q(household_id__in=household_ids), month_to__isnull=True, program_id__in=list(excluded)
        )
        .values_list("program_id", flat=True)
        .first()
    )
    if held is not None:
        raise DomainError(_lazy_message(program, str(held), excluded[str(held)]), code="excluded")


def refuse_excluded_persons(*, persons: list[tuple[int, int]], program: str) -> None:
    """For a bulk grant to persons (household id, member id): refuse when any grant would break a
    pair beside what the person's household and its people hold open (one query for all)."""
    rules = exclusions.rules()
    if not any(program in (r.program, r.excludes) for r in rules):
        return
    held: dict[int, list[exclusions.Holding]] = {}
    rows = Entitlement.objects.filter(
        household_id__in={household_id for household_id, _ in persons}, month_to__isnull=True
    ).values_list("household_id", "program_id", "member_id", "single_member_id")
    for household_id, p, m, s in rows:
        held.setdefault(household_id, []).append(
            exclusions.Holding.of(str(p), member_id=m, single_member_id=s)
        )
    for household_id, member_id in persons:
        found = exclusions.conflict(
            exclusions.Holding.of(program, member_id=member_id), held.get(household_id, []), rules
        )
        if found is not None:
            raise DomainError(_lazy_message(program, found.held.program, found.rule), code="excluded")


def conflict_message(program: str, found: exclusions.Conflict) -> str:
    """Why granting `program` breaks the pair `found`, in the language of the page now."""
    return _message(program, found.held.program, found.rule)
