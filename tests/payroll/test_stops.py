"""Stops, suspensions and resumptions as the payroll sees them: whole months, part months, arrears."""

import datetime
from decimal import Decimal

import pytest

from dibao.benefits.models import MovementKind
from dibao.benefits.services import Grant, entitlement_resume, entitlement_stop, gradual_exit_start
from dibao.payroll import services
from dibao.policy.services import standard_set
from tests.benefits.support import receiving

JAN, FEB, MAR, APR = (datetime.date(2026, m, 1) for m in (1, 2, 3, 4))


@pytest.fixture(autouse=True)
def standards(areas):
    standard_set(
        area=areas.county, data={"kind": "urban", "amount": "360", "valid_from": "2025-01"}, actor=None
    )


def draft(areas, users, month):  # type: ignore[no-untyped-def]
    run = services.run_draft(county=areas.county, month=month, actor=users.county)
    return {line.household_id: line for line in run.lines.all()}


def approved(areas, users, month):  # type: ignore[no-untyped-def]
    run = services.run_draft(county=areas.county, month=month, actor=users.county)
    for street in {line.street for line in run.lines.select_related("street")}:
        services.run_check(run=run, street=street, actor=users.county)
    return services.run_approve(run=run, actor=users.county)


def stop(entitlement, kind, on, month_pay, actor):  # type: ignore[no-untyped-def]
    return entitlement_stop(
        household=entitlement.household,
        kind=kind,
        on=on,
        stop_reason="moved_away",
        month_pay=month_pay,
        actor=actor,
    )


@pytest.mark.parametrize(
    ("month_pay", "february", "march"),
    [
        ("full", Decimal("260.00"), None),  # February paid in full, nothing from March
        ("none", None, None),  # February not paid
        ("pro_rata", Decimal("120.71"), None),  # 13 of 28 days: 260 × 13 / 28 = 120.714…
    ],
)
def test_a_termination_pays_its_month_as_the_rules_say(areas, users, month_pay, february, march):
    e = receiving(areas.haizhou, users.haizhou)  # 260 a month from January
    stop(e, MovementKind.TERMINATE, datetime.date(2026, 2, 14), month_pay, users.haizhou)
    assert draft(areas, users, JAN)[e.household_id].total == Decimal("260.00")
    line = draft(areas, users, FEB).get(e.household_id)
    assert (line.total if line else None) == february
    assert draft(areas, users, MAR).get(e.household_id) is None
    assert draft(areas, users, APR).get(e.household_id) is None


def test_a_suspended_household_is_not_paid_and_resumes_without_back_pay(areas, users):
    e = receiving(areas.haizhou, users.haizhou)
    receiving(areas.haizhou, users.haizhou)  # keeps every run non-empty
    stop(e, MovementKind.SUSPEND, FEB, "full", users.haizhou)  # from 1 February: February paid
    approved(areas, users, FEB)
    assert draft(areas, users, MAR).get(e.household_id) is None
    approved(areas, users, MAR)
    entitlement_resume(
        household=e.household,
        on=datetime.date(2026, 4, 16),
        grant=Grant(amount=Decimal("300.00"), persons=1, urban_rural="urban"),
        month_pay="pro_rata",
        back_pay=False,
        actor=users.haizhou,
    )
    line = draft(areas, users, APR)[e.household_id]
    # 15 of April's 30 days at 300, and no arrears for March
    assert (line.amount, line.arrears, line.total) == (Decimal("150.00"), 0, Decimal("150.00"))


def test_resuming_with_back_pay_pays_the_suspended_months_as_arrears(areas, users):
    e = receiving(areas.haizhou, users.haizhou)  # 260
    receiving(areas.haizhou, users.haizhou)  # keeps every run non-empty
    stop(e, MovementKind.SUSPEND, datetime.date(2026, 2, 15), "pro_rata", users.haizhou)  # 14/28 days
    feb = approved(areas, users, FEB)
    assert feb.lines.get(household=e.household).total == Decimal("130.00")
    approved(areas, users, MAR)  # nothing for the household
    entitlement_resume(
        household=e.household,
        on=datetime.date(2026, 4, 2),
        grant=Grant(amount=Decimal("260.00"), persons=1, urban_rural="urban"),
        month_pay="pro_rata",
        back_pay=True,
        actor=users.haizhou,
    )
    line = draft(areas, users, APR)[e.household_id]
    # April in full; arrears: the other half of February and all of March
    assert (line.amount, line.arrears, line.total) == (
        Decimal("260.00"),
        Decimal("390.00"),
        Decimal("650.00"),
    )


def test_a_gradual_exit_pays_its_months_then_nothing(areas, users):
    e = receiving(areas.haizhou, users.haizhou)
    gradual_exit_start(
        household=e.household, first_month=FEB, months=2, stop_reason="employed", actor=users.haizhou
    )
    assert draft(areas, users, FEB)[e.household_id].total == Decimal("260.00")
    assert draft(areas, users, MAR)[e.household_id].total == Decimal("260.00")
    assert draft(areas, users, APR).get(e.household_id) is None
