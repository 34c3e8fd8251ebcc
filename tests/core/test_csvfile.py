"""`core.csvfile`: what a spreadsheet would run is written as text, digits keep every digit, GBK
programs are not handed characters they garble — and no CSV is written any other way."""

import ast
import csv
import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import translation

from dibao.core.csvfile import CsvWriter, OutsideGbk, neutralised
from dibao.core.sheets import reader

SRC = Path(__file__).resolve().parents[2] / "src" / "dibao"
ATTACKS = ['=HYPERLINK("http://x","a")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1+1)", "\t=1+1", "\r=1+1"]


def written(rows, encoding="utf-8", **options) -> bytes:  # type: ignore[no-untyped-def]
    out = io.BytesIO()
    with CsvWriter(out, encoding=encoding, **options) as writer:
        writer.header(["姓名", "身份证号", "金额"])
        for row in rows:
            writer.row(row)
    assert not out.closed  # the caller's file stays open
    return out.getvalue()


def cells(content: bytes, encoding="utf-8") -> list[list[str]]:  # type: ignore[no-untyped-def]
    return list(csv.reader(io.StringIO(content.decode(encoding), newline="")))


@pytest.mark.parametrize("attack", ATTACKS)
def test_a_cell_a_spreadsheet_would_take_for_a_formula_starts_with_a_quote(attack):
    (row,) = cells(written([[attack, "", Decimal("-1.50")]]))[1:]
    assert row[0] == "'" + attack and not row[0].startswith(("=", "+", "-", "@", "\t", "\r"))
    assert row[2] == "-1.50"  # a number dibao computed is a number, not a formula


def test_plain_text_and_numbers_are_written_as_they_are():
    (row,) = cells(written([["张三", "2102X", 7]]))[1:]
    assert row == ["张三", "2102X", "7"]
    assert neutralised("王-明") == "王-明" and neutralised("") == ""


@pytest.mark.parametrize(
    ("guard", "expected"),
    [
        ("formula", '="0012345678901234567"'),
        ("tab", "\t0012345678901234567"),
        ("none", "0012345678901234567"),
    ],
)
def test_digit_columns_are_guarded_as_asked(guard, expected):
    rows = [["张三", "0012345678901234567", Decimal("1.00")], ["李四", "21020419700101017X", 2]]
    body = cells(written(rows, digit_columns={1}, guard=guard))[1:]
    assert body[0][1] == expected
    assert body[1][1] == "21020419700101017X"  # already text to a spreadsheet: left alone


def test_the_roster_reader_reads_back_every_guarded_form():
    """What dibao writes, it reads again: the guards and the quote come off."""
    rows = []
    for guard in ("formula", "tab", "none"):
        content = written([["'张三", "210204197001010014", Decimal("1.00")]], digit_columns={1}, guard=guard)
        table = reader.read("back.csv", content)
        rows.append(table.rows[0][:2])
    assert rows == [["张三", "210204197001010014"]] * 3
    quoted = reader.read("back.csv", written([['=HYPERLINK("x")', "", ""]]))
    assert quoted.rows[0][0] == '=HYPERLINK("x")'  # the name as imported, for the register to refuse


def test_gb18030_refuses_characters_a_gbk_program_garbles_naming_line_and_text():
    out = io.BytesIO()
    with (
        translation.override("en"),
        pytest.raises(OutsideGbk) as caught,
        CsvWriter(out, encoding="gb18030") as writer,
    ):
        writer.header(["姓名"])
        writer.row(["张三"])
        writer.row(["王䶮"])
        writer.row(["𠮷"])
    message = str(caught.value)
    assert caught.value.lines == [(3, "王䶮"), (4, "𠮷")]
    assert "3: 王䶮" in message and "4: 𠮷" in message and "xlsx" in message and "UTF-8" in message
    assert written([["王䶮", "", ""]], encoding="utf-8")  # UTF-8 holds them


def offenders_in(source: str, name: str) -> list[str]:
    """CSV written with the csv module, or an xlsxwriter sheet written with a method that may
    interpret its value (write() takes "=…" for a formula), in one module's source."""
    tree = ast.parse(source)
    uses_xlsxwriter = any(
        (isinstance(node, ast.Import) and any(a.name.startswith("xlsxwriter") for a in node.names))
        or (isinstance(node, ast.ImportFrom) and (node.module or "").startswith("xlsxwriter"))
        for node in ast.walk(tree)
    )
    found = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and node.attr in ("writer", "DictWriter")
            and isinstance(node.value, ast.Name)
            and node.value.id == "csv"
        ):
            found.append(f"{name}:{node.lineno} csv.{node.attr}")
        if (
            isinstance(node, ast.ImportFrom)
            and node.module == "csv"
            and {alias.name for alias in node.names} & {"writer", "DictWriter"}
        ):
            found.append(f"{name}:{node.lineno} from csv import a writer")
        if (
            uses_xlsxwriter
            and isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("write", "write_row", "write_column", "write_formula")
        ):
            found.append(f"{name}:{node.lineno} .{node.func.attr}()")
    return found


def test_every_csv_is_written_through_core_csvfile():
    """No module but core/csvfile.py writes CSV with the csv module, so none can forget the rules;
    and no xlsxwriter sheet is written with write(): text goes through write_string."""
    offenders = [
        offender
        for path in sorted(SRC.rglob("*.py"))
        if path != SRC / "core" / "csvfile.py"
        for offender in offenders_in(path.read_text(encoding="utf-8"), str(path.relative_to(SRC)))
    ]
    assert offenders == []
    assert len(list(SRC.rglob("*.py"))) > 100  # the walk saw the source, not an empty folder


@pytest.mark.parametrize(
    "source",
    [
        "import csv\nw = csv.writer(f)\n",
        "import csv\nw = csv.DictWriter(f, fieldnames)\n",
        "from csv import writer\n",
        "import xlsxwriter\nsheet.write(0, 0, name)\n",
        "from xlsxwriter.worksheet import Worksheet\nsheet.write_row(0, 0, names)\n",
    ],
)
def test_the_walk_finds_a_new_writer(source):
    assert offenders_in(source, "new.py") != []


def test_the_walk_leaves_readers_and_other_writes_alone():
    assert offenders_in("import csv\nrows = csv.reader(f)\nout.write(b'x')\n", "ok.py") == []
