"""The invariants of the calculation, over generated households and policies (hypothesis)."""

import dataclasses
import datetime
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from dibao.policy.engine.calculation import NotAssessable, calculate, count, settle
from dibao.policy.engine.facts import AssetFacts, HouseholdFacts, IncomeFacts, MemberFacts

from .builders import MONTH, context

money = st.decimals(min_value=0, max_value=5000, places=2)
standards = st.decimals(min_value=1, max_value=2000, places=2)


@st.composite
def members(draw):
    return MemberFacts(
        id=draw(st.integers(1, 10**9)),
        name="某某",
        birth_date=datetime.date(draw(st.integers(1930, 2024)), draw(st.integers(1, 12)), 1),
        disability_type=draw(st.sampled_from(["", "limb", "mental"])),
        disability_grade=draw(st.integers(0, 4)),
        health=draw(st.sampled_from(["healthy", "chronic", "serious"])),
        labour_capacity=draw(st.sampled_from(["full", "partial", "none"])),
        employment=draw(
            st.sampled_from(["employed", "flexible", "unemployed", "student", "retired", "none"])
        ),
    )


@st.composite
def households(draw):
    people = draw(st.lists(members(), min_size=1, max_size=6, unique_by=lambda m: m.id))
    incomes = [
        IncomeFacts(
            draw(st.sampled_from([None, *[m.id for m in people]])),
            draw(st.sampled_from(["wage", "business", "transfer", "other"])),
            "",
            draw(money),
            datetime.date(draw(st.integers(2024, 2026)), draw(st.integers(1, 3)), 1),
        )
        for _ in range(draw(st.integers(0, 4)))
    ]
    assets = [
        AssetFacts(draw(st.sampled_from([None, *[m.id for m in people]])), "deposit", draw(money))
        for _ in range(draw(st.integers(0, 2)))
    ]
    return HouseholdFacts(
        1, "1", 1, draw(st.sampled_from(["urban", "rural"])), "receiving", people, incomes, assets
    )


@st.composite
def policies(draw):
    mode = draw(st.sampled_from(["gap", "class", "gap_class"]))
    classes = {"A": "420", "B": "360", "C": "300"}
    return {
        "urban_benefit_mode": mode,
        "rural_benefit_mode": mode,
        "class_amounts": {"urban": classes, "rural": classes},
        "deduction_basis": draw(st.sampled_from(["none", "wage_share", "standard_share", "fixed"])),
        "deduction_value": draw(st.decimals(min_value=0, max_value=100, places=2)),
        "new_job_disregard_months": draw(st.integers(0, 6)),
        "minimum_per_person": draw(st.decimals(min_value=0, max_value=50, places=2)),
        "rounding_unit": draw(st.sampled_from(["0.01", "0.1", "1"])),
        "rounding_method": draw(st.sampled_from(["up", "half_up"])),
        "add_ons": draw(
            st.sampled_from(
                [
                    [],
                    [{"criterion": "age_80", "basis": "fixed", "value": "50"}],
                    [{"criterion": "severe_disability", "basis": "standard_share", "value": "10"}],
                ]
            )
        ),
        "excluded_items": ["scholarship"],
    }


def amount(facts, standard, rules):
    result = calculate(facts, context(str(standard), str(standard), **rules), MONTH)
    return result.monthly_amount if result.eligible else Decimal(0)


def with_income(facts, extra, *, item=""):
    member = facts.members[0].id
    more = IncomeFacts(member, "transfer", item, extra, datetime.date(2020, 1, 1))
    return HouseholdFacts(**{**facts.__dict__, "incomes": [*facts.incomes, more]})


@settings(max_examples=300, deadline=None)
@given(households(), standards, policies(), money)
def test_more_income_never_gives_more_benefit(facts, standard, rules, extra):
    assert amount(with_income(facts, extra), standard, rules) <= amount(facts, standard, rules)


@settings(max_examples=300, deadline=None)
@given(households(), standards, policies(), st.decimals(min_value=0, max_value=1000, places=2))
def test_a_higher_standard_never_gives_less(facts, standard, rules, rise):
    assert amount(facts, standard + rise, rules) >= amount(facts, standard, rules)


@settings(max_examples=300, deadline=None)
@given(households(), standards, policies())
def test_amounts_are_never_negative_and_are_to_the_fen(facts, standard, rules):
    result = calculate(facts, context(str(standard), str(standard), **rules), MONTH)
    assert result.monthly_amount >= 0
    assert result.monthly_amount == result.monthly_amount.quantize(Decimal("0.01"))
    assert result.eligible or result.monthly_amount == 0


@settings(max_examples=300, deadline=None)
@given(households(), standards, policies(), money)
def test_excluded_income_changes_nothing(facts, standard, rules, extra):
    before = calculate(facts, context(str(standard), str(standard), **rules), MONTH)
    after = calculate(
        with_income(facts, extra, item="scholarship"), context(str(standard), str(standard), **rules), MONTH
    )
    assert (after.eligible, after.monthly_amount, after.per_capita_income) == (
        before.eligible,
        before.monthly_amount,
        before.per_capita_income,
    )


@settings(max_examples=200, deadline=None)
@given(households(), standards, policies())
def test_leaving_out_the_explanation_changes_no_result(facts, standard, rules):
    ctx = context(str(standard), str(standard), **rules)
    full, quick = calculate(facts, ctx, MONTH), calculate(facts, ctx, MONTH, explain=False)
    assert quick.lines == [] and full.lines
    assert (quick.eligible, quick.monthly_amount, quick.reasons) == (
        full.eligible,
        full.monthly_amount,
        full.reasons,
    )


def _or_reason(work):
    try:
        return work()
    except NotAssessable as exc:
        return exc.line


@settings(max_examples=300, deadline=None)
@given(households(), standards, standards, policies(), st.booleans(), st.booleans())
def test_counted_once_and_settled_under_two_standards_is_two_whole_calculations(
    facts, now, new, rules, explain, alone
):
    """What "what if" does (the income counted once, settled under the standard now and the new one)
    gives, field for field and digit for digit, what calculating each from the start gives: nothing
    of one standard stays behind for the other, in either order."""
    single = facts.members[-1].id if alone else None
    before = context(str(now), str(now), **rules)
    after = dataclasses.replace(context(str(new), str(new), **rules), rules=before.rules)
    counted = count(facts, before.rules, MONTH, single_member_id=single, explain=explain)
    order = (after, before, after, before)
    settled = [_or_reason(lambda c=c: settle(counted, c)) for c in order]
    whole = [
        _or_reason(lambda c=c: calculate(facts, c, MONTH, single_member_id=single, explain=explain))
        for c in order
    ]
    assert settled == whole
    assert [repr(r) for r in settled] == [repr(r) for r in whole]  # 1.0 and 1.00 are equal, not alike
