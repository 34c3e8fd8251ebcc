"""Files handed to the browser as downloads, named by one rule, with a Chinese file name every
browser keeps.

Every file dibao makes is named `<what>-<area>-<YYYY年MM月>.<ext>` (`download_name`): what it is
(the program's roster, the bank file, the change report …), the area it covers and the month —
`低保花名册-海州社区-2026年12月.xlsx` — so a clerk's downloads folder sorts and reads the same
whatever page or job made them. The header (`content_disposition`) carries the name twice, as
RFC 6266 asks: `filename*=UTF-8''…` for every current browser, and an ASCII `filename=` for
the clients that read only that one, spelled in pinyin rather than in question marks.
"""

import datetime
import re
import unicodedata
from typing import IO
from urllib.parse import quote

from django.http import FileResponse, HttpResponse, HttpResponseBase
from pypinyin import lazy_pinyin

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = "application/pdf"

# What no file system keeps in a name (Windows is the strictest).
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')
_SEPARATOR = "-"


def month_words(month: datetime.date) -> str:
    """2026年12月: the month as a file name says it."""
    return f"{month.year}年{month.month:02d}月"


def period_words(first: datetime.date, last: datetime.date) -> str:
    """One month as `month_words`; several as 2026年01月至2026年06月."""
    if (first.year, first.month) == (last.year, last.month):
        return month_words(first)
    return f"{month_words(first)}至{month_words(last)}"


def _part(text: str) -> str:
    """One part of a name, without what a file system refuses and without spaces."""
    return re.sub(r"\s+", "", _UNSAFE.sub("_", str(text).strip())) or "_"


def download_name(
    what: str,
    area: str,
    when: datetime.date | tuple[datetime.date, datetime.date],
    extension: str,
) -> str:
    """`<what>-<area>-<YYYY年MM月>.<ext>`; `when` is a month (any day of it) or a period (first and
    last day), which reads 2026年01月至2026年06月."""
    words = period_words(*when) if isinstance(when, tuple) else month_words(when)
    return f"{_part(what)}{_SEPARATOR}{_part(area)}{_SEPARATOR}{words}.{extension.lstrip('.')}"


def ascii_fallback(filename: str) -> str:
    """The name in ASCII: Chinese in pinyin (低保花名册 → dibaohuamingce), full-width forms as their
    ASCII twins, anything else an underscore; never a quote or a backslash."""
    text = unicodedata.normalize("NFKC", filename)
    spelled = "".join(lazy_pinyin(text, errors="default"))
    safe = "".join(c if 32 <= ord(c) < 127 and c not in '"\\;' else "_" for c in spelled)
    return safe or "download"


def content_disposition(filename: str, *, inline: bool = False) -> str:
    # RFC 6266: an ASCII fallback for old clients, then the UTF-8 name (审批表-…pdf) for the others.
    kind = "inline" if inline else "attachment"
    return f"{kind}; filename=\"{ascii_fallback(filename)}\"; filename*=UTF-8''{quote(filename, safe='')}"


def file_response(content: bytes | IO[bytes], filename: str, content_type: str) -> HttpResponseBase:
    """Bytes, or an open file streamed in chunks (and closed when sent), as a download."""
    response: HttpResponseBase
    if isinstance(content, bytes):
        response = HttpResponse(content, content_type=content_type)
    else:
        response = FileResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition(filename)
    return response


def pdf_response(pdf: bytes, filename: str, *, inline: bool = False) -> HttpResponse:
    """A printed document: downloaded, or `inline` to be shown in the browser's own viewer."""
    response = HttpResponse(pdf, content_type=PDF)
    response["Content-Disposition"] = content_disposition(filename, inline=inline)
    return response
