"""The notice to the household (告知书) of a decided review that lowers, suspends, ends or begins to
end its benefit: what was decided, from when, the amounts, the reasons, and how to appeal.

Printed as every document is (`core.pdf`: WeasyPrint, Noto CJK fonts, A4), from
templates/reviews/print/. WeasyPrint is imported when a notice is printed."""

import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dibao.benefits.models import Entitlement
from dibao.core.downloads import download_name
from dibao.core.errors import DomainError
from dibao.core.months import add_months
from dibao.core.pdf import render_pdf
from dibao.policy.engine.explanation import Line
from dibao.registry.models import Relation

from .models import Outcome, Review, ReviewState
from .services.deciding import NOTICE_OUTCOMES

TEMPLATE = "reviews/print/decision_notice.html"


def _last_month_paid(review: Review, entitlement: Entitlement | None) -> datetime.date | None:
    """The last month the household is paid (whole or in part) under the decision."""
    if entitlement is not None and entitlement.month_to is not None:
        return entitlement.month_to
    if review.outcome == Outcome.GRADUAL_EXIT and review.effective_on and review.exit_months:
        return add_months(review.effective_on.replace(day=1), review.exit_months - 1)
    return None


def notice_context(review: Review) -> dict[str, Any]:
    household = review.household
    head = household.members.filter(relation=Relation.SELF).order_by("id").first()
    community = review.community
    street = community.parent
    # Read again: the review may carry the version as it was before the decision closed it.
    entitlement = (
        Entitlement.objects.filter(pk=review.entitlement_id).first() if review.entitlement_id else None
    )
    lines = [Line.from_json(line).render() for line in review.explanation]
    return {
        "review": review,
        "household": household,
        "head": head.name if head is not None else "",
        "community": community,
        "street": street,
        "office": street.name if street is not None else community.name,
        "last_month": _last_month_paid(review, entitlement),
        "last_month_amount": entitlement.last_month_amount if entitlement is not None else None,
        # The assessment explains a lower or a gradual exit; a stop is explained by its reasons.
        "explanation": lines if review.outcome in (Outcome.LOWER, Outcome.GRADUAL_EXIT) else [],
        "decided_on": timezone.localtime(review.decided_at).date() if review.decided_at else None,
    }


def notice_filename(review: Review) -> str:
    """告知书（2026-000012）-海州社区-2026年03月.pdf: the notice's number, the household's community
    and the month the outcome takes effect."""
    when = review.effective_on or timezone.localdate()
    number = review.notice_number or str(review.pk)
    return download_name(f"告知书（{number}）", review.community.name, when, "pdf")


def has_notice(review: Review) -> bool:
    """Decided with an outcome that needs a notice (not continue, raise or resume), and numbered."""
    return (
        review.state == ReviewState.DECIDED
        and review.outcome in NOTICE_OUTCOMES
        and bool(review.notice_number)
    )


def notice_pdf(review: Review) -> bytes:
    """The notice as PDF; a DomainError when the review has none (not decided, or its outcome
    needs no notice: continue, raise, resume)."""
    if not has_notice(review):
        raise DomainError(
            _("Only a decided lower, suspension, termination or gradual exit has a notice."), code="state"
        )
    return render_pdf(TEMPLATE, notice_context(review))
