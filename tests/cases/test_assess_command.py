"""`dibao assess --program`: a program's test and amount for a household's persons, with the same
fields as 低保's and a line-by-line explanation; 低保 stays the default, so today's calls work."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from dibao.policy.programs import codes

from .test_program_applications import TODAY, alone_at_85, elder_household
from .test_program_applications import standards as standards

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("assess", *args, stdout=out)
    return out.getvalue()


def test_a_person_of_85_alone_is_assessed_for_extreme_poverty_with_the_basic_and_care_amounts(areas, users):
    household, elder = alone_at_85(areas, users)
    document = json.loads(
        run(
            "--household",
            household.number,
            "--month",
            f"{TODAY:%Y-%m}",
            "--program",
            "extreme_poverty",
            "--json",
        )
    )
    assert (document["program"], document["eligible"]) == (codes.EXTREME_POVERTY, True)
    row = next(r for r in document["members"] if r["member"] == elder.id_number)
    # 455 × 1.3 = 591.50 basic living, and 412.00 care at home for partial care needed.
    assert row["amount"] == "1003.50" and document["amount"] == "1003.50"
    assert any("591.50" in line for line in row["explanation"])


def test_each_member_is_assessed_for_the_elderly_allowance_or_the_one_named(areas, users):
    household, elder = elder_household(areas, users, years=85, members=1)
    document = json.loads(
        run(
            "--household",
            household.number,
            "--month",
            f"{TODAY:%Y-%m}",
            "--program",
            "elderly_allowance",
            "--json",
        )
    )
    by_member = {r["member"]: r for r in document["members"]}
    assert by_member[elder.id_number]["eligible"] and by_member[elder.id_number]["amount"] == "100.00"
    assert len(by_member) == 2 and sum(r["eligible"] for r in by_member.values()) == 1
    one = json.loads(
        run(
            "--household",
            household.number,
            "--month",
            f"{TODAY:%Y-%m}",
            "--program",
            "elderly_allowance",
            "--member",
            elder.id_number,
            "--json",
        )
    )
    assert [r["member"] for r in one["members"]] == [elder.id_number]


def test_without_a_program_it_is_dibao_as_before(areas, users):
    household, _elder = elder_household(areas, users)
    document = json.loads(run("--household", household.number, "--month", f"{TODAY:%Y-%m}", "--json"))
    assert document["program"] == codes.DIBAO and "explanation" in document


@pytest.mark.parametrize(
    "program, message",
    [("nothing", "nothing"), ("near_poverty", "investigation")],
)
def test_a_program_that_cannot_be_assessed_is_refused_by_name(areas, users, program, message):
    household, _elder = elder_household(areas, users)
    with pytest.raises(CommandError) as caught:
        run("--household", household.number, "--month", f"{TODAY:%Y-%m}", "--program", program)
    assert message in str(caught.value)
