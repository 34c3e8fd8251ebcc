"""Each run pays the 高龄 band its person has reached, and nothing to a person whose household ended:
drafting moves the county's allowances on before it writes the lines."""

import datetime
from decimal import Decimal

import pytest

from dibao.benefits.models import Entitlement, MovementKind, StopReason
from dibao.benefits.services import Grant, entitlement_grant, entitlement_stop
from dibao.payroll import services
from dibao.policy.programs import codes
from dibao.policy.services import standard_set
from tests.benefits.support import receiving
from tests.factories import id_number, make_household

MAR, APR, MAY = (datetime.date(2026, m, 1) for m in (3, 4, 5))


@pytest.fixture(autouse=True)
def standards(areas):
    standard_set(
        area=areas.county, data={"kind": "urban", "amount": "360", "valid_from": "2025-01"}, actor=None
    )


def allowance(household, member, program=codes.ELDERLY_ALLOWANCE, amount="100.00"):
    return entitlement_grant(
        household=household,
        grant=Grant(amount=Decimal(amount), persons=1, urban_rural="urban"),
        month_from=datetime.date(2026, 1, 1),
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


def paid(run, program=codes.ELDERLY_ALLOWANCE):
    return {line.member_id: line.total for line in run.lines.filter(program_id=program)}


def test_she_is_paid_the_80_band_in_her_birthday_month_and_the_90_band_after(areas, users):
    born = datetime.date(1936, 3, 15)
    h = make_household(areas.haizhou, users.haizhou, head={"id_number": id_number(born)})
    her = h.members.get()
    allowance(h, her)
    march = approved(areas, users, MAR)  # she turns 90 on 15 March
    assert paid(march) == {her.pk: Decimal("100.00")}
    april = services.run_draft(county=areas.county, month=APR, actor=users.county)
    assert paid(april) == {her.pk: Decimal("200.00")}
    assert april.total == Decimal("200.00")
    # Drafting April again finds the band already moved: one new version, the same line.
    again = services.run_draft(county=areas.county, month=APR, actor=users.county)
    assert paid(again) == {her.pk: Decimal("200.00")}
    assert Entitlement.objects.filter(member=her).count() == 2


def test_a_person_whose_household_ended_is_not_paid_after_its_last_month(areas, users):
    dibao = receiving(areas.haizhou, users.haizhou, members=1)
    spouse = dibao.household.members.exclude(relation="self").get()
    allowance(dibao.household, spouse, codes.DISABILITY_CARE, "80.00")
    approved(areas, users, MAR)
    entitlement_stop(
        household=dibao.household,
        kind=MovementKind.TERMINATE,
        on=datetime.date(2026, 4, 3),
        stop_reason=StopReason.MOVED_AWAY,
        month_pay="full",
        actor=users.street,
    )
    april = services.run_draft(county=areas.county, month=APR, actor=users.county)
    assert paid(april, codes.DISABILITY_CARE) == {spouse.pk: Decimal("80.00")}  # paid through April
    may = services.run_draft(county=areas.county, month=MAY, actor=users.county)
    assert may.lines.count() == 0
