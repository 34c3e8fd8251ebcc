"""Reading a roster file into a header row and data rows of text.

xlsx is read with python-calamine. CSV may come in UTF-8, UTF-8 with a BOM or GB18030 (which
covers GBK and GB2312): the encoding is detected, never asked. ID numbers that Excel stored as
numbers come back as their digits, not as '2.1e+17'.
"""

import csv
import datetime
import io
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from python_calamine import CalamineError, CalamineWorkbook

from dibao.core.errors import DomainError

MAX_BYTES = 50 * 1024 * 1024
LOSSY = 1e15


@dataclass(frozen=True)
class Table:
    headers: list[str]
    rows: list[list[str]]  # each padded to len(headers)
    first_row: int  # the spreadsheet's row number of rows[0]
    # (row index, column index) of numbers too long for Excel to have kept every digit
    lossy: frozenset[tuple[int, int]] = frozenset()


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip().lstrip("'")


def decode(content: bytes) -> str:
    if content.startswith(b"\xef\xbb\xbf"):
        return content[3:].decode("utf-8")
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return content.decode("gb18030")
    except UnicodeDecodeError:
        raise DomainError(_("The file is neither UTF-8 nor GB18030/GBK text."), code="encoding") from None


def _table(raw: Sequence[Sequence[object]]) -> Table:
    # Skip leading blank lines and title rows above the header: the header is the first row with
    # at least three non-empty cells (a title like "某社区低保花名册" fills one merged cell).
    start = 0
    while start < len(raw) and sum(1 for c in raw[start] if _cell(c)) < 3:
        start += 1
    if start == len(raw):
        raise DomainError(_("The file has no header row."), code="empty")
    headers = [_cell(c) for c in raw[start]]
    width = len(headers)
    rows = []
    lossy: set[tuple[int, int]] = set()
    for index, line in enumerate(raw[start + 1 :]):
        cells = [_cell(c) for c in line][:width]
        rows.append(cells + [""] * (width - len(cells)))
        # Excel keeps numbers as doubles with 15 significant digits: an ID number or a bank account
        # typed into a number cell has already lost its last digits, and no reader can get them back.
        lossy.update(
            (index, col) for col, c in enumerate(line[:width]) if isinstance(c, float) and abs(c) >= LOSSY
        )
    while rows and not any(rows[-1]):
        rows.pop()
    return Table(headers=headers, rows=rows, first_row=start + 2, lossy=frozenset(lossy))


def read(filename: str, content: bytes) -> Table:
    if len(content) > MAX_BYTES:
        raise DomainError(_("The file is larger than 50 MB."), code="too_large")
    name = filename.lower()
    if name.endswith((".xlsx", ".xlsm", ".xls", ".ods")):
        try:
            workbook = CalamineWorkbook.from_filelike(io.BytesIO(content))
            sheet = workbook.get_sheet_by_index(0)
            return _table(sheet.to_python(skip_empty_area=False))
        except CalamineError:
            raise DomainError(
                _("The spreadsheet cannot be read; is it a real Excel file?"), code="unreadable"
            ) from None
    if name.endswith((".csv", ".txt")):
        text = decode(content)
        dialect = csv.excel_tab if text.count("\t") > text.count(",") else csv.excel
        return _table([list(r) for r in csv.reader(io.StringIO(text), dialect)])
    raise DomainError(_("Only .xlsx and .csv files can be imported."), code="file_type")
