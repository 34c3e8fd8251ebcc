"""Worked examples of the means test and the benefit, one (or more) for each rule of the policy."""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from dibao.policy.engine.calculation import NotAssessable, calculate, member_class, round_amount
from dibao.policy.engine.explanation import render
from dibao.policy.models import Rules

from .builders import MONTH, asset, context, household, income, person

NATIONAL_EXCLUSIONS = ["scholarship", "special_care", "heroism", "social_assistance"]


def run(facts, ctx=None, **kwargs):
    return calculate(facts, ctx or context(), MONTH, **kwargs)


def english(lines):
    with translation.override("en"):
        return render(lines)


def test_the_worked_example_standard_360_three_members_income_600_gives_480():
    a, b, c = person(), person(), person(age=10)
    result = run(household([a, b, c], [income(a, "600")]))
    assert result.eligible
    assert result.per_capita_income == Decimal("200.00")
    assert result.gap == Decimal("160.00")
    assert result.monthly_amount == Decimal("480.00")
    text = english(result.lines)
    assert "Gap × covered members: 160.00 × 3 = 480.00 yuan." in text
    assert "Monthly benefit: 480.00 yuan." in text


def test_the_explanation_is_in_chinese_by_default_and_names_the_standard_and_its_source():
    a = person()
    result = run(household([a], [income(a, "100")]))
    with translation.override("zh-hans"):
        lines = render(result.lines)
    assert any("360.00" in line and "沙河口区" in line for line in lines)
    assert any("260.00" in line for line in lines)  # the monthly amount


def test_an_excluded_item_is_listed_but_not_counted():
    a, b, c = person(), person(), person(age=10)
    ctx = context(excluded_items=NATIONAL_EXCLUSIONS)
    result = run(
        household([a, b, c], [income(a, "600"), income(c, "1000", kind="transfer", item="scholarship")]), ctx
    )
    assert result.monthly_amount == Decimal("480.00")
    assert result.excluded_income == Decimal("1000.00")
    assert any("not counted (excluded by policy)" in line for line in english(result.lines))


def test_an_item_the_county_does_not_exclude_is_counted():
    a, b, c = person(), person(), person(age=10)
    result = run(
        household([a, b, c], [income(a, "600"), income(c, "300", kind="transfer", item="scholarship")])
    )
    assert result.per_capita_income == Decimal("300.00")
    assert result.monthly_amount == Decimal("180.00")


@pytest.mark.parametrize(
    ("basis", "value", "expected_deduction", "expected_amount"),
    [
        ("standard_share", "30", "108.00", "588.00"),  # 30% of the standard per employed member
        ("wage_share", "10", "60.00", "540.00"),  # 10% of the wage
        ("fixed", "100", "100.00", "579.99"),  # (360 − 500/3 = 193.33) × 3
        ("fixed", "900", "600.00", "1080.00"),  # never more than the wage itself
    ],
)
def test_employment_costs_are_deducted_per_employed_member(basis, value, expected_deduction, expected_amount):
    a, b, c = person(employment="employed"), person(), person(age=10)
    ctx = context(deduction_basis=basis, deduction_value=Decimal(value))
    result = run(household([a, b, c], [income(a, "600", kind="wage")]), ctx)
    assert result.deductions == Decimal(expected_deduction)
    assert result.monthly_amount == Decimal(expected_amount)


def test_no_deduction_for_income_that_is_not_a_wage():
    a = person()
    ctx = context(deduction_basis="fixed", deduction_value=Decimal("100"))
    assert run(household([a], [income(a, "300", kind="transfer")]), ctx).deductions == 0


@pytest.mark.parametrize(
    ("since", "counted"),
    [
        (datetime.date(2026, 3, 1), False),  # month 1 of 3
        (datetime.date(2026, 1, 1), False),  # month 3 of 3
        (datetime.date(2025, 12, 1), True),  # the fourth month counts
    ],
)
def test_wages_of_a_new_job_are_disregarded_for_the_first_months(since, counted):
    a = person(employment="employed")
    ctx = context(new_job_disregard_months=3)
    result = run(household([a], [income(a, "300", kind="wage", since=since)]), ctx)
    assert result.per_capita_income == (Decimal("300.00") if counted else Decimal("0.00"))
    if not counted:
        assert any("new job" in line for line in english(result.lines))


def test_deposits_above_the_limit_disqualify_with_the_reason():
    a, b = person(), person()
    # 24 months × 360 × 2 persons = 17,280
    result = run(household([a, b], [], [asset(a, "deposit", "10000"), asset(b, "securities", "7281")]))
    assert not result.eligible
    assert result.monthly_amount == 0
    assert english(result.reasons) == [
        "Deposits and securities 17281.00 yuan exceed the limit of 17280.00 yuan "
        "(24 months of the standard for 2 persons)."
    ]
    assert run(household([a, b], [], [asset(a, "deposit", "17280")])).eligible


def test_the_financial_asset_rule_can_be_switched_off():
    a = person()
    assert run(
        household([a], [], [asset(a, "deposit", "900000")]), context(financial_asset_months=None)
    ).eligible


def test_a_vehicle_disqualifies_unless_a_disabled_member_needs_it():
    able, disabled = person(), person(disability_type="limb", disability_grade=2)
    assert not run(household([able, disabled], [], [asset(able, "vehicle", "30000")])).eligible
    assert run(household([able, disabled], [], [asset(disabled, "vehicle", "30000")])).eligible
    assert run(household([able], [], [asset(able, "vehicle", "30000")]), context(vehicle_rule=False)).eligible


def test_more_homes_than_allowed_disqualify():
    a = person()
    two = household([a], [], [asset(a, "property", "1"), asset(a, "property", "1")])
    result = run(two)
    assert english(result.reasons) == ["The household owns 2 homes; at most 1 allowed."]
    assert run(two, context(max_homes=2)).eligible
    assert run(two, context(max_homes=None)).eligible


def test_a_registered_business_disqualifies_when_the_rule_is_on():
    a = person()
    facts = household([a], [], [asset(a, "business", "5000")])
    assert english(run(facts).reasons) == ["The household has a registered business."]
    assert run(facts, context(business_rule=False)).eligible


def test_every_failing_rule_is_a_reason():
    a = person()
    facts = household([a], [income(a, "400")], [asset(a, "vehicle", "1"), asset(a, "business", "1")])
    assert len(run(facts).reasons) == 3


def test_income_at_the_standard_is_not_below_it():
    a = person()
    result = run(household([a], [income(a, "360")]))
    assert not result.eligible
    assert english(result.reasons) == ["Per-capita income 360.00 yuan is not below the standard 360.00 yuan."]


def test_class_mode_pays_fixed_amounts_per_person_by_class():
    # The seed county's urban amounts: A/B/C = 420/360/300 per person.
    disabled = person(disability_type="limb", disability_grade=1)
    elderly = person(age=65)
    able = person(age=40)
    ctx = context(urban_benefit_mode="class", class_amounts={"urban": {"A": "420", "B": "360", "C": "300"}})
    result = run(household([disabled, elderly, able], [income(able, "300")]), ctx)
    assert result.member_classes == {disabled.id: "A", elderly.id: "B", able.id: "C"}
    assert result.benefit_class == "A"
    assert result.monthly_amount == Decimal("1080.00")


def test_rural_gap_plus_class_amount_on_top():
    # The seed county's rural households: the gap, plus 200/150/100 per person by class.
    a, b = person(), person()
    ctx = context(
        rural_benefit_mode="gap_class",
        class_amounts={"rural": {"A": "200", "B": "150", "C": "100"}},
    )
    result = run(household([a, b], [income(a, "100")], urban_rural="rural"), ctx)
    assert result.gap == Decimal("150.00")  # 200 − 100/2
    assert result.monthly_amount == Decimal("500.00")  # 150 × 2 + 100 × 2


def test_class_mode_without_an_amount_for_a_class_cannot_be_assessed():
    ctx = context(urban_benefit_mode="class", class_amounts={"urban": {"A": "420"}})
    with pytest.raises(NotAssessable) as caught:
        run(household([person()]), ctx)
    with translation.override("en"):
        assert "no amount for class C" in caught.value.line.render()


def test_add_ons_fixed_and_as_a_share_of_the_standard():
    old, disabled, young = person(age=85), person(disability_type="limb", disability_grade=2), person(age=40)
    ctx = context(
        add_ons=[
            {"criterion": "age_80", "basis": "fixed", "value": "50"},
            {"criterion": "age_70", "basis": "fixed", "value": "30"},
            {"criterion": "severe_disability", "basis": "standard_share", "value": "20"},
        ]
    )
    result = run(household([old, disabled, young], [income(young, "1080")]), ctx)
    # Per-capita income 360 is not below the standard: no add-on without eligibility.
    assert not result.eligible and result.add_ons == 0
    result = run(household([old, disabled, young], [income(young, "900")]), ctx)
    assert result.add_ons == Decimal("122.00")  # 50 for the 85-year-old (not also the 70+), 72 = 20% of 360
    assert result.monthly_amount == Decimal("302.00")  # (360 − 300) × 3 + 122


@pytest.mark.parametrize(
    ("criterion", "member", "applies"),
    [
        ("age_70", {"age": 75}, True),
        ("age_70", {"age": 80}, False),
        ("minor", {"age": 17}, True),
        ("minor", {"age": 18}, False),
        ("student", {"age": 20, "employment": "student"}, True),
        ("serious_illness", {"health": "serious"}, True),
        ("serious_illness", {"health": "chronic"}, False),
    ],
)
def test_each_add_on_criterion(criterion, member, applies):
    ctx = context(add_ons=[{"criterion": criterion, "basis": "fixed", "value": "40"}])
    assert run(household([person(**member)]), ctx).add_ons == (Decimal(40) if applies else 0)


def test_a_minimum_amount_per_person():
    a, b = person(), person()
    result = run(household([a, b], [income(a, "700")]), context(minimum_per_person=Decimal("30")))
    assert result.gap == Decimal("10.00")
    assert result.monthly_amount == Decimal("60.00")  # 2 × 30 rather than 2 × 10
    assert any("minimum" in line for line in english(result.lines))


@pytest.mark.parametrize(
    ("unit", "method", "before", "after"),
    [
        ("0.01", "up", "579.99", "579.99"),
        ("1", "up", "579.01", "580"),
        ("1", "half_up", "579.49", "579"),
        ("1", "half_up", "579.50", "580"),
        ("0.1", "up", "100.01", "100.1"),
        ("0.1", "half_up", "100.04", "100.0"),
    ],
)
def test_rounding_rules(unit, method, before, after):
    assert round_amount(Decimal(before), Rules(rounding_unit=unit, rounding_method=method)) == Decimal(after)


def test_rounding_up_to_the_yuan_is_explained():
    a, b, c = person(), person(), person()
    result = run(household([a, b, c], [income(a, "500")]), context(rounding_unit="1"))
    assert result.before_rounding == Decimal("579.99")
    assert result.monthly_amount == Decimal("580.00")
    assert any("579.99 → 580.00" in line for line in english(result.lines))


@pytest.mark.parametrize(
    ("members", "cls", "next_review"),
    [
        ([{"age": 40, "employment": "unemployed"}], "3", datetime.date(2026, 4, 1)),  # monthly
        ([{"age": 40, "employment": "employed"}], "2", datetime.date(2026, 6, 1)),  # quarterly
        ([{"age": 72}, {"age": 70}], "1", datetime.date(2026, 9, 1)),  # half-yearly
        ([{"age": 45, "labour_capacity": "none"}], "1", datetime.date(2026, 9, 1)),
    ],
)
def test_management_class_and_next_review(members, cls, next_review):
    result = run(household([person(**m) for m in members]))
    assert result.management_class == cls
    assert result.next_review == next_review


def test_review_intervals_come_from_the_rules():
    result = run(household([person(age=72)]), context(review_months_first=12))
    assert result.next_review == datetime.date(2027, 3, 1)


def test_member_classes():
    assert member_class(person(labour_capacity="none"), MONTH) == "A"
    assert member_class(person(health="serious"), MONTH) == "A"
    assert member_class(person(health="chronic"), MONTH) == "B"
    assert member_class(person(age=12), MONTH) == "B"
    assert member_class(person(age=35), MONTH) == "C"


def test_single_person_inclusion_assesses_one_member_as_a_household_of_one():
    disabled = person(disability_type="limb", disability_grade=1, labour_capacity="none")
    a, b = person(employment="employed"), person(employment="employed")
    facts = household([disabled, a, b], [income(a, "800", kind="wage"), income(b, "800", kind="wage")])
    assert not run(facts).eligible  # 533.33 per person: above the standard as a household
    result = run(facts, single_member_id=disabled.id)
    assert result.eligible
    assert result.covered == 1
    assert result.monthly_amount == Decimal("360.00")
    assert any("household of one" in line for line in english(result.lines))


def test_single_person_inclusion_needs_a_qualifying_member_and_a_near_poverty_household():
    able, a = person(), person(employment="employed")
    facts = household([able, a], [income(a, "500", kind="wage")])
    assert "does not qualify" in english(run(facts, single_member_id=able.id).reasons)[0]
    disabled = person(disability_type="mental", disability_grade=3)
    rich = household([disabled, a], [income(a, "1100", kind="wage")])  # 550 ≥ 1.5 × 360 = 540
    assert "not below 540.00 yuan" in english(run(rich, single_member_id=disabled.id).reasons)[0]


def test_single_person_inclusion_switched_off_or_for_a_stranger_cannot_be_assessed():
    disabled = person(disability_grade=1, disability_type="limb")
    facts = household([disabled])
    with pytest.raises(NotAssessable):
        run(facts, context(single_person_enabled=False), single_member_id=disabled.id)
    with pytest.raises(NotAssessable):
        run(facts, single_member_id=999999)


def test_a_household_without_members_cannot_be_assessed_and_says_why():
    with pytest.raises(NotAssessable) as caught:
        run(household([]))
    with translation.override("en"):
        assert caught.value.line.render() == "The household has no members, so there is no one to cover."


def test_no_standard_for_the_kind_cannot_be_assessed():
    ctx = context()
    ctx.standards.pop("rural")
    with pytest.raises(NotAssessable) as caught:
        run(household([person()], urban_rural="rural"), ctx)
    with translation.override("en"):
        assert caught.value.line.render() == "No dibao standard for Rural households in 海州社区 in 2026-03."


def test_household_level_income_is_counted_for_the_household():
    a, b = person(), person()
    result = run(household([a, b], [income(None, "200")]))
    assert result.per_capita_income == Decimal("100.00")


def test_the_same_inputs_give_the_same_result():
    a, b = person(), person(age=70)
    facts = household([a, b], [income(a, "333.33")])
    first, second = run(facts), run(facts)
    assert first == second
    assert isinstance(first.monthly_amount, Decimal)
