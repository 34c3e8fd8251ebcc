"""The bank file: every household paid once, to the fen, in the bank's layout and encoding."""

import csv
import io
from decimal import Decimal

import openpyxl
import pytest
from django.utils import translation

from dibao.core.errors import DomainError, Forbidden
from dibao.core.models import AuditEntry
from dibao.payroll import bankfile, services
from dibao.payroll.models import Adjustment, BankLayout, RunState
from dibao.payroll.services import bankfiles
from tests.benefits.support import receiving
from tests.factories import id_number

from .filesupport import FEB, JAN, approved, standards


@pytest.fixture(autouse=True)
def in_english():
    """These tests read refusals' wording; the Chinese is checked by the translation tests."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def policy(areas):
    standards(areas)


def rows_of(content: bytes, encoding: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode(encoding), newline="")))


def written(run, layout) -> tuple[bytes, int, Decimal]:  # type: ignore[no-untyped-def]
    out = io.BytesIO()
    count, total = bankfile.write_bank_file(run, out, layout)
    return out.getvalue(), count, total


def csv_layout(county, **options) -> BankLayout:  # type: ignore[no-untyped-def]
    """The county's bank asks for GB18030 CSV (tab-guarded digits unless `options` say otherwise)."""
    return BankLayout(
        **{"county": county, "columns": bankfile.DEFAULT_COLUMNS, "file_format": "csv", **options}
    )


def test_the_default_file_is_xlsx_without_a_total_record(areas, users):
    receiving(areas.haizhou, users.haizhou, income="33.33")
    run = approved(areas, users)
    layout = bankfile.layout_for(areas.county)
    assert layout.pk is None and (layout.file_format, layout.control_total) == ("xlsx", "none")
    content, count, total = written(run, layout)
    rows = list(openpyxl.load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))
    assert rows[0] == ("序号", "姓名", "身份证号", "银行账号", "金额", "备注") and len(rows) == 2
    assert (count, total) == (1, run.total)


def test_a_gb18030_csv_with_its_control_total_last_equal_to_the_run(areas, users):
    for income in ("100.01", "33.33", "0", "17.77"):
        receiving(areas.haizhou, users.haizhou, income=income)
        receiving(areas.liubeiqiao, users.liubeiqiao, income=income, members=1)
    run = approved(areas, users)
    content, count, total = written(run, csv_layout(areas.county, control_total="footer"))
    rows = rows_of(content, "gb18030")
    assert rows[0] == ["序号", "姓名", "身份证号", "银行账号", "金额", "备注"]
    body, control = rows[1:-1], rows[-1]
    assert count == len(body) == run.households == 8
    lines = list(run.lines.all())
    assert total == run.total == sum(line.total for line in lines) == sum(Decimal(r[4]) for r in body)
    # a record of its own: no amount under the amount column for a parser to take for a payment
    assert control == ["合计", "8", str(run.total)]
    # amounts are exact text to the fen; ID numbers and accounts whole behind their tab guard
    assert all(len(r[4].split(".")[1]) == 2 for r in body)
    assert {r[2].lstrip("\t") for r in body} == {line.head_id_number for line in lines}
    assert {r[3].lstrip("\t") for r in body} == {line.bank_account for line in lines}
    # digits are guarded; a number ending in X is text to a spreadsheet already
    assert all(r[2].startswith("\t") == r[2][-1].isdigit() for r in body)
    assert all(r[3].startswith("\t") for r in body)
    assert [r[0] for r in body] == [str(n) for n in range(1, 9)]
    assert {r[5] for r in body} == {"2026-01低保金"}
    head = lines[0].head_name
    assert head.encode("gb18030") in content  # not UTF-8: the bank's Windows software reads GBK


def test_the_control_total_first_or_not_at_all(areas, users):
    receiving(areas.haizhou, users.haizhou)
    receiving(areas.liubeiqiao, users.liubeiqiao, members=1)
    run = approved(areas, users)
    first = rows_of(written(run, csv_layout(areas.county, control_total="header"))[0], "gb18030")
    assert first[0] == ["合计", "2", str(run.total)] and first[1][0] == "序号" and len(first) == 4
    none = rows_of(written(run, csv_layout(areas.county, control_total="none"))[0], "gb18030")
    assert none[0][0] == "序号" and len(none) == 3
    sheet = openpyxl.load_workbook(
        io.BytesIO(written(run, csv_layout(areas.county, file_format="xlsx", control_total="header"))[0])
    ).active
    assert [c.value for c in sheet[1]][:3] == ["合计", 2, float(run.total)] and sheet.freeze_panes == "A3"
    assert sheet["C1"].number_format == "0.00" and sheet["A1"].font.b


@pytest.mark.parametrize(
    ("guard", "shown"),
    [("formula", '="{}"'), ("tab", "\t{}"), ("none", "{}")],
)
def test_the_layout_says_how_a_csv_keeps_its_digits(areas, users, guard, shown):
    # Digits only: a number ending in X is no number to a spreadsheet, and is not guarded.
    head = next(number for number in iter(id_number, None) if number.isdigit())
    receiving(areas.haizhou, users.haizhou, head={"id_number": head}, bank_account="0012345678901234567")
    run = approved(areas, users)
    (row,) = rows_of(written(run, csv_layout(areas.county, digit_guard=guard))[0], "gb18030")[1:]
    line = run.lines.get()
    assert row[2] == shown.format(line.head_id_number) and row[3] == shown.format("0012345678901234567")
    assert row[0] == "1" and row[4] == "260.00"  # numbers dibao writes are left as they are


def test_a_name_or_header_that_a_spreadsheet_would_run_is_written_as_text(areas, users):
    owner = receiving(areas.haizhou, users.haizhou)
    run = approved(areas, users)
    # Imported before names were checked, and copied as it was onto the payroll line.
    run.lines.update(head_name='=HYPERLINK("http://x","a")', bank_name="@SUM(1+1)")
    columns = [{"field": "name", "header": "-户名"}, "account", "bank", "amount"]
    rows = rows_of(written(run, csv_layout(areas.county, columns=columns))[0], "gb18030")
    assert rows[0][0] == "'-户名"
    assert rows[1][0] == """'=HYPERLINK("http://x","a")""" and rows[1][2] == "'@SUM(1+1)"
    assert owner.household.bank_account in rows[1][1]


def test_a_gb18030_file_refuses_names_a_gbk_program_garbles(areas, users):
    receiving(areas.haizhou, users.haizhou)
    rare = receiving(areas.liubeiqiao, users.liubeiqiao, members=1)
    run = approved(areas, users)
    run.lines.filter(household=rare.household).update(head_name="王䶮𠮷")
    with pytest.raises(DomainError) as caught:
        written(run, csv_layout(areas.county))
    assert caught.value.code == "outside_gbk"
    assert "王䶮𠮷" in str(caught.value) and "3: " in str(caught.value)  # line 3: the second payment
    assert "xlsx" in str(caught.value) and "UTF-8" in str(caught.value)
    content = written(run, csv_layout(areas.county, encoding="utf-8"))[0]
    assert "王䶮𠮷" in content.decode("utf-8")


def test_utf8_with_a_bom_when_the_layout_says_so(areas, users):
    receiving(areas.haizhou, users.haizhou)
    run = approved(areas, users)
    layout = BankLayout.objects.create(
        county=areas.county,
        columns=[{"field": "name", "header": "户名"}, {"field": "account"}, {"field": "amount"}],
        file_format="csv",
        encoding="utf-8-sig",
        digit_guard="none",
    )
    assert bankfile.layout_for(areas.county) == layout
    content, count, total = written(run, layout)
    assert content.startswith(b"\xef\xbb\xbf")
    rows = rows_of(content[3:], "utf-8")
    line = run.lines.get()
    assert rows == [["户名", "银行账号", "金额"], [line.head_name, line.bank_account, "260.00"]]
    assert (count, total) == (1, Decimal("260.00"))


def test_xlsx_keeps_id_numbers_and_accounts_as_text_in_a_custom_layout(areas, users):
    receiving(areas.haizhou, users.haizhou, bank_account="6228480000000000123")
    receiving(areas.liubeiqiao, users.liubeiqiao, members=2, income="0")
    run = approved(areas, users)
    layout = BankLayout(
        county=areas.county,
        columns=[
            {"field": "account", "header": "收款账号"},
            {"field": "name", "header": "收款人"},
            {"field": "id_number", "header": "证件号码"},
            {"field": "amount", "header": "代发金额"},
            {"field": "persons"},
            {"field": "community"},
            {"field": "bank"},
            {"field": "note", "header": "用途"},
        ],
        file_format="xlsx",
    )
    content, count, total = written(run, layout)
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0] == ["收款账号", "收款人", "证件号码", "代发金额", "保障人数", "社区", "开户银行", "用途"]
    lines = {line.bank_account: line for line in run.lines.select_related("community")}
    for row in sheet.iter_rows(min_row=2, max_row=1 + count):
        account, name, id_number, amount, persons, community, bank, _note = row
        line = lines[account.value]
        # text cells: Excel shows all 18 and 19 digits, never 2.10204E+17; the amount a number
        assert account.data_type == id_number.data_type == "s" and amount.data_type == "n"
        assert (id_number.value, name.value, community.value) == (
            line.head_id_number,
            line.head_name,
            line.community.name,
        )
        assert (Decimal(str(amount.value)), persons.value, bank.value) == (
            line.total,
            line.persons,
            "中国农业银行",
        )
    assert "6228480000000000123" in lines
    assert len(values) == 1 + 2 and total == run.total  # no control total record unless asked for


def test_a_draft_or_checked_run_is_not_sent_to_the_bank(areas, users):
    receiving(areas.haizhou, users.haizhou)
    run = services.run_draft(county=areas.county, month=JAN, actor=users.county)
    out = io.BytesIO()
    with pytest.raises(DomainError) as caught:
        bankfile.write_bank_file(run, out, bankfile.layout_for(areas.county))
    assert caught.value.code == "wrong_state" and out.getvalue() == b""


def test_a_line_with_nothing_to_pay_is_left_out_and_arrears_are_noted(areas, users):
    recovered = receiving(areas.haizhou, users.haizhou)
    Adjustment.objects.create(household=recovered.household, kind="recovery", amount=Decimal("-300.00"))
    approved(areas, users, JAN)
    late = receiving(areas.haizhou, users.haizhou, month=JAN)  # back-dated: January owed in February
    run = approved(areas, users, FEB)
    content, count, total = written(run, csv_layout(areas.county))
    body = rows_of(content, "gb18030")[1:]
    by_id = {r[2].strip(): r for r in body}
    late_head = late.household.members.get(relation="self").id_number
    assert by_id[late_head][4] == "520.00" and by_id[late_head][5] == "2026-02低保金含补发"
    # 520 for the late household; 260 − the 40 left over from January's recovery for the other
    assert count == 2 and total == run.total == Decimal("740.00")
    jan = bankfile.paid_lines(run.__class__.objects.get(month=JAN))
    assert not jan.filter(household=recovered.household).exists()  # 260 - 300: 0 to pay


def test_exporting_sends_an_approved_run_and_is_audited(areas, users):
    receiving(areas.haizhou, users.haizhou)
    run = approved(areas, users)
    with pytest.raises(Forbidden):
        bankfiles.bank_file_export(run=run, out=io.BytesIO(), actor=users.street)
    out = io.BytesIO()
    count, total = bankfiles.bank_file_export(run=run, out=out, actor=users.county)
    run.refresh_from_db()
    assert (run.state, count, total) == (RunState.EXPORTED, 1, Decimal("260.00"))
    again = io.BytesIO()
    bankfiles.bank_file_export(run=run, out=again, actor=users.county)  # a second copy for the bank
    assert again.getvalue() == out.getvalue()
    exports = AuditEntry.objects.filter(object_type="payroll.run", action="export")
    assert exports.count() == 2 and exports.first().after["total"] == "260.00"


def test_a_layout_is_checked_with_every_reason(areas, users):
    with pytest.raises(DomainError) as caught:
        bankfile.clean_layout({"columns": [], "file_format": "pdf", "encoding": "latin-1"})
    assert set(caught.value.errors) == {"columns", "file_format", "encoding"}
    with pytest.raises(DomainError) as caught, translation.override("en"):
        bankfile.clean_layout(
            {"columns": [{"field": "amount"}, {"field": "salary"}, "name", {"field": "name", "header": "x"}]}
        )
    with translation.override("en"):
        messages = [str(m) for m in caught.value.errors["columns"]]
    assert any("salary" in m and "Column 2" in m for m in messages)
    assert any("Column 4" in m and "'name'" in m for m in messages)
    with pytest.raises(DomainError, match="amount"):
        bankfile.clean_layout({"columns": ["name", "account"]})
    with pytest.raises(DomainError, match="account"):
        bankfile.clean_layout({"columns": ["name", "amount"]})
    cleaned = bankfile.clean_layout({"columns": ["account", {"field": "amount", "header": " 代发金额 "}]})
    assert cleaned["columns"] == [
        {"field": "account", "header": "银行账号"},
        {"field": "amount", "header": "代发金额"},
    ]
    assert (
        cleaned["file_format"],
        cleaned["encoding"],
        cleaned["digit_guard"],
        cleaned["control_total"],
    ) == (
        "xlsx",
        "gb18030",
        "tab",
        "none",
    )
    with pytest.raises(DomainError) as caught:
        bankfile.clean_layout({"columns": ["account", "amount"], "digit_guard": "x", "control_total": "last"})
    assert set(caught.value.errors) == {"digit_guard", "control_total"}


def test_a_county_saves_its_layout(areas, users):
    data = {"columns": ["account", "name", "amount"], "file_format": "xlsx", "control_total": "header"}
    with pytest.raises(Forbidden):
        bankfiles.layout_set(county=areas.county, data=data, actor=users.street)
    layout = bankfiles.layout_set(county=areas.county, data=data, actor=users.county)
    assert (layout.file_format, layout.control_total, layout.digit_guard) == ("xlsx", "header", "tab")
    layout = bankfiles.layout_set(
        county=areas.county, data={**data, "file_format": "csv"}, actor=users.county
    )
    assert BankLayout.objects.get().file_format == "csv"
    assert AuditEntry.objects.filter(object_type="payroll.banklayout").count() == 2
