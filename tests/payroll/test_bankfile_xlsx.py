"""The bank file as xlsx, read back as a bank's software and Excel would: the same content as the
CSV, ID numbers and accounts whole as text, the control total equal to the run's to the fen."""

import csv
import io
import warnings
from decimal import Decimal

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from dibao.payroll import bankfile
from dibao.payroll.models import BankLayout
from tests.benefits.support import receiving

from .filesupport import approved, standards


@pytest.fixture(autouse=True)
def policy(areas):
    standards(areas)


def paid_run(areas, users):  # type: ignore[no-untyped-def]
    # An account with leading zeros and one of 19 digits; amounts with fen, and a whole yuan.
    receiving(areas.haizhou, users.haizhou, income="100.01", bank_account="0012345678901234567")
    receiving(areas.haizhou, users.haizhou, income="33.33", members=2, bank_account="6228480000000000123")
    receiving(areas.liubeiqiao, users.liubeiqiao, income="17.77", members=1)
    receiving(areas.liubeiqiao, users.liubeiqiao, income="0")
    return approved(areas, users)


def bank_file(run, layout) -> bytes:  # type: ignore[no-untyped-def]
    out = io.BytesIO()
    bankfile.write_bank_file(run, out, layout)
    return out.getvalue()


def layout_of(county, file_format: str, columns=None, **options) -> BankLayout:  # type: ignore[no-untyped-def]
    return BankLayout(
        county=county,
        columns=columns or bankfile.DEFAULT_COLUMNS,
        file_format=file_format,
        encoding="utf-8",
        **options,
    )


def opened(content: bytes):  # type: ignore[no-untyped-def]
    """openpyxl, with any warning (a style it had to guess, a part it could not read) an error."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return openpyxl.load_workbook(io.BytesIO(content))


def shown(value: object) -> str:
    """A cell as a clerk sees it: amounts with their two decimals."""
    if value is None:
        return ""
    return f"{value:.2f}" if isinstance(value, float) else str(value)


def test_the_xlsx_has_the_csvs_content_cell_for_cell(areas, users):
    run = paid_run(areas, users)
    xlsx = bank_file(run, layout_of(areas.county, "xlsx", control_total="footer"))
    csv_layout = layout_of(areas.county, "csv", control_total="footer", digit_guard="none")
    rows = list(csv.reader(io.StringIO(bank_file(run, csv_layout).decode("utf-8"), newline="")))
    sheet = opened(xlsx).active
    values = [[shown(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    assert [row[: len(r)] for row, r in zip(values, rows, strict=True)] == rows and len(rows) == 1 + 4 + 1
    assert rows[0] == ["序号", "姓名", "身份证号", "银行账号", "金额", "备注"]


def test_ids_and_accounts_are_text_amounts_numbers_a_sum_adds_up_to_the_run(areas, users):
    run = paid_run(areas, users)
    content = bank_file(run, layout_of(areas.county, "xlsx", control_total="footer"))
    sheet = opened(content).active
    assert sheet.title == "代发" and sheet.freeze_panes == "A2" and sheet["A1"].font.b
    lines = {line.head_id_number: line for line in run.lines.all()}
    body = list(sheet.iter_rows(min_row=2, max_row=1 + len(lines)))
    for number, (seq, name, id_number, account, amount, note) in enumerate(body, start=1):
        line = lines[id_number.value]
        assert (seq.data_type, seq.value) == ("n", number)
        assert id_number.data_type == account.data_type == name.data_type == "s"
        assert id_number.number_format == account.number_format == "@"
        assert len(id_number.value) == 18 and account.value == line.bank_account
        # a number shown with its two decimals, which a clerk's SUM adds (text would sum to 0)
        assert (amount.data_type, amount.number_format) == ("n", "0.00")
        assert Decimal(str(amount.value)) == line.total and name.value == line.head_name
        assert note.value == "2026-01低保金"
    accounts = {row[3].value for row in body}
    assert {"0012345678901234567", "6228480000000000123"} <= accounts
    assert sum(Decimal(str(row[4].value)) for row in body) == run.total

    control = sheet[sheet.max_row]
    assert [c.value for c in control][:2] == ["合计", len(lines)]
    assert Decimal(str(control[2].value)) == run.total and control[2].number_format == "0.00"
    assert all(c.value is None for c in control[3:])  # nothing under the amount column

    # python-calamine (what the results import reads with) sees the same: strings stay strings.
    rows = CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0).to_python()
    assert all(isinstance(row[2], str) and isinstance(row[3], str) for row in rows[1:-1])
    assert {row[3] for row in rows[1:-1]} == accounts
    assert rows[-1][0] == "合计" and rows[-1][1] == len(lines)


def test_a_layout_of_two_columns_keeps_its_count_and_total(areas, users):
    run = paid_run(areas, users)
    columns = [{"field": "account", "header": "账号"}, {"field": "amount", "header": "金额"}]
    sheet = opened(bank_file(run, layout_of(areas.county, "xlsx", columns, control_total="footer"))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("账号", "金额") and all(isinstance(row[0], str) for row in rows[1:-1])
    assert rows[-1][:2] == ("合计", 4) and Decimal(str(rows[-1][2])) == run.total
    without = opened(bank_file(run, layout_of(areas.county, "xlsx", columns)))
    assert without.active.max_row == 1 + 4 and without.active.max_column == 2


def test_persons_and_the_sequence_number_are_whole_numbers_text_fields_text(areas, users):
    run = paid_run(areas, users)
    columns = [
        {"field": "persons"},
        {"field": "id_number", "header": "证件号码"},
        {"field": "community"},
        {"field": "bank"},
        {"field": "amount"},
    ]
    sheet = opened(bank_file(run, layout_of(areas.county, "xlsx", columns))).active
    persons = {line.head_id_number: line.persons for line in run.lines.all()}
    for cells in sheet.iter_rows(min_row=2, max_row=5):
        assert cells[0].data_type == "n" and cells[0].number_format == "General"
        assert cells[0].value == persons[cells[1].value]
        assert all(c.data_type == "s" for c in cells[1:4]) and cells[4].data_type == "n"
    assert sheet["A1"].value == "保障人数" and sheet["B1"].value == "证件号码"
