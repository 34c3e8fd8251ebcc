"""A review recorded, approved or opened on a day of its own (`on=`, `today=`): its dates, its
notice number and the movement it writes are that day's, as the demo's year and any later
take-over of past records need; without it they are today's."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from dibao.benefits.models import Movement, MovementKind
from dibao.core.errors import DomainError
from dibao.policy.services import standard_set
from dibao.registry.services import income_add
from dibao.reviews.models import ReviewState
from dibao.reviews.services import review_approve, review_open, review_record
from tests.benefits.support import receiving

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 3, 12)


@pytest.fixture(autouse=True)
def standards(areas):
    standard_set(
        area=areas.county, data={"kind": "urban", "amount": "360", "valid_from": "2025-01"}, actor=None
    )


def test_a_change_reported_and_lowered_on_a_day_of_its_own(areas, users):
    e = receiving(areas.haizhou, users.haizhou)
    income_add(
        household=e.household,
        data={"kind": "other", "amount": "50", "month_from": "2026-03"},
        actor=users.haizhou,
    )
    with pytest.raises(DomainError) as refused:  # reported before it happened
        review_open(
            household=e.household,
            actor=users.haizhou,
            kind="change",
            change_kind="income",
            occurred_on="2026-03-10",
            today=datetime.date(2026, 3, 9),
        )
    assert "occurred_on" in refused.value.errors
    review = review_open(
        household=e.household,
        actor=users.haizhou,
        kind="change",
        change_kind="income",
        occurred_on="2026-03-10",
        today=datetime.date(2026, 3, 11),
    )
    assert review.due_on == datetime.date(2026, 3, 11)
    review = review_record(review=review, data={"outcome": "lower"}, actor=users.haizhou, on=DAY)
    assert review.state == ReviewState.DECIDED and review.effective_on == DAY
    assert review.notice_number.startswith("2026-")
    lowered = Movement.objects.get(household=e.household, kind=MovementKind.LOWER)
    assert (lowered.recorded_on, lowered.month) == (DAY, DAY.replace(day=1))


def test_a_stop_approved_on_a_later_day_is_dated_that_day(areas, users):
    e = receiving(areas.haizhou, users.haizhou)
    review = review_open(household=e.household, actor=users.haizhou, today=DAY)
    review = review_record(
        review=review,
        data={"outcome": "suspend", "stop_reason": "absent", "reason_text": "户在人不在"},
        actor=users.haizhou,
        on=DAY,
    )
    assert review.state == ReviewState.PROPOSED  # a community's stop waits for the street
    approved = review_approve(review=review, actor=users.street, on=DAY + datetime.timedelta(days=2))
    assert approved.state == ReviewState.DECIDED
    stop = Movement.objects.get(household=e.household, kind=MovementKind.SUSPEND)
    assert stop.recorded_on == DAY + datetime.timedelta(days=2) and stop.amount_after == Decimal(0)


def test_without_a_day_it_is_today(areas, users):
    e = receiving(areas.haizhou, users.haizhou)
    review = review_open(household=e.household, actor=users.street)
    review = review_record(
        review=review,
        data={"outcome": "suspend", "stop_reason": "absent", "reason_text": "户在人不在"},
        actor=users.street,
    )
    today = timezone.localdate()
    assert review.effective_on == today
    assert Movement.objects.get(household=e.household, kind=MovementKind.SUSPEND).recorded_on == today
