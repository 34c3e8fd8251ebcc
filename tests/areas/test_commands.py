import json

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_areas_lists_codes_and_names(areas, capsys):
    call_command("areas", "--json")
    listed = json.loads(capsys.readouterr().out)
    assert len(listed) == 14
    assert {
        "code": "210204001001",
        "name": "海州社区",
        "level": "community",
        "parent": "210204001000",
    } in listed
    call_command("areas")
    assert "    210204001001  海州社区" in capsys.readouterr().out.splitlines()
