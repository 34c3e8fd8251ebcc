"""What reading an uploaded file may cost, checked before the cost is paid.

python-calamine lays a sheet out as a full grid in memory — every row and column between the first
cell used and the last — and copies a shared string into every cell that uses it. It cannot be told
to stop part way, and an xlsx is a zip of XML, so a file of a few kilobytes can ask for hundreds of
gigabytes: a single cell at XFD1048576 is a grid of 17 billion cells, and 1 GB of sheet XML packs
into 2.6 MB. `check_xlsx` therefore looks at the file before calamine does, in constant memory:

1. the zip's central directory: how many parts, and what each says it unpacks to — an honest zip
   bomb is refused before anything is unpacked;
2. every part is unpacked once, streamed in small pieces, counting the bytes that really come out:
   a part that unpacks to more than its directory entry said, more than the ratio allows or more
   than all parts may together is stopped there;
3. each XML part is parsed as it streams (expat) the way calamine reads it — elements by their local
   name, whatever their namespace, rows and cells positioned by their `r` or, without one, by the
   row or cell before — noting the `<dimension ref>` a sheet declares (refused at once when it is
   over the limits), where each cell with content lies, and how much text each shared-string cell
   will copy. The dimension can lie or be missing; the cells cannot.

Step 3 calls Python at every element, which for a roster of 100,000 rows took longer than calamine
takes to read it. So each part is first scanned with regular expressions over its unpacked bytes
(`_Plain`, still in pieces, with the same limits on what is unpacked): for a part written as
spreadsheet programs write them it over-estimates what step 3 measures, and vouches for it when
even that is within the limits. Every other part — one that is not plainly written, or whose
over-estimate passes a limit — is read by step 3 as before, which then decides and gives the reason.

Only then does calamine read the file; `check_grid` checks the grid it built once more before it
becomes Python lists. Formats whose grid cannot be bounded this way (.xls, .ods, .xlsb) are not read.
CSV is bounded as it is read (`check_csv_row`). Every refusal is a `DomainError` naming its limit.
"""

import copy
import io
import operator
import re
import struct
import xml.parsers.expat
import zipfile
import zlib
from array import array
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from dibao.core.errors import DomainError
from dibao.core.uploads import size_text, upload_max_bytes

from .cells import column_index, column_letters

# Unpacked in pieces of this size: what a refused part costs in memory at most, besides the parser.
_PIECE = 64 * 1024
# A part smaller than this unpacked is not held to the compression ratio: small parts of repeated
# markup pack well without harm.
RATIO_FLOOR = 1024 * 1024
_SHARED_STRINGS = "xl/sharedstrings.xml"
# calamine falls back to these formats when a zip is not a readable xlsx; their grids are not bounded here.
_OTHER_FORMATS = ("content.xml", "xl/workbook.bin")
_END_OF_DIRECTORY = b"PK\x05\x06"

UNREADABLE = _("The spreadsheet cannot be read; is it a real Excel file?")


@dataclass(frozen=True)
class Limits:
    upload_bytes: int
    rows: int
    columns: int
    cells: int
    unpacked_bytes: int
    ratio: int
    parts: int

    @classmethod
    def current(cls) -> "Limits":
        return cls(
            upload_bytes=upload_max_bytes(),
            rows=int(settings.IMPORT_MAX_ROWS),
            columns=int(settings.IMPORT_MAX_COLUMNS),
            cells=int(settings.IMPORT_MAX_CELLS),
            unpacked_bytes=int(settings.IMPORT_MAX_UNPACKED_BYTES),
            ratio=int(settings.IMPORT_MAX_COMPRESSION_RATIO),
            parts=int(settings.IMPORT_MAX_ZIP_PARTS),
        )


def _count(number: int) -> str:
    return f"{number:,}"


def unreadable() -> DomainError:
    return DomainError(UNREADABLE, code="unreadable")


def too_large(limits: Limits) -> DomainError:
    return DomainError(
        _("The file is larger than %(limit)s, the most that can be uploaded.")
        % {"limit": size_text(limits.upload_bytes)},
        code="too_large",
    )


def too_many_rows(limits: Limits, row: int) -> DomainError:
    """`row`: the 1-based number of a row past the limit."""
    return DomainError(
        _("The file has more than %(limit)s rows (it goes on to row %(row)s); split it into smaller files.")
        % {"limit": _count(limits.rows), "row": _count(row)},
        code="too_many_rows",
    )


def too_many_columns(limits: Limits, column: str) -> DomainError:
    return DomainError(
        _(
            "The file has more than %(limit)s columns (it goes on to column %(column)s); remove the "
            "columns not needed."
        )
        % {"limit": _count(limits.columns), "column": column},
        code="too_many_columns",
    )


def too_many_cells(limits: Limits, rows: int, columns: int) -> DomainError:
    return DomainError(
        _(
            "The sheet's data spans %(rows)s rows by %(columns)s columns, %(cells)s cells; at most "
            "%(limit)s cells can be read."
        )
        % {
            "rows": _count(rows),
            "columns": _count(columns),
            "cells": _count(rows * columns),
            "limit": _count(limits.cells),
        },
        code="too_many_cells",
    )


def _unpacked_too_large(limits: Limits) -> DomainError:
    return DomainError(
        _("Unpacked, the file is larger than %(limit)s (an xlsx file is a zip archive).")
        % {"limit": size_text(limits.unpacked_bytes)},
        code="unpacked_too_large",
    )


def _too_much_text(limits: Limits) -> DomainError:
    return DomainError(
        _(
            "The sheet's cells hold more than %(limit)s of text (a shared string counts at every cell "
            "that uses it)."
        )
        % {"limit": size_text(limits.unpacked_bytes)},
        code="unpacked_too_large",
    )


def _packed_too_tightly(limits: Limits, part: str) -> DomainError:
    return DomainError(
        _(
            "The part %(part)s of the file is packed more than %(limit)s to 1, as only a file made to "
            "overload a server is (a zip bomb); it was not unpacked."
        )
        % {"part": part[:100], "limit": _count(limits.ratio)},
        code="compression_ratio",
    )


def _too_many_parts(limits: Limits) -> DomainError:
    return DomainError(
        _("The file has more than %(limit)s parts (an xlsx file is a zip archive).")
        % {"limit": _count(limits.parts)},
        code="too_many_parts",
    )


def _size_lies(part: str) -> DomainError:
    return DomainError(
        _("The part %(part)s of the file unpacks to more than the zip archive says; the file is damaged.")
        % {"part": part[:100]},
        code="unreadable",
    )


def check_grid(limits: Limits, first: tuple[int, int], last: tuple[int, int]) -> None:
    """The block from `first` to `last` (0-based row, column; both included) fits the limits."""
    if last[0] >= limits.rows:
        raise too_many_rows(limits, last[0] + 1)
    if last[1] >= limits.columns:
        raise too_many_columns(limits, column_letters(last[1]))
    rows, columns = last[0] - first[0] + 1, last[1] - first[1] + 1
    if rows * columns > limits.cells:
        raise too_many_cells(limits, rows, columns)


def check_csv_row(limits: Limits, number: int, width: int, cells: int) -> None:
    """Row `number` (1-based) of `width` cells, `cells` read so far with it."""
    if number > limits.rows:
        raise too_many_rows(limits, number)
    if width > limits.columns:
        raise too_many_columns(limits, _count(width))
    if cells > limits.cells:
        raise _more_cells_than(limits)


def _more_cells_than(limits: Limits) -> DomainError:
    return DomainError(
        _("The file has more than %(limit)s cells; split it into smaller files.")
        % {"limit": _count(limits.cells)},
        code="too_many_cells",
    )


def _parts_declared(content: bytes) -> int:
    """The number of parts the zip's end record declares, read before Python's zipfile builds an
    object for each. The record must close the file, with no comment after it (as every
    spreadsheet program writes it): a zip with several candidate records could be read one way
    here and another way by calamine's zip reader."""
    if len(content) < 22 or content[-22:-18] != _END_OF_DIRECTORY or content[-2:] != b"\0\0":
        raise unreadable()
    total: int = struct.unpack_from("<H", content, len(content) - 12)[0]
    return total


_COLUMNS: dict[str, int] = {}  # letters → 0-based column, as they are met


def _column(letters: str) -> int:
    column = _COLUMNS.get(letters)
    if column is None:
        if not (letters.isascii() and letters.isalpha()):
            raise unreadable()
        column = column_index(letters)
        if len(_COLUMNS) < 20_000:
            _COLUMNS[letters] = column
    return column


def _position(reference: str) -> tuple[int, int]:
    """(row, column), 0-based, from "B7" — of either letter case, as calamine reads them; -1 for a
    column left out ("7")."""
    letters = reference.rstrip("0123456789")
    digits = reference[len(letters) :]
    if not digits or not digits.isascii() or int(digits) == 0:
        raise unreadable()
    return int(digits) - 1, _column(letters) if letters else -1


def _refuse_declarations(*_args: Any) -> None:
    # No part of an xlsx needs a DTD; entity declarations are how XML text is made to multiply.
    raise unreadable()


def _expat(start: Any, end: Any, characters: Any) -> Any:
    # Without namespace processing, as calamine reads: an element is known by its local name
    # whatever its prefix, and a prefix nobody declared is no error.
    parser = xml.parsers.expat.ParserCreate()
    parser.buffer_text = True
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = characters
    parser.StartDoctypeDeclHandler = _refuse_declarations
    parser.EntityDeclHandler = _refuse_declarations
    return parser


def _shared_strings_parser(limits: Limits, lengths: array) -> Any:
    """Appends the length in UTF-8 bytes of each shared string (`<si>`) to `lengths`. Counts as the
    text streams by, holding none of it: one string may be most of the part."""
    length = -1  # inside an <si> from 0 on

    def start(name: str, _attributes: dict[str, str]) -> None:
        nonlocal length
        if name == "si" or name.endswith(":si"):
            length = 0

    def end(name: str) -> None:
        nonlocal length
        if length >= 0 and (name == "si" or name.endswith(":si")):
            if len(lengths) >= limits.cells:  # more strings than cells could use
                raise _more_cells_than(limits)
            lengths.append(min(length, 0xFFFFFFFF))
            length = -1

    def characters(data: str) -> None:
        nonlocal length
        if length >= 0:
            length += len(data.encode())

    return _expat(start, end, characters)


def _sheet_parser(limits: Limits, shared: array) -> Any:
    """Follows rows and cells as calamine positions them: by their `r`, else after the one before
    (a cell without `r` in the row's next column; a row after the row before). A cell counts once
    an element opens inside it (its value, formula or text): calamine leaves out empty cells.
    Checks the grid that the cells with content span, the `<dimension>` the part declares, and the
    bytes shared-string cells copy."""
    row = column = 0
    row_text, row_of_text = "1", 0  # str(row + 1), for the common case of a cell in its row
    cell_row = cell_column = -1  # the cell being read while no content has been seen in it
    in_cell = shared_cell = False
    top = left = 1 << 40
    bottom = right = -1
    copied = 0
    index: list[str] | None = None  # the text of a shared-string cell's <v>
    known_column = _COLUMNS.get

    def reaches(cell: int, at: int) -> None:
        """The cell being read lies outside the grid so far: widen it, and check it."""
        nonlocal top, left, bottom, right
        top, bottom = min(top, cell), max(bottom, cell)
        left, right = min(left, at), max(right, at)
        check_grid(limits, (top, left), (bottom, right))

    # Called for every element of every part: kept lean, as the time of the whole check is spent here.
    def start(name: str, attributes: dict[str, str]) -> None:
        nonlocal row, column, cell_row, cell_column, in_cell, shared_cell, index, row_text, row_of_text
        if ":" in name:
            name = name.rpartition(":")[2]
        if name == "c":
            reference = attributes.get("r")
            if reference is None:
                cell_row, cell_column = row, column
            else:
                # Nearly always the cell's reference ends in its row's number: then only its
                # letters need reading, and letters already met are looked up.
                if row != row_of_text:
                    row_text, row_of_text = str(row + 1), row
                found = known_column(reference[: -len(row_text)]) if reference.endswith(row_text) else None
                if found is not None:
                    cell_row, cell_column = row, found
                else:
                    cell_row, cell_column = _position(reference)
                    if cell_column < 0:
                        raise unreadable()
            column = cell_column + 1
            in_cell = True
            shared_cell = attributes.get("t") == "s"
        elif in_cell:
            if cell_row >= 0:
                if cell_row > bottom or cell_column > right or cell_row < top or cell_column < left:
                    reaches(cell_row, cell_column)
                cell_row = -1
            if name == "v" and shared_cell:
                index = []
                parser.CharacterDataHandler = characters  # only here is text wanted
        elif name == "row":
            reference = attributes.get("r")
            if reference is not None:
                row = _position(reference)[0]
        elif name == "dimension" and "ref" in attributes:
            _check_dimension(limits, attributes["ref"])

    def end(name: str) -> None:
        nonlocal row, column, in_cell, cell_row, index, copied
        if ":" in name:
            name = name.rpartition(":")[2]
        if name == "c":
            in_cell = False
            cell_row = -1
        elif name == "row":
            row += 1
            column = 0
        elif index is not None and name == "v":
            written = "".join(index).strip()
            index = None
            parser.CharacterDataHandler = None
            if written.isascii() and written.isdigit() and int(written) < len(shared):
                copied += shared[int(written)]
                if copied > limits.unpacked_bytes:
                    raise _too_much_text(limits)

    def characters(data: str) -> None:
        if index is not None:
            index.append(data)
            if len(index) > 8 or len(data) > 64:
                # A <v> this long is only zeros before a number, or no index at all: keep what
                # can matter, not the text (calamine reads "000…05" as 5; spaces it refuses).
                compact = "".join(index).lstrip().lstrip("0") or "0"
                index[:] = [compact if len(compact) <= 20 else "-"]

    parser = _expat(start, end, None)
    return parser


def _check_dimension(limits: Limits, reference: str) -> None:
    """The block a sheet says it spans, refused as if its cells were there; calamine itself refuses
    a reference it cannot parse."""
    try:
        ends = [_position(end) for end in reference.split(":")]
    except DomainError:
        return
    rows = [r for r, _c in ends]
    columns = [max(c, 0) for _r, c in ends]
    check_grid(limits, (min(rows), min(columns)), (max(rows), max(columns)))


def _is_xml(name: str) -> bool:
    """The parts calamine may read as XML: by their name, or as sheets (whatever their name ends in)."""
    lowered = name.lower()
    return lowered.endswith((".xml", ".rels")) or lowered.startswith(
        ("xl/worksheets/", "xl/chartsheets/", "xl/dialogsheets/")
    )


def _longer_of(one: array, other: array) -> array:
    """Shared strings from two parts of the same name (in different letter case, which calamine
    does not tell apart): the longer string at each index."""
    if not one:
        return other
    longer, shorter = (one, other) if len(one) >= len(other) else (other, one)
    merged = array("I", longer)
    for index, length in enumerate(shorter):
        merged[index] = max(merged[index], length)
    return merged


class _Budget:
    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.unpacked = 0

    def unpack(self, archive: zipfile.ZipFile, info: zipfile.ZipInfo, parser: Any) -> None:
        """Stream the part through `parser` (or just count it), stopping at the first limit it passes."""
        # zipfile stops at the size the directory gives; read up to past what the limits allow
        # instead, so a part that says less than it holds is found out rather than cut short.
        probe = copy.copy(info)
        probe.file_size = self.limits.unpacked_bytes - self.unpacked + 1
        ratio_cap = max(RATIO_FLOOR, info.compress_size * self.limits.ratio)
        size = 0
        with archive.open(probe) as stream:
            while piece := stream.read(_PIECE):
                size += len(piece)
                self.unpacked += len(piece)
                if size > ratio_cap:
                    raise _packed_too_tightly(self.limits, info.filename)
                if self.unpacked > self.limits.unpacked_bytes:
                    raise _unpacked_too_large(self.limits)
                if size > info.file_size:
                    raise _size_lies(info.filename)
                if parser is not None:
                    parser.Parse(piece, False)
        if parser is not None:
            parser.Parse(b"", True)


# The scan (`_Plain`) reads parts as spreadsheet programs write them. A part it cannot vouch for
# — a cell not written `<c r="B7" …>`, a `<!` (declaration, comment, CDATA), a character
# reference, a namespace prefix on a cell, a dimension or a shared string, another encoding —
# goes to expat as before.
_FAST_PIECE = 1024 * 1024
_CARRY = 1024 * 1024  # at most this much of a piece is kept for the next (a tag cut in two)
# Two expressions, each starting with text re finds fast: one alternation of both scans slowly.
_UNUSUAL_CELL = re.compile(rb"<c[\t\n\r/>]")
_PREFIXED = re.compile(rb":(?:c|dimension|si)[\s/>]")
_CELL = re.compile(rb'<c r="([A-Z]{1,3})([1-9][0-9]{0,6})"(?: s="[0-9]{1,5}")?(?: t="[a-zA-Z]{1,9}")?/?>')
_ANY_DIMENSION = re.compile(rb"<dimension[\s/>]")
_DIMENSION = re.compile(rb'<dimension ref="([A-Z0-9:]{1,30})"\s*/>')
_ANY_STRING = re.compile(rb"<si[\s/>]")
_STRING = re.compile(rb"<(/?)si>")
_UTF8 = re.compile(
    rb'^(?:\xef\xbb\xbf)?(?:<\?xml version="1\.0"(?: encoding="(?i:utf-8)")?'
    rb'(?: standalone="(?:yes|no)")?\?>)?\s*<[A-Za-z_]'
)
_first = operator.itemgetter(0)
_second = operator.itemgetter(1)


class _NotPlain(Exception):
    """A part the scan does not read, or cannot show within the limits: expat decides."""


class _Plain:
    """What expat measures of a part, over-estimated from a scan of its bytes with regular
    expressions (in C, where expat calls Python at every element): the grid its cells span (from
    A1 to the furthest row and column any cell names, empty ones too), the dimension it declares,
    and the text its shared-string cells copy (every cell counted as one, at the length of the
    longest shared string, a string's length being the bytes between its tags). It only vouches
    for a part the exact check would pass; any other part, hostile or merely unusual, gets the
    exact check and its reasons."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.unpacked = 0
        self.longest = 0  # bytes of the longest shared string
        self.strings = 0

    def part(self, archive: zipfile.ZipFile, info: zipfile.ZipInfo, kind: str) -> None:
        """Scan one part (`kind`: "strings", "xml" or "other"); raise `_NotPlain` unless it is plainly
        within the limits. The bytes it unpacks count towards the file's."""
        limits = self.limits
        probe = copy.copy(info)
        probe.file_size = limits.unpacked_bytes - self.unpacked + 1
        ratio_cap = max(RATIO_FLOOR, info.compress_size * limits.ratio)
        size = 0
        carry = b""
        opened = -1  # where the <si> being read began, counted from the part's start
        self.bottom = self.right = -1
        self.cells = 0
        with archive.open(probe) as stream:
            while piece := stream.read(_FAST_PIECE):
                size += len(piece)
                self.unpacked += len(piece)
                if size > ratio_cap or self.unpacked > limits.unpacked_bytes or size > info.file_size:
                    raise _NotPlain
                if kind == "other":
                    continue
                text = carry + piece
                if size == len(piece) and not _UTF8.match(text):
                    raise _NotPlain
                cut = text.rfind(b">") + 1
                if len(text) - cut > _CARRY:
                    raise _NotPlain
                whole = text[:cut]
                if b"<!" in whole or b"&#" in whole or _UNUSUAL_CELL.search(whole) or _PREFIXED.search(whole):
                    raise _NotPlain
                if kind == "strings":
                    opened = self._strings(whole, size - len(text), opened)
                else:
                    self._cells(whole)
                carry = text[cut:]
        # Left over, an empty XML part or a string never closed: what expat would refuse.
        if carry.strip() or opened >= 0 or (kind != "other" and size == 0):
            raise _NotPlain
        if kind == "xml":
            self._within()

    def _strings(self, text: bytes, start: int, opened: int) -> int:
        opening = 0
        for tag in _STRING.finditer(text):
            if tag[1]:  # </si>
                if opened < 0:
                    raise _NotPlain
                self.longest = max(self.longest, start + tag.start() - opened)
                opened = -1
            else:
                if opened >= 0:
                    raise _NotPlain
                opened = start + tag.end()
                opening += 1
        self.strings += opening
        if len(_ANY_STRING.findall(text)) != opening or self.strings >= self.limits.cells:
            raise _NotPlain
        return opened

    def _cells(self, text: bytes) -> None:
        if b"<c " in text:
            cells = _CELL.findall(text)
            if len(cells) != text.count(b"<c "):
                raise _NotPlain  # a cell whose attributes are not r, s and t in that order
            self.cells += len(cells)
            self.bottom = max(self.bottom, max(map(int, map(_second, cells))) - 1)
            letters = max(set(map(_first, cells)), key=lambda c: (len(c), c))
            self.right = max(self.right, column_index(letters.decode()))
        if b"<dimension" in text:
            declared = _DIMENSION.findall(text)
            if len(declared) != len(_ANY_DIMENSION.findall(text)):
                raise _NotPlain
            for reference in declared:
                try:
                    _check_dimension(self.limits, reference.decode())
                except DomainError:
                    raise _NotPlain from None

    def _within(self) -> None:
        if self.cells * self.longest > self.limits.unpacked_bytes:
            raise _NotPlain
        if self.bottom >= 0:
            try:
                check_grid(self.limits, (0, 0), (self.bottom, self.right))
            except DomainError:
                raise _NotPlain from None


def check_xlsx(content: bytes, limits: Limits) -> None:
    """Refuse `content` unless reading it as an xlsx stays within `limits` (see the module's notes)."""
    if not content.startswith(b"PK\x03\x04"):
        raise unreadable()  # not a zip: an .xls, .ods or anything else calamine would guess at
    if _parts_declared(content) > limits.parts:
        raise _too_many_parts(limits)
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        infos = archive.infolist()
        if len(infos) > limits.parts:
            raise _too_many_parts(limits)
        names = [info.filename.lower() for info in infos]
        if "xl/workbook.xml" not in names or any(name in names for name in _OTHER_FORMATS):
            raise unreadable()
        declared = 0
        for info in infos:
            declared += info.file_size
            if declared > limits.unpacked_bytes:
                raise _unpacked_too_large(limits)
            if info.file_size > max(RATIO_FLOOR, info.compress_size * limits.ratio):
                raise _packed_too_tightly(limits, info.filename)
        # Shared strings first: a cell's cost is the length of the string it copies.
        ordered = sorted(infos, key=lambda i: i.filename.lower() != _SHARED_STRINGS)
        plain = _Plain(limits)
        vouched: dict[int, int] = {}  # index in `ordered` → bytes the scan unpacked of it
        for index, info in enumerate(ordered):
            name = info.filename.lower()
            kind = "strings" if name == _SHARED_STRINGS else "xml" if _is_xml(info.filename) else "other"
            counted = plain.unpacked
            try:
                plain.part(archive, info, kind)
            except _NotPlain:
                plain.unpacked = counted
                if kind == "strings":  # their lengths unknown: no part with a cell is vouched for
                    plain.longest = limits.unpacked_bytes + 1
            else:
                vouched[index] = plain.unpacked - counted
        if len(vouched) == len(ordered):
            return
        # The parts the scan did not vouch for are read with expat; a sheet among them needs the
        # exact length of every shared string, so their part is read again with them.
        sheet_left = any(
            i not in vouched and _is_xml(info.filename) and info.filename.lower() != _SHARED_STRINGS
            for i, info in enumerate(ordered)
        )
        if sheet_left:
            for i, info in enumerate(ordered):
                if info.filename.lower() == _SHARED_STRINGS:
                    vouched.pop(i, None)
        budget = _Budget(limits)
        budget.unpacked = sum(vouched.values())
        shared: array = array("I")
        for index, info in enumerate(ordered):
            if index in vouched:
                continue
            if info.filename.lower() == _SHARED_STRINGS:
                strings = array("I")
                budget.unpack(archive, info, _shared_strings_parser(limits, strings))
                shared = _longer_of(shared, strings)
            elif _is_xml(info.filename):
                budget.unpack(archive, info, _sheet_parser(limits, shared))
            else:
                budget.unpack(archive, info, None)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, xml.parsers.expat.ExpatError, zlib.error):
        raise unreadable() from None
    except (EOFError, OSError, RuntimeError, NotImplementedError, ValueError):
        # RuntimeError: an encrypted part; NotImplementedError: a compression zipfile lacks.
        raise unreadable() from None
