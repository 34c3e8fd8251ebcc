"""Reading an uploaded file into a header row and data rows of text: the one reader of every import
(the roster, households already receiving, the bank's results).

xlsx is read with python-calamine, after `bounds` has checked what reading it would cost; CSV is
bounded as it is read (rows, columns, cells; the upload's size first of all). CSV may come in UTF-8,
UTF-8 with a BOM or GB18030 (which covers GBK and GB2312): the encoding is detected, never asked.
ID numbers that Excel stored as numbers come back as their digits, not as '2.1e+17' (see `digits`
for the ones Excel cut short).
"""

import csv
import datetime
import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from charset_normalizer import from_bytes
from django.utils.translation import gettext_lazy as _
from python_calamine import CalamineError, CalamineWorkbook

from dibao.core.errors import DomainError

from . import bounds, digits

# How far down a title block the header row may sit ("某社区低保花名册", the date, the unit…).
HEADER_SEARCH_ROWS = 10
# Only the zip formats whose grid `bounds` can measure before calamine builds it.
SPREADSHEETS = (".xlsx", ".xlsm")
TEXTS = (".csv", ".txt")
# Marks people put before a number to keep it text: an apostrophe (typed or its curly forms),
# or Excel's CSV trick ="210204…".
_QUOTED_FORMULA = re.compile(r'^="(.*)"$')
_TEXT_MARKS = "'‘’`"
_MARKED = frozenset(["=", *_TEXT_MARKS])  # what a text cell may begin with that `_cell` removes

# Whether a row (its cells as text) is the header of the file's own layout: an import says.
IsHeader = Callable[[list[str]], bool]


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


def _header_index(raw: Sequence[Sequence[object]], is_header: IsHeader | None) -> int:
    """Where the header row is: the first of the first few that `is_header` says names the file's
    columns, else the first with three filled cells. Title rows above it are skipped."""
    if is_header is not None:
        for index, line in enumerate(raw[:HEADER_SEARCH_ROWS]):
            if is_header([_cell(c) for c in line]):
                return index
    for index, line in enumerate(raw):
        if sum(1 for c in line if _cell(c)) >= 3:
            return index
    raise DomainError(_("The file has no header row."), code="empty")


def _table(
    raw: Sequence[Sequence[object]],
    is_header: IsHeader | None,
    exact: dict[tuple[int, int], str] | None = None,
    top_row: int = 0,
) -> Table:
    """`exact`: (row, column) of `raw` → digits as written in the file, for numbers a float cannot
    hold. `top_row`: the sheet's row (0-based) of raw[0]."""
    start = _header_index(raw, is_header)
    header_cells = [_cell(c) for c in raw[start]]
    while header_cells and not header_cells[-1]:
        header_cells.pop()
    width = len(header_cells)
    rows = []
    lossy: set[tuple[int, int]] = set()
    for index, line in enumerate(raw[start + 1 :]):
        # Text that needs nothing but its spaces stripped is nearly every cell: done inline.
        cells = [
            text if type(c) is str and (text := c.strip())[:1] not in _MARKED else _cell(c)
            for c in line[:width]
        ]
        rows.append(cells + [""] * (width - len(cells)))
        if float not in set(map(type, line)):
            continue
        for col, value in enumerate(line[:width]):
            if isinstance(value, float) and abs(value) >= digits.LOSSY:
                written = (exact or {}).get((start + 1 + index, col))
                if written is not None:
                    rows[-1][col] = written
                else:
                    lossy.add((index, col))
    while rows and not any(rows[-1]):
        rows.pop()
    return Table(headers=header_cells, rows=rows, first_row=top_row + start + 2, lossy=frozenset(lossy))


def _spreadsheet(content: bytes, limits: bounds.Limits, is_header: IsHeader | None) -> Table:
    bounds.check_xlsx(content, limits)
    try:
        with CalamineWorkbook.from_filelike(io.BytesIO(content)) as workbook:
            sheet = workbook.get_sheet_by_index(0)
            # Its grid once more, as calamine built it, before it becomes Python lists.
            top, left = sheet.start or (0, 0)
            bottom, right = sheet.end or (0, 0)
            bounds.check_grid(limits, (top, left), (bottom, right))
            raw = sheet.to_python(skip_empty_area=True, nrows=limits.rows)
    except (CalamineError, ValueError, IndexError):
        raise DomainError(bounds.UNREADABLE, code="unreadable") from None
    # Rare: a long number only some writers keep whole; then its digits are read from the XML.
    long_numbers = [
        (top + r, left + c)
        for r, line in enumerate(raw)
        if float in set(map(type, line))
        for c, value in enumerate(line)
        if isinstance(value, float) and abs(value) >= digits.LOSSY
    ]
    exact = digits.written_integers(content, set(long_numbers)) if long_numbers else {}
    exact_in_raw = {(r - top, c - left): text for (r, c), text in exact.items()}
    return _table(raw, is_header, exact_in_raw, top_row=top)


def _text_rows(content: bytes, limits: bounds.Limits) -> list[list[str]]:
    text = decode(content)
    first_line = text.split("\n", 1)[0]
    dialect = csv.excel_tab if first_line.count("\t") > first_line.count(",") else csv.excel
    lines = csv.reader(io.StringIO(text), dialect)
    rows: list[list[str]] = []
    cells = 0
    try:
        for line in lines:
            cells += len(line)
            bounds.check_csv_row(limits, len(rows) + 1, len(line), cells)
            rows.append(line)
    except csv.Error:
        raise DomainError(
            _(
                "The file cannot be read at line %(line)s: a quotation mark left open, or a cell longer "
                "than %(limit)s characters."
            )
            % {"line": lines.line_num, "limit": f"{csv.field_size_limit():,}"},
            code="unreadable",
        ) from None
    return rows


def read_upload(upload: Any) -> bytes:
    """An uploaded file's bytes, but never more than one byte past the upload limit (which `read`
    then refuses): however the upload arrived, a huge one is not read whole into memory."""
    content: bytes = upload.read(bounds.Limits.current().upload_bytes + 1)
    return content


def read(filename: str, content: bytes, *, is_header: IsHeader | None = None) -> Table:
    """The file's first sheet (or its CSV) as text. `is_header` recognises the header row of the
    import's own layout under title rows; without it, the header is the first row of three cells."""
    limits = bounds.Limits.current()
    if len(content) > limits.upload_bytes:
        raise bounds.too_large(limits)
    name = filename.lower()
    if name.endswith(SPREADSHEETS):
        return _spreadsheet(content, limits, is_header)
    if name.endswith(TEXTS):
        return _table(_text_rows(content, limits), is_header)
    raise DomainError(_("Only .xlsx and .csv files can be imported."), code="file_type")
