"""Every CSV dibao writes goes through `CsvWriter`, so that a clerk who double-clicks one sees in the
spreadsheet exactly what was written, and nothing written runs.

Three things go wrong when Excel, WPS or LibreOffice opens a CSV:

1. A cell that begins with = + - @ (or a tab or carriage return, which they skip) is read as a
   formula: a name imported as =HYPERLINK("http://x","a") becomes a link, +1+cmd|… a DDE call.
   OWASP's rule: put a single quote before such a text, which makes it a text to the spreadsheet
   (dibao's readers drop the quote again). Numbers that dibao itself writes (an amount, a count)
   are passed as int or Decimal and left as they are.
2. A run of digits is read as a number: an ID number keeps 15 significant digits
   (2.10204196410257E+17), an account the same, a household number loses its leading zeros — and
   saving the file writes the damage back. Columns that hold such digits are guarded as the file's
   reader allows (`DigitGuard`): `="210204…"`, a formula whose value is the text, which Excel, WPS
   and LibreOffice honour; a tab before the digits, which keeps the cell text and which a program
   that trims spaces ignores; or nothing, for a program that will not take either.
3. GB18030 writes a character outside GBK (䶮, 𠮷 — rare characters in names) as four bytes that
   a GBK program, which is what many offices and banks still run, shows garbled. Such a file is
   refused with the lines and texts that need xlsx or UTF-8 (`OutsideGbk`).
"""

import csv
import io
from collections.abc import Collection, Sequence
from typing import IO, Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from .errors import DomainError

# What a spreadsheet takes for the start of a formula (tab and carriage return: it skips them first).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_STARTS = frozenset(FORMULA_STARTS)
# How many of the lines a file cannot hold in GBK a refusal names.
NAMED_LINES = 20


class DigitGuard(models.TextChoices):
    """How a column of digits is kept text when a person opens the CSV in a spreadsheet."""

    FORMULA = "formula", _('="…" (Excel, WPS and LibreOffice show the digits as text)')
    TAB = "tab", _("a tab before the digits (kept as text; a program that trims spaces ignores it)")
    NONE = "none", _("none: bare digits (only for a program; a spreadsheet damages them)")


def neutralised(text: str) -> str:
    """`text` as a spreadsheet shows it: a quote before what it would take for a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


# What goes before and after a run of digits under each guard.
_GUARDS = {DigitGuard.FORMULA: ('="', '"'), DigitGuard.TAB: ("\t", ""), DigitGuard.NONE: ("", "")}


def _gbk_has(text: str) -> bool:
    try:
        text.encode("gbk")
    except UnicodeEncodeError:
        return False
    return True


class OutsideGbk(DomainError):
    """The file would be GB18030 with characters a GBK program garbles; `lines` are (line, text)."""

    def __init__(self, lines: list[tuple[int, str]]) -> None:
        self.lines = lines
        named = "; ".join(f"{line}: {text}" for line, text in lines[:NAMED_LINES])
        more = len(lines) - NAMED_LINES
        message = _(
            "A GBK program garbles these characters in GB18030 (line: text): %(lines)s%(more)s. "
            "Write this file as xlsx or in UTF-8 instead."
        ) % {"lines": named, "more": _(" and %(n)s more") % {"n": more} if more > 0 else ""}
        super().__init__(message, code="outside_gbk")


class CsvWriter:
    """`with CsvWriter(out, encoding=…, digit_columns={2, 3}) as csv: csv.row([...])`.

    `out` is a binary file, left open. Strings are neutralised (1.); strings of digits in
    `digit_columns` are guarded with `guard` (2.); int and Decimal are written as they are;
    None is an empty cell. In GB18030 the file is checked for characters outside GBK (3.), and
    `OutsideGbk` raised when it is closed: the caller discards what was written.
    """

    def __init__(
        self,
        out: IO[bytes],
        *,
        encoding: str,
        digit_columns: Collection[int] = (),
        guard: str = DigitGuard.FORMULA,
    ) -> None:
        self._text = io.TextIOWrapper(out, encoding=encoding, errors="strict", newline="")
        self._writer = csv.writer(self._text)
        self._digit_columns = frozenset(digit_columns) if guard != DigitGuard.NONE else frozenset()
        self._before, self._after = _GUARDS[DigitGuard(guard)]
        self._check_gbk = encoding.lower().replace("-", "") in ("gb18030", "gbk", "gb2312")
        self.outside_gbk: list[tuple[int, str]] = []
        self.line = 0

    def row(self, cells: Sequence[Any]) -> None:
        # Written for a million lines: one pass over the cells, one GBK check per row.
        self.line += 1
        out: list[Any] = []
        texts: list[str] = []
        for column, value in enumerate(cells):
            if value is None:
                value = ""
            elif isinstance(value, str) and value:
                texts.append(value)
                if value[0] in _STARTS:
                    value = "'" + value
                elif column in self._digit_columns and value.isascii() and value.isdigit():
                    value = self._before + value + self._after
            out.append(value)  # int and Decimal: numbers dibao computed, written as they are
        if self._check_gbk:
            joined = "".join(texts)
            if not joined.isascii() and not _gbk_has(joined):
                self.outside_gbk += [(self.line, text) for text in texts if not _gbk_has(text)]
        self._writer.writerow(out)

    def header(self, cells: Sequence[str]) -> None:
        """Headers are neutralised too (a bank layout's header is typed by a person), never guarded."""
        self.line += 1
        self._writer.writerow([neutralised(cell) for cell in cells])

    def close(self) -> None:
        self._text.flush()
        self._text.detach()  # the caller's file stays open
        if self.outside_gbk:
            raise OutsideGbk(self.outside_gbk)

    def __enter__(self) -> "CsvWriter":
        return self

    def __exit__(self, kind: object, *rest: object) -> None:
        if kind is None:
            self.close()
        else:  # an error already on its way: detach quietly and let it pass
            self._text.detach()
