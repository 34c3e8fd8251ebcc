"""`StreamedSheet` beyond the roster: whole-number columns, a bold total row, many rows written in
batches, text that needs escaping or keeps its spaces, and an output that cannot seek."""

import io
import warnings
from decimal import Decimal

import openpyxl
from python_calamine import CalamineWorkbook

from dibao.core.sheets.xlsx_stream import StreamedSheet


def opened(content: bytes):  # type: ignore[no-untyped-def]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return openpyxl.load_workbook(io.BytesIO(content)).active


def test_whole_columns_are_plain_numbers_and_a_total_row_is_bold():
    out = io.BytesIO()
    with StreamedSheet(out, "代发", [8, 22, 14, 10], {1, 2}, whole_columns={0}) as sheet:
        sheet.header(["序号", "身份证号", "金额", "收入"])
        sheet.row([1, "210204197001010014", "260.00", Decimal("1200.50")])
        sheet.row([2, "021020419700101001", "0.05", 7])
        sheet.total(["合计", 2, "260.05", None])
    ws = opened(out.getvalue())
    assert [[c.value for c in row] for row in ws.iter_rows()] == [
        ["序号", "身份证号", "金额", "收入"],
        [1, "210204197001010014", "260.00", 1200.5],
        [2, "021020419700101001", "0.05", 7],
        ["合计", 2, "260.05", None],
    ]
    assert ws["A2"].number_format == "General" and ws["D2"].number_format == "0.00"
    assert ws["B3"].data_type == "s" and ws["B3"].number_format == "@"  # a leading zero kept
    assert ws["A4"].font.b and ws["B4"].font.b and ws["B4"].data_type == "n"
    assert ws["B4"].number_format == "General" and not ws["A2"].font.b


def test_many_rows_in_order_and_text_escaped_or_kept_as_written():
    texts = ["plain", "<a&b>", " 前后空格 ", "行尾\n", "控制\x07字符", "\ttab", "x" * 300]
    out = io.BytesIO()
    with StreamedSheet(out, "s", [10, 10], set()) as sheet:
        sheet.header(["n", "text"])
        for n in range(1, 1204):  # more than two batches
            sheet.row([str(n), texts[n % len(texts)]])
    rows = CalamineWorkbook.from_filelike(io.BytesIO(out.getvalue())).get_sheet_by_index(0).to_python()
    assert len(rows) == 1204 and [r[0] for r in rows[1:]] == [str(n) for n in range(1, 1204)]
    expected = [t.replace("\x07", "") for t in texts]
    assert all(rows[n][1] == expected[n % len(texts)] for n in range(1, 1204))


class WriteOnly(io.RawIOBase):
    """A pipe or a response: written to, never sought."""

    def __init__(self) -> None:
        self.data = bytearray()

    def writable(self) -> bool:
        return True

    def write(self, b) -> int:  # type: ignore[no-untyped-def,override]
        self.data += b
        return len(b)


def test_an_output_that_cannot_seek():
    out = WriteOnly()
    with StreamedSheet(out, "s", [10], set(), whole_columns={0}) as sheet:  # type: ignore[arg-type]
        sheet.header(["n"])
        for n in range(700):
            sheet.row([n])
    ws = opened(bytes(out.data))
    assert ws.max_row == 701 and ws["A701"].value == 699
