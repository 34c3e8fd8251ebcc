"""Recording a review's outcome, approving it, and what the outcome does to the money.

The rules, in one place:
- the outcome must agree with the assessment re-run for its month: continue when the amount is
  unchanged, raise or lower when it changed, a gradual exit only when the household is no longer
  eligible, a resumption only when it is eligible again;
- suspending and terminating need a reason from the code list and written reasons for the notice;
- a lower, a suspension, a termination or the end of a gradual exit takes effect no earlier than
  the first month no approved payroll run has paid: a decision never rewrites a paid month (a
  raise may reach back: the payroll pays its arrears);
- a raise or a lower above the county's threshold, a suspension, a termination and a gradual exit
  are approved by the street (or the county) unless one of them recorded it.
"""

import datetime
from decimal import Decimal
from typing import Any, cast

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dibao.accounts.models import User
from dibao.benefits.models import Entitlement, MovementKind, Reason, StopReason
from dibao.benefits.services import (
    Grant,
    entitlement_grant,
    entitlement_resume,
    entitlement_set_next_review,
    entitlement_stop,
    gradual_exit_start,
    open_entitlement,
    stop_terms,
)
from dibao.core import audit
from dibao.core.counts import parse_count
from dibao.core.errors import DomainError
from dibao.core.months import add_months, parse_date, parse_month
from dibao.core.roles import REVIEW_APPROVERS, REVIEW_WORKERS
from dibao.payroll.selectors import first_open_month, paid_since
from dibao.policy.assessment import assess
from dibao.policy.engine.calculation import Assessment, NotAssessable
from dibao.policy.models import Rules
from dibao.policy.selectors import in_force
from dibao.registry.models import HouseholdStatus

from ..inputs import ReviewRecordData
from ..models import Outcome, Review, ReviewKind, ReviewState
from .access import require

STOPS = (Outcome.SUSPEND, Outcome.TERMINATE)
NOTICE_OUTCOMES = (Outcome.LOWER, Outcome.SUSPEND, Outcome.TERMINATE, Outcome.GRADUAL_EXIT)

EXIT_MONTHS = cast(models.Field, Review._meta.get_field("exit_months"))


def _flag(value: Any) -> bool:
    return value in (True, "true", "True", "1", "on", 1)


def _lock(review: Review, version: int | None) -> Review:
    locked = (
        Review.objects.select_for_update(of=("self",))
        .select_related("household__community", "community")
        .get(pk=review.pk)
    )
    if version is not None and locked.version != version:
        raise DomainError(_("The review changed since you opened it; look at it again."), code="stale")
    return locked


def rules_for(review: Review, month: datetime.date) -> Rules:
    return in_force(review.community, month).context.rules


def _assessment(review: Review, month: datetime.date) -> Assessment:
    try:
        return assess(review.household, month)
    except NotAssessable as exc:
        raise DomainError(str(exc), field="outcome") from None


def _explanation(result: Assessment) -> list[dict[str, Any]]:
    return [
        line.as_json() for line in (result.lines if result.eligible else [*result.reasons, *result.lines])
    ]


def _last_entitlement(review: Review) -> Entitlement | None:
    rows = Entitlement.objects.filter(
        household=review.household, program_id=str(review.program_id), member__isnull=True
    )
    return rows.order_by("-month_from", "-id").first()


def _first_changed_month(review: Review, current: Entitlement | None, rules: Rules) -> datetime.date | None:
    """The first month whose pay the outcome lowers (None: it lowers none)."""
    day = review.effective_on
    assert day is not None
    month = day.replace(day=1)
    if review.outcome == Outcome.LOWER:
        return month
    if review.outcome in STOPS and current is not None:
        return stop_terms(current, day, rules.stop_month_pay).first_changed_month
    if review.outcome == Outcome.GRADUAL_EXIT and review.exit_months:
        return add_months(month, review.exit_months)
    return None


def _check_paid_months(review: Review, current: Entitlement | None, rules: Rules) -> None:
    changed = _first_changed_month(review, current, rules)
    opened = first_open_month(review.household.county_id, str(review.program_id))
    if changed is not None and opened is not None and changed < opened:
        raise DomainError(
            _(
                "The payroll of %(paid)s is already approved, so this can take effect from %(open)s at the "
                "earliest; what was paid since is recovered through a termination for false statements."
            )
            % {"paid": f"{add_months(opened, -1):%Y-%m}", "open": f"{opened:%Y-%m}"},
            field="effective_on",
        )


def _judge(
    review: Review, result: Assessment, current: Entitlement | None, rules: Rules
) -> dict[str, list[Any]]:
    """What is wrong with the recorded outcome, by field (empty: nothing)."""
    errors: dict[str, list[Any]] = {}
    status = review.household.status
    outcome = review.outcome
    old = current.amount if current is not None else None
    new = result.monthly_amount if result.eligible else Decimal("0.00")

    def add(field: str, message: Any) -> None:
        errors.setdefault(field, []).append(message)

    receiving = status == HouseholdStatus.RECEIVING and current is not None
    paid_now = (Outcome.CONTINUE, Outcome.RAISE, Outcome.LOWER, Outcome.GRADUAL_EXIT, Outcome.SUSPEND)
    if outcome in paid_now and not receiving:
        add("outcome", _("The household is not receiving a benefit now."))
        return errors
    if outcome == Outcome.RESUME and status != HouseholdStatus.SUSPENDED:
        add("outcome", _("Only a suspended household is resumed."))
    if outcome == Outcome.TERMINATE and status not in (HouseholdStatus.RECEIVING, HouseholdStatus.SUSPENDED):
        add("outcome", _("The household is not receiving a benefit now."))
    if outcome in (Outcome.CONTINUE, Outcome.RAISE, Outcome.LOWER, Outcome.RESUME) and not result.eligible:
        add(
            "outcome",
            _(
                "By the assessment the household is no longer eligible: "
                "suspend, terminate or begin a gradual exit."
            ),
        )
    elif old is not None and outcome == Outcome.CONTINUE and new != old:
        add(
            "outcome",
            _("The assessment gives %(new)s yuan instead of %(old)s: raise or lower.")
            % {"new": new, "old": old},
        )
    elif old is not None and outcome == Outcome.RAISE and not new > old:
        add(
            "outcome",
            _("The assessment gives %(new)s yuan, not more than %(old)s.") % {"new": new, "old": old},
        )
    elif old is not None and outcome == Outcome.LOWER and not new < old:
        add(
            "outcome",
            _("The assessment gives %(new)s yuan, not less than %(old)s.") % {"new": new, "old": old},
        )
    if outcome == Outcome.GRADUAL_EXIT:
        if result.eligible:
            add("outcome", _("A gradual exit is for a household whose income is now above the line."))
        limit = rules.gradual_exit_months
        if not review.exit_months or not 1 <= review.exit_months <= limit:
            add("exit_months", _("From 1 to %(n)s months, as the county's rules allow.") % {"n": limit})
    if outcome in (*STOPS, Outcome.GRADUAL_EXIT) and review.stop_reason not in StopReason.values:
        add("stop_reason", _("Choose the reason."))
    if outcome in STOPS and not review.reason_text.strip():
        add("reason_text", _("Write the reasons: they are printed on the notice to the household."))
    if (
        outcome == Outcome.TERMINATE
        and review.stop_reason == StopReason.FALSE_STATEMENT
        and not review.overpaid_from
    ):
        add("overpaid_from", _("Say from which month the household was paid on false statements."))
    return errors


def _needs_approval(review: Review, rules: Rules) -> bool:
    if review.outcome in (*STOPS, Outcome.GRADUAL_EXIT):
        return True
    if review.outcome in (Outcome.RAISE, Outcome.LOWER):
        change = abs((review.amount_after or Decimal(0)) - (review.amount_before or Decimal(0)))
        return change > rules.review_approval_threshold
    return False


def review_record(
    *,
    review: Review,
    data: ReviewRecordData,
    actor: User | None,
    version: int | None = None,
    on: datetime.date | None = None,
) -> Review:
    """Record what was checked and the outcome; apply it at once unless it needs approval.
    `on`: the day it is recorded (and decided, when applied at once), today unless given; the
    outcome takes effect that day unless `effective_on` says otherwise."""
    on = on or timezone.localdate()
    require(actor, review.community, REVIEW_WORKERS)
    errors: dict[str, list[Any]] = {}

    def parsed(parse: Any, value: Any, field: str) -> Any:
        try:
            return parse(value, field)
        except DomainError as exc:
            for messages in exc.errors.values():
                errors.setdefault(field, []).extend(messages)
            return None

    outcome = data.get("outcome") or ""
    if outcome not in Outcome.values:
        errors["outcome"] = [_("Choose the outcome.")]
    effective_on = parsed(parse_date, data.get("effective_on"), "effective_on") or on
    visited_on = parsed(parse_date, data.get("visited_on"), "visited_on")
    overpaid_from = (
        parsed(parse_month, data.get("overpaid_from"), "overpaid_from") if data.get("overpaid_from") else None
    )
    exit_months = None
    if data.get("exit_months") not in (None, ""):
        exit_months = parsed(
            lambda value, field: parse_count(value, column=EXIT_MONTHS, field=field),
            data["exit_months"],
            "exit_months",
        )
    stop_reason = data.get("stop_reason") or ""
    if stop_reason and stop_reason not in StopReason.values:
        errors["stop_reason"] = [_("Unknown reason '%(v)s'.") % {"v": stop_reason}]
    if errors:
        raise DomainError(errors=errors)
    with transaction.atomic():
        locked = _lock(review, version)
        if locked.state != ReviewState.OPEN:
            raise DomainError(_("Only an open review is recorded."), code="state")
        before = audit.snapshot(locked)
        locked.checked_income = _flag(data.get("checked_income"))
        locked.checked_assets = _flag(data.get("checked_assets"))
        locked.checked_members = _flag(data.get("checked_members"))
        locked.visited_on = visited_on
        locked.findings = str(data.get("findings") or "").strip()
        locked.outcome = outcome
        locked.effective_on = effective_on
        locked.stop_reason = stop_reason
        locked.reason_text = str(data.get("reason_text") or "").strip()
        locked.exit_months = exit_months if outcome == Outcome.GRADUAL_EXIT else None
        locked.overpaid_from = overpaid_from if stop_reason == StopReason.FALSE_STATEMENT else None
        month = effective_on.replace(day=1)
        rules = rules_for(locked, month)
        if locked.outcome == Outcome.GRADUAL_EXIT and locked.exit_months is None:
            locked.exit_months = rules.gradual_exit_months
        current = open_entitlement(locked.household, program=str(locked.program_id))
        result = _assessment(locked, month)
        errors = _judge(locked, result, current, rules)
        if errors:
            raise DomainError(errors=errors)
        _check_paid_months(locked, current, rules)
        last = current or _last_entitlement(locked)
        locked.eligible = result.eligible
        locked.amount_before = last.amount if last is not None else None
        locked.amount_after = _amount_after(locked, result, last)
        locked.persons_after = result.covered if result.eligible else (last.persons if last else 0)
        locked.class_after = result.benefit_class if result.eligible else (last.benefit_class if last else "")
        locked.explanation = _explanation(result)
        if locked.overpaid_from is not None:
            locked.overpayment = paid_since(
                locked.household_id, locked.overpaid_from, program=str(locked.program_id)
            )
        locked.recorded_at = timezone.now()
        locked.recorded_by = audit.acting_user(actor)
        approver = actor is None or actor.role in REVIEW_APPROVERS
        locked.state = ReviewState.PROPOSED
        if approver or not _needs_approval(locked, rules):
            _apply(locked, rules, actor, on)
        locked.version += 1
        locked.save()
        audit.record_update(
            actor=actor,
            obj=locked,
            before=before,
            area_code=locked.community.code,
            household_id=locked.household_id,
        )
    return locked


def _amount_after(review: Review, result: Assessment, last: Entitlement | None) -> Decimal:
    if review.outcome in STOPS:
        return Decimal("0.00")
    if review.outcome == Outcome.GRADUAL_EXIT and last is not None:
        return last.amount  # paid on until the exit ends
    return result.monthly_amount if result.eligible else Decimal("0.00")


def _apply(review: Review, rules: Rules, actor: User | None, decided_on: datetime.date) -> None:
    """What the outcome does to the money, in the caller's transaction; the review is decided on
    `decided_on`, the day its movement is dated."""
    household = review.household
    day = review.effective_on
    assert day is not None
    month = day.replace(day=1)
    current = open_entitlement(household, program=str(review.program_id))
    _check_paid_months(review, current, rules)
    reason = Reason.CHANGE if review.kind == ReviewKind.CHANGE else Reason.REVIEW
    note = str(review.get_outcome_display())
    outcome = review.outcome
    if outcome in (Outcome.RAISE, Outcome.LOWER, Outcome.CONTINUE, Outcome.RESUME):
        result = _assessment(review, month)
        amount = result.monthly_amount if result.eligible else Decimal("0.00")
        if not result.eligible or amount != review.amount_after:
            raise DomainError(
                _(
                    "The household's facts changed since the review was recorded: "
                    "return it and record it again."
                ),
                code="stale",
            )
        if outcome == Outcome.CONTINUE:
            assert current is not None
            review.entitlement = entitlement_set_next_review(
                entitlement=current, next_review=result.next_review, actor=actor
            )
        elif outcome == Outcome.RESUME:
            review.entitlement = entitlement_resume(
                household=household,
                on=day,
                grant=Grant.of(result),
                month_pay=rules.stop_month_pay,
                back_pay=rules.resume_back_pay,
                actor=actor,
                note=note,
                decided_on=decided_on,
            )
        else:
            review.entitlement = entitlement_grant(
                household=household,
                grant=Grant.of(result),
                month_from=month,
                reason=reason,
                actor=actor,
                note=note,
                program=str(review.program_id),
                decided_on=decided_on,
            )
    elif outcome in STOPS:
        kind = MovementKind.SUSPEND if outcome == Outcome.SUSPEND else MovementKind.TERMINATE
        entitlement_stop(
            household=household,
            kind=kind,
            on=day,
            stop_reason=review.stop_reason,
            month_pay=rules.stop_month_pay,
            actor=actor,
            reason=reason,
            note=review.reason_text[:200],
            decided_on=decided_on,
        )
        review.entitlement = current
    elif outcome == Outcome.GRADUAL_EXIT:
        gradual_exit_start(
            household=household,
            first_month=month,
            months=review.exit_months or rules.gradual_exit_months,
            stop_reason=review.stop_reason,
            actor=actor,
            reason=reason,
            note=note,
            decided_on=decided_on,
        )
        review.entitlement = current
    review.state = ReviewState.DECIDED
    review.decided_at = timezone.now()
    review.decided_by = audit.acting_user(actor)
    if outcome in NOTICE_OUTCOMES:
        review.notice_number = f"{decided_on:%Y}-{review.pk:06d}"


def review_approve(
    *, review: Review, actor: User | None, version: int | None = None, on: datetime.date | None = None
) -> Review:
    """Approve a proposed outcome and apply it; `on`: the day it is decided, today unless given."""
    require(actor, review.community, REVIEW_APPROVERS)
    with transaction.atomic():
        locked = _lock(review, version)
        if locked.state != ReviewState.PROPOSED:
            raise DomainError(_("Only a review waiting for approval is approved."), code="state")
        before = audit.snapshot(locked)
        assert locked.effective_on is not None
        _apply(
            locked, rules_for(locked, locked.effective_on.replace(day=1)), actor, on or timezone.localdate()
        )
        locked.version += 1
        locked.save()
        audit.record_update(
            actor=actor,
            obj=locked,
            before=before,
            area_code=locked.community.code,
            household_id=locked.household_id,
        )
    return locked


def review_return(
    *, review: Review, actor: User | None, note: str = "", version: int | None = None
) -> Review:
    """Send a proposed outcome back to be recorded again (with the approver's note)."""
    require(actor, review.community, REVIEW_APPROVERS)
    return _move(review, actor, ReviewState.PROPOSED, ReviewState.OPEN, note, version)


def review_cancel(
    *, review: Review, actor: User | None, note: str = "", version: int | None = None
) -> Review:
    """Close an open review without an outcome (opened by mistake, or twice)."""
    require(actor, review.community, REVIEW_WORKERS)
    if not note.strip():
        raise DomainError(_("Say why the review is cancelled."), field="note")
    return _move(review, actor, ReviewState.OPEN, ReviewState.CANCELLED, note, version)


def _move(
    review: Review, actor: User | None, source: str, target: str, note: str, version: int | None
) -> Review:
    with transaction.atomic():
        locked = _lock(review, version)
        if locked.state != source:
            raise DomainError(
                _("The review is %(state)s.") % {"state": locked.get_state_display()}, code="state"
            )
        before = audit.snapshot(locked, ["state"])
        locked.state = target
        locked.version += 1
        locked.save(update_fields=["state", "version"])
        audit.record_update(
            actor=actor,
            obj=locked,
            before=before,
            area_code=locked.community.code,
            household_id=locked.household_id,
            note=note,
        )
    return locked
