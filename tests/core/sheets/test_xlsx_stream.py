import io
import struct
import zipfile
from decimal import Decimal

import openpyxl
from python_calamine import CalamineWorkbook

from dibao.core.sheets.xlsx_stream import StreamedSheet, needs_zip64


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


def local_extra_ids(content: bytes, name: str) -> set[int]:
    """The ids of the extra fields in the local header of the entry `name` (1 is ZIP64's)."""
    info = zipfile.ZipFile(io.BytesIO(content)).getinfo(name)
    header = content[info.header_offset : info.header_offset + zipfile.sizeFileHeader]
    fields = struct.unpack(zipfile.structFileHeader, header)
    name_length, extra_length = fields[zipfile._FH_FILENAME_LENGTH], fields[zipfile._FH_EXTRA_FIELD_LENGTH]
    start = info.header_offset + zipfile.sizeFileHeader + name_length
    extra, ids = content[start : start + extra_length], set()
    while len(extra) >= 4:
        kind, size = struct.unpack("<HH", extra[:4])
        ids.add(kind)
        extra = extra[4 + size :]
    return ids


def test_a_file_of_known_size_has_no_zip64_records():
    """Excel refuses or "repairs" a small file whose entries carry ZIP64 records they do not need."""
    out = io.BytesIO()
    with StreamedSheet(out, "花名册", [21, 10], {0}, rows=3) as sheet:
        sheet.header(["身份证号", "姓名"])
        sheet.row(["210204197001010014", "张三"])
    content = out.getvalue()
    assert 1 not in local_extra_ids(content, "xl/worksheets/sheet1.xml")
    assert all(info.extract_version < 45 for info in zipfile.ZipFile(io.BytesIO(content)).infolist())
    unknown = io.BytesIO()
    with StreamedSheet(unknown, "s", [10], set()) as sheet:  # no bound given: ZIP64 as a large file needs
        sheet.row(["x"])
    assert 1 in local_extra_ids(unknown.getvalue(), "xl/worksheets/sheet1.xml")


def test_zip64_only_where_the_bound_could_pass_the_limit():
    assert not needs_zip64(300_000, 17)  # a county's roster: 300,000 members
    assert needs_zip64(1_000_000, 17) and needs_zip64(None, 1)  # a province's; an unknown size
    assert not needs_zip64(1_000_000, 6)  # a province's bank file of six columns
