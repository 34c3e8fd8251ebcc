"""Long numbers in xlsx number cells: an 18-digit ID number or a 19-digit bank account.

Excel keeps 15 significant digits of what is typed into a number cell, so 210204197001010014
is saved as 2.10204197001010E+17 and its last digits are gone: nobody can read them back, and the
import says so. Some programs that generate rosters, though, write every digit into the file
(`<v>210204197001010014</v>`); a float cannot hold them, so for those cells the text is read from
the sheet's XML here instead of from the parsed value.

A CSV carries the damage as text once a spreadsheet has opened and saved it: 2.10204196410257E+17,
or 210204196410257000 — the 15 digits kept and zeros after them. `spreadsheet_damage` recognises
both, so that the import says what happened instead of "an ID number has 18 characters; this one
has 20". A number cut to 15 digits is only certain where something else shows it is wrong (an ID
number's check digit, an account that names nobody); a real number may end in zeros too.
"""

import io
import posixpath
import re
import zipfile
from decimal import Decimal, InvalidOperation
from xml.etree import ElementTree

from .cells import column_index

# From here on a float may have lost digits (Excel rounds a typed number to 15 significant ones).
LOSSY = 1e15

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PACKAGE_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_CELL_REF = re.compile(r"^([A-Z]+)(\d+)$")
_SCIENTIFIC = re.compile(r"^[+-]?[0-9]+(\.[0-9]*)?E[+-]?[0-9]+$", re.IGNORECASE)
KEPT = 15  # the significant digits a spreadsheet keeps of a number


def scientific(text: str) -> bool:
    """'2.10204196410257E+17', '2.10204E+17': a spreadsheet's way of writing a long number."""
    return _SCIENTIFIC.match(text.strip()) is not None


def cut_short(text: str) -> bool:
    """More than 15 significant digits, all zeros after the 15th: what is left of a longer number
    once a spreadsheet has kept its first 15 digits (it may also be a real number ending in zeros)."""
    digits = text.strip()
    significant = digits.lstrip("0")
    return digits.isdigit() and len(significant) > KEPT and not significant[KEPT:].strip("0")


def _first_sheet_path(archive: zipfile.ZipFile) -> str:
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    sheet = workbook.find(f"{_MAIN}sheets/{_MAIN}sheet")
    if sheet is None:
        raise KeyError("no sheet")
    rel_id = sheet.get(f"{_REL}id")
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    for rel in rels.iter(f"{_PACKAGE_REL}Relationship"):
        if rel.get("Id") == rel_id:
            target = rel.get("Target", "")
            return target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
    raise KeyError(rel_id)


def whole_integer(text: str) -> str | None:
    """The digits of `text` if it writes an integer with every digit: '210204197001010014' or
    '2.10204197001010014E+17', but not '2.1020419700101E+17' (its trailing zeros are made up)."""
    mantissa = text.strip().upper().split("E")[0].lstrip("+-")
    written = len(mantissa.replace(".", "").lstrip("0"))
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        return None
    if not value.is_finite() or value != value.to_integral_value() or value < 0:
        return None
    number = str(int(value))
    return number if written >= len(number) else None


def written_integers(content: bytes, wanted: set[tuple[int, int]]) -> dict[tuple[int, int], str]:
    """(row, column) → the digits written in the first sheet's XML, for the `wanted` cells (0-based,
    as python-calamine counts them from A1) that hold a whole integer. Anything unreadable: {}."""
    found: dict[tuple[int, int], str] = {}
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        path = _first_sheet_path(archive)
        row = col = -1
        with archive.open(path) as sheet:
            for event, element in ElementTree.iterparse(sheet, events=("start", "end")):
                if element.tag == f"{_MAIN}row":
                    if event == "start":
                        # Rows and cells may leave out their references; they follow the one before.
                        row, col = int(element.get("r") or row + 2) - 1, -1
                    else:
                        element.clear()
                    continue
                if element.tag != f"{_MAIN}c" or event != "end":
                    continue
                ref = _CELL_REF.match(element.get("r", ""))
                col = column_index(ref[1]) if ref else col + 1
                value = element.find(f"{_MAIN}v")
                if (row, col) in wanted and element.get("t", "n") == "n" and value is not None:
                    digits = whole_integer(value.text or "")
                    if digits is not None:
                        found[(row, col)] = digits
    except (KeyError, zipfile.BadZipFile, ElementTree.ParseError, OSError):
        return {}
    return found
