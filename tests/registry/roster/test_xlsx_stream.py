import io
from decimal import Decimal

import openpyxl
from python_calamine import CalamineWorkbook

from dibao.registry.roster.xlsx_stream import StreamedSheet, column_letter


def written(rows, text_columns=frozenset({0})):
    out = io.BytesIO()
    with StreamedSheet(out, "花名册", [21, 10, 10], set(text_columns)) as sheet:
        sheet.header(["身份证号", "姓名", "月收入"])
        for cells in rows:
            sheet.row(cells)
    return out.getvalue()


def test_a_strict_reader_opens_it_with_formats_and_frozen_header():
    content = written([["210204197001010014", "张三", Decimal("1200.50")], ["", "李四", None]])
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    assert sheet.title == "花名册" and sheet.freeze_panes == "A2"
    assert [[c.value for c in r] for r in sheet.iter_rows()] == [
        ["身份证号", "姓名", "月收入"],
        ["210204197001010014", "张三", 1200.5],
        [None, "李四", None],
    ]
    assert sheet["A1"].font.b and sheet["A2"].number_format == "@" and sheet["C2"].number_format == "0.00"


def test_text_is_escaped_and_control_characters_dropped():
    content = written([["1", "<张&三>\x07", None], ["2", " 留空格 ", None]])
    rows = CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0).to_python()
    assert rows[1][1] == "<张&三>" and rows[2][1] == " 留空格 "


def test_column_letters():
    assert [column_letter(i) for i in (0, 25, 26, 27, 701, 702)] == ["A", "Z", "AA", "AB", "ZZ", "AAA"]
