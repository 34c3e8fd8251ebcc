"""Reading a roster file into a header row and data rows of text.

xlsx is read with python-calamine. CSV may come in UTF-8, UTF-8 with a BOM or GB18030 (which
covers GBK and GB2312): the encoding is detected, never asked. ID numbers that Excel stored as
numbers come back as their digits, not as '2.1e+17' (see `digits` for the ones Excel cut short).
"""

import csv
import datetime
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass

from charset_normalizer import from_bytes
from django.utils.translation import gettext_lazy as _
from python_calamine import CalamineError, CalamineWorkbook

from dibao.core.errors import DomainError

from . import digits, headers

MAX_BYTES = 50 * 1024 * 1024
# How far down a title block the header row may sit ("某社区低保花名册", the date, the unit…).
HEADER_SEARCH_ROWS = 10
SPREADSHEETS = (".xlsx", ".xlsm", ".xls", ".ods")
TEXTS = (".csv", ".txt")
# Marks people put before a number to keep it text: an apostrophe (typed or its curly forms),
# or Excel's CSV trick ="210204…".
_QUOTED_FORMULA = re.compile(r'^="(.*)"$')
_TEXT_MARKS = "'‘’`"


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
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = str(value).strip()
    if text.startswith("="):
        quoted = _QUOTED_FORMULA.match(text)
        text = quoted[1] if quoted else text
    return text.lstrip(_TEXT_MARKS).strip()


def decode(content: bytes) -> str:
    """The text of a CSV file: a BOM decides; then UTF-8 if it decodes, else GB18030 (a superset of
    GBK and GB2312, which offices still save); anything else is left to charset-normalizer."""
    if content.startswith(b"\xef\xbb\xbf"):
        return content[3:].decode("utf-8", errors="replace")
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Unicode text"
        return content.decode("utf-16", errors="replace")
    for encoding in ("utf-8", "gb18030"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            pass
    best = from_bytes(content).best()
    if best is None:
        raise DomainError(_("The file is neither UTF-8 nor GB18030/GBK text."), code="encoding")
    return str(best)


def _header_index(raw: Sequence[Sequence[object]]) -> int:
    """Where the header row is: the first row naming two required columns, else the first with
    three filled cells. Title rows above it are skipped."""
    for index, line in enumerate(raw[:HEADER_SEARCH_ROWS]):
        positions, _missing = headers.recognise([_cell(c) for c in line])
        if sum(1 for key in headers.REQUIRED if key in positions) >= 2:
            return index
    for index, line in enumerate(raw):
        if sum(1 for c in line if _cell(c)) >= 3:
            return index
    raise DomainError(_("The file has no header row."), code="empty")


def _table(raw: Sequence[Sequence[object]], exact: dict[tuple[int, int], str] | None = None) -> Table:
    """`exact`: (sheet row, column) → digits as written in the file, for numbers a float cannot hold."""
    start = _header_index(raw)
    header_cells = [_cell(c) for c in raw[start]]
    while header_cells and not header_cells[-1]:
        header_cells.pop()
    width = len(header_cells)
    rows = []
    lossy: set[tuple[int, int]] = set()
    for index, line in enumerate(raw[start + 1 :]):
        cells = [_cell(c) for c in line[:width]]
        rows.append(cells + [""] * (width - len(cells)))
        for col, value in enumerate(line[:width]):
            if isinstance(value, float) and abs(value) >= digits.LOSSY:
                written = (exact or {}).get((start + 1 + index, col))
                if written is not None:
                    rows[-1][col] = written
                else:
                    lossy.add((index, col))
    while rows and not any(rows[-1]):
        rows.pop()
    return Table(headers=header_cells, rows=rows, first_row=start + 2, lossy=frozenset(lossy))


def _spreadsheet(content: bytes) -> Table:
    try:
        sheet = CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0)
        raw = sheet.to_python(skip_empty_area=False)
    except (CalamineError, ValueError, IndexError):
        raise DomainError(
            _("The spreadsheet cannot be read; is it a real Excel file?"), code="unreadable"
        ) from None
    # Rare: a long number only some writers keep whole; then its digits are read from the XML.
    long_numbers = [
        (r, c)
        for r, line in enumerate(raw)
        for c, value in enumerate(line)
        if isinstance(value, float) and abs(value) >= digits.LOSSY
    ]
    exact = digits.written_integers(content, set(long_numbers)) if long_numbers else {}
    return _table(raw, exact)


def read(filename: str, content: bytes) -> Table:
    if len(content) > MAX_BYTES:
        raise DomainError(_("The file is larger than 50 MB."), code="too_large")
    name = filename.lower()
    if name.endswith(SPREADSHEETS):
        return _spreadsheet(content)
    if name.endswith(TEXTS):
        text = decode(content)
        first_line = text.split("\n", 1)[0]
        dialect = csv.excel_tab if first_line.count("\t") > first_line.count(",") else csv.excel
        return _table([list(r) for r in csv.reader(io.StringIO(text), dialect)])
    raise DomainError(_("Only .xlsx and .csv files can be imported."), code="file_type")
