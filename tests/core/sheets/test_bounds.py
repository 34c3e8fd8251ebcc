"""The reader refuses, cheaply and by name of the limit, files whose reading would exhaust the server."""

import io
import zipfile

import pytest
from django.test import override_settings
from django.utils import translation

from dibao.core.errors import DomainError
from dibao.core.sheets import bounds, reader
from dibao.core.sheets.cells import column_letters

from ...factories import id_number
from ...registry.roster.files import HEADERS, csv_bytes, row, xlsx_bytes
from ...registry.roster.hostile_files import (
    MAIN,
    bounded_memory,
    cell_at,
    declared,
    shared_string_copies,
    sheet_xml,
    understated,
    xlsx,
    zip_bomb,
)

# What refusing any of these files may cost in Python allocations (the file itself aside).
SMALL = 30 * 1024 * 1024


@pytest.fixture(autouse=True)
def in_english():
    with translation.override("en"):
        yield


def refused(content: bytes, name: str = "花名册.xlsx") -> DomainError:
    """The reader's refusal of `content`, which must cost little memory."""
    with bounded_memory() as memory, pytest.raises(DomainError) as refusal:
        reader.read(name, content)
    assert memory.peak < SMALL, memory.peak
    return refusal.value


def roster(rows: int) -> list[list[str]]:
    return [row(number, "张三", number) for number in (id_number() for _ in range(rows))]


def test_a_single_cell_at_the_last_cell_excel_has_is_refused_by_its_row():
    content = cell_at("XFD1048576")
    assert len(content) < 2000
    error = refused(content)
    assert error.code == "too_many_rows"
    assert "more than 1,000,000 rows" in str(error) and "1,048,576" in str(error)


def test_a_single_cell_in_column_zz_is_refused_by_its_column():
    error = refused(cell_at("ZZ200000"))
    assert error.code == "too_many_columns"
    assert "more than 200 columns" in str(error) and "column ZZ" in str(error)


def test_a_declared_dimension_over_the_limits_is_refused_before_any_cell_is_read():
    error = refused(declared("A1:XFD1048576"))
    assert error.code == "too_many_rows" and "1,048,576" in str(error)
    assert refused(declared("A1:GR100000")).code == "too_many_cells"  # 200 columns, 100,000 rows


def test_a_dimension_that_understates_the_sheet_does_not_hide_its_cells():
    body = '<row r="1"><c r="A1"><v>1</v></c></row><row r="900000"><c r="GZ900000"><v>1</v></c></row>'
    error = refused(xlsx(sheet_xml(body, dimension="A1")))
    assert error.code == "too_many_columns" and "column GZ" in str(error)


def test_cells_without_a_reference_are_placed_after_the_one_before_as_excel_does():
    wide = "<row>" + "<c><v>1</v></c>" * 201 + "</row>"
    assert refused(xlsx(sheet_xml(wide))).code == "too_many_columns"
    tall = '<row r="1000000"><c r="A1000000"><v>1</v></c></row><row><c><v>1</v></c></row>'
    error = refused(xlsx(sheet_xml(tall)))
    assert error.code == "too_many_rows" and "1,000,001" in str(error)


def test_a_namespace_prefix_or_lower_case_reference_does_not_hide_a_cell():
    sheet = (
        f'<x:worksheet xmlns:x="{MAIN}"><x:sheetData><x:row r="3"><x:c r="xfd3"><x:v>1</x:v></x:c></x:row>'
        "</x:sheetData></x:worksheet>"
    )
    assert refused(xlsx(sheet)).code == "too_many_columns"


def test_an_empty_formatted_cell_far_away_costs_nothing_and_is_no_reason_to_refuse():
    """Excel writes formatting of empty cells; calamine leaves them out of the grid, and so do the limits."""
    header = "".join(
        f'<c r="{chr(65 + i)}1" t="inlineStr"><is><t>{h}</t></is></c>' for i, h in enumerate(HEADERS)
    )
    body = f'<row r="1">{header}</row><row r="5"><c r="XFD5" s="1"/></row>'
    table = reader.read("a.xlsx", xlsx(sheet_xml(body)))
    assert table.headers == HEADERS and table.rows == []


def test_a_zip_bomb_is_refused_by_its_compression_ratio_without_unpacking_it():
    content = zip_bomb(megabytes=20)
    assert len(content) < 100_000
    error = refused(content)
    assert error.code == "compression_ratio"
    assert "xl/worksheets/sheet1.xml" in str(error) and "more than 200 to 1" in str(error)


@override_settings(IMPORT_MAX_COMPRESSION_RATIO=100_000, IMPORT_MAX_UNPACKED_BYTES=10 * 1024 * 1024)
def test_a_file_unpacking_to_more_than_the_limit_is_refused():
    error = refused(zip_bomb(megabytes=20))
    assert error.code == "unpacked_too_large" and "larger than 10 MB" in str(error)


def test_a_zip_directory_that_understates_a_part_is_found_out_by_counting():
    content = understated(megabytes=20, says=1000)
    assert zipfile.ZipFile(io.BytesIO(content)).getinfo("xl/worksheets/sheet1.xml").file_size == 1000
    error = refused(content)
    assert error.code == "unreadable" and "more than the zip archive says" in str(error)


@override_settings(IMPORT_MAX_COMPRESSION_RATIO=100_000)  # this sheet packs tightly too; not the point here
def test_a_shared_string_copied_into_every_cell_counts_at_every_copy():
    content = shared_string_copies(cells=100_000, length=10_000)  # 3 GB once copied, 30 KB packed
    assert len(content) < 100_000
    error = refused(content)
    assert error.code == "unpacked_too_large" and "a shared string counts at every cell" in str(error)


@override_settings(IMPORT_MAX_COMPRESSION_RATIO=100_000)
def test_one_huge_shared_string_is_measured_without_being_held():
    strings = f'<sst xmlns="{MAIN}"><si><t>{"x" * 20_000_000}</t></si></sst>'
    cells = '<row r="1">' + '<c t="s"><v>0</v></c>' * 30 + "</row>"  # 600 MB once copied
    content = xlsx(sheet_xml(cells), **{"xl/sharedStrings.xml": strings})
    assert refused(content).code == "unpacked_too_large"


@override_settings(IMPORT_MAX_UNPACKED_BYTES=1024 * 1024)
def test_zeros_before_a_shared_strings_index_do_not_hide_the_string():
    strings = f'<sst xmlns="{MAIN}"><si><t>{"x" * 400_000}</t></si></sst>'
    cells = '<row r="1">' + f'<c t="s"><v>{"0" * 10_000}</v></c>' * 3 + "</row>"
    content = xlsx(sheet_xml(cells), **{"xl/sharedStrings.xml": strings})
    assert refused(content).code == "unpacked_too_large"


@override_settings(IMPORT_MAX_ZIP_PARTS=3)
def test_a_zip_of_too_many_parts_is_refused():
    error = refused(xlsx_bytes(roster(1)))
    assert error.code == "too_many_parts" and "more than 3 parts" in str(error)


def test_entity_declarations_are_refused():
    sheet = '<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa">]>' + sheet_xml("").split("?>", 1)[1]
    assert refused(xlsx(sheet)).code == "unreadable"


@override_settings(IMPORT_MAX_ROWS=5)
def test_rows_past_the_limit_are_refused_in_xlsx_and_csv():
    for name, content in (("a.xlsx", xlsx_bytes(roster(5))), ("a.csv", csv_bytes(roster(5)))):
        error = refused(content, name)
        assert error.code == "too_many_rows" and "more than 5 rows (it goes on to row 6)" in str(error), name
    assert len(reader.read("a.csv", csv_bytes(roster(4))).rows) == 4


@override_settings(IMPORT_MAX_COLUMNS=10)
def test_columns_past_the_limit_are_refused_in_xlsx_and_csv():
    assert len(HEADERS) > 10
    xlsx_error = refused(xlsx_bytes(roster(2)))
    assert xlsx_error.code == "too_many_columns" and "more than 10 columns" in str(xlsx_error)
    assert f"column {column_letters(len(HEADERS) - 1)}" in str(xlsx_error)
    csv_error = refused(csv_bytes(roster(2)), "a.csv")
    assert csv_error.code == "too_many_columns" and f"column {len(HEADERS)}" in str(csv_error)


@override_settings(IMPORT_MAX_CELLS=40)
def test_cells_past_the_limit_are_refused_in_xlsx_and_csv():
    xlsx_error = refused(xlsx_bytes(roster(3)))  # 4 rows of 15 columns
    assert xlsx_error.code == "too_many_cells"
    assert "4 rows by 15 columns, 60 cells; at most 40 cells" in str(xlsx_error)
    assert refused(csv_bytes(roster(3)), "a.csv").code == "too_many_cells"


def test_a_csv_cell_past_the_field_limit_is_an_error_with_its_line_not_a_crash():
    content = csv_bytes(roster(1)) + b'"' + b"x" * 200_000 + b"\n"
    error = refused(content, "a.csv")
    assert error.code == "unreadable" and "line 3" in str(error)


def test_a_zip_that_zip_readers_could_read_two_ways_is_not_read():
    """Anything after the zip's end record (a comment, another archive) could lead calamine's zip
    reader to other parts than the ones measured."""
    content = xlsx_bytes(roster(1))
    assert reader.read("a.xlsx", content).rows
    out = io.BytesIO(content)
    with zipfile.ZipFile(out, "a") as archive:
        archive.comment = b"PK\x05\x06 another directory?"
    assert refused(out.getvalue()).code == "unreadable"


def test_formats_whose_grid_cannot_be_measured_are_not_read():
    for name in ("a.xls", "a.ods", "a.xlsb"):
        assert refused(b"\xd0\xcf\x11\xe0" + bytes(600), name).code == "file_type"
    # An .xls (or anything else) under an .xlsx name is not left to calamine's guessing.
    assert refused(b"\xd0\xcf\x11\xe0" + bytes(600)).code == "unreadable"
    ods_inside = xlsx(sheet_xml(""), **{"content.xml": "<office:document-content/>"})
    assert refused(ods_inside).code == "unreadable"


def test_messages_name_the_limit_in_chinese_too():
    with translation.override("zh-hans"):
        assert "1,000,000" in str(refused(cell_at("XFD1048576")))
        assert "行" in str(refused(cell_at("XFD1048576")))
        assert "列" in str(refused(cell_at("ZZ200000")))
        assert "压缩" in str(refused(zip_bomb(megabytes=2)))


def test_a_file_within_the_limits_reads_as_before():
    rows = roster(3)
    table = reader.read("a.xlsx", xlsx_bytes(rows, title="海州社区低保花名册"))
    assert table.first_row == 3 and [r[1] for r in table.rows] == ["张三"] * 3


def _verdict(content: bytes) -> str:
    try:
        bounds.check_xlsx(content, bounds.Limits.current())
    except DomainError as error:
        return error.code
    return "ok"


def _parsed_with_expat(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The parts the exact check (expat) reads from here on."""
    parsed: list[str] = []
    unpack = bounds._Budget.unpack

    def recorded(self, archive, info, parser):  # type: ignore[no-untyped-def]
        parsed.append(info.filename)
        return unpack(self, archive, info, parser)

    monkeypatch.setattr(bounds._Budget, "unpack", recorded)
    return parsed


def test_a_plainly_written_roster_is_measured_without_expat(monkeypatch):
    parsed = _parsed_with_expat(monkeypatch)
    content = xlsx_bytes(roster(200), title="海州社区低保花名册")
    assert _verdict(content) == "ok" and parsed == []
    assert len(reader.read("a.xlsx", content).rows) == 200


@override_settings(IMPORT_MAX_COMPRESSION_RATIO=100_000)
def test_the_scan_never_passes_what_expat_refuses(monkeypatch):
    """Each file is judged as it is (the scan, then expat for what it does not vouch for) and by
    expat alone: the same verdict, however its cells are written."""
    far = "XFD1048576"
    sheets = {
        "plain": '<row r="1"><c r="A1"><v>1</v></c></row>',
        "far": f'<row r="1"><c r="{far}"><v>1</v></c></row>',
        "far, empty": f'<row r="1"><c r="{far}" s="1"/></row>',
        "far, opened and closed": f'<row r="1"><c r="{far}"></c></row>',
        "attributes in another order": f'<row r="1"><c s="1" r="{far}"><v>1</v></c></row>',
        "a second r": f'<row r="1"><c r="A1" r="{far}"><v>1</v></c></row>',
        "single quotes": f"<row r=\"1\"><c r='{far}'><v>1</v></c></row>",
        "a line break before r": f'<row r="1"><c\nr="{far}"><v>1</v></c></row>',
        "a character reference": '<row r="1"><c r="&#88;FD1048576"><v>1</v></c></row>',
        "no reference": "<row>" + "<c><v>1</v></c>" * 201 + "</row>",
        "in a comment": f'<!-- <c r="{far}"><v>1</v></c> --><row r="1"><c r="A1"><v>1</v></c></row>',
        "a prefix": f'<row r="1"><x:c xmlns:x="{MAIN}" r="{far}"><x:v>1</x:v></x:c></row>',
        "wide": '<row r="1"><c r="GZ1"><v>1</v></c></row>',
        "many strings": '<row r="1">' + '<c r="A1" t="s"><v>0</v></c>' * 60_000 + "</row>",
    }
    strings = f'<sst xmlns="{MAIN}"><si><t>{"x" * 10_000}</t></si></sst>'
    files = {
        name: xlsx(sheet_xml(body), **{"xl/sharedStrings.xml": strings}) for name, body in sheets.items()
    }
    files |= {
        "declared": declared("A1:XFD1048576"),
        "understated": understated(megabytes=2, says=1000),
        "roster": xlsx_bytes(roster(3)),
    }
    judged = {name: _verdict(content) for name, content in files.items()}

    def not_plain(*_args):  # type: ignore[no-untyped-def]
        raise bounds._NotPlain

    monkeypatch.setattr(bounds._Plain, "part", not_plain)
    assert judged == {name: _verdict(content) for name, content in files.items()}
    assert judged["plain"] == judged["roster"] == judged["far, empty"] == "ok"
    assert judged["far"] == judged["single quotes"] == "too_many_rows"
    assert judged["many strings"] == "unpacked_too_large"
