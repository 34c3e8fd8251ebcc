"""Applications carry their program: 低保 unless said, one in progress per household and
program, and refused (when made and when accepted) where the household or its person holds a
program that excludes it."""

import datetime
from decimal import Decimal

import pytest

from dibao.benefits.services import Grant, entitlement_grant
from dibao.cases import services
from dibao.cases.models import Application
from dibao.core.errors import DomainError
from dibao.policy.programs import codes
from tests.factories import make_household

from .support import application, papers_seen


def hold(household, program, member=None):
    return entitlement_grant(
        household=household,
        grant=Grant(amount=Decimal("100.00"), persons=1, urban_rural="urban"),
        month_from=datetime.date(2026, 1, 1),
        reason="approval",
        actor=None,
        program=program,
        member=member,
    )


def test_an_application_is_for_dibao_unless_said(areas, users):
    app = application(areas, users)
    assert (app.program_id, app.member_id) == (codes.DIBAO, None)


def test_a_program_that_pays_a_person_is_applied_for_by_a_member(areas, users):
    household = make_household(areas.haizhou, users.haizhou)
    with pytest.raises(DomainError) as caught:
        services.application_create(
            household=household, data={"program": codes.ELDERLY_ALLOWANCE}, actor=users.haizhou
        )
    assert "member" in caught.value.errors


def test_a_household_whose_member_is_in_extreme_poverty_cannot_apply_for_dibao_as_a_whole(areas, users):
    household = make_household(areas.haizhou, users.haizhou, members=1)
    spouse = household.members.exclude(relation="self").get()
    hold(household, codes.EXTREME_POVERTY, spouse)
    with pytest.raises(DomainError) as caught:
        services.application_create(household=household, data={}, actor=users.haizhou)
    assert "特困人员不同时纳入低保" in str(caught.value)
    assert not household.applications.exists()
    # The head alone (单人保) may apply: 特困 is the spouse's.
    head = household.members.get(relation="self")
    app = services.application_create(
        household=household, data={"kind": "single", "single_member": head.pk}, actor=users.haizhou
    )
    assert app.program_id == codes.DIBAO


def test_a_near_poverty_household_cannot_apply_for_dibao(areas, users):
    household = make_household(areas.haizhou, users.haizhou)
    hold(household, codes.NEAR_POVERTY)
    with pytest.raises(DomainError) as caught:
        services.application_create(household=household, data={}, actor=users.haizhou)
    assert "低保边缘家庭是不符合低保条件的家庭" in str(caught.value)


def test_an_exclusion_granted_after_the_application_refuses_its_acceptance(areas, users):
    app = application(areas, users, until="submit")
    hold(app.household, codes.NEAR_POVERTY)
    papers_seen(app, users.haizhou)
    with pytest.raises(DomainError) as caught:
        services.transition(application=app, step="accept", actor=users.haizhou)
    assert caught.value.code == "excluded"
    app.refresh_from_db()
    assert app.state == "submitted"


def test_the_worklist_is_filtered_by_program_and_names_it_only_beside_another(login, areas, users):
    dibao = application(areas, users)
    client = login(users.haizhou)
    page = client.get("/cases/", {"show": "all"})
    assert 'name="program"' in page.content.decode()
    assert not page.context["programs"]
    assert [r.application.pk for r in page.context["rows"]] == [dibao.pk]
    assert list(client.get("/cases/", {"show": "all", "program": "elderly_allowance"}).context["rows"]) == []
    # A second program's application (kept by the register as such): the column names each.
    other = make_household(areas.haizhou, users.haizhou)
    Application.objects.create(
        household=other, community=areas.haizhou, applicant_name="李四", program_id=codes.NEAR_POVERTY
    )
    page = client.get("/cases/", {"show": "all"})
    assert sorted(r.program for r in page.context["rows"]) == ["低保边缘家庭", "最低生活保障"]
