"""The change report per program: another program's report counts that program's movements, and
低保's report — the default everywhere — is the same whatever the other programs did."""

import datetime
import io
import json
from decimal import Decimal
from typing import Any
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.utils import timezone, translation
from python_calamine import CalamineWorkbook

from dibao.benefits.services import Grant, entitlement_grant
from dibao.core.errors import DomainError
from dibao.policy.programs import codes
from dibao.policy.services import standard_set
from dibao.reviews.report.selectors import change_report
from dibao.reviews.report.workbook import change_report_xlsx, filename
from tests.benefits.support import receiving
from tests.factories import make_household
from tests.jobs_support import content, page_download

pytestmark = pytest.mark.django_db

D = datetime.date
MAR = D(2026, 3, 1)
PERIOD = (D(2026, 2, 6), D(2026, 3, 5))
PAGE = "/reviews/changes/"
XLSX_PAGE = "/reviews/changes/xlsx/"
API = "/api/v1/reviews/change-report/"
QUERY = {"area": "210204", "from": "2026-02-06", "to": "2026-03-05"}


@pytest.fixture
def on(monkeypatch):  # type: ignore[no-untyped-def]
    real = timezone.localdate

    def _on(day: datetime.date) -> None:
        def fake(value: Any = None, timezone: Any = None) -> datetime.date:
            return day if value is None else real(value, timezone)

        monkeypatch.setattr("django.utils.timezone.localdate", fake)

    return _on


def grant(household, member, program, amount, actor):  # type: ignore[no-untyped-def]
    return entitlement_grant(
        household=household,
        grant=Grant(amount=Decimal(amount), persons=1, urban_rural="urban"),
        month_from=MAR,
        reason="approval",
        actor=actor,
        program=program,
        member=member,
    )


@pytest.fixture
def county(areas, users, on):  # type: ignore[no-untyped-def]
    """Before the period a 低保 household of three in 海州; in it, its disabled member is granted
    both disability subsidies and its 80-year-old the elderly allowance, and in 柳背桥 a person
    living alone the elderly allowance. Returns 低保's report as it was before those grants."""
    standard_set(
        area=areas.county, data={"kind": "urban", "amount": "360", "valid_from": "2025-01"}, actor=None
    )
    on(D(2026, 1, 10))
    dibao = receiving(areas.haizhou, users.county, members=2)
    on(D(2026, 2, 20))
    before = change_report(areas.county, *PERIOD).as_json()
    disabled, old = dibao.household.members.exclude(relation="self").order_by("id")
    grant(dibao.household, disabled, codes.DISABILITY_LIVING, "88.88", users.county)
    grant(dibao.household, disabled, codes.DISABILITY_CARE, "77.77", users.county)
    grant(dibao.household, old, codes.ELDERLY_ALLOWANCE, "100.05", users.county)
    alone = make_household(areas.liubeiqiao, users.county)
    grant(alone, alone.members.get(), codes.ELDERLY_ALLOWANCE, "100.05", users.county)
    return before


def test_a_programs_report_counts_its_own_movements(areas, county):
    report = change_report(areas.county, *PERIOD, program=codes.ELDERLY_ALLOWANCE)
    assert report.program == codes.ELDERLY_ALLOWANCE and report.program_name
    assert report.total.opening.households == 0
    assert report.total.flows["new"].households == 2
    assert report.total.flows["new"].amount == Decimal("200.10")
    assert report.total.closing.households == 2 and report.total.closing.persons == 2
    assert report.movement_count == 2 and report.balances()
    care = change_report(areas.county, *PERIOD, program=codes.DISABILITY_CARE)
    assert care.total.closing.amount == Decimal("77.77") and care.movement_count == 1


def test_dibaos_report_is_unchanged_by_the_other_programs(areas, county):
    assert change_report(areas.county, *PERIOD).as_json() == county
    assert change_report(areas.county, *PERIOD, program=codes.DIBAO).as_json() == county
    assert county["totals"]["closing"]["households"] == 1 and county["program"] == codes.DIBAO


def test_an_unknown_program_is_refused_on_its_field(areas, county):
    with pytest.raises(DomainError) as refused:
        change_report(areas.county, *PERIOD, program="nope")
    assert list(refused.value.errors) == ["program"]


def test_the_workbook_is_labelled_with_the_program(areas, county):
    with translation.override("zh-hans"):
        report = change_report(areas.county, *PERIOD, program=codes.ELDERLY_ALLOWANCE)
        book = CalamineWorkbook.from_filelike(io.BytesIO(change_report_xlsx(report)))
    title = book.get_sheet_by_index(0).to_python()[0][0]
    assert report.program_name in title and "低保" not in title
    assert filename(report) == "高龄津贴变更情况-沙河口区-2026年02月至2026年03月.xlsx"


def test_the_page_api_command_and_job_take_the_program(areas, users, county, login):
    client = login(users.county)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(PAGE, {**QUERY, "program": codes.ELDERLY_ALLOWANCE})
    assert page.context["report"].program == codes.ELDERLY_ALLOWANCE
    assert page.context["report"].movement_count == 2
    assert page.context["report"].program_name in page.content.decode()
    assert client.get(PAGE, QUERY).context["report"].program == codes.DIBAO
    wrong = client.get(PAGE, {**QUERY, "program": "nope"})
    assert wrong.status_code == 200 and wrong.context["report"] is None
    assert wrong.context["form"].errors["program"]

    started = client.post(XLSX_PAGE, {**QUERY, "program": codes.ELDERLY_ALLOWANCE})
    response = page_download(client, started)
    assert quote("高龄津贴变更情况-沙河口区", safe="") in response["Content-Disposition"]
    assert content(response)

    body = client.get(API, {**QUERY, "program": codes.ELDERLY_ALLOWANCE}).json()
    assert body["program"] == codes.ELDERLY_ALLOWANCE and body["totals"]["new"]["households"] == 2
    assert client.get(API, QUERY).json()["totals"] == county["totals"]
    refused = client.get(API, {**QUERY, "program": "nope"})
    assert refused.status_code == 400 and "program" in refused.json()["errors"]

    out = io.StringIO()
    args = ["--area", "210204", "--from", "2026-02-06", "--to", "2026-03-05", "--json"]
    call_command("change_report", *args, "--program", codes.ELDERLY_ALLOWANCE, stdout=out)
    result = json.loads(out.getvalue())
    assert result["program"] == codes.ELDERLY_ALLOWANCE and result["movements"] == 2
    with pytest.raises(CommandError, match="program"):
        call_command("change_report", *args, "--program", "nope", stdout=io.StringIO())
