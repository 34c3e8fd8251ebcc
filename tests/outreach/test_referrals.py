"""Job referrals: a job taken is the household's reported change of employment and income, with
the county's new-job disregard — the wage is not counted in its trial months, and counted after."""

import datetime
from decimal import Decimal

import pytest

from dibao.benefits.models import MovementKind, StopReason
from dibao.core.errors import DomainError, NotFound
from dibao.core.months import add_months
from dibao.outreach import selectors, services
from dibao.outreach.models import ReferralOutcome
from dibao.policy.assessment import assess
from dibao.policy.services import rules_set
from dibao.registry.models import Employment, IncomeKind
from dibao.reviews.models import ChangeKind, ReviewKind
from dibao.reviews.services import review_open

from .support import months_ago, setting

pytestmark = pytest.mark.django_db


def _three_month_trial(areas, users) -> None:
    """The seeds' county: "在三个月的试用期中，本人收入不计入家庭收入"."""
    rules_set(
        area=areas.county, data={"valid_from": "2020-01", "new_job_disregard_months": 3}, actor=users.county
    )


def _referral(made, users, referred_on=None):
    return services.referral_record(
        member=made.other,
        data={
            "kind": "employer",
            "employer": "海州物业公司",
            "job": "保洁",
            "referred_on": referred_on or months_ago(5),
        },
        actor=users.haizhou,
    )


def test_a_job_taken_opens_a_reported_change_with_the_wage_uncounted_for_the_trial_months(areas, users):
    _three_month_trial(areas, users)
    made = setting(areas, users)
    household = made.household
    start = months_ago(4)
    first = start.replace(day=1)
    before = assess(household, add_months(first, -1))
    referral = services.referral_outcome(
        referral=_referral(made, users),
        data={"outcome": "hired", "start_on": start, "wage": "1800"},
        actor=users.haizhou,
    )
    assert referral.outcome == ReferralOutcome.HIRED and referral.disregard_months == 3
    # The wage is on the register from the month work began, and the person is employed.
    income = referral.income
    assert income is not None and income.member_id == made.other.pk
    assert (income.kind, income.amount, income.month_from) == (IncomeKind.WAGE, Decimal("1800.00"), first)
    made.other.refresh_from_db()
    assert made.other.employment == Employment.EMPLOYED
    # Not a silent stop: the change is reported, for the household's review.
    review = referral.review
    assert review is not None
    assert (review.kind, review.change_kind, review.occurred_on) == (
        ReviewKind.CHANGE,
        ChangeKind.EMPLOYMENT,
        start,
    )
    assert "海州物业公司" in review.description and "3" in review.description
    # The trial months: income and benefit as before; the month after: the wage counted.
    for k in range(3):
        during = assess(household, add_months(first, k))
        assert during.counted_income == before.counted_income
        assert during.monthly_amount == before.monthly_amount
        assert any(row.disregarded == Decimal("1800.00") for row in during.incomes)
    after = assess(household, add_months(first, 3))
    assert after.counted_income == before.counted_income + Decimal("1800.00")
    assert after.monthly_amount < before.monthly_amount or not after.eligible


def test_without_a_disregard_the_wage_counts_from_its_first_month(areas, users):
    made = setting(areas, users)
    start = months_ago(1)
    before = assess(made.household, add_months(start.replace(day=1), -1))
    referral = services.referral_outcome(
        referral=_referral(made, users),
        data={"outcome": "hired", "start_on": start, "wage": "500"},
        actor=users.haizhou,
    )
    assert referral.disregard_months == 0
    assert assess(made.household, start.replace(day=1)).counted_income == before.counted_income + Decimal(
        "500"
    )


def test_a_job_taken_while_a_review_is_open_is_recorded_in_it(areas, users):
    made = setting(areas, users)
    review = review_open(household=made.household, actor=users.haizhou)
    referral = services.referral_outcome(
        referral=_referral(made, users),
        data={"outcome": "hired", "start_on": months_ago(1), "wage": "900"},
        actor=users.haizhou,
    )
    assert referral.review == review


def test_an_outcome_is_checked_and_recorded_once(areas, users):
    made = setting(areas, users)
    referral = _referral(made, users, referred_on=months_ago(1))
    future = datetime.date.today() + datetime.timedelta(days=3)
    with pytest.raises(DomainError) as refused:
        services.referral_outcome(
            referral=referral,
            data={"outcome": "hired", "start_on": future, "wage": "-5"},
            actor=users.haizhou,
        )
    assert set(refused.value.errors) == {"start_on", "wage"}
    with pytest.raises(DomainError) as refused:
        services.referral_outcome(
            referral=referral,
            data={"outcome": "hired", "start_on": months_ago(3), "wage": "100"},
            actor=users.haizhou,
        )
    assert "start_on" in refused.value.errors  # before the referral
    with pytest.raises(NotFound):
        services.referral_outcome(referral=referral, data={"outcome": "not_taken"}, actor=users.liubeiqiao)
    services.referral_outcome(referral=referral, data={"outcome": "not_taken"}, actor=users.haizhou)
    with pytest.raises(DomainError) as twice:
        services.referral_outcome(referral=referral, data={"outcome": "not_taken"}, actor=users.haizhou)
    assert twice.value.code == "state"
    with pytest.raises(DomainError) as refused:
        services.referral_record(member=made.head, data={"kind": "?", "employer": ""}, actor=users.haizhou)
    assert set(refused.value.errors) == {"kind", "employer"}


def test_figures_per_community_and_year(areas, users, client):
    from dibao.benefits.services import entitlement_stop

    made = setting(areas, users)
    year = datetime.date.today().year
    hired = _referral(made, users, referred_on=datetime.date.today())
    services.referral_outcome(
        referral=hired,
        data={"outcome": "hired", "start_on": datetime.date.today(), "wage": "900"},
        actor=users.haizhou,
    )
    _referral(made, users, referred_on=datetime.date.today())
    found = selectors.year_figures(areas.county, year)
    [(community, row)] = found.communities
    assert community == areas.haizhou
    assert (row.referrals, row.hired, row.left_through_work) == (2, 1, 0)
    assert selectors.year_figures(areas.county, year - 1).communities == []
    # The household's benefit ends because someone found work: it left through work.
    entitlement_stop(
        household=made.household,
        kind=MovementKind.TERMINATE,
        on=datetime.date.today(),
        stop_reason=StopReason.EMPLOYED,
        month_pay="full",
        actor=users.haizhou,
    )
    [(_c, row)] = selectors.year_figures(areas.county, year).communities
    assert row.left_through_work == 1
    assert selectors.year_figures(areas.liubeiqiao, year).communities == []
    client.force_login(users.street)
    page = client.get("/outreach/figures/", {"year": year})
    assert page.status_code == 200 and areas.haizhou.name in page.content.decode()
    assert client.get("/outreach/figures.xlsx", {"year": year}).status_code == 200
    assert client.get("/outreach/figures/", {"year": "abc"}).status_code == 400
