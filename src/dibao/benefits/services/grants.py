"""Granting entitlements: how a decision (an approval, a review, a migrated roster) becomes money.

`entitlement_grant` closes the version in force and opens the new one from its month, and writes
the movement (new, raised, lowered) the change report counts, all in one transaction.

An entitlement is a household's in one program (`dibao` unless the caller says otherwise), or a
person's in a program that pays a person (`member`); the version in force is found by both, so
a 低保 household's member may hold a disability subsidy beside the household's 低保.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, cast

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from dibao.accounts.models import User
from dibao.areas.models import Area
from dibao.core import audit
from dibao.core.errors import DomainError
from dibao.core.months import add_months
from dibao.core.scoping import within_area
from dibao.policy.engine.calculation import Assessment
from dibao.policy.models import Payee, Program
from dibao.policy.programs import codes
from dibao.policy.programs.in_force import terms_across
from dibao.registry.models import Household, HouseholdStatus, Member

from ..models import Entitlement, MovementKind, Reason
from . import exclusions, ledger

ZERO = Decimal("0.00")


def in_force(month: datetime.date) -> Q:
    """Entitlement versions that apply to `month` (a void version applies to none)."""
    return Q(month_from__lte=month) & (Q(month_to__isnull=True) | Q(month_to__gte=month))


@dataclass(frozen=True)
class Grant:
    """What a new version says: from an assessment (`of`), or given as it was paid (a migration)."""

    amount: Decimal
    persons: int
    urban_rural: str
    benefit_class: str = ""
    management_class: str = ""
    standard: Decimal | None = None
    per_capita_income: Decimal | None = None
    next_review: datetime.date | None = None
    explanation: list[dict[str, Any]] = field(default_factory=list)
    single_member_id: int | None = None
    care_home_id: int | None = None  # 特困 in an institution: paid to the care home

    @classmethod
    def of(cls, assessment: Assessment) -> "Grant":
        if not assessment.eligible:
            raise DomainError(_("The household is not eligible, so nothing can be granted."))
        return cls(
            amount=assessment.monthly_amount,
            persons=assessment.covered,
            urban_rural=assessment.urban_rural,
            benefit_class=assessment.benefit_class,
            management_class=assessment.management_class,
            standard=assessment.standard,
            per_capita_income=assessment.per_capita_income,
            next_review=assessment.next_review,
            explanation=[line.as_json() for line in assessment.lines],
            single_member_id=assessment.single_member_id,
        )

    def values(self) -> dict[str, Any]:
        return {
            "amount": self.amount,
            "persons": self.persons,
            "urban_rural": self.urban_rural,
            "benefit_class": self.benefit_class,
            "management_class": self.management_class,
            "standard": self.standard,
            "per_capita_income": self.per_capita_income,
            "next_review": self.next_review,
            "explanation": self.explanation,
            "single_member_id": self.single_member_id,
            "care_home_id": self.care_home_id,
        }


def open_entitlement(
    household: Household,
    *,
    program: str = codes.DIBAO,
    member: Member | None = None,
    lock: bool = True,
) -> Entitlement | None:
    """The household's open version in `program` (the person's, given `member`)."""
    rows = Entitlement.objects.filter(household=household, program_id=program, month_to__isnull=True)
    rows = rows.filter(member=member) if member is not None else rows.filter(member__isnull=True)
    return (rows.select_for_update() if lock else rows).first()


def close(
    entitlement: Entitlement,
    *,
    month_to: datetime.date,
    last_month_amount: Decimal | None,
    actor: User | None,
) -> None:
    """End a version after `month_to` (audited); the household's community is read for the entry."""
    before = audit.snapshot(entitlement)
    entitlement.month_to = month_to
    entitlement.last_month_amount = last_month_amount
    entitlement.save(update_fields=["month_to", "last_month_amount"])
    household = entitlement.household
    audit.record_update(
        actor=actor,
        obj=entitlement,
        before=before,
        area_code=household.community.code,
        household_id=household.pk,
    )


def entitlement_grant(
    *,
    household: Household,
    month_from: datetime.date,
    reason: str,
    actor: User | None,
    assessment: Assessment | None = None,
    grant: Grant | None = None,
    single_member_id: int | None = None,
    note: str = "",
    kind: str | None = None,
    previous: Entitlement | None = None,
    starts_on: datetime.date | None = None,
    first_month_amount: Decimal | None = None,
    program: str = codes.DIBAO,
    member: Member | None = None,
    decided_on: datetime.date | None = None,
) -> Entitlement:
    """A new version of the household's benefit in `program` (the person's, given `member`) from
    `month_from`, from an eligible assessment (or the values of a `grant`). Its movement is dated
    `decided_on` (today unless the decision was taken on another day).

    The caller (a decision, a review) has checked the actor's right to decide; this refuses a
    first version the programs already held exclude (`exclusions`), writes the version, closes
    the one before it, and records both, and the movement, in the audit trail.
    """
    if grant is None:
        if assessment is None:
            raise TypeError("entitlement_grant needs an assessment or a grant")
        grant = Grant.of(assessment)
    values = grant.values()
    if single_member_id is not None:
        values["single_member_id"] = single_member_id
    month_from = month_from.replace(day=1)
    with transaction.atomic():
        current = open_entitlement(household, program=program, member=member)
        if current is None:
            exclusions.refuse_excluded(
                household=household,
                program=program,
                member=member,
                single_member_id=values["single_member_id"],
            )
        else:
            close(current, month_to=add_months(month_from, -1), last_month_amount=None, actor=actor)
        entitlement = Entitlement.objects.create(
            household=household,
            program_id=program,
            member=member,
            month_from=month_from,
            reason=reason,
            actor=audit.acting_user(actor),
            starts_on=starts_on,
            first_month_amount=first_month_amount,
            **values,
        )
        audit.record(
            actor=actor,
            action=audit.Action.CREATE,
            obj=entitlement,
            area_code=household.community.code,
            household_id=household.pk,
            after=audit.snapshot(entitlement, ["month_from", "amount", "persons", "benefit_class", "reason"]),
            note=note,
        )
        ledger.record(
            household=household,
            kind=kind or ledger.kind_of(current, entitlement),
            month=month_from,
            reason=reason,
            before=current or previous,
            after=entitlement,
            note=note,
            actor=actor,
            on=decided_on,
        )
    return entitlement


def entitlements_bulk_grant(
    *,
    grants: list[tuple[Household, Grant]],
    month_from: datetime.date,
    reason: str,
    actor: User | None,
    note: str = "",
    program: str = codes.DIBAO,
) -> int:
    """First entitlements in a program that pays households, for many at once (a migrated
    roster, the demo county).

    Households that already have an open entitlement of the program are refused as a whole: a
    bulk grant starts benefits, it does not change them (that is a review's or a recalculation's
    work); so are households holding a program this one excludes.

    A migration is not an intake: households taken over from an earlier roster enter the ledger
    as brought in (`MovementKind.OPENING`), dated the day before their first month, so that a
    change report of a period from that month on counts them in its opening balance and one
    covering that day shows them in a column of their own, never as new households.
    """
    month_from = month_from.replace(day=1)
    migrated = reason == Reason.MIGRATION
    kind = MovementKind.OPENING if migrated else MovementKind.NEW
    on = month_from - datetime.timedelta(days=1) if migrated else None
    with transaction.atomic():
        ids = [household.pk for household, _ in grants]
        taken = Entitlement.objects.filter(
            household_id__in=ids, program_id=program, member__isnull=True, month_to__isnull=True
        ).count()
        if taken:
            raise DomainError(
                _("%(n)d of these households already have an entitlement.") % {"n": taken}, code="exists"
            )
        exclusions.refuse_excluded_many(household_ids=ids, program=program)
        actor_or_none = audit.acting_user(actor)
        rows = [
            Entitlement(
                household=household,
                program_id=program,
                month_from=month_from,
                reason=reason,
                actor=actor_or_none,
                **g.values(),
            )
            for household, g in grants
        ]
        # bulk_create returns primary keys on PostgreSQL and SQLite 3.35+, which the entries need.
        created = Entitlement.objects.bulk_create(rows, batch_size=2000)
        households = {household.pk: household for household, _ in grants}
        audit.record_many(
            [
                audit.entry(
                    actor=actor,
                    action=audit.Action.CREATE,
                    obj=e,
                    area_code=households[e.household_id].community.code,
                    household_id=e.household_id,
                    after={"month_from": f"{month_from:%Y-%m}", "amount": str(e.amount), "reason": reason},
                    note=note,
                )
                for e in created
            ]
        )
        ledger.record_many(
            [
                ledger.movement(
                    household=households[e.household_id],
                    kind=kind,
                    month=month_from,
                    reason=reason,
                    before=None,
                    after=e,
                    note=note,
                    actor=actor,
                    on=on,
                )
                for e in created
            ]
        )
    return len(created)


def person_entitlements_bulk_grant(
    *,
    county: Area,
    grants: list[tuple[Member, Grant]],
    month_from: datetime.date,
    reason: str,
    actor: User | None,
    program: str,
    note: str = "",
) -> int:
    """First entitlements in a program that pays a person, for many persons at once (the list of a
    program's current recipients taken over, `recipients.persons`). Each member's household must
    be read with its community (the entries keep its code).

    Refused as a whole, before anything is written: a program that does not pay a person, one
    switched off where any of the persons lives (`policy.programs.in_force.terms_across`), a
    person already holding the program, and a grant that breaks a pair of programs that exclude
    each other beside what the person's household holds (`exclusions`). Like
    `entitlements_bulk_grant`, a migration enters the ledger as brought in, dated the day before
    its first month, never as an intake.
    """
    month_from = month_from.replace(day=1)
    migrated = reason == Reason.MIGRATION
    kind = MovementKind.OPENING if migrated else MovementKind.NEW
    on = month_from - datetime.timedelta(days=1) if migrated else None
    if not Program.objects.filter(code=program, pays=Payee.PERSON).exists():
        raise DomainError(_("This program does not pay a person."), field="program", code="not_person")
    members = [member for member, _ in grants]
    if len({m.pk for m in members}) != len(members):
        raise DomainError(_("A person is granted the same program twice."), code="twice")
    off = {
        community_id
        for group in terms_across(county, month_from, [program])[program]
        if not group.enabled
        for community_id in group.community_ids
    }
    if any(m.household.community_id in off for m in members):
        raise DomainError(
            _("The program is switched off where some of these persons live."), field="program", code="off"
        )
    with transaction.atomic():
        taken = Entitlement.objects.filter(
            member_id__in=[m.pk for m in members], program_id=program, month_to__isnull=True
        ).count()
        if taken:
            raise DomainError(
                _("%(n)d of these persons already hold the program.") % {"n": taken}, code="exists"
            )
        exclusions.refuse_excluded_persons(persons=[(m.household_id, m.pk) for m in members], program=program)
        actor_or_none = audit.acting_user(actor)
        rows = [
            Entitlement(
                household_id=member.household_id,
                program_id=program,
                member=member,
                month_from=month_from,
                reason=reason,
                actor=actor_or_none,
                **g.values(),
            )
            for member, g in grants
        ]
        created = Entitlement.objects.bulk_create(rows, batch_size=2000)
        by_member = {m.pk: m for m in members}
        audit.record_many(
            [
                audit.entry(
                    actor=actor,
                    action=audit.Action.CREATE,
                    obj=e,
                    area_code=by_member[cast(int, e.member_id)].household.community.code,
                    household_id=e.household_id,
                    after={"month_from": f"{month_from:%Y-%m}", "amount": str(e.amount), "reason": reason},
                    note=note,
                )
                for e in created
            ]
        )
        ledger.record_many(
            [
                ledger.movement(
                    household=by_member[cast(int, e.member_id)].household,
                    kind=kind,
                    month=month_from,
                    reason=reason,
                    before=None,
                    after=e,
                    note=note,
                    actor=actor,
                    on=on,
                )
                for e in created
            ]
        )
    return len(created)


def receiving_in(area: Area, month: datetime.date, *, program: str = codes.DIBAO) -> QuerySet[Entitlement]:
    """Entitlements of `program` in force in `month` of households in `area` that are still receiving."""
    return within_area(Entitlement.objects.all(), area, "household__community__code").filter(
        in_force(month),
        program_id=program,
        household__status__in=[HouseholdStatus.RECEIVING, HouseholdStatus.SUSPENDED],
    )
