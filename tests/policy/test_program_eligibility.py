"""Who qualifies for each program beside 低保 and for how much, as worked examples (POLICY.md §4,
§6): the pure functions of `policy.programs.eligibility`, on the national default terms."""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from dibao.policy.engine.explanation import render
from dibao.policy.engine.facts import MemberFacts
from dibao.policy.programs import codes, eligibility, terms
from dibao.policy.programs.eligibility import Supporter

DEC = datetime.date(2026, 12, 1)


def person(born, *, name="王秀英", disability_type="", grade=0):
    return MemberFacts(
        id=1,
        name=name,
        birth_date=born,
        disability_type=disability_type,
        disability_grade=grade,
        health="healthy",
        labour_capacity="none",
        employment="none",
    )


def tk(member, *, income="0", supporters=(), care="none", institutional=False, in_school=False, **given):
    return eligibility.extreme_poverty(
        member,
        DEC,
        standard=Decimal(given.get("standard", "455")),
        monthly_income=Decimal(income),
        assets_pass=given.get("assets_pass", True),
        supporters=list(supporters),
        care_needed=care,
        institutional=institutional,
        in_school=in_school,
        terms=terms.defaults(codes.EXTREME_POVERTY),
    )


def test_standard_455_gives_a_basic_living_of_591_50():
    result = tk(person(datetime.date(1940, 3, 1)))
    assert result.eligible
    assert result.amount == Decimal("591.50") + Decimal("61.83")  # basic + self-caring care at home
    with translation.override("en"):
        assert "Basic living: 455.00 × 1.30 = 591.50 yuan." in render(result.lines)


def test_a_person_of_85_alone_with_no_income_and_no_able_supporter_gets_both_tekun_and_the_80_band():
    old = person(datetime.date(1941, 5, 20))
    assert tk(old, supporters=[Supporter("李强", able=False)]).eligible
    allowance = eligibility.elderly_allowance(
        old, DEC, low_income=True, terms=terms.defaults(codes.ELDERLY_ALLOWANCE)
    )
    assert (allowance.eligible, allowance.amount) == (True, Decimal("100.00"))


def test_a_grade_1_physically_disabled_member_of_a_dibao_household_gets_both_subsidies():
    her = person(datetime.date(1980, 1, 1), disability_type="limb", grade=1)
    living = eligibility.disability_living(
        her, household_programs=frozenset({codes.DIBAO}), terms=terms.defaults(codes.DISABILITY_LIVING)
    )
    care = eligibility.disability_care(her, terms=terms.defaults(codes.DISABILITY_CARE))
    assert (living.eligible, living.amount) == (True, Decimal("277.00"))
    assert (care.eligible, care.amount) == (True, Decimal("277.00"))


@pytest.mark.parametrize(
    ("supporter", "eligible"),
    [
        (Supporter("李强", able=True), False),
        (Supporter("李强", able=True, programs=frozenset({codes.DIBAO})), True),  # in need himself
        (Supporter("李强", able=True, programs=frozenset({codes.NEAR_POVERTY})), True),
        (Supporter("李强", able=False), True),
    ],
)
def test_only_a_supporter_able_and_not_in_need_himself_rules_tekun_out(supporter, eligible):
    result = tk(person(datetime.date(1940, 3, 1)), supporters=[supporter])
    assert result.eligible is eligible
    if not eligible:
        with translation.override("en"):
            assert "A legal supporter is able to support: 李强." in render(result.lines)


@pytest.mark.parametrize(
    ("born", "in_school", "disability", "eligible"),
    [
        (datetime.date(1966, 11, 15), False, ("", 0), True),  # 60 by the end of November
        (datetime.date(1966, 12, 15), False, ("", 0), False),  # turns 60 this month: not yet
        (datetime.date(2010, 12, 10), False, ("", 0), True),  # 16 only this month: 15 before it
        (datetime.date(2009, 6, 1), True, ("", 0), True),  # 17 and in school
        (datetime.date(2009, 6, 1), False, ("", 0), False),  # 17 and not in school
        (datetime.date(1980, 1, 1), False, ("mental", 3), True),
        (datetime.date(1980, 1, 1), False, ("limb", 3), False),
        (datetime.date(1980, 1, 1), False, ("visual", 1), True),
        (datetime.date(1980, 1, 1), False, ("visual", 2), False),
    ],
)
def test_no_work_capacity_by_age_schooling_and_disability(born, in_school, disability, eligible):
    member = person(born, disability_type=disability[0], grade=disability[1])
    assert tk(member, in_school=in_school).eligible is eligible


def test_tekun_is_refused_on_income_and_assets_with_every_reason():
    result = tk(person(datetime.date(1940, 3, 1)), income="455", assets_pass=False)
    assert not result.eligible and result.amount == 0
    with translation.override("en"):
        text = render(result.lines)
    assert "Own income 455.00 yuan a month is not below the standard 455.00 yuan." in text
    assert "The assets exceed the limits." in text


def test_care_is_by_the_level_needed_and_in_an_institution_is_paid_to_it():
    full = tk(person(datetime.date(1940, 3, 1)), care=eligibility.care_needed(4), institutional=True)
    assert full.amount == Decimal("591.50") + Decimal("1030.00")
    assert full.paid_to_institution
    partial = tk(person(datetime.date(1940, 3, 1)), care=eligibility.care_needed(3))
    assert partial.amount == Decimal("591.50") + Decimal("412.00")
    assert not partial.paid_to_institution
    assert eligibility.care_needed(0) == "none"
    with pytest.raises(ValueError):
        eligibility.care_needed(7)


@pytest.mark.parametrize(
    ("income", "eligible"),
    [("454.99", False), ("455.00", True), ("682.49", True), ("682.50", False)],
)
def test_near_poverty_is_between_the_standard_and_its_multiple(income, eligible):
    result = eligibility.near_poverty(
        per_capita_income=Decimal(income), standard=Decimal("455"), multiple=Decimal("1.5"), assets_pass=True
    )
    assert result.eligible is eligible and result.amount == 0


def test_rigid_expense_reads_last_years_disposable_income_and_the_share_of_spending():
    given = {**terms.defaults(codes.RIGID_EXPENSE), "disposable_income": {"2025": "48000.00"}}
    kwargs = {"per_capita_income": Decimal("3000"), "yearly_income": Decimal("60000"), "assets_pass": True}
    assert eligibility.rigid_expense(DEC, rigid_spending=Decimal("36000.01"), terms=given, **kwargs).eligible
    assert not eligibility.rigid_expense(DEC, rigid_spending=Decimal("36000"), terms=given, **kwargs).eligible
    richer = {**kwargs, "per_capita_income": Decimal("4000")}  # 48000 ÷ 12 = 4000: not below
    assert not eligibility.rigid_expense(DEC, rigid_spending=Decimal("50000"), terms=given, **richer).eligible
    unset = eligibility.rigid_expense(
        DEC, rigid_spending=Decimal("50000"), terms=terms.defaults(codes.RIGID_EXPENSE), **kwargs
    )
    with translation.override("en"):
        assert "No per-capita disposable income is set for 2025." in render(unset.lines)
    start = datetime.date(2026, 3, 1)
    assert eligibility.recognised_until(start, given) == datetime.date(2027, 2, 1)


def test_the_living_subsidy_needs_a_dibao_household_unless_the_county_extends_it():
    her = person(datetime.date(1980, 1, 1), disability_type="hearing", grade=3)
    defaults = terms.defaults(codes.DISABILITY_LIVING)
    near = frozenset({codes.NEAR_POVERTY})
    assert not eligibility.disability_living(her, household_programs=near, terms=defaults).eligible
    extended = eligibility.disability_living(
        her, household_programs=near, terms={**defaults, "near_poverty_too": True}
    )
    assert (extended.eligible, extended.amount) == (True, Decimal("185.00"))
    nobody = person(datetime.date(1980, 1, 1))
    assert not eligibility.disability_living(
        nobody, household_programs=frozenset({codes.DIBAO}), terms=defaults
    ).eligible


def test_the_care_subsidy_reaches_grades_3_and_4_of_mental_disability_only_where_the_county_says():
    defaults = terms.defaults(codes.DISABILITY_CARE)
    mental = person(datetime.date(1980, 1, 1), disability_type="mental", grade=3)
    limb = person(datetime.date(1980, 1, 1), disability_type="limb", grade=3)
    assert not eligibility.disability_care(mental, terms=defaults).eligible
    extended = {**defaults, "mental_grades_3_4": True}
    assert eligibility.disability_care(mental, terms=extended).eligible
    assert not eligibility.disability_care(limb, terms=extended).eligible


@pytest.mark.parametrize(
    ("month", "eligible", "amount"),
    [
        (datetime.date(2026, 12, 1), False, "0"),  # turns 80 on 15 December: not yet
        (datetime.date(2027, 1, 1), True, "100.00"),  # the month after
        (datetime.date(2037, 1, 1), True, "200.00"),  # 90: the next band by itself
        (datetime.date(2047, 1, 1), True, "500.00"),
    ],
)
def test_the_old_age_allowance_begins_the_month_after_the_birthday_and_moves_band_by_itself(
    month, eligible, amount
):
    him = person(datetime.date(1946, 12, 15), name="赵德胜")
    result = eligibility.elderly_allowance(
        him, month, low_income=False, terms=terms.defaults(codes.ELDERLY_ALLOWANCE)
    )
    assert (result.eligible, result.amount) == (eligible, Decimal(amount))


def test_the_old_age_allowance_only_for_low_income_where_the_county_says():
    only_poor = {**terms.defaults(codes.ELDERLY_ALLOWANCE), "low_income_only": True}
    him = person(datetime.date(1930, 1, 1))
    assert not eligibility.elderly_allowance(him, DEC, low_income=False, terms=only_poor).eligible
    assert eligibility.elderly_allowance(him, DEC, low_income=True, terms=only_poor).eligible


def test_the_explanations_read_in_chinese():
    result = tk(person(datetime.date(1940, 3, 1)))
    with translation.override("zh-hans"):
        text = " ".join(render(result.lines))
    assert "基本生活" in text and "591.50" in text
