"""`dibao assistance-quote --program medical`: the rules in force for a person on the register,
with nothing written."""

import datetime
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from dibao.core.models import AuditEntry

from .support import disposable_income, holding


def quote(*args):
    out = StringIO()
    call_command("assistance_quote", "--program", "medical", *args, "--json", stdout=out)
    return json.loads(out.getvalue())


def test_a_dibao_member_inpatient(areas, users):
    head = holding(areas.haizhou, users.haizhou, "dibao")
    entries = AuditEntry.objects.count()
    answer = quote("--id-number", head.id_number, "--date", "2026-03-10", "--in-policy-cost", "10000")
    assert answer["eligible"] is True and answer["category"] == "dibao"
    assert (answer["deductible"], answer["ratio"], answer["amount"], answer["cap_left"]) == (
        "0.00",
        "0.70",
        "7000.00",
        "43000.00",
    )
    assert any("7000.00" in line for line in answer["explanation"])
    assert AuditEntry.objects.count() == entries  # a quote writes nothing


def test_a_near_poverty_member_with_the_countys_disposable_income(areas, users):
    disposable_income(areas.county, "40000")
    head = holding(areas.haizhou, users.haizhou, "near_poverty")
    answer = quote("--id-number", head.id_number, "--date", "2026-03-10", "--in-policy-cost", "10000")
    assert (answer["deductible"], answer["ratio"], answer["amount"]) == ("4000.00", "0.60", "3600.00")


def test_not_qualifying_on_the_date_of_treatment(areas, users):
    head = holding(areas.haizhou, users.haizhou, "dibao", since=datetime.date(2026, 4, 1))
    answer = quote("--id-number", head.id_number, "--date", "2026-03-31", "--in-policy-cost", "10000")
    assert answer["eligible"] is False and answer["amount"] == "0.00" and answer["category"] == ""


def test_extreme_poverty_is_the_persons_own_not_the_households(areas, users):
    head = holding(areas.haizhou, users.haizhou, "extreme_poverty", person=True)
    answer = quote(
        "--id-number", head.id_number, "--date", "2026-03-10", "--in-policy-cost", "100", "--kind", "serious"
    )
    assert answer["category"] == "extreme_poverty" and answer["ratio"] == "0.80"


@pytest.mark.parametrize(
    "args, words",
    [
        (["--id-number", "210204197001010011", "--date", "2026-03-10", "--in-policy-cost", "1"], "ID number"),
        (["--id-number", "x", "--date", "2026-13-10", "--in-policy-cost", "1"], "date"),
        (["--id-number", "x", "--date", "2026-03-10", "--in-policy-cost", "-1"], "negative"),
        (["--id-number", "x", "--date", "2026-03-10", "--in-policy-cost", "1", "--kind", "x"], "kind"),
    ],
)
def test_wrong_inputs_are_one_clear_refusal(areas, args, words):
    with pytest.raises(CommandError, match=words):
        quote(*args, "--language", "en")
