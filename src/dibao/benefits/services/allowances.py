"""Person allowances that change by themselves: the 80+ allowance's age bands, and persons who left.

高龄津贴 is paid by age band (default 80–89, 90–99, 100+, with the county's amounts) from the month
after the birthday that reaches a band (POLICY.md §4; `policy.programs.eligibility.age_in_month`).
Nobody applies again when a recipient turns 90, so `elderly_bands_advance` finds, for a county and
a month, every open 高龄 version whose person is now in another band, or whose band the county now
pays another amount, and writes the new version from that month, closing the old one the month
before. What a version was granted under is read from its own first month — the person's age then
and the terms in force then — so an amount taken over from an earlier roster is kept until the
person's band or the county's amount for it really changes.

A person-paid benefit also stops when its person is gone — dead, moved away, or their household
ended (`Member.is_current` is False only for a terminated household) — which
`person_entitlements_end` writes: the last month paid is the month the household was ended in
(the last month the household's own benefit paid, as its termination in the ledger says;
else the month of the household's last change), never a month a county's approved
payroll has already paid (an overpayment is recovered by a review, not by rewriting paid months).

Both are set-based — a handful of queries per county whatever the number of persons, the rows
written with `bulk_create` — audited and recorded in the ledger in one transaction, and running
them twice changes nothing the second time. Payroll drafting calls `allowances_advance` for the
run's county and month before the lines are written, so each run pays the band reached.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dibao.accounts.models import User
from dibao.areas.models import Area, Level
from dibao.core import audit
from dibao.core.errors import DomainError, Forbidden, NotFound
from dibao.core.months import add_months
from dibao.core.roles import Role
from dibao.policy.engine import explanation as ex
from dibao.policy.engine.explanation import Line
from dibao.policy.engine.facts import MemberFacts
from dibao.policy.programs import codes
from dibao.policy.programs.eligibility import age_in_month
from dibao.policy.programs.in_force import terms_across
from dibao.registry.models import HouseholdStatus

from .. import paid
from ..models import Entitlement, Movement, MovementKind, Reason, StopReason
from . import ledger

# Who may move a county's allowances on: the county, as it drafts its payroll.
ADVANCERS = frozenset({Role.COUNTY})
# The reasons of a household's end that are a person's too; any other is recorded as "other".
_PERSONAL = frozenset({StopReason.DEATH, StopReason.MOVED_AWAY})


@dataclass(frozen=True)
class Advanced:
    """What one advance did: versions moved to a higher band, versions paid a band's new amount,
    and person entitlements ended."""

    moved: int = 0
    repriced: int = 0
    ended: int = 0

    def as_json(self) -> dict[str, int]:
        return {"moved_band": self.moved, "amount_changed": self.repriced, "ended": self.ended}


def require_advancer(actor: User | None, county: Area) -> None:
    """`actor=None` is the server's operator at the console."""
    if county.level != Level.COUNTY:
        raise DomainError(_("Allowances are moved on for a county."), field="county")
    if actor is None:
        return
    if actor.area is None or not (actor.area.contains(county) or county.contains(actor.area)):
        raise NotFound()
    if actor.role not in ADVANCERS or not actor.area.contains(county):
        raise Forbidden()


def _require_open_month(county: Area, month: datetime.date) -> None:
    # The bands are what would rewrite a paid month (persons gone end after the month their own
    # program's run paid, below): the month of the run that pays the 高龄津贴.
    paid_through = paid.paid_through(county, codes.ELDERLY_ALLOWANCE)
    if paid_through is not None and month <= paid_through:
        raise DomainError(
            _("%(month)s is already paid by an approved payroll: choose a month after %(paid)s.")
            % {"month": f"{month:%Y-%m}", "paid": f"{paid_through:%Y-%m}"},
            field="month",
        )


def allowances_advance(*, county: Area, month: datetime.date, actor: User | None) -> Advanced:
    """Both of this module's writes for a county and a month (not one already paid), in one
    transaction: persons gone are ended first, so no band is moved for them."""
    month = month.replace(day=1)
    require_advancer(actor, county)
    _require_open_month(county, month)
    with transaction.atomic():
        ended = person_entitlements_end(county=county, month=month, actor=actor)
        moved, repriced = elderly_bands_advance(county=county, month=month, actor=actor)
    return Advanced(moved=moved, repriced=repriced, ended=ended)


# ---- 高龄津贴: the band reached ------------------------------------------------------------------


@dataclass(frozen=True)
class _Band:
    from_age: int
    amount: Decimal


def _band(age: int, terms: dict[str, Any]) -> _Band | None:
    """The band `age` falls in under `terms` (bands sorted by first age), or None below the first."""
    reached = [b for b in terms["age_bands"] if int(b["from_age"]) <= age]
    return _Band(int(reached[-1]["from_age"]), Decimal(reached[-1]["amount"])) if reached else None


def _terms_by_community(county: Area, month: datetime.date) -> dict[int, dict[str, Any] | None]:
    """The 高龄 terms each community of the county runs in `month` (None: switched off there)."""
    found: dict[int, dict[str, Any] | None] = {}
    for group in terms_across(county, month, [codes.ELDERLY_ALLOWANCE])[codes.ELDERLY_ALLOWANCE]:
        for community_id in group.community_ids:
            found[community_id] = group.terms if group.enabled else None
    return found


def _born_by(month: datetime.date, age: int) -> datetime.date:
    """The last birth date of a person `age_in_month(month)` says has reached `age`: the day before
    the month, `age` years earlier (29 February falls back to the 28th in a common year)."""
    day = month - datetime.timedelta(days=1)
    try:
        return day.replace(year=day.year - age)
    except ValueError:
        return day.replace(year=day.year - age, day=28)


def _facts(entitlement: Entitlement) -> MemberFacts:
    member = entitlement.member
    assert member is not None
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


def elderly_bands_advance(*, county: Area, month: datetime.date, actor: User | None) -> tuple[int, int]:
    """New versions from `month` of the county's open 高龄 entitlements whose person has reached
    another band, or whose band the county's terms now pay another amount. Returns (moved to a
    higher band, paid a band's new amount). Checks no role: `allowances_advance` does."""
    month = month.replace(day=1)
    now = _terms_by_community(county, month)
    first_ages = [int(t["age_bands"][0]["from_age"]) for t in now.values() if t is not None]
    if not first_ages:
        return 0, 0
    open_versions = (
        Entitlement.objects.filter(
            program_id=codes.ELDERLY_ALLOWANCE,
            member__isnull=False,
            month_to__isnull=True,
            month_from__lte=month,
            household__county_id=county.pk,
            household__community_id__in=[c for c, t in now.items() if t is not None],
            member__is_current=True,
            member__birth_date__lte=_born_by(month, min(first_ages)),
        )
        .exclude(household__status=HouseholdStatus.TERMINATED)
        .select_related("household__community", "member")
        .order_by("id")
    )
    with transaction.atomic():
        versions = list(open_versions.select_for_update(of=("self",)))
        then = {m: _terms_by_community(county, m) for m in {v.month_from for v in versions}}
        changes: list[tuple[Entitlement, _Band, int, str]] = []
        for version in versions:
            terms_now = now[version.household.community_id]
            assert terms_now is not None
            person = _facts(version)
            age = age_in_month(person, month)
            band = _band(age, terms_now)
            terms_then = then[version.month_from].get(version.household.community_id) or terms_now
            band_then = _band(age_in_month(person, version.month_from), terms_then)
            if band is None or band == band_then or band.amount == version.amount:
                continue
            higher = band_then is None or band.from_age > band_then.from_age
            changes.append((version, band, age, Reason.AGE_BAND if higher else Reason.STANDARD_CHANGE))
        if not changes:
            return 0, 0
        _write_versions(changes, month, actor)
    moved = sum(1 for *_rest, reason in changes if reason == Reason.AGE_BAND)
    return moved, len(changes) - moved


def _write_versions(
    changes: list[tuple[Entitlement, _Band, int, str]], month: datetime.date, actor: User | None
) -> None:
    closing = add_months(month, -1)
    Entitlement.objects.filter(pk__in=[v.pk for v, *_rest in changes], month_to__isnull=True).update(
        month_to=closing
    )
    acting = audit.acting_user(actor)
    new = [
        Entitlement(
            household_id=version.household_id,
            program_id=version.program_id,
            member_id=version.member_id,
            month_from=month,
            amount=band.amount,
            persons=version.persons,
            urban_rural=version.urban_rural,
            benefit_class=version.benefit_class,
            management_class=version.management_class,
            per_capita_income=version.per_capita_income,
            next_review=version.next_review,
            reason=reason,
            explanation=[
                Line(
                    ex.AGE_BAND,
                    {
                        "name": version.member.name if version.member else "",
                        "age": age,
                        "from": band.from_age,
                        "amount": f"{band.amount:.2f}",
                    },
                ).as_json()
            ],
            actor=acting,
        )
        for version, band, age, reason in changes
    ]
    # bulk_create returns primary keys on PostgreSQL and SQLite 3.35+, which the entries need.
    created = Entitlement.objects.bulk_create(new, batch_size=2000)
    entries = []
    movements = []
    for (version, *_rest, reason), after in zip(changes, created, strict=True):
        household = version.household
        note = str(Reason(reason).label)
        entries.append(
            audit.entry(
                actor=actor,
                action=audit.Action.UPDATE,
                obj=version,
                area_code=household.community.code,
                household_id=household.pk,
                before={"month_to": None},
                after={"month_to": f"{closing:%Y-%m}"},
                note=note,
            )
        )
        entries.append(
            audit.entry(
                actor=actor,
                action=audit.Action.CREATE,
                obj=after,
                area_code=household.community.code,
                household_id=household.pk,
                before={"amount": str(version.amount)},
                after={"amount": str(after.amount), "month_from": f"{month:%Y-%m}", "reason": reason},
                note=note,
            )
        )
        movements.append(
            ledger.movement(
                household=household,
                kind=ledger.kind_of(version, after),
                month=month,
                reason=reason,
                before=version,
                after=after,
                actor=actor,
            )
        )
    audit.record_many(entries)
    ledger.record_many(movements)


# ---- persons gone --------------------------------------------------------------------------------


def person_entitlements_end(*, county: Area, month: datetime.date, actor: User | None) -> int:
    """End the county's open person entitlements (any program that pays a person) whose person is
    no longer current or whose household is terminated, from the month after the household ended,
    with a TERMINATE movement: its reason is the household's where that was a death or a move away,
    else "other". Returns how many ended. Checks no role: `allowances_advance` does."""
    month = month.replace(day=1)
    gone = (
        Entitlement.objects.filter(member__isnull=False, month_to__isnull=True)
        .filter(household__county_id=county.pk)
        .filter(Q(household__status=HouseholdStatus.TERMINATED) | Q(member__is_current=False))
        .select_related("household__community")
        .order_by("id")
    )
    with transaction.atomic():
        versions = list(gone.select_for_update(of=("self",)))
        if not versions:
            return 0
        households = {v.household_id for v in versions}
        # The household's own end in the ledger (its 低保's, or a program paying the household):
        # the last month its version paid, whole or in part, else the month before the change.
        ends: dict[int, tuple[datetime.date, str]] = {}
        for household_id, first_unpaid, last_paid, why in (
            Movement.objects.filter(
                household_id__in=households, member__isnull=True, kind=MovementKind.TERMINATE
            )
            .order_by("household_id", "recorded_on", "id")
            .values_list("household_id", "month", "entitlement__month_to", "stop_reason")
        ):
            ends[household_id] = (last_paid or add_months(first_unpaid, -1), why)
        # Each program's last paid month: a county may pay a program in a run of its own.
        paid_through = {code: paid.paid_through(county, code) for code in {v.program_id for v in versions}}
        by_last: dict[datetime.date, list[Entitlement]] = defaultdict(list)
        reasons: dict[int, str] = {}
        for version in versions:
            household = version.household
            on, why = ends.get(household.pk, (timezone.localdate(household.updated_at), ""))
            last = on.replace(day=1)
            if (done := paid_through[version.program_id]) is not None:
                last = max(last, done)
            # A version not begun yet ends before it begins: it is in force in no month.
            last = max(last, add_months(version.month_from, -1))
            by_last[last].append(version)
            reasons[version.pk] = why if why in _PERSONAL else StopReason.OTHER
        for last, rows in by_last.items():
            Entitlement.objects.filter(pk__in=[v.pk for v in rows], month_to__isnull=True).update(
                month_to=last
            )
        entries = []
        movements = []
        for last, rows in by_last.items():
            for version in rows:
                household = version.household
                note = str(StopReason(reasons[version.pk]).label)
                entries.append(
                    audit.entry(
                        actor=actor,
                        action=audit.Action.UPDATE,
                        obj=version,
                        area_code=household.community.code,
                        household_id=household.pk,
                        before={"month_to": None},
                        after={"month_to": f"{last:%Y-%m}", "stop_reason": reasons[version.pk]},
                        note=note,
                    )
                )
                movements.append(
                    ledger.movement(
                        household=household,
                        kind=MovementKind.TERMINATE,
                        month=add_months(last, 1),
                        reason=Reason.CHANGE,
                        before=version,
                        after=None,
                        actor=actor,
                        stop_reason=reasons[version.pk],
                    )
                )
        audit.record_many(entries)
        ledger.record_many(movements)
    return len(versions)
