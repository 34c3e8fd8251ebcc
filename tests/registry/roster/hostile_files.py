"""Files made to exhaust a server that reads them, and a guard for the tests that upload them.

Each is a few kilobytes to a few megabytes, built in the test: a cell far down and to the right
(which a reader laying the sheet out as a grid turns into billions of cells), a sheet that
declares such a size, a zip bomb, a zip whose directory understates what a part unpacks to, a
shared string copied into many cells. `bounded_memory` runs the upload under a cap on the process's
address space and measures what Python allocated meanwhile, so that even without the limits in
place such a test fails rather than takes gigabytes.
"""

import contextlib
import io
import resource
import struct
import tracemalloc
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_PKG = "http://schemas.openxmlformats.org/package/2006"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE = {
    "[Content_Types].xml": f'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="{_PKG}/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/></Types>',
    "_rels/.rels": f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_PKG}/relationships">'
    f'<Relationship Id="rId1" Type="{_R}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml": f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{_R}">'
    '<sheets><sheet name="花名册" sheetId="1" r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels": f'<?xml version="1.0" encoding="UTF-8"?><Relationships '
    f'xmlns="{_PKG}/relationships"><Relationship Id="rId1" Type="{_R}/worksheet" '
    'Target="worksheets/sheet1.xml"/></Relationships>',
}
SHEET = "xl/worksheets/sheet1.xml"
# The address space a refused upload may add to the test process: far below what any of these
# files would cost a reader without limits, far above what refusing one costs.
ADDRESS_SPACE_ROOM = 1024 * 1024 * 1024


def sheet_xml(rows: str, dimension: str | None = None) -> str:
    declared = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}">{declared}'
        f"<sheetData>{rows}</sheetData></worksheet>"
    )


def xlsx(sheet: str, **parts: str) -> bytes:
    """A one-sheet workbook with this sheet XML (and any other parts, by path)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, text in {**_PACKAGE, SHEET: sheet, **parts}.items():
            archive.writestr(path, text)
    return out.getvalue()


def cell_at(reference: str) -> bytes:
    """One number cell at `reference` ("XFD1048576"), and no dimension to give it away."""
    row = reference.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    return xlsx(sheet_xml(f'<row r="{row}"><c r="{reference}"><v>1</v></c></row>'))


def declared(dimension: str) -> bytes:
    """One cell in A1, and a dimension saying the sheet spans `dimension`."""
    return xlsx(sheet_xml('<row r="1"><c r="A1"><v>1</v></c></row>', dimension))


def zip_bomb(megabytes: int = 20) -> bytes:
    """A sheet of `megabytes` MB of XML, nearly all of it the same bytes: it packs about 1000 to 1."""
    head, tail = sheet_xml("").split("</sheetData>")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, text in _PACKAGE.items():
            archive.writestr(path, text)
        with archive.open(SHEET, "w") as sheet:
            sheet.write(head.encode())
            padding = b" " * (1024 * 1024)
            for _ in range(megabytes):
                sheet.write(padding)
            sheet.write(f"</sheetData>{tail}".encode())
    return out.getvalue()


def understated(megabytes: int = 20, says: int = 1000) -> bytes:
    """`zip_bomb`, but the zip's directory says its sheet unpacks to `says` bytes (keeping the
    checksum of all of it, so only counting what really comes out finds the lie)."""
    content = bytearray(zip_bomb(megabytes))
    entry = -1
    while True:  # the sheet's entry in the central directory
        entry = content.index(b"PK\x01\x02", entry + 1)
        name_length = struct.unpack_from("<H", content, entry + 28)[0]
        if bytes(content[entry + 46 : entry + 46 + name_length]).decode() == SHEET:
            break
    struct.pack_into("<L", content, entry + 24, says)  # the uncompressed size
    return bytes(content)


def shared_string_copies(cells: int = 100_000, length: int = 10_000) -> bytes:
    """One shared string of `length` characters, used by `cells` cells: each cell gets a copy."""
    per_row = 100
    row = '<c t="s"><v>0</v></c>' * per_row
    rows = "".join(f'<row r="{r}">{row}</row>' for r in range(1, cells // per_row + 1))
    strings = f'<sst xmlns="{MAIN}" count="{cells}" uniqueCount="1"><si><t>{"低" * length}</t></si></sst>'
    return xlsx(sheet_xml(rows), **{"xl/sharedStrings.xml": strings})


@dataclass
class Measured:
    peak: int = 0  # bytes Python allocated at most while the block ran


@contextlib.contextmanager
def bounded_memory(room: int = ADDRESS_SPACE_ROOM) -> Iterator[Measured]:
    """Run the block with at most `room` more address space for the process, and measure the peak
    of Python's allocations in it."""
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    with open("/proc/self/statm") as statm:
        in_use = int(statm.read().split()[0]) * resource.getpagesize()
    cap = in_use + room if hard == resource.RLIM_INFINITY else min(hard, in_use + room)
    measured = Measured()
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    tracemalloc.start()
    try:
        yield measured
    finally:
        measured.peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


@dataclass(frozen=True)
class Shape:
    """A file an import must refuse: how to make it, the settings it is refused under (the
    defaults unless given), and what the refusal says in English."""

    name: str
    make: Callable[[], bytes]
    says: str
    settings: dict[str, int] = field(default_factory=dict)
    filename: str = "花名册.xlsx"

    def __str__(self) -> str:
        return self.name


def _roster_rows(rows: int) -> bytes:
    from ...factories import id_number
    from .files import row, xlsx_bytes

    return xlsx_bytes([row(number, "张三", number) for number in (id_number() for _ in range(rows))])


SHAPES = [
    Shape("cell at XFD1048576", lambda: cell_at("XFD1048576"), "more than 1,000,000 rows"),
    Shape("cell at ZZ200000", lambda: cell_at("ZZ200000"), "more than 200 columns (it goes on to column ZZ)"),
    Shape("zip bomb", lambda: zip_bomb(megabytes=20), "packed more than 200 to 1"),
    Shape("too many rows", lambda: _roster_rows(5), "more than 5 rows", {"IMPORT_MAX_ROWS": 5}),
    Shape("too many columns", lambda: _roster_rows(2), "more than 10 columns", {"IMPORT_MAX_COLUMNS": 10}),
]
# An upload past UPLOAD_MAX_BYTES (set to 10 KB): refused before it is read.
UPLOAD_LIMIT = {"UPLOAD_MAX_BYTES": 10 * 1024}
OVERSIZED = b"x" * (50 * 1024)
TOO_LARGE = "larger than 10 KB"
# What uploading one of them may cost in Python allocations, the request's own work included.
SMALL_PEAK = 30 * 1024 * 1024
