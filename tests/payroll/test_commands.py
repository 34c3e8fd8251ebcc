"""`dibao payroll-run`, `payroll-export` and `payroll-results`: what the county's operator types."""

import io
import json
import logging
import shutil
from decimal import Decimal

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from dibao.areas.models import Area, Level
from dibao.core.models import AuditEntry
from dibao.core.roles import Role
from dibao.payroll import bankfile, services
from dibao.payroll.models import Adjustment, Run, RunState
from dibao.payroll.services import bankfiles
from tests.benefits.support import receiving
from tests.factories import UserFactory

from .filesupport import JAN, csv_bytes, standards


@pytest.fixture(autouse=True)
def in_english():
    """These tests read refusals' wording; the Chinese is checked by the translation tests."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def policy(areas):
    standards(areas)


def command(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def export(run_id: int, fmt: str, out, *more: str) -> str:  # type: ignore[no-untyped-def]
    return command("payroll_export", "--run", str(run_id), "--format", fmt, "--out", str(out), *more)


def drafted(areas, users) -> dict:  # type: ignore[no-untyped-def, type-arg]
    receiving(areas.haizhou, users.haizhou, income="33.33")
    receiving(areas.haiyue, users.street, members=1)
    receiving(areas.liubeiqiao, users.liubeiqiao)
    return json.loads(command("payroll_run", "--county", "210204", "--month", "2026-01", "--json"))


def approve(run_id: int, users) -> Run:  # type: ignore[no-untyped-def]
    run = Run.objects.get(pk=run_id)
    for street in {line.street for line in run.lines.select_related("street")}:
        services.run_check(run=run, street=street, actor=None)
    return services.run_approve(run=run, actor=None)


def test_payroll_run_drafts_and_reports_the_streets(areas, users):
    result = drafted(areas, users)
    run = Run.objects.get()
    assert result["run"] == run.pk and result["state"] == "draft" and result["month"] == "2026-01"
    assert (result["households"], result["persons"], result["total_amount"]) == (
        3,
        run.persons,
        str(run.total),
    )
    streets = {s["street"]: s for s in result["streets"]}
    assert set(streets) == {areas.xinghaiwan.code, areas.shiqiaopu.code}
    assert streets[areas.xinghaiwan.code]["households"] == 2
    assert sum(Decimal(s["total_amount"]) for s in result["streets"]) == run.total
    again = json.loads(command("payroll_run", "--county", "210204", "--month", "2026-01", "--json"))
    assert again["run"] == run.pk and again["total_amount"] == result["total_amount"]
    assert "3 households" in command("payroll_run", "--county", "210204", "--month", "2026-01")


def test_payroll_run_refuses_what_the_service_refuses(areas, users):
    with pytest.raises(CommandError, match="role"):
        command("payroll_run", "--county", "210204", "--month", "2026-01", "--as", users.street.username)
    with pytest.raises(CommandError, match="No county"):
        command("payroll_run", "--county", "210204001000", "--month", "2026-01")
    with pytest.raises(CommandError):
        command("payroll_run", "--county", "210204", "--month", "2026-13")
    assert not Run.objects.exists()


def test_payroll_export_writes_the_bank_file_and_sends_the_run(areas, users, tmp_path):
    result = drafted(areas, users)
    run, out = result["run"], tmp_path / "daifa.csv"
    with pytest.raises(CommandError, match="approved"):
        export(run, "bank", out)
    assert not out.exists() and not (tmp_path / "daifa.csv.part").exists()
    approve(run, users)
    # The county's bank asks for GB18030 CSV with the control total record last.
    layout = {"columns": bankfile.DEFAULT_COLUMNS, "file_format": "csv", "control_total": "footer"}
    bankfiles.layout_set(county=areas.county, data=layout, actor=users.county)
    with pytest.raises(CommandError, match="role"):
        export(run, "bank", out, "--as", users.street.username)
    written = json.loads(export(run, "bank", out, "--as", users.county.username, "--json"))
    assert written["state"] == RunState.EXPORTED and written["lines"] == 3
    assert written["total_amount"] == result["total_amount"]
    rows = out.read_bytes().decode("gb18030").splitlines()
    assert rows[0].startswith("序号") and rows[-1] == f"合计,3,{result['total_amount']}"


def test_payroll_export_writes_a_communitys_roster(areas, users, tmp_path):
    run = drafted(areas, users)["run"]
    approve(run, users)
    out = tmp_path / "roster.xlsx"
    haizhou = ("--community", areas.haizhou.code)
    written = json.loads(export(run, "roster", out, *haizhou, "--as", users.haizhou.username, "--json"))
    assert written["lines"] == 1 and written["community"] == areas.haizhou.code
    sheet = openpyxl.load_workbook(out).active
    assert areas.haizhou.name in sheet["A1"].value
    with pytest.raises(CommandError, match="not found"):  # another community's worker
        export(run, "roster", out, "--community", areas.liubeiqiao.code, "--as", users.haizhou.username)
    with pytest.raises(CommandError, match="community"):
        export(run, "roster", out)
    if shutil.which("pdftotext"):
        pdf = tmp_path / "roster.pdf"
        export(run, "roster", pdf, *haizhou)
        assert pdf.read_bytes().startswith(b"%PDF")


def test_payroll_results_imports_and_reports_as_json(areas, users, tmp_path):
    result = drafted(areas, users)
    approve(result["run"], users)
    export(result["run"], "bank", tmp_path / "b.csv")
    run = Run.objects.get()
    lines = list(run.lines.order_by("id"))
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_bytes([["身份证号", "金额", "结果"], [lines[0].head_id_number, "1.00", "成功"]]))
    out = io.StringIO()
    with pytest.raises(CommandError, match="refused"):
        call_command("payroll_results", "--run", str(run.pk), str(bad), "--json", stdout=out)
    refused = json.loads(out.getvalue())
    assert refused["outcome"] == "refused" and refused["errors"][0]["row"] == 2
    assert refused["errors"][0]["column"] == "金额"
    good = tmp_path / "good.csv"
    good.write_bytes(
        csv_bytes(
            [["身份证号", "金额", "结果", "失败原因"]]
            + [
                [
                    line.head_id_number,
                    str(line.total),
                    "失败" if i == 0 else "成功",
                    "户名不符" if i == 0 else "",
                ]
                for i, line in enumerate(lines)
            ]
        )
    )
    done = json.loads(
        command("payroll_results", "--run", str(run.pk), str(good), "--json", "--as", users.county.username)
    )
    assert done["state"] == RunState.PAID and done["outcome"] == "imported"
    assert done["failed"] == {"count": 1, "amount": str(lines[0].total)}
    assert done["paid"]["count"] == 2 and done["outstanding"]["count"] == 0
    assert Adjustment.objects.get().amount == lines[0].total
    with pytest.raises(CommandError, match="payroll-results: "):  # refused: already paid
        command("payroll_results", "--run", str(run.pk), str(good))
    assert run.month == JAN


def test_payroll_check_and_approve_take_a_run_through_as_the_pages_do(areas, users):
    result = drafted(areas, users)
    run = Run.objects.get()
    by_month = ("--county", "210204", "--month", "2026-01")
    with pytest.raises(CommandError, match="not found"):  # the street officer checks only their street
        command("payroll_check", *by_month, "--street", areas.shiqiaopu.code, "--as", users.street.username)
    checked = json.loads(command("payroll_check", *by_month, "--as", users.street.username, "--json"))
    assert checked["street"] == areas.xinghaiwan.code and checked["state"] == RunState.DRAFT
    assert {s["street"]: s["checked"] for s in checked["streets"]} == {
        areas.xinghaiwan.code: True,
        areas.shiqiaopu.code: False,
    }
    with pytest.raises(CommandError, match="payroll-approve: "):  # a street has not checked yet
        command("payroll_approve", "--run", str(run.pk), "--as", users.county.username)
    text = command("payroll_check", "--run", str(run.pk), "--street", areas.shiqiaopu.code)
    assert "2 of 2 streets" in text and "payroll-approve" in text
    run.refresh_from_db()
    assert run.state == RunState.CHECKED
    with pytest.raises(CommandError, match="changed"):  # approving a version nobody saw
        command("payroll_approve", "--run", str(run.pk), "--if-version", str(run.version - 1))
    with pytest.raises(CommandError, match="role"):
        command("payroll_approve", "--run", str(run.pk), "--as", users.street.username)
    approved = json.loads(
        command("payroll_approve", *by_month, "--if-version", str(run.version), "--as", "c_county", "--json")
    )
    assert approved["state"] == RunState.APPROVED and approved["total_amount"] == result["total_amount"]
    run.refresh_from_db()
    assert run.state == RunState.APPROVED and run.approved_by == users.county
    notes = list(AuditEntry.objects.filter(object_id=str(run.pk)).values_list("note", flat=True))
    assert f"check {areas.xinghaiwan.code}" in notes and "approve" in notes


def test_payroll_commands_name_a_run_only_in_the_users_county(areas, users):
    drafted(areas, users)
    run = Run.objects.get()
    elsewhere = Area.objects.create(code="210202", name="中山区", level=Level.COUNTY)
    other = UserFactory.create(username="c_zhongshan", role=Role.COUNTY, area=elsewhere).username
    with pytest.raises(CommandError, match="not found"):
        command("payroll_check", "--run", str(run.pk), "--street", areas.xinghaiwan.code, "--as", other)
    with pytest.raises(CommandError, match="No payroll run of 210204 for 2026-02"):
        command("payroll_approve", "--county", "210204", "--month", "2026-02")
    assert Run.objects.get().state == RunState.DRAFT


def test_a_pdf_roster_written_by_the_command_logs_nothing_from_its_renderer(areas, users, tmp_path, caplog):
    if not shutil.which("pdftotext"):
        pytest.skip("poppler-utils not installed")  # WeasyPrint's Pango comes with the same packages
    run = drafted(areas, users)["run"]
    caplog.set_level(logging.DEBUG)
    export(run, "roster", tmp_path / "roster.pdf", "--community", areas.haizhou.code)
    assert (tmp_path / "roster.pdf").read_bytes().startswith(b"%PDF")
    noisy = [r.getMessage() for r in caplog.records if r.name.split(".")[0] in ("weasyprint", "fontTools")]
    assert noisy == []
