"""Reading reviews and what is due, limited to the user's area (`user=None`: the console, everywhere)."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet

from dibao.areas.models import Area
from dibao.benefits.models import Entitlement
from dibao.core.errors import NotFound
from dibao.registry.models import HouseholdStatus

from .models import OPEN_STATES, Review, ReviewState

DUE_SOON_DAYS = 30


def _prefix(user: Any, area: Area | None) -> str:
    if area is not None:
        if user is not None and not user.area.contains(area):
            raise NotFound()
        return area.scope_prefix
    return user.area.scope_prefix if user is not None else ""


def visible_reviews(user: Any, area: Area | None = None) -> QuerySet[Review]:
    return Review.objects.filter(community__code__startswith=_prefix(user, area)).select_related(
        "household", "community", "opened_by", "recorded_by", "decided_by"
    )


def review_get(user: Any, pk: int) -> Review:
    found = visible_reviews(user).filter(pk=pk).first()
    if found is None:
        raise NotFound()
    return found


def open_reviews(user: Any, area: Area | None = None) -> QuerySet[Review]:
    return visible_reviews(user, area).filter(state__in=OPEN_STATES).order_by("due_on", "id")


def waiting_for_approval(user: Any, area: Area | None = None) -> QuerySet[Review]:
    return visible_reviews(user, area).filter(state=ReviewState.PROPOSED).order_by("recorded_at", "id")


def household_reviews(household_id: int) -> QuerySet[Review]:
    return Review.objects.filter(household_id=household_id).order_by("-opened_at", "-id")


@dataclass(frozen=True)
class Due:
    """A receiving household whose next review falls on or before the horizon."""

    entitlement: Entitlement
    overdue: bool
    days: int  # until the review is due (negative: overdue by)
    has_open_review: bool


def reviews_due(
    user: Any, area: Area | None = None, *, today: datetime.date, horizon_days: int = DUE_SOON_DAYS
) -> QuerySet[Entitlement]:
    """Open entitlements of receiving households due for review by `today + horizon_days`, the most
    overdue first, each annotated with whether a review is already open (`has_open_review`)."""
    horizon = today + datetime.timedelta(days=horizon_days)
    open_review = Review.objects.filter(household_id=OuterRef("household_id"), state__in=OPEN_STATES)
    return (
        Entitlement.objects.filter(
            month_to__isnull=True,
            next_review__lte=horizon,
            household__status=HouseholdStatus.RECEIVING,
            household__community__code__startswith=_prefix(user, area),
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
