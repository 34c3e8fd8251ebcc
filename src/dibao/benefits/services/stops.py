"""Suspending, resuming and ending a benefit, and how the month of a stop is paid.

The county's rules say how the month in which a stop takes effect is paid (policy.StopMonthPay):
in full, not at all, or pro rata for the days before the stop; a resumption mirrors it. The
part-month amount is computed here once, to the fen, and stored on the entitlement version, so
the payroll copies it. A version never starts in a month another version of the same household
already pays: a stop and a resumption in one month leave the rest of that month unpaid.
"""

import calendar
import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dibao.accounts.models import User
from dibao.core.errors import DomainError
from dibao.core.months import add_months
from dibao.policy.models import StopMonthPay
from dibao.policy.programs import codes
from dibao.registry.models import Household, HouseholdStatus
from dibao.registry.services import household_status_record, households_status_record_many

from ..models import Entitlement, Movement, MovementKind, Reason, StopReason
from . import ledger
from .grants import Grant, close, entitlement_grant, open_entitlement

FEN = Decimal("0.01")


def share(amount: Decimal, first_day: int, last_day: int, month: datetime.date) -> Decimal:
    """The amount for days `first_day`..`last_day` of `month`, to the fen (half up)."""
    days = calendar.monthrange(month.year, month.month)[1]
    paid = max(0, min(last_day, days) - first_day + 1)
    return (amount * paid / days).quantize(FEN, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class StopTerms:
    month_to: datetime.date  # the last month paid, whole or in part
    last_month_amount: Decimal | None  # None: `month_to` is paid in full

    @property
    def first_changed_month(self) -> datetime.date:
        """The first month paid less than the version's amount: it must not be paid yet."""
        return self.month_to if self.last_month_amount is not None else add_months(self.month_to, 1)


def stop_terms(entitlement: Entitlement, on: datetime.date, month_pay: str) -> StopTerms:
    month = on.replace(day=1)
    if month_pay == StopMonthPay.FULL:
        return StopTerms(month, None)
    if month_pay == StopMonthPay.NONE or on.day == 1:
        return StopTerms(add_months(month, -1), None)
    first = entitlement.starts_on.day if entitlement.starts_on and entitlement.month_from == month else 1
    return StopTerms(month, share(entitlement.amount, first, on.day - 1, month))


def last_entitlement(household: Household) -> Entitlement | None:
    """The household's latest 低保 version (the one a stop or resumption of the household acts on)."""
    rows = Entitlement.objects.filter(household=household, program_id=codes.DIBAO, member__isnull=True)
    return rows.order_by("-month_from", "-id").first()


def entitlement_stop(
    *,
    household: Household,
    kind: str,
    on: datetime.date,
    stop_reason: str,
    month_pay: str,
    actor: User | None,
    reason: str = Reason.REVIEW,
    note: str = "",
    decided_on: datetime.date | None = None,
) -> Movement:
    """Suspend (`MovementKind.SUSPEND`) or end (`TERMINATE`) the benefit from the day `on`; the
    movement is dated `decided_on` (today unless decided on another day).

    A suspended household can be ended too; its money already stopped with the suspension."""
    if kind not in (MovementKind.SUSPEND, MovementKind.TERMINATE):
        raise ValueError(kind)
    with transaction.atomic():
        household = (
            Household.objects.select_for_update(of=("self",)).select_related("community").get(pk=household.pk)
        )
        suspended = household.status == HouseholdStatus.SUSPENDED
        current = open_entitlement(household, program=codes.DIBAO)
        if kind == MovementKind.SUSPEND and (
            household.status != HouseholdStatus.RECEIVING or current is None
        ):
            raise DomainError(_("Only a household receiving a benefit can be suspended."), code="state")
        if kind == MovementKind.TERMINATE and not (
            suspended or household.status == HouseholdStatus.RECEIVING
        ):
            raise DomainError(_("Only a receiving or suspended household can be terminated."), code="state")
        before = current or last_entitlement(household)
        month = on.replace(day=1)
        if current is not None:
            terms = stop_terms(current, on, month_pay)
            close(current, month_to=terms.month_to, last_month_amount=terms.last_month_amount, actor=actor)
            month = terms.first_changed_month
        status = HouseholdStatus.SUSPENDED if kind == MovementKind.SUSPEND else HouseholdStatus.TERMINATED
        household_status_record(household=household, status=status, actor=actor, note=note)
        return ledger.record(
            household=household,
            kind=kind,
            month=month,
            reason=reason,
            before=before,
            after=None,
            actor=actor,
            note=note,
            stop_reason=stop_reason,
            suspended_before=suspended,
            on=decided_on,
        )


def entitlement_resume(
    *,
    household: Household,
    on: datetime.date,
    grant: Grant,
    month_pay: str,
    back_pay: bool,
    actor: User | None,
    reason: str = Reason.RESUMPTION,
    note: str = "",
    decided_on: datetime.date | None = None,
) -> Entitlement:
    """Pay a suspended household again from the day `on`, or, where the rules say the suspended
    months are paid after all (`back_pay`), from the day its suspension began: the payroll then
    pays what approved runs did not as arrears (payroll.services.drafting). The movement is dated
    `decided_on` (today unless decided on another day)."""
    with transaction.atomic():
        household = (
            Household.objects.select_for_update(of=("self",)).select_related("community").get(pk=household.pk)
        )
        if household.status != HouseholdStatus.SUSPENDED:
            raise DomainError(_("Only a suspended household can be resumed."), code="state")
        stopped = last_entitlement(household)
        stopped_to = stopped.month_to if stopped is not None else None
        month = on.replace(day=1)
        starts_on = first_amount = None
        if stopped is not None and stopped_to is not None and back_pay:
            month = add_months(stopped_to, 1)
            if stopped.last_month_amount is not None:
                # The partly paid last month is paid in full by the new version instead.
                month = stopped_to
                stopped_to = add_months(month, -1)
                close(stopped, month_to=stopped_to, last_month_amount=None, actor=actor)
        elif month_pay == StopMonthPay.NONE and on.day != 1:
            month = add_months(month, 1)
        elif month_pay == StopMonthPay.PRO_RATA and on.day != 1:
            starts_on = on
            first_amount = share(grant.amount, on.day, 31, month)
        if stopped_to is not None and month <= stopped_to:
            month, starts_on, first_amount = add_months(stopped_to, 1), None, None
        entitlement = entitlement_grant(
            household=household,
            grant=grant,
            month_from=month,
            reason=reason,
            actor=actor,
            note=note,
            kind=MovementKind.RESUME,
            previous=stopped,
            starts_on=starts_on,
            first_month_amount=first_amount,
            program=codes.DIBAO,
            decided_on=decided_on,
        )
        household_status_record(household=household, status=HouseholdStatus.RECEIVING, actor=actor, note=note)
        return entitlement


def gradual_exit_start(
    *,
    household: Household,
    first_month: datetime.date,
    months: int,
    stop_reason: str,
    actor: User | None,
    reason: str = Reason.REVIEW,
    note: str = "",
    decided_on: datetime.date | None = None,
) -> Movement:
    """Keep paying for `months` months from `first_month`, then stop (渐退): the version gets its
    last month now, and `gradual_exits_finish` ends the household once it has passed. The
    movement is dated `decided_on` (today unless decided on another day)."""
    if months < 1:
        raise DomainError(_("A gradual exit lasts at least one month."), field="months")
    with transaction.atomic():
        current = open_entitlement(household, program=codes.DIBAO)
        if current is None or household.status != HouseholdStatus.RECEIVING:
            raise DomainError(
                _("Only a household receiving a benefit can begin a gradual exit."), code="state"
            )
        last = add_months(first_month.replace(day=1), months - 1)
        if last < current.month_from:
            raise DomainError(_("A gradual exit cannot end before the benefit began."), field="months")
        close(current, month_to=last, last_month_amount=None, actor=actor)
        return ledger.record(
            household=household,
            kind=MovementKind.GRADUAL_EXIT,
            month=add_months(last, 1),
            reason=reason,
            before=current,
            after=current,
            actor=actor,
            note=note,
            stop_reason=stop_reason,
            on=decided_on,
        )


def gradual_exits_finish(
    *, county_id: int | None = None, today: datetime.date | None = None, actor: User | None
) -> int:
    """End every receiving household whose last entitlement has run out (the end of a gradual
    exit), set-based: one status update, the audit entries and the movements in bulk."""
    today = today or timezone.localdate()
    month = today.replace(day=1)
    dibao = Entitlement.objects.filter(program_id=codes.DIBAO, member__isnull=True)
    rows = Household.objects.filter(status=HouseholdStatus.RECEIVING, pk__in=dibao.values("household_id"))
    if county_id is not None:
        rows = rows.filter(county_id=county_id)
    still_paid = dibao.filter(Q(month_to__isnull=True) | Q(month_to__gte=month))
    rows = rows.exclude(pk__in=still_paid.values("household_id"))
    with transaction.atomic():
        # Locked by id: PostgreSQL refuses FOR UPDATE together with the DISTINCT the join needs.
        ended = set(rows.values_list("pk", flat=True))
        households = list(
            Household.objects.filter(pk__in=ended, status=HouseholdStatus.RECEIVING)
            .select_for_update(of=("self",))
            .select_related("community")
            .order_by("pk")
        )
        if not households:
            return 0
        ids = [h.pk for h in households]
        last = {}
        for e in dibao.filter(household_id__in=ids).order_by("household_id", "month_from", "id"):
            last[e.household_id] = e
        why = dict(
            Movement.objects.filter(
                household_id__in=ids, program_id=codes.DIBAO, kind=MovementKind.GRADUAL_EXIT
            )
            .order_by("household_id", "id")
            .values_list("household_id", "stop_reason")
        )
        households_status_record_many(
            households=households,
            status=HouseholdStatus.TERMINATED,
            actor=actor,
            note=str(_("Gradual exit ended")),
        )
        ledger.record_many(
            [
                ledger.movement(
                    household=h,
                    kind=MovementKind.TERMINATE,
                    month=add_months(last[h.pk].month_to or month, 1),
                    reason=Reason.REVIEW,
                    before=last[h.pk],
                    after=None,
                    actor=actor,
                    stop_reason=why.get(h.pk) or StopReason.INCOME_ABOVE,
                    on=today,
                )
                for h in households
            ]
        )
    return len(households)
