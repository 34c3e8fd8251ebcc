"""Recording many reviews of an annual campaign "no change" (继续保障) at once, from the list.

Most households of an annual review (年度核查) are found unchanged. Each is still judged as
`review_record` judges a continuation — the assessment re-run for this month must find it eligible
at the amount it receives — but the work is set-based: the assessments come from one
`assess_many` (a handful of queries for any number of households), the entitlements and reviews are
read and written in a few statements, and every review and every entitlement whose next review
moves keeps an audit entry of its own. A row that cannot be recorded so is left open, with the
reason, for its own page; the others are recorded in one transaction.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dibao.accounts.models import User
from dibao.benefits.models import Entitlement
from dibao.benefits.services import entitlements_set_next_review
from dibao.core import audit
from dibao.core.roles import REVIEW_WORKERS
from dibao.policy.assessment import Outcome as Assessed
from dibao.policy.assessment import assess_many
from dibao.policy.programs.codes import DIBAO
from dibao.registry.models import Household, HouseholdStatus

from ..models import Outcome, Review, ReviewState
from .access import require

# What the review keeps of a continuation recorded from the list (as `review_record` sets them).
RECORDED_FIELDS = [
    "outcome",
    "effective_on",
    "findings",
    "eligible",
    "amount_before",
    "amount_after",
    "persons_after",
    "class_after",
    "explanation",
    "entitlement",
    "recorded_at",
    "recorded_by",
    "decided_at",
    "decided_by",
    "state",
    "version",
]


@dataclass
class NoChange:
    """What came of it: the reviews recorded, and each refused one's reason by review id."""

    recorded: list[Review] = field(default_factory=list)
    refused: dict[int, str] = field(default_factory=dict)


def _refusal(review: Review, current: Entitlement | None, assessed: Assessed | None) -> str:
    """Why the review cannot be recorded "no change" ("" when it can)."""
    if review.state != ReviewState.OPEN:
        return _("The review is %(state)s.") % {"state": review.get_state_display()}
    if str(review.program_id) != DIBAO:
        return _("Only dibao reviews are recorded from the list; record this one on its page.")
    if review.household.status != HouseholdStatus.RECEIVING or current is None:
        return _("The household is not receiving a benefit now.")
    if assessed is None or assessed.assessment is None:
        problem = assessed.problem.render() if assessed is not None and assessed.problem else ""
        return _("The household cannot be assessed: %(reason)s") % {"reason": problem}
    result = assessed.assessment
    if not result.eligible:
        return _("By the assessment the household is no longer eligible: record the review on its page.")
    if result.monthly_amount != current.amount:
        return _("The assessment gives %(new)s yuan instead of %(old)s: record the review on its page.") % {
            "new": result.monthly_amount,
            "old": current.amount,
        }
    return ""


def reviews_record_no_change(
    *, reviews: Iterable[Review], actor: User | None, today: datetime.date | None = None
) -> NoChange:
    """Record each review "continue" (no change) from today where the assessment agrees; the others
    are refused with their reason and stay open."""
    ids = sorted({r.pk for r in reviews})
    today = today or timezone.localdate()
    month = today.replace(day=1)
    done = NoChange()
    if not ids:
        return done
    with transaction.atomic():
        locked = list(
            Review.objects.select_for_update(of=("self",))
            .filter(pk__in=ids)
            .select_related("household", "community")
            .order_by("id")
        )
        for community in {r.community for r in locked}:
            require(actor, community, REVIEW_WORKERS)
        household_ids = [r.household_id for r in locked]
        current = {
            e.household_id: e
            for e in Entitlement.objects.select_for_update(of=("self",))
            .filter(
                household_id__in=household_ids, program_id=DIBAO, member__isnull=True, month_to__isnull=True
            )
            .select_related("household__community")
        }
        assessed = {o.facts.id: o for o in assess_many(Household.objects.filter(pk__in=household_ids), month)}
        now, user = timezone.now(), audit.acting_user(actor)
        findings = _("No change: recorded from the list of the annual review.")
        entries, next_reviews = [], []
        for review in locked:
            entitlement = current.get(review.household_id)
            outcome = assessed.get(review.household_id)
            reason = _refusal(review, entitlement, outcome)
            if reason:
                done.refused[review.pk] = reason
                continue
            assert entitlement is not None and outcome is not None and outcome.assessment is not None
            result = outcome.assessment
            before = audit.snapshot(review)
            review.outcome = Outcome.CONTINUE
            review.effective_on = today
            review.findings = findings
            review.eligible = True
            review.amount_before = review.amount_after = entitlement.amount
            review.persons_after = result.covered
            review.class_after = result.benefit_class
            review.explanation = [line.as_json() for line in result.lines]
            review.entitlement = entitlement
            review.recorded_at = review.decided_at = now
            review.recorded_by = review.decided_by = user
            review.state = ReviewState.DECIDED
            review.version += 1
            old, new = audit.changes(before, audit.snapshot(review))
            entries.append(
                audit.entry(
                    actor=actor,
                    action=audit.Action.UPDATE,
                    obj=review,
                    area_code=review.community.code,
                    household_id=review.household_id,
                    before=old,
                    after=new,
                    note=findings,
                )
            )
            next_reviews.append((entitlement, result.next_review))
            done.recorded.append(review)
        if done.recorded:
            Review.objects.bulk_update(done.recorded, RECORDED_FIELDS, batch_size=1000)
            audit.record_many(entries)
            entitlements_set_next_review(changes=next_reviews, actor=actor, note=findings)
    return done
