"""Assessing households stored in the register: what is read for the month, in few queries."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dibao.policy.assessment import assess, assess_many
from dibao.policy.engine.calculation import NotAssessable
from dibao.policy.services import rules_set, standard_set
from dibao.registry.models import Household
from dibao.registry.services import asset_add, income_add, member_remove
from tests.factories import make_household

MARCH = datetime.date(2026, 3, 1)


@pytest.fixture
def policy(areas, users):
    standard_set(
        area=areas.county, data={"kind": "urban", "amount": "360", "valid_from": "2026-01"}, actor=None
    )
    standard_set(
        area=areas.county, data={"kind": "rural", "amount": "200", "valid_from": "2026-01"}, actor=None
    )


def test_the_worked_example_from_the_register(areas, users, policy):
    household = make_household(areas.haizhou, users.haizhou, members=2)
    head = household.members.get(relation="self")
    income_add(
        household=household,
        data={"member": head.pk, "kind": "wage", "amount": "600", "month_from": "2026-01"},
        actor=users.haizhou,
    )
    result = assess(household, MARCH)
    assert (result.eligible, result.per_capita_income, result.monthly_amount) == (
        True,
        Decimal("200.00"),
        Decimal("480.00"),
    )
    assert result.standard_area == areas.county.name


def test_only_incomes_valid_in_the_month_and_assets_recorded_by_its_end_count(areas, users, policy):
    household = make_household(areas.haizhou, users.haizhou)
    for month_from, month_to, amount in (
        ("2025-01", "2026-02", "9000"),
        ("2026-04", "", "9000"),
        ("2026-03", "2026-03", "100"),
    ):
        income_add(
            household=household,
            data={"kind": "other", "amount": amount, "month_from": month_from, "month_to": month_to},
            actor=users.haizhou,
        )
    asset_add(
        household=household,
        data={"kind": "vehicle", "value": "1", "recorded_on": "2026-04-01"},
        actor=users.haizhou,
    )
    result = assess(household, MARCH)
    assert result.per_capita_income == Decimal("100.00")
    assert result.eligible  # the car was recorded after March
    assert not assess(household, datetime.date(2026, 4, 1)).eligible


def test_an_excluded_item_recorded_in_the_register_is_not_counted(areas, users, policy):
    rules_set(
        area=areas.county,
        data={"valid_from": "2026-01", "excluded_items": ["resident_basic_pension"]},
        actor=None,
    )
    household = make_household(areas.haizhou, users.haizhou)
    income_add(
        household=household,
        data={"item": "resident_basic_pension", "amount": "150", "month_from": "2026-01"},
        actor=users.haizhou,
    )
    result = assess(household, MARCH)
    assert result.excluded_income == Decimal("150.00")
    assert result.monthly_amount == Decimal("360.00")


def test_a_household_whose_members_all_left_cannot_be_assessed(areas, users, policy):
    household = make_household(areas.haizhou, users.haizhou, members=1)
    spouse = household.members.exclude(relation="self").get()
    member_remove(member=spouse, actor=users.haizhou)
    assert assess(household, MARCH).covered == 1
    household.members.all().delete()
    with pytest.raises(NotAssessable):
        assess(household, MARCH)


def test_assess_many_uses_a_fixed_number_of_queries(areas, users, policy):
    for community in (areas.haizhou, areas.liubeiqiao):
        for _ in range(3):
            h = make_household(community, users.county, members=2)
            income_add(
                household=h,
                data={"kind": "wage", "amount": "300", "month_from": "2026-01"},
                actor=users.county,
            )
    with CaptureQueriesContext(connection) as few:
        outcomes = list(assess_many(Household.objects.filter(community=areas.haizhou), MARCH))
    for _ in range(10):
        make_household(areas.haizhou, users.county, members=3)
    with CaptureQueriesContext(connection) as more:
        more_outcomes = list(assess_many(Household.objects.all(), MARCH))
    assert len(outcomes) == 3 and len(more_outcomes) == 16
    assert len(more.captured_queries) == len(few.captured_queries) <= 9
    assert all(o.assessment and o.assessment.monthly_amount == Decimal("780.00") for o in outcomes)


def test_rural_households_are_assessed_on_the_rural_standard(areas, users, policy):
    household = make_household(areas.haizhou, users.haizhou, urban_rural="rural")
    assert assess(household, MARCH).monthly_amount == Decimal("200.00")


def test_an_imported_roster_can_be_assessed_at_once(areas, users, policy):
    from dibao.registry.roster.importer import import_roster
    from tests.factories import id_number
    from tests.registry.roster.files import row, xlsx_bytes

    head, spouse, child = id_number(), id_number(male=False), id_number(datetime.date(2015, 5, 1))
    content = xlsx_bytes(
        [
            row(head, "王大", head, 月收入=600),
            row(head, "李二", spouse, "配偶"),
            row(head, "王小", child, "子女", 就业状况="在校"),
        ]
    )
    result = import_roster(
        filename="r.xlsx", content=content, area=areas.haizhou, actor=users.haizhou, today=MARCH
    )
    assert not result.errors
    household = Household.objects.get()
    assessed = assess(household, MARCH)
    assert (assessed.per_capita_income, assessed.monthly_amount) == (Decimal("200.00"), Decimal("480.00"))
