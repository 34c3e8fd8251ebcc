"""Recognitions of a household — 低保边缘 and 刚性支出困难 — applied for and decided through the
one workflow on their own means test, and granted as a status without money, for the program's
validity; refused while held or applied for, and on a failed test."""

import datetime
from decimal import Decimal

import pytest

from dibao.benefits.models import Entitlement
from dibao.core.errors import DomainError
from dibao.policy.programs import codes
from dibao.policy.selectors import program_by_code
from dibao.policy.services import program_rules_set
from dibao.registry.services import income_add, rigid_spending_add

from ..factories import make_household
from .test_program_applications import (
    TODAY,
    create,
    investigated_and_noticed,
    step,
    submitted_and_accepted,
)
from .test_program_applications import standards as standards

pytestmark = pytest.mark.django_db


def household_earning(areas, users, monthly: str):
    household = make_household(areas.haizhou, users.haizhou)
    income_add(
        household=household,
        data={"kind": "wage", "amount": monthly, "month_from": "2024-01"},
        actor=users.haizhou,
    )
    return household


def decided(app, users):
    app = submitted_and_accepted(app, users)
    app = investigated_and_noticed(app, users)
    app = step(app, "review", users.street, opinion="符合条件")
    return step(app, "approve", users.county)


def test_a_household_just_above_the_line_is_recognised_as_near_poverty_without_money(areas, users):
    # One person earning 600 a month: above the standard of 455, below 1.5 × 455 = 682.50.
    household = household_earning(areas, users, "600")
    app = decided(create(household, None, codes.NEAR_POVERTY, users), users)
    held = Entitlement.objects.get(program_id=codes.NEAR_POVERTY)
    assert (held.household_id, held.member_id, held.amount, held.persons) == (household.pk, None, 0, 1)
    # Recognised for 12 months: its review is due the month after the validity ends.
    assert held.next_review == app.start_month.replace(year=app.start_month.year + 1)
    assert app.amount == Decimal("0.00") and app.explanation
    with pytest.raises(DomainError) as caught:
        create(household, None, codes.NEAR_POVERTY, users)
    assert "household" in caught.value.errors


def test_a_household_below_the_standard_is_for_dibao_not_near_poverty(areas, users):
    household = household_earning(areas, users, "300")
    app = submitted_and_accepted(create(household, None, codes.NEAR_POVERTY, users), users)
    app = investigated_and_noticed(app, users)
    app = step(app, "review", users.street, opinion="核查")
    with pytest.raises(DomainError) as caught:
        step(app, "approve", users.county)
    assert "not eligible" in str(caught.value) or "不符合" in str(caught.value)
    assert not Entitlement.objects.filter(program_id=codes.NEAR_POVERTY).exists()


def test_rigid_spending_above_the_share_of_income_is_recognised(areas, users):
    program_rules_set(
        area=areas.county,
        program=program_by_code(codes.RIGID_EXPENSE),
        data={
            "valid_from": "2020-01",
            # The line of the year before the start month, whichever year that is.
            "terms": {"disposable_income": {str(TODAY.year - 1): "48000", str(TODAY.year): "48000"}},
        },
        actor=None,
    )
    # 1,000 a month (12,000 a year), below 48,000 / 12 = 4,000; rigid spending 9,000 > 60% of it.
    household = household_earning(areas, users, "1000")
    rigid_spending_add(
        household=household,
        data={
            "kind": "medical",
            "amount": "9000",
            "spent_on": (TODAY.replace(day=1) - datetime.timedelta(days=40)).isoformat(),
        },
        actor=users.haizhou,
    )
    decided(create(household, None, codes.RIGID_EXPENSE, users), users)
    held = Entitlement.objects.get(program_id=codes.RIGID_EXPENSE)
    assert held.amount == 0 and held.member_id is None
