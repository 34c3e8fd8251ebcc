"""A run's figures per program: households counted once however many programs pay them, persons
as `payroll.totals` defines them, and the programs' amounts adding up to the run's total to the fen
— in the service's stored totals, the command's JSON, the run page and the API."""

import csv
import datetime
import io
import json
from decimal import Decimal

import openpyxl
import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from dibao.benefits.services import Grant, entitlement_grant
from dibao.core.downloads import content_disposition as disposition
from dibao.core.errors import DomainError
from dibao.payroll import bankfile, roster, services, totals
from dibao.payroll.models import BankLayout
from dibao.payroll.services import bankfiles
from dibao.policy.programs import codes
from dibao.policy.services import standard_set
from tests.benefits.support import receiving
from tests.factories import make_household
from tests.jobs_support import api_download, content, page_download

from ..api_support import API, api_as, own_id_numbers  # noqa: F401  (autouse fixture)
from .filesupport import approved

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


# The bank file split by program


def csv_rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("gb18030"), newline="")))


def test_a_bank_file_of_one_program_has_only_its_lines_and_its_control_total(areas, users, county):
    run = approved(areas, users)
    layout = BankLayout(
        county=areas.county, columns=bankfile.DEFAULT_COLUMNS, file_format="csv", control_total="footer"
    )
    out = io.BytesIO()
    count, total = bankfile.write_bank_file(run, out, layout, program=codes.ELDERLY_ALLOWANCE)
    rows = csv_rows(out.getvalue())
    body, control = rows[1:-1], rows[-1]
    assert (count, total) == (2, Decimal("200.10")) and len(body) == 2
    assert control == ["合计", "2", "200.10"]
    assert {r[5] for r in body} == {"2026-01高龄津贴"}
    assert bankfile.filename(run, layout, codes.ELDERLY_ALLOWANCE) == "高龄津贴代发-沙河口区-2026年01月.csv"
    # Without a program: every line, as before.
    out = io.BytesIO()
    count, total = bankfile.write_bank_file(run, out, layout)
    assert (count, total) == (6, run.total) and csv_rows(out.getvalue())[-1] == ["合计", "6", str(run.total)]
    assert bankfile.filename(run, layout) == "救助资金代发-沙河口区-2026年01月.csv"
    with pytest.raises(DomainError) as refused:
        bankfiles.bank_file_export(run=run, out=io.BytesIO(), actor=users.county, program="nope")
    assert list(refused.value.errors) == ["program"]


def test_the_bank_file_by_program_from_the_command_the_api_and_the_page(
    areas, users, county, login, tmp_path
):
    run = approved(areas, users)
    out = io.StringIO()
    target = tmp_path / "care.xlsx"
    call_command(
        "payroll_export", "--run", str(run.pk), "--format", "bank", "--out", str(target),
        "--program", codes.DISABILITY_CARE, "--json", stdout=out,
    )  # fmt: skip
    result = json.loads(out.getvalue())
    assert (result["program"], result["lines"], result["total_amount"]) == (codes.DISABILITY_CARE, 1, "77.77")
    client = api_as(users.county)
    started = client.post(f"{API}/payroll-runs/{run.pk}/bank-file/", {"program": codes.DISABILITY_LIVING})
    response = api_download(client, started)
    assert response["Content-Disposition"] == disposition("生活补贴代发-沙河口区-2026年01月.xlsx")
    rows = list(openpyxl.load_workbook(io.BytesIO(content(response))).active.iter_rows(values_only=True))
    assert len(rows) == 2 and f"{rows[1][4]:.2f}" == "88.88"
    refused = api_as(users.county, language="en").post(
        f"{API}/payroll-runs/{run.pk}/bank-file/", {"program": "nope"}
    )
    assert refused.status_code == 400 and "program" in refused.json()["errors"]
    page = login(users.county)
    assert 'name="program"' in page.get(reverse("payroll:run-detail", args=[run.pk])).content.decode()
    started = page.post(reverse("payroll:run-bank-file", args=[run.pk]), {"program": codes.ELDERLY_ALLOWANCE})
    assert page_download(page, started)["Content-Disposition"] == disposition(
        "高龄津贴代发-沙河口区-2026年01月.xlsx"
    )


def test_a_communitys_roster_of_one_program(areas, users, county, login):
    run = approved(areas, users)
    data = roster.roster(run, areas.haizhou, codes.DISABILITY_CARE)
    assert [r.total for r in data.rows] == [Decimal("77.77")] and data.total == Decimal("77.77")
    assert data.program_name in data.title
    assert len(roster.roster(run, areas.haizhou).rows) == 4  # every line of the community
    client = login(users.county)
    path = reverse("payroll:run-roster", args=[run.pk, areas.haizhou.pk, "xlsx"])
    response = client.get(path, {"program": codes.DISABILITY_CARE})
    assert response["Content-Disposition"] == disposition("护理补贴花名册-海州社区-2026年01月.xlsx")
    whole = client.get(reverse("payroll:run-roster", args=[run.pk, areas.haizhou.pk, "pdf"]))
    assert whole["Content-Disposition"] == disposition("低保花名册-海州社区-2026年01月.pdf")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert data.program_name in sheet.cell(1, 1).value
    assert client.get(path, {"program": "nope"}).status_code == 302  # back to the run, with the reason
