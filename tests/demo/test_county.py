import datetime
import json
from decimal import Decimal

import pytest
from django.core.management import call_command

from dibao.areas.models import Area
from dibao.benefits.models import Entitlement
from dibao.core import idnumbers
from dibao.demo import county
from dibao.policy.models import Standard
from dibao.registry.models import Household, Member

pytestmark = pytest.mark.django_db


def test_demo_builds_valid_households_once():
    result = county.build(households=40, seed=7, today=datetime.date(2026, 11, 1))
    assert result.created_areas and result.households == 40
    assert Area.objects.count() == 14
    assert Member.objects.count() == result.members
    for member in Member.objects.all():
        parsed = idnumbers.parse(member.id_number)
        assert parsed.birth_date == member.birth_date and parsed.sex == member.sex
    # every household has exactly one head
    assert all(h.members.filter(relation="self").count() == 1 for h in Household.objects.all())
    # terminated households release their people
    assert not Member.objects.filter(household__status="terminated", is_current=True).exists()
    again = county.build(households=10, seed=7)
    assert not again.created_areas and Household.objects.count() == 50


def test_demo_receiving_households_have_entitlements_from_the_seed_policy():
    result = county.build(households=60, seed=3, today=datetime.date(2026, 11, 1))
    receiving = Household.objects.filter(status__in=["receiving", "suspended"])
    assert result.entitlements == receiving.count() > 0
    entitlement = Entitlement.objects.filter(urban_rural="urban").first()
    assert entitlement.month_from == datetime.date(2026, 11, 1)
    # urban households are paid the class amounts 420/360/300 per person, rounded to the yuan
    assert entitlement.amount in {
        Decimal(300 * a + 360 * b + 420 * c) for a in range(6) for b in range(6) for c in range(6)
    }
    again = county.build(households=5, seed=4, today=datetime.date(2026, 11, 1))
    assert Standard.objects.count() == 2  # the policy is set once
    assert (
        again.entitlements
        == Household.objects.filter(status__in=["receiving", "suspended"]).count() - result.entitlements
    )


def test_demo_data_command_once(capsys):
    call_command("demo_data", "--households", "5", "--json")
    call_command("demo_data", "--once", "--json")
    out = capsys.readouterr().out.strip().splitlines()
    first = json.loads(out[0])
    story = first.pop("story")
    assert first == {
        "created_areas": True,
        "households": 5,
        "members": Member.objects.count(),
        "entitlements": Entitlement.objects.filter(program_id="dibao", reason="migration").count(),
    }
    # The county was new: its year was told, with a paid run for each of the twelve months.
    assert story["runs_paid"] == 12
    assert json.loads(out[1]) == {
        "created_areas": False,
        "households": 0,
        "members": 0,
        "entitlements": 0,
        "story": {},
    }
