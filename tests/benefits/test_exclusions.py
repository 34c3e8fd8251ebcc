"""Programs held apart: a grant the household or its person already holds an excluded program
for is refused with the pair's reason, and nothing is written; the pairs of the catalogue one
by one, each way round."""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from dibao.benefits.models import Entitlement, Movement
from dibao.benefits.services import Grant, entitlement_grant, entitlement_stop, entitlements_bulk_grant
from dibao.core.errors import DomainError
from dibao.policy.programs import codes
from dibao.policy.services import standard_set
from dibao.registry.services import household_status_record
from tests.factories import make_household

JAN = datetime.date(2026, 1, 1)
GRANT = Grant(amount=Decimal("300.00"), persons=1, urban_rural="urban")


@pytest.fixture
def household(areas, users):
    return make_household(areas.haizhou, users.haizhou, members=2)


def grant(household, program, member=None, *, single=None, month=JAN):
    return entitlement_grant(
        household=household,
        grant=GRANT,
        month_from=month,
        reason="approval",
        actor=None,
        program=program,
        member=member,
        single_member_id=single.pk if single else None,
    )


def members(household):
    return list(household.members.order_by("pk"))


def refusal(make) -> str:
    before = (Entitlement.objects.count(), Movement.objects.count())
    with pytest.raises(DomainError) as caught:
        make()
    assert caught.value.code == "excluded"
    assert (Entitlement.objects.count(), Movement.objects.count()) == before
    return str(caught.value)


def test_a_dibao_household_member_is_not_granted_extreme_poverty(household):
    grant(household, codes.DIBAO)
    message = refusal(lambda: grant(household, codes.EXTREME_POVERTY, members(household)[1]))
    assert "特困人员不同时纳入低保" in message
    assert "特困人员救助供养" in message and "最低生活保障" in message


def test_a_household_whose_member_is_supported_in_extreme_poverty_is_not_granted_dibao_as_a_whole(household):
    grant(household, codes.EXTREME_POVERTY, members(household)[1])
    assert "特困人员不同时纳入低保" in refusal(lambda: grant(household, codes.DIBAO))


def test_single_person_dibao_and_another_members_extreme_poverty_stand_together(household):
    head, spouse, _child = members(household)
    grant(household, codes.EXTREME_POVERTY, spouse)
    grant(household, codes.DIBAO, single=head)
    # The person of the 单人保 is the one 特困 is refused to.
    assert "特困" in refusal(lambda: grant(household, codes.EXTREME_POVERTY, head))


def test_a_dibao_household_is_not_recognised_near_poverty_nor_the_other_way(areas, users, household):
    grant(household, codes.DIBAO)
    assert "低保边缘家庭是不符合低保条件的家庭" in refusal(lambda: grant(household, codes.NEAR_POVERTY))
    other = make_household(areas.haizhou, users.haizhou)
    grant(other, codes.NEAR_POVERTY)
    assert "低保边缘家庭是不符合低保条件的家庭" in refusal(lambda: grant(other, codes.DIBAO))


def test_rigid_expense_is_held_apart_from_dibao_and_from_near_poverty(areas, users, household):
    grant(household, codes.DIBAO)
    assert "不符合低保条件" in refusal(lambda: grant(household, codes.RIGID_EXPENSE))
    other = make_household(areas.haizhou, users.haizhou)
    grant(other, codes.NEAR_POVERTY)
    assert "不符合低保边缘条件" in refusal(lambda: grant(other, codes.RIGID_EXPENSE))


def test_the_reason_is_told_in_the_language_of_the_page(household):
    grant(household, codes.DIBAO)
    with pytest.raises(DomainError) as caught:
        grant(household, codes.NEAR_POVERTY)
    with translation.override("en"):
        assert "A near-poverty household is one that does not qualify for dibao." in str(caught.value)
        assert "Near-poverty household" in str(caught.value)


def test_programs_not_paired_are_held_together(household):
    head, spouse, _child = members(household)
    grant(household, codes.DIBAO)
    grant(household, codes.DISABILITY_LIVING, spouse)
    grant(household, codes.DISABILITY_CARE, spouse)
    grant(household, codes.ELDERLY_ALLOWANCE, head)
    open_ = Entitlement.objects.filter(household=household, month_to__isnull=True)
    assert sorted(open_.values_list("program_id", flat=True)) == sorted(
        [codes.DIBAO, codes.DISABILITY_LIVING, codes.DISABILITY_CARE, codes.ELDERLY_ALLOWANCE]
    )


def test_an_ended_entitlement_excludes_nothing(areas, users, household):
    standard_set(
        area=areas.county, data={"kind": "urban", "amount": "360", "valid_from": "2026-01"}, actor=None
    )
    grant(household, codes.DIBAO)
    household_status_record(household=household, status="receiving", actor=users.haizhou)
    entitlement_stop(
        household=household,
        kind="terminate",
        on=datetime.date(2026, 3, 1),
        stop_reason="income_above",
        month_pay="full",
        actor=None,
    )
    assert (
        grant(household, codes.NEAR_POVERTY, month=datetime.date(2026, 4, 1)).program_id == codes.NEAR_POVERTY
    )


def test_a_new_version_of_a_program_held_is_not_an_exclusion(household):
    grant(household, codes.DIBAO)
    assert grant(household, codes.DIBAO, month=datetime.date(2026, 2, 1)).amount == GRANT.amount


def test_a_bulk_grant_is_refused_as_a_whole_when_one_household_holds_an_excluded_program(areas, users):
    first = make_household(areas.haizhou, users.haizhou)
    second = make_household(areas.haizhou, users.haizhou)
    grant(second, codes.NEAR_POVERTY)
    with pytest.raises(DomainError) as caught:
        entitlements_bulk_grant(
            grants=[(first, GRANT), (second, GRANT)], month_from=JAN, reason="migration", actor=None
        )
    assert caught.value.code == "excluded"
    assert "低保边缘家庭是不符合低保条件的家庭" in str(caught.value)
    assert not Entitlement.objects.filter(program_id=codes.DIBAO).exists()
