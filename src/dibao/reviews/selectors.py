"""Reading reviews and what is due, limited to the user's area (`scoping.CONSOLE`: the operator,
everywhere)."""

import datetime
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db.models import Exists, Model, OuterRef, QuerySet, Subquery

from dibao.accounts.models import User
from dibao.areas.models import Area
from dibao.benefits.models import Entitlement
from dibao.core.errors import NotFound
from dibao.core.scoping import Operator, covers, reaching, within, within_area
from dibao.policy.programs.codes import DIBAO
from dibao.registry.models import HouseholdStatus, Member, Relation

from .models import OPEN_STATES, Campaign, Review, ReviewState

DUE_SOON_DAYS = 30
M = TypeVar("M", bound=Model)


def _scoped(queryset: QuerySet[M], user: User | Operator, area: Area | None, path: str) -> QuerySet[M]:
    """The user's rows, narrowed to `area` when one is given (NotFound when the user cannot see it)."""
    queryset = within(queryset, user, path)
    if area is None:
        return queryset
    if not covers(user, area.code):
        raise NotFound()
    return within_area(queryset, area, path)


def visible_reviews(user: User | Operator, area: Area | None = None) -> QuerySet[Review]:
    return _scoped(Review.objects.all(), user, area, "community__code").select_related(
        "household", "community", "opened_by", "recorded_by", "decided_by"
    )


def visible_campaigns(user: User | Operator) -> QuerySet[Campaign]:
    """Annual reviews of the user's area and below, and those opened above it that reach it."""
    return (
        Campaign.objects.filter(reaching(user, "area__code"))
        .select_related("area", "created_by")
        .order_by("-year", "area__code")
    )


def review_get(user: User | Operator, pk: int) -> Review:
    found = visible_reviews(user).filter(pk=pk).first()
    if found is None:
        raise NotFound()
    return found


def open_reviews(user: User | Operator, area: Area | None = None) -> QuerySet[Review]:
    return visible_reviews(user, area).filter(state__in=OPEN_STATES).order_by("due_on", "id")


def waiting_for_approval(user: User | Operator, area: Area | None = None) -> QuerySet[Review]:
    return visible_reviews(user, area).filter(state=ReviewState.PROPOSED).order_by("recorded_at", "id")


def household_reviews(user: User | Operator, household_id: int) -> QuerySet[Review]:
    """A household's reviews, those the user may see only (whoever found the household)."""
    return visible_reviews(user).filter(household_id=household_id).order_by("-opened_at", "-id")


@dataclass(frozen=True)
class Due:
    """A receiving household whose next review falls on or before the horizon."""

    entitlement: Entitlement
    overdue: bool
    days: int  # until the review is due (negative: overdue by)
    has_open_review: bool


def reviews_due(
    user: User | Operator,
    area: Area | None = None,
    *,
    today: datetime.date,
    horizon_days: int = DUE_SOON_DAYS,
) -> QuerySet[Entitlement]:
    """Open entitlements of receiving households due for review by `today + horizon_days`, the most
    overdue first, each annotated with whether a review is already open (`has_open_review`)."""
    horizon = today + datetime.timedelta(days=horizon_days)
    open_review = Review.objects.filter(household_id=OuterRef("household_id"), state__in=OPEN_STATES)
    return (
        _scoped(Entitlement.objects.all(), user, area, "household__community__code")
        .filter(
            program_id=DIBAO,
            month_to__isnull=True,
            next_review__lte=horizon,
            household__status=HouseholdStatus.RECEIVING,
        )
        .annotate(has_open_review=Exists(open_review))
        .select_related("household", "household__community")
        .order_by("next_review", "household__number")
    )


def due_rows(entitlements: Any, today: datetime.date) -> list[Due]:
    rows = []
    for e in entitlements:
        days = (e.next_review - today).days
        rows.append(Due(e, days < 0, days, bool(getattr(e, "has_open_review", False))))
    return rows


def with_head_name(queryset: QuerySet[M], household: str = "household") -> QuerySet[M]:
    """Each row with its household head's name as `head_name`: one correlated subquery in the
    list's own query, so a list of any length stays one statement."""
    head = Member.objects.filter(household=OuterRef(household), relation=Relation.SELF).order_by("id")
    return queryset.annotate(head_name=Subquery(head.values("name")[:1]))
