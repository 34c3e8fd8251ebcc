"""Payroll runs through the API: the same services and the same rules as the pages — who may take
each step (403), what lies outside the area (404), wrong input (400 naming the field) — and an
approved run that no request changes."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest

from dibao.areas.models import Area
from dibao.core.downloads import content_disposition
from dibao.core.models import AuditEntry
from dibao.payroll import services
from dibao.payroll.models import Line, Run, RunState
from dibao.policy.services import standard_set
from tests.benefits.support import receiving
from tests.factories import UserFactory
from tests.jobs_support import api_download, content

from ..api_support import API, api_as, own_id_numbers  # noqa: F401  (autouse fixture)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

pytestmark = pytest.mark.django_db

JAN, FEB = datetime.date(2026, 1, 1), datetime.date(2026, 2, 1)
RUNS = f"{API}/payroll-runs/"


@pytest.fixture(autouse=True)
def standards(areas):
    for kind, amount in (("urban", "360"), ("rural", "200")):
        standard_set(
            area=areas.county, data={"kind": kind, "amount": amount, "valid_from": "2025-01"}, actor=None
        )


@pytest.fixture
def households(areas, users):
    """Two households in 海州, one in 海月 (星海湾 street), one of two persons in 柳背桥 (石桥铺)."""
    return [
        receiving(areas.haizhou, users.haizhou),
        receiving(areas.haizhou, users.haizhou),
        receiving(areas.haiyue, users.street),
        receiving(areas.liubeiqiao, users.liubeiqiao, members=1),
    ]


def run_url(run_id: int, tail: str = "") -> str:
    return f"{RUNS}{run_id}/{tail}"


def drafted(areas, users, month=JAN) -> Run:  # type: ignore[no-untyped-def]
    return services.run_draft(county=areas.county, month=month, actor=users.county)


def approved(areas, users, month=JAN) -> Run:  # type: ignore[no-untyped-def]
    run = drafted(areas, users, month)
    for street in (areas.xinghaiwan, areas.shiqiaopu):
        run = services.run_check(run=run, street=street, actor=users.county)
    return services.run_approve(run=run, actor=users.county)


def lines_of(run_id: int) -> list[tuple]:
    return list(Line.objects.filter(run_id=run_id).values_list("id", "household_id", "total", "result"))


# Reading


def test_runs_newest_first_with_the_figures_of_the_callers_area(areas, users, households):
    drafted(areas, users, JAN)
    drafted(areas, users, FEB)
    body = api_as(users.county).get(RUNS).json()
    assert body["count"] == 2
    assert [r["month"] for r in body["results"]] == ["2026-02", "2026-01"]
    assert body["results"][0]["figures"] == {
        "households": 4,
        "persons": 5,
        "total_amount": "1400.00",
        "per_household": "350.00",
        "per_person": "280.00",
    }
    assert body["results"][0]["state"] == "draft" and body["results"][0]["county"] == "210204"
    street = api_as(users.street).get(RUNS).json()["results"][0]["figures"]
    assert (street["households"], street["total_amount"]) == (3, "780.00")
    month = api_as(users.haizhou).get(RUNS, {"month": "2026-01"}).json()
    assert [r["month"] for r in month["results"]] == ["2026-01"]
    assert month["results"][0]["figures"]["households"] == 2
    wrong = api_as(users.county).get(RUNS, {"month": "2026-13"})
    assert wrong.status_code == 400 and "month" in wrong.json()["errors"]


def test_a_run_with_its_figures_per_street_community_kind_and_class(areas, users, households):
    run = drafted(areas, users)
    body = api_as(users.county).get(run_url(run.pk)).json()
    assert body["figures"]["total_amount"] == "1400.00" and body["version"] == run.version
    assert [(s["street"], s["figures"]["households"], s["checked"]) for s in body["streets"]] == [
        (areas.xinghaiwan.code, 3, False),
        (areas.shiqiaopu.code, 1, False),
    ]
    assert [(c["community"], c["street"], c["figures"]["total_amount"]) for c in body["communities"]] == [
        (areas.haizhou.code, areas.xinghaiwan.code, "520.00"),
        (areas.haiyue.code, areas.xinghaiwan.code, "260.00"),
        (areas.liubeiqiao.code, areas.shiqiaopu.code, "620.00"),
    ]
    assert [(k["urban_rural"], k["figures"]["households"]) for k in body["urban_rural"]] == [("urban", 4)]
    assert sum(Decimal(c["figures"]["total_amount"]) for c in body["benefit_classes"]) == Decimal("1400.00")
    assert body["actions"] == ["redraft", "check"]


def test_a_street_and_a_community_read_only_their_own(areas, users, households):
    run = drafted(areas, users)
    street = api_as(users.street).get(run_url(run.pk)).json()
    assert [s["street"] for s in street["streets"]] == [areas.xinghaiwan.code]
    assert {c["community"] for c in street["communities"]} == {areas.haizhou.code, areas.haiyue.code}
    assert street["figures"]["households"] == 3 and street["actions"] == ["check"]
    lines = api_as(users.street).get(run_url(run.pk, "lines/")).json()
    assert lines["count"] == 3
    assert {line["community"] for line in lines["results"]} == {areas.haizhou.code, areas.haiyue.code}
    worker = api_as(users.haizhou).get(run_url(run.pk)).json()
    assert [c["community"] for c in worker["communities"]] == [areas.haizhou.code]
    assert worker["actions"] == []
    assert api_as(users.haizhou).get(run_url(run.pk, "lines/")).json()["count"] == 2
    # naming an area outside one's own is a 400 on that field
    outside = api_as(users.haizhou).get(run_url(run.pk, "lines/"), {"area": areas.liubeiqiao.code})
    assert outside.status_code == 400 and "area" in outside.json()["errors"]


def test_lines_are_paginated_searched_and_masked(areas, users, households):
    run = drafted(areas, users)
    client = api_as(users.county)
    body = client.get(run_url(run.pk, "lines/")).json()
    assert body["count"] == 4 and {"next", "previous", "results"} <= set(body)
    line = body["results"][0]
    stored = Line.objects.get(pk=line["id"])
    assert line["head_id_number"] != stored.head_id_number and "*" in line["head_id_number"]
    assert line["bank_account"] == f"…{stored.bank_account[-4:]}"
    assert (line["total"], line["result"]) == (f"{stored.total:.2f}", "pending")
    number = households[2].household.number
    found = client.get(run_url(run.pk, "lines/"), {"q": number}).json()
    assert [r["number"] for r in found["results"]] == [number]
    street = client.get(run_url(run.pk, "lines/"), {"area": areas.shiqiaopu.code}).json()
    assert [r["community"] for r in street["results"]] == [areas.liubeiqiao.code]


def test_administrators_and_anonymous_callers_do_not_read(areas, users, households):
    run = drafted(areas, users)
    assert api_as().get(RUNS).status_code == 401
    assert api_as(users.admin).get(RUNS).status_code == 403
    assert api_as(users.admin).get(run_url(run.pk)).status_code == 403


def test_a_run_of_another_county_is_not_found(areas, users, households):
    run = drafted(areas, users)
    other = Area.objects.create(code="210211", name="甘井子区", level="county", scope_prefix="210211")
    stranger = api_as(UserFactory.create(username="c_other", role="county", area=other))
    assert stranger.get(RUNS).json()["count"] == 0
    for method, tail, body in (
        ("get", "", None),
        ("get", "lines/", None),
        ("post", "approve/", {"version": run.version}),
        ("post", "check/", {"street": areas.xinghaiwan.code}),
        ("post", "close/", None),
        ("post", "bank-file/", None),
    ):
        response = getattr(stranger, method)(run_url(run.pk, tail), body)
        assert response.status_code == 404, (tail, response.content)
    assert api_as(users.county).get(run_url(99999)).status_code == 404


# Drafting


def test_the_county_drafts_and_drafts_again(areas, users, households):
    client = api_as(users.county)

    def drafted(response):  # type: ignore[no-untyped-def]
        """A draft answers 202 with its job; the job, polled, names the run."""
        assert response.status_code == 202, response.json()
        job = client.get(response["Location"]).json()
        assert (job["kind"], job["state"]) == ("payroll-draft", "succeeded")
        return client.get(run_url(job["outcome"]["run"])).json()

    created = drafted(client.post(RUNS, {"county": "210204", "month": "2026-01"}))
    assert created["figures"]["households"] == 4 and created["state"] == "draft"
    receiving(areas.haizhou, users.haizhou)
    again = drafted(client.post(RUNS, {"month": "2026-01"}))  # the caller's county
    assert again["id"] == created["id"]
    assert again["figures"]["households"] == 5 and Run.objects.count() == 1


def test_drafting_refusals(areas, users):
    for role in ("street", "haizhou", "auditor", "admin"):
        assert api_as(getattr(users, role)).post(RUNS, {"month": "2026-01"}).status_code == 403
    client = api_as(users.county)
    assert client.post(RUNS, {"month": "2026-13"}).json()["errors"].keys() == {"month"}
    assert client.post(RUNS, {}).json()["errors"].keys() == {"month"}
    street = client.post(RUNS, {"county": areas.xinghaiwan.code, "month": "2026-01"})
    assert street.status_code == 400 and "county" in street.json()["errors"]
    unknown = client.post(RUNS, {"county": "110101", "month": "2026-01"})
    assert unknown.status_code == 400 and "county" in unknown.json()["errors"]
    extra = client.post(RUNS, {"month": "2026-01", "state": "approved"})
    assert extra.status_code == 400 and "state" in extra.json()["errors"]
    assert not Run.objects.exists()


# Steps


def test_a_street_checks_its_own_street(areas, users, households):
    run = drafted(areas, users)
    client = api_as(users.street)
    done = client.post(run_url(run.pk, "check/"), {})  # its own street
    assert done.status_code == 200, done.json()
    assert [s["checked"] for s in done.json()["streets"]] == [True]
    assert done.json()["streets"][0]["checked_by"] == users.street.username
    other = client.post(run_url(run.pk, "check/"), {"street": areas.shiqiaopu.code})
    assert other.status_code == 400 and "street" in other.json()["errors"]
    community = api_as(users.county).post(run_url(run.pk, "check/"), {"street": areas.haizhou.code})
    assert community.status_code == 400 and "street" in community.json()["errors"]
    assert api_as(users.county).post(run_url(run.pk, "check/"), {}).status_code == 400
    for role in ("haizhou", "auditor"):
        refused = api_as(getattr(users, role)).post(
            run_url(run.pk, "check/"), {"street": areas.xinghaiwan.code}
        )
        assert refused.status_code == 403
    assert Run.objects.get().state == RunState.DRAFT


def test_approval_names_the_version_seen(areas, users, households):
    run = drafted(areas, users)
    client = api_as(users.county)
    early = client.post(run_url(run.pk, "approve/"), {"version": run.version})
    assert early.status_code == 400 and early.json()["code"] == "wrong_state"
    for street in (areas.xinghaiwan, areas.shiqiaopu):
        body = client.post(run_url(run.pk, "check/"), {"street": street.code}).json()
    assert body["state"] == "checked" and body["actions"] == ["approve"]
    assert client.post(run_url(run.pk, "approve/"), {}).json()["errors"].keys() == {"version"}
    stale = client.post(run_url(run.pk, "approve/"), {"version": body["version"] - 1})
    assert stale.status_code == 400 and stale.json()["code"] == "stale"
    for role in ("street", "haizhou", "auditor"):
        refused = api_as(getattr(users, role)).post(run_url(run.pk, "approve/"), {"version": body["version"]})
        assert refused.status_code == 403
    done = client.post(run_url(run.pk, "approve/"), {"version": body["version"]})
    assert done.status_code == 200 and done.json()["state"] == "approved"
    assert done.json()["approved_by"] == users.county.username
    assert done.json()["actions"] == ["bank_file"]


def test_an_approved_run_cannot_change_through_any_request(areas, users, households):
    run = approved(areas, users)
    receiving(areas.haizhou, users.haizhou)  # would be a new line
    before, audit = lines_of(run.pk), AuditEntry.objects.count()
    county = api_as(users.county)
    redraft = county.post(RUNS, {"month": "2026-01"})
    assert redraft.status_code == 400 and redraft.json()["code"] == "fixed"
    check = api_as(users.street).post(run_url(run.pk, "check/"), {})
    assert check.status_code == 400 and check.json()["code"] == "fixed"
    again = county.post(run_url(run.pk, "approve/"), {"version": Run.objects.get().version})
    assert again.status_code == 400
    close = county.post(run_url(run.pk, "close/"))
    assert close.status_code == 400 and close.json()["code"] == "wrong_state"
    for method in ("put", "patch", "delete"):
        assert getattr(county, method)(run_url(run.pk), {"state": "draft"}).status_code == 405
    assert county.delete(run_url(run.pk, "lines/")).status_code == 405
    assert lines_of(run.pk) == before and AuditEntry.objects.count() == audit
    assert Run.objects.get().state == RunState.APPROVED


def test_the_bank_file_of_a_draft_is_refused(areas, users, households):
    run = drafted(areas, users)
    response = api_as(users.county).post(run_url(run.pk, "bank-file/"), HTTP_ACCEPT="text/csv")
    assert response.status_code == 400 and response["Content-Type"] == "application/json"
    assert response.json()["code"] == "wrong_state"
    for role in ("street", "haizhou", "auditor"):
        assert api_as(getattr(users, role)).post(run_url(run.pk, "bank-file/")).status_code == 403


def test_the_bank_file_moves_an_approved_run_to_exported(areas, users, households):
    run = approved(areas, users)
    client = api_as(users.county)
    started = client.post(run_url(run.pk, "bank-file/"))
    assert started.status_code == 202 and started.json()["kind"] == "payroll-bank-file"
    response = api_download(client, started)
    assert response["Content-Type"] == XLSX  # the default layout: what a clerk opens without damage
    assert "attachment" in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(content(response))).active
    assert sheet is not None and sheet.max_row == 1 + 4  # the header and a row a line; no total record
    assert sum(Decimal(str(row[4])) for row in sheet.iter_rows(min_row=2, values_only=True)) == run.total
    assert Run.objects.get().state == RunState.EXPORTED
    job = client.get(started["Location"]).json()
    assert (job["done"], job["total"]) == (4, 4) and job["outcome"]["lines"] == 4
    again = client.post(run_url(run.pk, "bank-file/"), HTTP_ACCEPT="*/*")
    assert again.status_code == 202 and Run.objects.get().state == RunState.EXPORTED
    # Another county's officer finds neither the job nor its file.
    stranger = api_as(UserFactory.create(username="c_other", role="county", area=areas.county))
    assert stranger.get(started["Location"]).status_code == 404
    assert stranger.get(job["file_url"]).status_code == 404


def test_a_get_of_the_bank_file_changes_nothing(areas, users, households):
    run = approved(areas, users)
    response = api_as(users.county).get(run_url(run.pk, "bank-file/"))
    assert response.status_code == 405 and response["Content-Type"] == "application/json"
    assert Run.objects.get().state == RunState.APPROVED


def test_every_payroll_endpoint_is_in_the_schema():
    schema = api_as().get(f"{API}/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    paths = schema["paths"]
    assert {"get", "post"} <= set(paths["/api/v1/payroll-runs/"])
    assert "month" in {p["name"] for p in paths["/api/v1/payroll-runs/"]["get"]["parameters"]}
    assert "get" in paths["/api/v1/payroll-runs/{id}/"]
    assert {"q", "area", "page"} <= {
        p["name"] for p in paths["/api/v1/payroll-runs/{id}/lines/"]["get"]["parameters"]
    }
    for step in ("check", "approve", "close"):
        assert "post" in paths[f"/api/v1/payroll-runs/{{id}}/{step}/"]
    assert set(paths["/api/v1/payroll-runs/{id}/bank-file/"]) == {"post"}
    results = paths["/api/v1/payroll-runs/{id}/results/"]["post"]
    assert "multipart/form-data" in results["requestBody"]["content"]
    components = schema["components"]["schemas"]
    assert set(components["PayrollRunStateEnum"]["enum"]) == set(RunState.values)
    assert {"streets", "communities", "urban_rural", "benefit_classes", "actions"} <= set(
        components["PayrollRunDetailOutput"]["properties"]
    )


def results_file(run_id: int, failed: frozenset[int] = frozenset(), amount_of=None) -> io.BytesIO:  # type: ignore[no-untyped-def]
    rows = ["身份证号,金额,结果,失败原因"]
    for line in Line.objects.filter(run_id=run_id).order_by("id"):
        ok = line.household_id not in failed
        amount = amount_of(line) if amount_of else line.total
        rows.append(f"{line.head_id_number},{amount},{'成功' if ok else '失败'},{'' if ok else '账户已销户'}")
    file = io.BytesIO("\n".join(rows).encode())
    file.name = "results.csv"
    return file


def test_from_draft_to_closed_through_the_api(areas, users, households):
    county, street = api_as(users.county), api_as(users.street)
    shiqiaopu = api_as(UserFactory.create(username="s_shiqiaopu", role="street", area=areas.shiqiaopu))
    job = county.get(county.post(RUNS, {"county": "210204", "month": "2026-01"})["Location"]).json()
    run_id = job["outcome"]["run"]  # the draft is a job; its outcome names the run
    assert street.post(run_url(run_id, "check/"), {"street": areas.xinghaiwan.code}).status_code == 200
    checked = shiqiaopu.post(run_url(run_id, "check/"), {}).json()
    assert checked["state"] == "checked"
    approved_ = county.post(run_url(run_id, "approve/"), {"version": checked["version"]}).json()
    assert approved_["state"] == "approved"

    exported = api_download(county, county.post(run_url(run_id, "bank-file/")))
    assert exported["Content-Type"] == XLSX
    assert content_disposition("救助资金代发-沙河口区-2026年01月.xlsx") == exported["Content-Disposition"]
    assert county.get(run_url(run_id)).json()["actions"] == ["bank_file", "results"]

    failed = households[3].household_id
    # a wrong amount refuses the whole file, with the report row by row
    wrong = results_file(run_id, amount_of=lambda line: line.total + 1)
    refused = county.post(run_url(run_id, "results/"), {"file": wrong}, format="multipart")
    assert refused.status_code == 400, refused.json()
    body = refused.json()
    assert body["code"] == "refused" and len(body["errors"]["file"]) == 4
    assert body["report"]["outcome"] == "refused" and body["report"]["errors"][0]["row"] == 2
    assert Line.objects.filter(run_id=run_id, result="pending").count() == 4
    assert (
        street.post(
            run_url(run_id, "results/"), {"file": results_file(run_id)}, format="multipart"
        ).status_code
        == 403
    )
    missing = county.post(run_url(run_id, "results/"), {}, format="multipart")
    assert missing.status_code == 400 and "file" in missing.json()["errors"]

    done = county.post(
        run_url(run_id, "results/"), {"file": results_file(run_id, frozenset({failed}))}, format="multipart"
    )
    assert done.status_code == 200, done.json()
    result = done.json()
    assert (result["state"], result["outcome"], result["rows"]) == ("paid", "imported", 4)
    assert result["paid"] == {"count": 3, "amount": "780.00"}
    assert result["failed"] == {"count": 1, "amount": "620.00"}
    assert (result["outstanding"]["count"], result["adjustments"]) == (0, 1)
    lines = county.get(run_url(run_id, "lines/"), {"q": households[3].household.number}).json()["results"]
    assert (lines[0]["result"], lines[0]["result_reason"]) == ("failed", "账户已销户")

    assert street.post(run_url(run_id, "close/")).status_code == 403
    closed = county.post(run_url(run_id, "close/"))
    assert closed.status_code == 200 and closed.json()["state"] == "closed"
    assert Run.objects.get().state == RunState.CLOSED
    assert AuditEntry.objects.filter(object_type="payroll.run").count() >= 7


def test_the_bank_file_in_the_countys_layout(areas, users, households):
    import openpyxl

    from dibao.payroll.bankfile import DEFAULT_COLUMNS
    from dibao.payroll.models import BankLayout

    BankLayout.objects.create(
        county=areas.county, columns=DEFAULT_COLUMNS, file_format="xlsx", encoding="utf-8"
    )
    run = approved(areas, users)
    client = api_as(users.county)
    response = api_download(client, client.post(run_url(run.pk, "bank-file/")))
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert content_disposition("救助资金代发-沙河口区-2026年01月.xlsx") == response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(content(response))).active
    assert sheet is not None and sheet.max_row == 1 + 4
    assert Run.objects.get().state == RunState.EXPORTED
