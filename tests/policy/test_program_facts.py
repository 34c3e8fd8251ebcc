"""`programs.facts`: what the program tests read of a member in a month, gathered from the
register as the user may see it, and fed to the tests themselves."""

import datetime
from decimal import Decimal

import pytest

from dibao.core.errors import NotFound
from dibao.policy.programs import eligibility
from dibao.policy.programs.facts import program_facts
from dibao.policy.programs.terms import defaults
from dibao.registry import services
from dibao.registry.models import HouseholdStatus

from ..registry.register_data import fresh_id_number, make_household, member_fields

pytestmark = pytest.mark.django_db
MARCH = datetime.date(2026, 3, 1)


@pytest.fixture
def elder(areas, users):
    """A person of 85 living alone, with a son outside the register and a daughter receiving 低保."""
    worker = users.haizhou
    household = make_household(
        areas.haizhou, worker, head={"id_number": fresh_id_number(datetime.date(1940, 5, 1))}
    )
    head = household.members.get()
    daughter_home = make_household(areas.haiyue, users.street)
    # As an approved application leaves it (the status a decision records, not a hand-set one).
    services.household_status_record(
        household=daughter_home, status=HouseholdStatus.RECEIVING, actor=users.street
    )
    daughter = daughter_home.members.get()
    add = services.supporter_add
    add(
        household=household,
        data={
            "member": head.pk,
            "name": "王大伟",
            "id_number": fresh_id_number(),
            "relation": "child",
            "able": False,
            "note": "服刑",
        },
        actor=worker,
    )
    add(
        household=household,
        data={
            "member": head.pk,
            "name": daughter.name,
            "id_number": daughter.id_number,
            "relation": "child",
            "able": True,
        },
        actor=worker,
    )
    for day, failed in [("2025-10-01", []), ("2026-03-20", ["eating", "dressing", "bathing", "walking"])]:
        services.care_assessment_add(
            household=household,
            data={"member": head.pk, "assessed_on": day, "failed": failed, "assessor": "区评估中心"},
            actor=worker,
        )
    for day, amount in [("2025-02-10", "900"), ("2025-06-10", "1200.50"), ("2026-03-02", "70")]:
        services.rigid_spending_add(
            household=household, data={"kind": "medical", "amount": amount, "spent_on": day}, actor=worker
        )
    return household, head


def test_the_facts_of_a_member_for_a_month(elder, users):
    _household, head = elder
    facts = program_facts(users.haizhou, head.pk, MARCH)
    assert facts.member.name == head.name and facts.in_school is False
    assert [(s.able, s.programs) for s in facts.supporters] == [
        (False, frozenset()),
        (True, frozenset({"dibao"})),
    ]
    # The assessment of 20 March counts in March; in February the one before it.
    assert (facts.care_needed, facts.care_assessed_on) == ("full", datetime.date(2026, 3, 20))
    assert program_facts(users.haizhou, head.pk, datetime.date(2026, 2, 1)).care_needed == "none"
    assert program_facts(users.haizhou, head.pk, datetime.date(2025, 9, 1)).care_needed is None
    # 2025-03 to 2026-02: the June spending only.
    assert facts.rigid_spending == Decimal("1200.50")


def test_the_facts_feed_the_extreme_poverty_test(elder, users):
    _household, head = elder
    facts = program_facts(users.haizhou, head.pk, MARCH)
    terms = defaults("extreme_poverty")
    result = eligibility.extreme_poverty(
        facts.member,
        MARCH,
        standard=Decimal("455"),
        monthly_income=Decimal("0"),
        assets_pass=True,
        supporters=facts.supporters,
        care_needed=facts.care_needed or "none",
        institutional=False,
        in_school=facts.in_school,
        terms=terms,
    )
    # The son cannot support and the daughter is herself a 低保 recipient: no able supporter.
    assert result.eligible
    assert result.amount == Decimal("591.50") + Decimal(terms["care_home"]["full"])


def test_a_student_is_in_school_and_another_area_finds_nothing(areas, users):
    household = make_household(areas.haizhou, users.haizhou)
    pupil = services.member_add(
        household=household, data=member_fields(employment="student"), actor=users.haizhou
    )
    facts = program_facts(users.haizhou, pupil.pk, MARCH)
    assert facts.in_school and facts.supporters == [] and facts.rigid_spending == Decimal("0.00")
    with pytest.raises(NotFound):
        program_facts(users.liubeiqiao, pupil.pk, MARCH)
