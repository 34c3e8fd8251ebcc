"""医疗救助's calculation: the worked examples of the issue, and properties of the pure function."""

import datetime
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from dibao.policy.engine.explanation import render
from dibao.policy.programs import terms
from dibao.policy.programs.medical import FIRST_CLAIM, Year, calculate

DAY = datetime.date(2026, 3, 10)
TERMS = terms.defaults("medical")
INCOME = {"2025": "40000.00"}


def quote(held, cost, *, kind="inpatient", year=FIRST_CLAIM, illness=False, income=INCOME):
    return calculate(
        held=frozenset(held),
        illness=illness,
        treated_on=DAY,
        kind=kind,
        cost=Decimal(cost),
        terms=TERMS,
        disposable_income=income,
        year=year,
    )


def test_dibao_inpatient_deductible_waived_at_70_percent():
    result = quote({"dibao"}, "10000")
    assert result.eligible and result.category == "dibao"
    assert result.deductible == Decimal("0.00") and result.ratio == Decimal("0.70")
    assert result.amount == Decimal("7000.00")
    assert result.cap_left == Decimal("43000.00")


def test_a_second_claim_of_the_year_is_limited_by_the_cap_left():
    result = quote({"dibao"}, "100000", year=Year(paid=Decimal("43000.00")))
    assert result.amount == Decimal("7000.00") and result.cap_left == Decimal("0.00")
    assert any("7000.00" in line for line in render(result.lines))


def test_near_poverty_pays_a_tenth_of_disposable_income_then_60_percent():
    result = quote({"near_poverty"}, "10000")
    assert result.category == "near_poverty"
    assert result.deductible == Decimal("4000.00") and result.ratio == Decimal("0.60")
    assert result.amount == Decimal("3600.00")


def test_the_deductible_is_met_once_a_year():
    result = quote({"near_poverty"}, "10000", year=Year(paid=Decimal("3600"), deductible_met=Decimal("4000")))
    assert result.deductible == Decimal("0.00") and result.amount == Decimal("6000.00")


def test_serious_illness_adds_ten_points_and_outpatient_pays_no_deductible():
    assert quote({"near_poverty"}, "10000", kind="serious").amount == Decimal("4200.00")
    assert quote({"near_poverty"}, "10000", kind="outpatient").amount == Decimal("6000.00")


def test_no_status_on_the_date_is_not_eligible_unless_recognised_ill():
    result = quote(set(), "10000")
    assert not result.eligible and result.amount == 0 and result.category == ""
    ill = quote(set(), "20000", illness=True)
    assert ill.category == "illness" and ill.amount == Decimal("5000.00")  # (20000 − 10000) × 0.5


def test_extreme_poverty_wins_over_the_others_held():
    assert quote({"near_poverty", "extreme_poverty"}, "100").category == "extreme_poverty"


def test_a_deductible_without_the_years_income_is_explained_not_guessed():
    result = quote({"near_poverty"}, "10000", income={})
    assert not result.eligible
    assert any("2025" in line for line in render(result.lines))


costs = st.decimals(min_value=0, max_value=10**6, places=2)
categories = st.sampled_from(["dibao", "extreme_poverty", "near_poverty", "rigid_expense"])


@given(cost=costs, more=costs, category=categories)
def test_more_cost_never_gives_less(cost, more, category):
    assert quote({category}, cost + more).amount >= quote({category}, cost).amount


@given(
    cost=costs, paid=costs, category=categories, kind=st.sampled_from(["inpatient", "outpatient", "serious"])
)
def test_never_more_than_the_cost_nor_the_cap_left(cost, paid, category, kind):
    result = quote({category}, cost, kind=kind, year=Year(paid=paid))
    assert 0 <= result.amount <= cost
    assert result.amount + result.cap_left == max(Decimal("0"), Decimal("50000") - paid)
