"""A one-sheet xlsx written row by row straight into its zip: the roster export of a whole county,
and the bank file of a payroll run.

XlsxWriter (used for the template and the error report) spends most of an export's time on its
per-cell bookkeeping; a roster or a bank file needs none of it — text, money and whole-number
cells, a bold header (and control total), column widths, text-formatted ID columns and a frozen
header row — so this writes the sheet's XML directly and turns 100,000 members, or a million
payments, into a file several times faster, in constant memory.

The sheet is one zip entry written as it streams, so its size is not known when the entry starts.
zipfile must know by then whether the entry needs ZIP64 records (over 2 GiB), and an entry marked
ZIP64 that did not need it makes Excel refuse or "repair" a small file. The caller says how many
rows it writes at most (`rows`); a row dibao writes, every field at its longest (an address of 200
characters, a bank's name of 60, names of 40 and 60, all in three-byte characters), averages well
under `CELL_BYTES` of XML a cell; ZIP64 is asked for only when that bound could pass the limit — a
province's file, not a county's. Were a row ever longer, zipfile refuses to close the entry rather
than write a broken file.
"""

import re
import zipfile
from collections.abc import Collection, Sequence
from decimal import Decimal
from typing import IO, Any
from xml.sax.saxutils import escape, quoteattr

from .cells import column_letters

# Style indexes into STYLES' cellXfs.
HEADER, MONEY, TEXT, TOTAL_MONEY = 1, 2, 3, 4
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# Text that needs more than wrapping: a character to escape or drop, or spaces to preserve.
_SPECIAL = re.compile("[&<>\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|^\\s|\\s\\Z")
# A bound on a cell's XML, on average over a row (see above): the longest roster row is about 2 KB.
CELL_BYTES = 256
# Rows are handed to the zip (and its compressor) this many at a time, not one by one.
_BATCH = 500
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006"
CONTENT_TYPES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="{_PKG}/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" \
ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" \
ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
<Override PartName="/xl/styles.xml" \
ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>
</Types>"""
ROOT_RELS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="{_PKG}/relationships">
<Relationship Id="rId1" Type="{_R}/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"""
WORKBOOK_RELS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="{_PKG}/relationships">
<Relationship Id="rId1" Type="{_R}/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="{_R}/styles" Target="styles.xml"/>
</Relationships>"""
# Built-in number formats: 2 is "0.00", 49 is "@" (text).
STYLES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="{_MAIN}">
<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>\
<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>
<fills count="3"><fill><patternFill patternType="none"/></fill>\
<fill><patternFill patternType="gray125"/></fill>\
<fill><patternFill patternType="solid"><fgColor rgb="FFF2F2F2"/><bgColor indexed="64"/></patternFill>\
</fill></fills>
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="5"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1"/>\
<xf numFmtId="2" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
<xf numFmtId="2" fontId="1" fillId="2" borderId="0" xfId="0" applyNumberFormat="1" applyFont="1" \
applyFill="1"/></cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
</styleSheet>"""


def needs_zip64(rows: int | None, columns: int) -> bool:
    """Whether a sheet of at most `rows` rows of `columns` cells may pass zipfile's ZIP64 limit."""
    if rows is None:
        return True
    bound = 4096 + (rows + 1) * (columns * CELL_BYTES + 64)  # the sheet's head and tail, each row's tag
    return bound * 1.05 > zipfile.ZIP64_LIMIT  # zipfile's own margin for a size it is told


def _text(value: str) -> str:
    if _SPECIAL.search(value) is None:  # most cells: nothing to escape, drop or preserve
        return f"<is><t>{value}</t></is>"
    cleaned = escape(_CONTROL.sub("", value))
    if cleaned != cleaned.strip():
        return f'<is><t xml:space="preserve">{cleaned}</t></is>'
    return f"<is><t>{cleaned}</t></is>"


class StreamedSheet:
    """`with StreamedSheet(out, name, widths, text_columns) as sheet: sheet.header(…); sheet.row(…)`.

    `out` is a binary file (seekable or not); strings become text cells, Decimal, int and float
    become money cells ("0.00") — plain numbers in `whole_columns` (a sequence number, a count) —
    and "" and None are left empty. `total(…)` writes a row in the header's bold, numbers too.
    `rows`: how many rows (header and totals included) at most; None when unknown, which writes
    ZIP64 records as a large file needs them. `frozen_rows`: the rows kept in view when scrolling.
    """

    def __init__(
        self,
        out: IO[bytes],
        name: str,
        widths: Sequence[float],
        text_columns: Collection[int],
        *,
        whole_columns: Collection[int] = (),
        rows: int | None = None,
        frozen_rows: int = 1,
    ) -> None:
        self.zip = zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1)
        self.letters = [column_letters(i) for i in range(len(widths))]
        # Text cells of the ID columns keep the text format, so that retyping one stays text too.
        self.styles = [f' s="{TEXT}"' if i in text_columns else "" for i in range(len(widths))]
        self.number_styles = ["" if i in whole_columns else f' s="{MONEY}"' for i in range(len(widths))]
        self.line = 0
        self._pending: list[str] = []
        workbook = (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="{_MAIN}" '
            f'xmlns:r="{_R}"><sheets><sheet name={quoteattr(name[:31])} sheetId="1" r:id="rId1"/>'
            "</sheets></workbook>"
        )
        # The package's small parts first, as Excel writes them; the sheet streams in after.
        for path, text in (
            ("[Content_Types].xml", CONTENT_TYPES),
            ("_rels/.rels", ROOT_RELS),
            ("xl/workbook.xml", workbook),
            ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
            ("xl/styles.xml", STYLES),
        ):
            self.zip.writestr(path, text)
        self.sheet: Any = self.zip.open(
            "xl/worksheets/sheet1.xml", "w", force_zip64=needs_zip64(rows, len(widths))
        )
        cols = "".join(
            f'<col min="{i + 1}" max="{i + 1}" width="{w}" customWidth="1"'
            + (f' style="{TEXT}"/>' if i in text_columns else "/>")
            for i, w in enumerate(widths)
        )
        self._write(
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<worksheet xmlns="{_MAIN}" xmlns:r="{_R}">'
            '<sheetViews><sheetView workbookViewId="0">'
            f'<pane ySplit="{frozen_rows}" topLeftCell="A{frozen_rows + 1}" activePane="bottomLeft" '
            'state="frozen"/>'
            "</sheetView></sheetViews>"
            f"<cols>{cols}</cols><sheetData>"
        )

    def _write(self, text: str) -> None:
        self._pending.append(text)
        if len(self._pending) >= _BATCH:
            self._flush()

    def _flush(self) -> None:
        if self._pending:
            self.sheet.write("".join(self._pending).encode("utf-8"))
            self._pending.clear()

    def header(self, cells: Sequence[str]) -> None:
        self._row(cells, style=HEADER)

    def row(self, cells: Sequence[Any]) -> None:
        self._row(cells)

    def total(self, cells: Sequence[Any]) -> None:
        """A row in the header's style (a control total): bold; a whole number as it is, a Decimal
        as money ("0.00")."""
        self._row(cells, style=HEADER)

    def _row(self, cells: Sequence[Any], style: int = 0) -> None:
        self.line += 1
        n = str(self.line)
        parts = [f'<row r="{n}">']
        if style:
            texts = [f' s="{style}"'] * len(self.letters)
            numbers = [
                f' s="{TOTAL_MONEY}"' if isinstance(value, Decimal) else f' s="{style}"' for value in cells
            ]
        else:
            texts, numbers = self.styles, self.number_styles
        for letter, text_style, number_style, value in zip(self.letters, texts, numbers, cells, strict=False):
            if value is None or value == "":
                continue
            if isinstance(value, str):
                parts.append(f'<c r="{letter}{n}"{text_style} t="inlineStr">{_text(value)}</c>')
            elif isinstance(value, Decimal | int | float) and not isinstance(value, bool):
                parts.append(f'<c r="{letter}{n}"{number_style}><v>{value}</v></c>')
            else:
                parts.append(f'<c r="{letter}{n}"{text_style} t="inlineStr">{_text(str(value))}</c>')
        parts.append("</row>")
        self._write("".join(parts))

    def close(self) -> None:
        self._write("</sheetData></worksheet>")
        self._flush()
        self.sheet.close()
        self.zip.close()

    def __enter__(self) -> "StreamedSheet":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
