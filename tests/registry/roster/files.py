"""Small real roster files for the tests, written the way offices write them."""

import csv
import io
import zipfile
from typing import Any

import xlsxwriter

HEADERS = [
    "户主身份证号",
    "姓名",
    "身份证号",
    "与户主关系",
    "城乡类别",
    "家庭住址",
    "联系电话",
    "开户银行",
    "银行账号",
    "残疾类别",
    "残疾等级",
    "健康状况",
    "劳动能力",
    "就业状况",
    "月收入",
]


def row(head_id: str, name: str, id_number: str, relation: str = "本人", **cells: Any) -> list[Any]:
    values = {"城乡类别": "城市", "健康状况": "健康", "劳动能力": "完全", "就业状况": "失业", **cells}
    if relation == "本人":
        values.setdefault("家庭住址", "海州街1号")
        values.setdefault("开户银行", "中国农业银行")
        values.setdefault("银行账号", "6228480000000000001")
    base = {"户主身份证号": head_id, "姓名": name, "身份证号": id_number, "与户主关系": relation}
    return [values.get(h, base.get(h, "")) for h in HEADERS]


def csv_bytes(rows: list[list[Any]], encoding: str = "utf-8", headers: list[str] = HEADERS) -> bytes:
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(headers)
    writer.writerows(rows)
    return text.getvalue().encode(encoding)


def xlsx_bytes(rows: list[list[Any]], headers: list[str] = HEADERS, title: str | None = None) -> bytes:
    """Numbers (int, float) become number cells, as when someone types them into Excel."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = workbook.add_worksheet()
    offset = 0
    if title:
        sheet.write(0, 0, title)
        offset = 1
    sheet.write_row(offset, 0, headers)
    for i, values in enumerate(rows, start=offset + 1):
        for j, value in enumerate(values):
            if isinstance(value, int | float):
                sheet.write_number(i, j, value)
            else:
                sheet.write_string(i, j, str(value))
    workbook.close()
    return buffer.getvalue()


def with_sheet_text(content: bytes, replacements: dict[str, str]) -> bytes:
    """The same xlsx with text replaced in its sheet XML: how a file from a program that writes
    every digit of a long number (`<v>210204…</v>`) looks, which XlsxWriter itself never does."""
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                text = data.decode("utf-8")
                for old, new in replacements.items():
                    text = text.replace(old, new)
                data = text.encode("utf-8")
            target.writestr(item, data)
    return out.getvalue()
