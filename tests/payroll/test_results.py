"""The bank's results: paid lines, failed lines reissued by the next run, and a wrong file refused
with its reasons and nothing written."""

import io
from decimal import Decimal

import pytest
import xlsxwriter
from django.db import transaction
from django.utils import translation

from dibao.core.errors import DomainError, Forbidden
from dibao.core.models import AuditEntry
from dibao.payroll import bankfile, services
from dibao.payroll.models import Adjustment, BankLayout, Line, LineResult, RunState
from dibao.payroll.results import Refused, import_results
from dibao.payroll.services import bankfiles
from dibao.payroll.services.results import Failure, bank_results_record
from tests.benefits.support import receiving

from .filesupport import FEB, JAN, approved, csv_bytes, exported, standards


@pytest.fixture(autouse=True)
def in_english():
    """These tests read refusals' wording; the Chinese is checked by the translation tests."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def policy(areas):
    standards(areas)


@pytest.fixture
def households(areas, users):  # type: ignore[no-untyped-def]
    return [
        receiving(areas.haizhou, users.haizhou, income="100.01"),
        receiving(areas.haizhou, users.haizhou, members=1, income="0"),
        receiving(areas.liubeiqiao, users.liubeiqiao, bank_account="6228480000000000777"),
    ]


def heads(run) -> list[Line]:  # type: ignore[no-untyped-def]
    return list(run.lines.order_by("household_id"))


HEADER = ["身份证号", "金额", "结果", "失败原因"]


def test_successes_and_failures_and_the_failure_is_paid_next_month(areas, users, households):
    run = exported(areas, users)
    a, b, c = heads(run)
    content = csv_bytes(
        [
            ["某某银行代发结果"],  # a title row above the header
            HEADER,
            [a.head_id_number, str(a.total), "成功", ""],
            [b.head_id_number, str(b.total), "失败", "账户已销户"],
            [c.head_id_number, str(c.total), "交易成功", ""],
        ]
    )
    outcome = import_results(run=run, filename="结果.csv", content=content, actor=users.county)
    assert outcome.run.state == RunState.PAID
    data = outcome.as_dict()
    assert data["paid"] == {"count": 2, "amount": str(a.total + c.total)}
    assert data["failed"] == {"count": 1, "amount": str(b.total)}
    assert data["outstanding"] == {"count": 0, "amount": "0.00"}
    assert data["adjustments"] == 1 and data["rows"] == 3
    b.refresh_from_db()
    assert (b.result, b.result_reason) == (LineResult.FAILED, "账户已销户")
    assert run.lines.filter(result=LineResult.PAID).count() == 2
    reissue = Adjustment.objects.get()
    assert (reissue.kind, reissue.amount, reissue.source_line_id, reissue.applied_line_id) == (
        "reissue",
        b.total,
        b.pk,
        None,
    )
    assert "账户已销户" in reissue.note and reissue.created_by == users.county
    entry = AuditEntry.objects.filter(object_type="payroll.run", action="import").get()
    assert entry.after["failed"] == 1 and entry.actor == users.county
    # February's draft carries January's failed payment
    feb = services.run_draft(county=areas.county, month=FEB, actor=users.county)
    line = feb.lines.get(household_id=b.household_id)
    assert (line.adjustment, line.total) == (b.total, line.amount + b.total)
    reissue.refresh_from_db()
    assert reissue.applied_line_id == line.pk


def test_a_title_block_of_several_cells_above_the_header_keeps_every_column(areas, users, households):
    """The reader finds the bank's own header: a title row of three cells is not taken for it (the
    columns right of its third would be lost)."""
    run = exported(areas, users)
    content = csv_bytes(
        [
            ["某某银行", "代发结果", "2026年1月"],
            ["身份证号", "户名", "金额", "结果"],
            *[[line.head_id_number, "", str(line.total), "成功"] for line in heads(run)],
        ]
    )
    outcome = import_results(run=run, filename="结果.csv", content=content, actor=users.county)
    assert outcome.run.state == RunState.PAID and outcome.rows == 3


def test_results_may_come_in_parts_and_by_account_in_xlsx(areas, users, households):
    run = exported(areas, users)
    a, b, c = heads(run)
    first = csv_bytes(
        [["银行账号", "金额(元)", "处理结果"], [c.bank_account, str(c.total), "success"]], "utf-8"
    )
    outcome = import_results(run=run, filename="part1.csv", content=first, actor=users.county)
    assert outcome.run.state == RunState.EXPORTED and outcome.outstanding.households == 2
    assert outcome.outstanding.total == a.total + b.total
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet()
    for col, header in enumerate(["姓名", *HEADER]):
        sheet.write_string(0, col, header)
    for row, line in enumerate((a, b), start=1):
        sheet.write_string(row, 0, line.head_name)
        sheet.write_string(row, 1, line.head_id_number)
        sheet.write_number(row, 2, float(line.total))
        sheet.write_string(row, 3, "failed" if line is b else "succeeded")
        sheet.write_string(row, 4, "name differs" if line is b else "")
    book.close()
    outcome = import_results(run=run, filename="part2.xlsx", content=buffer.getvalue(), actor=users.county)
    assert outcome.run.state == RunState.PAID
    assert (outcome.paid.households, outcome.failed.households) == (2, 1)


def test_the_bank_file_returned_with_a_result_column_imports(areas, users, households):
    """Banks often send our own file back with their columns added, control total row and all —
    and ID numbers and accounts guarded with a tab, as the layout wrote them."""
    BankLayout.objects.create(
        county=areas.county, columns=bankfile.DEFAULT_COLUMNS, file_format="csv", control_total="footer"
    )
    run = approved(areas, users)
    out = io.BytesIO()
    bankfiles.bank_file_export(run=run, out=out, actor=users.county)
    run.refresh_from_db()
    rows = [r.split(",") for r in out.getvalue().decode("gb18030").splitlines()]
    # digits guarded by a tab (a number ending in X is text already)
    assert all(row[2].startswith("\t") == row[2][-1].isdigit() for row in rows[1:-1])
    assert all(row[3].startswith("\t") for row in rows[1:-1])
    rows[0] += ["处理结果", "失败原因"]
    for row in rows[1:-1]:
        row += ["成功", ""]
    outcome = import_results(run=run, filename="back.csv", content=csv_bytes(rows), actor=users.county)
    assert outcome.run.state == RunState.PAID and outcome.paid.total == run.total


def test_a_wrong_file_changes_nothing_and_says_where(areas, users, households):
    run = exported(areas, users)
    a, b, c = heads(run)
    content = csv_bytes(
        [
            HEADER,
            [a.head_id_number, str(a.total), "成功", ""],  # row 2: fine
            ["210204199001011234", "100.00", "成功", ""],  # row 3: nobody in the run
            [b.head_id_number, "1.00", "成功", ""],  # row 4: not what the run pays
            [a.head_id_number.lower(), str(a.total), "失败", ""],  # row 5: a reported twice
            [c.head_id_number, str(c.total), "处理中", ""],  # row 6: no result yet
            ["", "", "成功", ""],  # row 7: nobody named
            [c.head_id_number, "12.345", "成功", ""],  # row 8: not an amount to the fen
        ]
    )
    with pytest.raises(Refused) as caught:
        import_results(run=run, filename="bad.csv", content=content, actor=users.county)
    report = {(e["row"], e["column"]) for e in caught.value.errors_by_row}
    assert report == {(6, "结果"), (7, "身份证号"), (8, "金额")}  # what the file alone shows first
    assert caught.value.code == "refused" and "6" in str(caught.value)
    fixed = content.decode("gb18030").splitlines()[:5]
    with pytest.raises(Refused) as caught:
        import_results(
            run=run, filename="bad.csv", content="\n".join(fixed).encode("gb18030"), actor=users.county
        )
    errors = {e["row"]: e for e in caught.value.errors_by_row}
    assert set(errors) == {3, 4, 5}
    assert errors[3]["column"] == "身份证号" and errors[3]["value"] == "210204199001011234"
    assert errors[4]["column"] == "金额" and str(b.total) in errors[4]["reason"]
    assert errors[5]["column"] == "身份证号" and "2" in errors[5]["reason"]
    # nothing was written
    assert not run.lines.exclude(result=LineResult.PENDING).exists()
    assert not Adjustment.objects.exists()
    assert not AuditEntry.objects.filter(object_type="payroll.run", action="import").exists()
    run.refresh_from_db()
    assert run.state == RunState.EXPORTED


def test_a_result_cannot_be_given_twice_across_files(areas, users, households):
    run = exported(areas, users)
    a, *_ = heads(run)
    content = csv_bytes([HEADER, [a.head_id_number, str(a.total), "成功", ""]])
    import_results(run=run, filename="1.csv", content=content, actor=users.county)
    with pytest.raises(Refused) as caught:
        import_results(run=run, filename="2.csv", content=content, actor=users.county)
    assert caught.value.errors_by_row[0]["row"] == 2


def test_unreadable_files_and_missing_columns_are_reported(areas, users, households):
    run = exported(areas, users)
    with pytest.raises(Refused) as caught:
        import_results(run=run, filename="x.pdf", content=b"%PDF", actor=users.county)
    assert caught.value.errors_by_row[0]["row"] == 1
    with pytest.raises(Refused) as caught:
        import_results(
            run=run,
            filename="x.csv",
            content=csv_bytes([["姓名", "金额", "备注"], ["张三", "1", "x"]]),
            actor=None,
        )
    assert "result" in caught.value.errors_by_row[0]["reason"]


def test_id_numbers_excel_cut_short_are_refused(areas, users, households):
    run = exported(areas, users)
    a, *_ = heads(run)
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet()
    for col, header in enumerate(HEADER):
        sheet.write_string(0, col, header)
    sheet.write_number(1, 0, float(a.head_id_number[:15] + "000"))  # what Excel keeps of a typed ID
    sheet.write_number(1, 1, float(a.total))
    sheet.write_string(1, 2, "成功")
    book.close()
    with pytest.raises(Refused) as caught:
        import_results(run=run, filename="cut.xlsx", content=buffer.getvalue(), actor=users.county)
    assert caught.value.errors_by_row[0]["row"] == 2 and "15" in caught.value.errors_by_row[0]["reason"]


def test_a_csv_a_spreadsheet_saved_again_is_refused_as_damaged(areas, users, households):
    """Opened and saved in Excel or WPS: numbers in scientific notation, or cut to 15 digits."""
    run = exported(areas, users)
    a, b, c = heads(run)
    content = csv_bytes(
        [
            ["身份证号", "银行账号", "金额", "结果"],
            ["2.10204196410257E+17", "", str(a.total), "成功"],  # row 2
            ["", b.bank_account[:15] + "0000", str(b.total), "成功"],  # row 3: an account cut short
            ["", "6228489999999999999", str(c.total), "成功"],  # row 4: whole, but nobody's
            ["", "6228489999999990000", str(c.total), "成功"],  # row 5: names nobody and looks cut
        ]
    )
    with pytest.raises(Refused) as caught:
        import_results(run=run, filename="resaved.csv", content=content, actor=users.county)
    assert [e["row"] for e in caught.value.errors_by_row] == [2]  # the file alone shows row 2
    assert "damaged" in caught.value.errors_by_row[0]["reason"]
    assert "characters" not in caught.value.errors_by_row[0]["reason"]
    without = content.decode("gb18030").splitlines()
    del without[1]
    with pytest.raises(Refused) as caught:
        import_results(
            run=run, filename="resaved.csv", content="\n".join(without).encode("gb18030"), actor=users.county
        )
    reasons = {e["row"]: e["reason"] for e in caught.value.errors_by_row}
    assert "damaged" in reasons[2] and "damaged" in reasons[4]
    assert reasons[3] == "Nobody paid in this run has this bank account."


def test_the_guarded_forms_dibao_writes_are_read_back(areas, users, households):
    run = exported(areas, users)
    a, b, c = heads(run)
    content = csv_bytes(
        [
            HEADER,
            [f'="{a.head_id_number}"', str(a.total), "成功", ""],
            [f"\t{b.head_id_number}", str(b.total), "成功", ""],
            [f"'{c.head_id_number}", str(c.total), "成功", ""],
        ]
    )
    outcome = import_results(run=run, filename="guarded.csv", content=content, actor=users.county)
    assert outcome.run.state == RunState.PAID and outcome.paid.households == 3


def test_only_a_run_sent_to_the_bank_takes_results_and_only_from_the_county(areas, users, households):
    run = approved(areas, users, JAN)
    content = csv_bytes([HEADER])
    with pytest.raises(DomainError) as caught:
        import_results(run=run, filename="r.csv", content=content, actor=users.county)
    assert caught.value.code == "wrong_state"
    run = services.run_advance(run=run, to=RunState.EXPORTED, actor=users.county)
    with pytest.raises(Forbidden):
        import_results(run=run, filename="r.csv", content=content, actor=users.street)
    assert Decimal(run.total) > 0


def test_the_results_service_writes_results_reissues_and_its_entry(areas, users, households):
    run = exported(areas, users)
    a, b, _c = heads(run)
    failed = [Failure(line_id=b.pk, household_id=b.household_id, amount=b.total, reason="")]
    with pytest.raises(Forbidden):
        bank_results_record(run=run, filename="r.csv", paid=[a.pk], failed=failed, actor=users.street)
    assert not Adjustment.objects.exists()
    with transaction.atomic():
        after = bank_results_record(run=run, filename="r.csv", paid=[a.pk], failed=failed, actor=users.county)
    assert after.state == RunState.EXPORTED  # one line is still without its result
    results = dict(run.lines.values_list("pk", "result"))
    assert (results[a.pk], results[b.pk]) == (LineResult.PAID, LineResult.FAILED)
    assert Adjustment.objects.get().note == "Payment of 2026-01 failed"
    entry = AuditEntry.objects.get(object_type="payroll.run", action="import")
    assert entry.after == {"file": "r.csv", "paid": 1, "failed": 1, "outstanding": 1}
