import datetime

import pytest
from django.core.management import call_command

from dibao.areas.models import Area
from dibao.core import idnumbers
from dibao.demo import county
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


def test_demo_data_command_once(capsys):
    call_command("demo_data", "--households", "5", "--json")
    call_command("demo_data", "--once", "--json")
    out = capsys.readouterr().out.strip().splitlines()
    assert out[0] == f'{{"created_areas": true, "households": 5, "members": {Member.objects.count()}}}'
    assert out[1] == '{"created_areas": false, "households": 0, "members": 0}'
