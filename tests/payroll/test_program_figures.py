"""A run's figures per program: households counted once however many programs pay them, persons
as `payroll.totals` defines them, and the programs' amounts adding up to the run's total to the fen
— in the service's stored totals, the command's JSON, the run page and the API."""

import datetime
import io
import json
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from dibao.benefits.services import Grant, entitlement_grant
from dibao.payroll import services, totals
from dibao.policy.programs import codes
from dibao.policy.services import standard_set
from tests.benefits.support import receiving
from tests.factories import make_household

from ..api_support import API, api_as, own_id_numbers  # noqa: F401  (autouse fixture)

pytestmark = pytest.mark.django_db

JAN = datetime.date(2026, 1, 1)


@pytest.fixture(autouse=True)
def standards(areas):
    standard_set(
        area=areas.county, data={"kind": "urban", "amount": "360", "valid_from": "2025-01"}, actor=None
    )


def grant(household, member, program, amount):  # type: ignore[no-untyped-def]
    return entitlement_grant(
        household=household,
        grant=Grant(amount=Decimal(amount), persons=1, urban_rural="urban"),
        month_from=JAN,
        reason="approval",
        actor=None,
        program=program,
        member=member,
    )


@pytest.fixture
def county(areas, users):  # type: ignore[no-untyped-def]
    """A 低保 household in 海州 whose disabled member receives both disability subsidies and whose
    80-year-old receives the elderly allowance; a 低保 household in 海月; and in 柳背桥 a household
    without 低保 whose head receives the elderly allowance."""
    first = receiving(areas.haizhou, users.haizhou, income="33.33", members=2)
    disabled, old = first.household.members.exclude(relation="self").order_by("id")
    grant(first.household, disabled, codes.DISABILITY_LIVING, "88.88")
    grant(first.household, disabled, codes.DISABILITY_CARE, "77.77")
    grant(first.household, old, codes.ELDERLY_ALLOWANCE, "100.05")
    second = receiving(areas.haiyue, users.street, members=1)
    alone = make_household(areas.liubeiqiao, users.liubeiqiao)
    grant(alone, alone.members.get(), codes.ELDERLY_ALLOWANCE, "100.05")
    return {"first": first, "second": second}


def expected(county):  # type: ignore[no-untyped-def]
    first, second = county["first"], county["second"]
    return {
        codes.DIBAO: {
            "households": 2,
            "persons": first.persons + second.persons,
            "amount": str(first.amount + second.amount),
        },
        codes.DISABILITY_LIVING: {"households": 1, "persons": 1, "amount": "88.88"},
        codes.DISABILITY_CARE: {"households": 1, "persons": 1, "amount": "77.77"},
        codes.ELDERLY_ALLOWANCE: {"households": 2, "persons": 2, "amount": "200.10"},
    }


def test_a_run_counts_households_once_and_persons_as_defined(areas, users, county):
    run = services.run_draft(county=areas.county, month=JAN, actor=users.county)
    first, second = county["first"], county["second"]
    assert run.lines.count() == 6
    assert run.households == 3  # not 6 lines
    # 低保's covered persons, then the disabled member and two 80-year-olds, each once.
    assert run.persons == first.persons + second.persons + 3
    assert run.total == first.amount + second.amount + Decimal("88.88") + Decimal("77.77") + Decimal("200.10")
    programs = totals.programs_json(run.lines.all())
    assert programs == expected(county)
    assert sum(Decimal(p["amount"]) for p in programs.values()) == run.total


def test_the_commands_json_has_the_programs(areas, users, county):
    out = io.StringIO()
    call_command("payroll_run", "--county", "210204", "--month", "2026-01", "--json", stdout=out)
    result = json.loads(out.getvalue())
    assert result["programs"] == expected(county)
    assert result["households"] == 3
    assert sum(Decimal(p["amount"]) for p in result["programs"].values()) == Decimal(result["total_amount"])
    out = io.StringIO()
    call_command("payroll_run", "--county", "210204", "--month", "2026-01", stdout=out)
    assert "[elderly_allowance] 2 households, 2 persons, 200.10 yuan" in out.getvalue()


def test_the_apis_run_has_its_programs_and_filters_lines_by_program(areas, users, county):
    run = services.run_draft(county=areas.county, month=JAN, actor=users.county)
    body = api_as(users.county).get(f"{API}/payroll-runs/{run.pk}/").json()
    assert body["programs"] == expected(county)
    assert body["figures"]["households"] == 3
    haizhou = next(c for c in body["communities"] if c["community"] == areas.haizhou.code)
    assert set(haizhou["programs"]) == {
        codes.DIBAO,
        codes.DISABILITY_LIVING,
        codes.DISABILITY_CARE,
        codes.ELDERLY_ALLOWANCE,
    }
    assert haizhou["figures"]["households"] == 1
    lines = api_as(users.county).get(f"{API}/payroll-runs/{run.pk}/lines/?program=elderly_allowance").json()
    assert [line["program"] for line in lines["results"]] == [codes.ELDERLY_ALLOWANCE] * 2
    refused = api_as(users.county, language="en").get(f"{API}/payroll-runs/{run.pk}/lines/?program=nope")
    assert refused.status_code == 400 and "program" in refused.json()["errors"]


def test_the_run_page_shows_each_program_and_filters_its_lines(areas, users, county, login):
    run = services.run_draft(county=areas.county, month=JAN, actor=users.county)
    client = login(users.county)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("payroll:run-detail", args=[run.pk])).content.decode()
    assert 'id="program-elderly_allowance"' in page and "200.10" in page
    assert "By street and program" in page and "By community and program" in page
    filtered = client.get(reverse("payroll:run-detail", args=[run.pk]), {"program": "disability_care"})
    assert [line.program_id for line in filtered.context["lines"]] == [codes.DISABILITY_CARE]
    wrong = client.get(reverse("payroll:run-detail", args=[run.pk]), {"program": "nope"})
    assert wrong.status_code == 200 and wrong.context["program_form"].errors["program"]
