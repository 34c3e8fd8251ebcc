import json

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from dibao.accounts.models import User

pytestmark = pytest.mark.django_db


def test_createuser_prints_json_and_hashes_the_password(areas, capsys):
    call_command(
        "createuser",
        "--username",
        "li",
        "--role",
        "community",
        "--area",
        "210204001001",
        "--password",
        "Long-enough-9",
        "--json",
    )
    printed = json.loads(capsys.readouterr().out)
    assert printed == {"id": printed["id"], "username": "li", "role": "community", "area": "210204001001"}
    assert User.objects.get(username="li").check_password("Long-enough-9")


@pytest.mark.parametrize(
    ("role", "area", "message"),
    [("community", "999999", "No area"), ("street", "210204001001", "belongs to")],
)
def test_createuser_refuses_with_a_reason(areas, role, area, message):
    with pytest.raises(CommandError, match=message), translation.override("en"):
        call_command(
            "createuser", "--username", "li", "--role", role, "--area", area, "--password", "Long-enough-9"
        )
    assert not User.objects.filter(username="li").exists()
