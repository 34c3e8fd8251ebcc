import io

import openpyxl
from django.utils import translation

from dibao.core.sheets.template import Column, template_workbook


def test_headers_examples_text_columns_and_the_guide():
    with translation.override("en"):
        content = template_workbook(
            "名册",
            [Column("身份证号", 21, text=True), Column("姓名", 10), Column("住址", 24)],
            [["210204197001010014", "张三", ""], ["", "李四", "海州街1号"]],
            [("身份证号", "18 位"), ("姓名", "必填")],
        )
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    sheet, guide = workbook.worksheets
    assert sheet.title == "名册"
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows == [
        ["身份证号", "姓名", "住址"],
        ["210204197001010014", "张三", None],
        [None, "李四", "海州街1号"],
    ]
    assert sheet["A1"].font.b and sheet.freeze_panes == "A2"
    # What is typed into the ID column later stays text; the others are left to the spreadsheet.
    assert sheet.column_dimensions["A"].number_format == "@"
    assert sheet.column_dimensions["B"].number_format == "General"
    assert [int(sheet.column_dimensions[c].width) for c in "ABC"] == [21, 10, 24]
    assert guide.title == "How to fill in"
    assert [[cell.value for cell in row] for row in guide.iter_rows()] == [
        ["身份证号", "18 位"],
        ["姓名", "必填"],
    ]
