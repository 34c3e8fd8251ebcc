"""A run pays every program that pays money, a line per entitlement, each carrying its program
and person; arrears and adjustments stay with the program and person they belong to."""

import datetime
from decimal import Decimal

import pytest

from dibao.benefits.services import Grant, entitlement_grant
from dibao.payroll import services
from dibao.payroll.models import Adjustment
from dibao.policy.programs import codes
from dibao.policy.services import standard_set
from tests.benefits.support import receiving
from tests.factories import make_household

JAN, FEB = datetime.date(2026, 1, 1), datetime.date(2026, 2, 1)


@pytest.fixture(autouse=True)
def standards(areas):
    standard_set(
        area=areas.county, data={"kind": "urban", "amount": "360", "valid_from": "2025-01"}, actor=None
    )


def allowance(household, member, program=codes.ELDERLY_ALLOWANCE, amount="100.00", month=JAN):
    return entitlement_grant(
        household=household,
        grant=Grant(amount=Decimal(amount), persons=1, urban_rural="urban"),
        month_from=month,
        reason="approval",
        actor=None,
        program=program,
        member=member,
    )


def approved(areas, users, month):  # type: ignore[no-untyped-def]
    run = services.run_draft(county=areas.county, month=month, actor=users.county)
    for street in {line.street for line in run.lines.select_related("street")}:
        services.run_check(run=run, street=street, actor=users.county)
    return services.run_approve(run=run, actor=users.county)


def test_each_entitlement_is_a_line_with_its_program_and_person(areas, users):
    dibao = receiving(areas.haizhou, users.haizhou, members=1)  # 低保 of the household
    spouse = dibao.household.members.exclude(relation="self").get()
    allowance(dibao.household, spouse)
    allowance(dibao.household, spouse, codes.DISABILITY_CARE, "80.00")
    # Recognition only: a near-poverty household is on no payroll.
    entitlement_grant(
        household=make_household(areas.haizhou, users.haizhou),
        grant=Grant(amount=Decimal("0.00"), persons=1, urban_rural="urban"),
        month_from=JAN,
        reason="approval",
        actor=None,
        program=codes.NEAR_POVERTY,
    )
    run = services.run_draft(county=areas.county, month=JAN, actor=users.county)
    lines = sorted(run.lines.values_list("program_id", "member_id", "household_id", "amount"))
    assert lines == sorted(
        [
            (codes.DIBAO, None, dibao.household_id, dibao.amount),
            (codes.ELDERLY_ALLOWANCE, spouse.pk, dibao.household_id, Decimal("100.00")),
            (codes.DISABILITY_CARE, spouse.pk, dibao.household_id, Decimal("80.00")),
        ]
    )
    assert run.total == dibao.amount + Decimal("180.00")


def test_a_back_dated_grant_pays_arrears_in_its_own_program_only(areas, users):
    dibao = receiving(areas.haizhou, users.haizhou, members=1)
    spouse = dibao.household.members.exclude(relation="self").get()
    approved(areas, users, JAN)
    allowance(dibao.household, spouse, month=JAN)  # decided after January was paid
    run = services.run_draft(county=areas.county, month=FEB, actor=users.county)
    lines = {line.program_id: line for line in run.lines.all()}
    assert (lines[codes.DIBAO].arrears, lines[codes.DIBAO].total) == (0, dibao.amount)
    assert (lines[codes.ELDERLY_ALLOWANCE].arrears, lines[codes.ELDERLY_ALLOWANCE].total) == (
        Decimal("100.00"),
        Decimal("200.00"),
    )


def test_an_adjustment_is_carried_by_the_line_of_its_program_and_person(areas, users):
    dibao = receiving(areas.haizhou, users.haizhou, members=1)
    spouse = dibao.household.members.exclude(relation="self").get()
    allowance(dibao.household, spouse)
    Adjustment.objects.create(
        household=dibao.household,
        program_id=codes.ELDERLY_ALLOWANCE,
        member=spouse,
        kind="reissue",
        amount=Decimal("100.00"),
    )
    Adjustment.objects.create(household=dibao.household, kind="recovery", amount=Decimal("-10.00"))
    run = services.run_draft(county=areas.county, month=JAN, actor=users.county)
    lines = {line.program_id: line for line in run.lines.all()}
    assert lines[codes.ELDERLY_ALLOWANCE].adjustment == Decimal("100.00")
    assert lines[codes.DIBAO].adjustment == Decimal("-10.00")
    carried = dict(Adjustment.objects.values_list("program_id", "applied_line__program_id"))
    assert carried == {codes.ELDERLY_ALLOWANCE: codes.ELDERLY_ALLOWANCE, codes.DIBAO: codes.DIBAO}
