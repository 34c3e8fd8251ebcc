"""The `dibao` sub-commands of the policy engine: set-standard, assess, policy-simulate, recalculation."""

import json

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from dibao.benefits.models import Entitlement, Recalculation
from dibao.policy.models import Standard
from dibao.registry.services import income_add
from tests.benefits.support import receiving
from tests.factories import make_household


def run(*args):
    from io import StringIO

    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.fixture
def standards(areas):
    run("set_standard", "--area", "210204", "--kind", "urban", "--amount", "360", "--from", "2026-01")
    run("set_standard", "--area", "210204", "--kind", "rural", "--amount", "200", "--from", "2026-01")


def test_set_standard_json(areas):
    result = json.loads(
        run(
            "set_standard",
            "--area",
            "210204",
            "--kind",
            "urban",
            "--amount",
            "360",
            "--from",
            "2026-01",
            "--json",
        )
    )
    assert result["amount"] == "360.00" and result["from"] == "2026-01" and result["recalculation"] is None
    assert Standard.objects.get().amount == 360


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--amount", "0"], "amount"),
        (["--amount", "-1"], "amount"),
        (["--area", "999999"], "No area with code 999999"),
        (["--from", "2026-13"], "valid_from"),
    ],
)
def test_set_standard_refusals(areas, args, message):
    base = {"--area": "210204", "--kind": "urban", "--amount": "360", "--from": "2026-01"}
    for flag, value in zip(args[::2], args[1::2], strict=True):
        base[flag] = value
    with pytest.raises(CommandError) as caught:
        run("set_standard", *[x for pair in base.items() for x in pair])
    assert message in str(caught.value) or message in str(caught.value).lower()
    assert not Standard.objects.exists()


def test_set_standard_as_a_worker_is_refused(areas, users):
    with pytest.raises(CommandError, match="role may not"):
        run(
            "set_standard",
            "--area",
            "210204001001",
            "--kind",
            "urban",
            "--amount",
            "360",
            "--from",
            "2026-01",
            "--as",
            users.haizhou.username,
        )


def test_assess_json_the_worked_example(areas, users, standards):
    household = make_household(areas.haizhou, users.haizhou, members=2)
    income_add(
        household=household,
        data={"kind": "wage", "amount": "600", "month_from": "2026-01"},
        actor=users.haizhou,
    )
    result = json.loads(run("assess", "--household", household.number, "--month", "2026-03", "--json"))
    assert result["eligible"] is True
    assert result["reasons"] == []
    assert (result["per_capita_income"], result["monthly_amount"]) == ("200.00", "480.00")
    assert isinstance(result["explanation"], list) and len(result["explanation"]) >= 5
    assert any("480.00" in line for line in result["explanation"])


def test_assess_json_in_english_and_with_reasons(areas, users, standards):
    household = make_household(areas.haizhou, users.haizhou)
    income_add(
        household=household,
        data={"kind": "wage", "amount": "900", "month_from": "2026-01"},
        actor=users.haizhou,
    )
    result = json.loads(
        run("assess", "--household", household.number, "--month", "2026-03", "--json", "--language", "en")
    )
    assert result["eligible"] is False and result["monthly_amount"] == "0.00"
    assert result["reasons"] == ["Per-capita income 900.00 yuan is not below the standard 360.00 yuan."]


def test_assess_an_unknown_household_or_month(areas, standards):
    with pytest.raises(CommandError, match="No household"):
        run("assess", "--household", "0000", "--month", "2026-03")
    with pytest.raises(CommandError, match="month"):
        run("assess", "--household", "0000", "--month", "March")


def test_assess_without_a_standard_says_why(areas, users):
    household = make_household(areas.haizhou, users.haizhou)
    with pytest.raises(CommandError, match="城市"):
        run("assess", "--household", household.number, "--month", "2026-03")


def test_policy_simulate_json_and_xlsx(areas, users, standards, tmp_path):
    household = make_household(areas.haizhou, users.haizhou)
    income_add(
        household=household,
        data={"kind": "other", "amount": "100", "month_from": "2026-01"},
        actor=users.haizhou,
    )
    out = tmp_path / "diff.xlsx"
    result = json.loads(
        run(
            "policy_simulate",
            "--area",
            "210204",
            "--standard",
            "400",
            "--month",
            "2026-03",
            "--json",
            "--xlsx",
            str(out),
        )
    )
    assert result["total_now"] == "260.00" and result["total_new"] == "300.00"
    assert result["monthly_change"] == "40.00" and result["annual_change"] == "480.00"
    assert result["changes"]["gaining"] == {"households": 1, "persons": 1}
    assert openpyxl.load_workbook(out).worksheets[0].max_row == 2
    assert Standard.objects.count() == 2  # wrote nothing


def test_recalculation_confirm_through_the_command(areas, users, standards):
    entitlement = receiving(areas.haizhou, users.haizhou)
    result = json.loads(
        run(
            "set_standard",
            "--area",
            "210204",
            "--kind",
            "urban",
            "--amount",
            "400",
            "--from",
            "2026-07",
            "--json",
        )
    )
    batch = result["recalculation"]
    assert result["households_changing"] == 1
    listed = json.loads(run("recalculation", "--json"))
    assert listed[0]["id"] == batch and listed[0]["state"] == "draft"
    with pytest.raises(CommandError, match="role may not"):
        run("recalculation", "--confirm", str(batch), "--as", users.street.username)
    confirmed = json.loads(run("recalculation", "--confirm", str(batch), "--json"))
    assert confirmed["state"] == "confirmed"
    assert Entitlement.objects.filter(household=entitlement.household).count() == 2
    with pytest.raises(CommandError, match="已确认"):
        run("recalculation", "--discard", str(batch))
    assert Recalculation.objects.get().state == "confirmed"
