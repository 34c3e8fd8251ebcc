"""LibreOffice headless as the stand-in for the spreadsheet a clerk opens dibao's files in (Excel,
WPS): what it reads from an xlsx must be what openpyxl reads, cell for cell, and a CSV it opens
must keep its digits.

Without `soffice` the tests that use the `libreoffice` fixture are skipped with the reason, except
where DIBAO_REQUIRE_BROWSER=1 (CI, as for the browser tests), where a missing LibreOffice fails.
"""

import csv
import io
import os
import shutil
import subprocess
import warnings
from pathlib import Path
from typing import Any

import openpyxl
import pytest

INSTALL = "apt-get install libreoffice-calc-nogui"
# LibreOffice's CSV filter options: comma, double quote, UTF-8, from line 1.
CSV_OPTIONS = "44,34,76,1"


class LibreOffice:
    def __init__(self, program: str, folder: Path) -> None:
        self.program, self.folder = program, folder
        self.profile = (folder / "profile").as_uri()  # its own profile: no lock shared with anyone
        self.count = 0

    def convert(
        self, contents: list[bytes], suffix: str, to: str, *, infilter: str | None = None
    ) -> list[bytes]:
        """Every file converted by one run of soffice (it takes seconds to start), in order."""
        self.count += 1
        work = self.folder / f"job{self.count}"
        work.mkdir()
        sources = [work / f"file{n}.{suffix}" for n in range(len(contents))]
        for source, content in zip(sources, contents, strict=True):
            source.write_bytes(content)
        command = [self.program, f"-env:UserInstallation={self.profile}", "--headless"]
        if infilter:
            command.append(f"--infilter={infilter}")
        command += ["--convert-to", to, "--outdir", str(work / "out"), *map(str, sources)]
        subprocess.run(command, check=True, capture_output=True, timeout=300)
        extension = to.split(":")[0]
        return [(work / "out" / f"{source.stem}.{extension}").read_bytes() for source in sources]

    def cells_of_xlsx(self, *contents: bytes) -> list[list[list[str]]]:
        """Each file's first sheet as LibreOffice shows it, as CSV text (12.50, not 12.5)."""
        texts = self.convert(list(contents), "xlsx", f"csv:Text - txt - csv (StarCalc):{CSV_OPTIONS}")
        return [trimmed(list(csv.reader(io.StringIO(t.decode("utf-8"), newline="")))) for t in texts]

    def opened_csv(self, *contents: bytes, encoding: str) -> list[Any]:
        """CSV files as LibreOffice opens them (double-clicked), saved as xlsx, read by openpyxl."""
        charset = {"utf-8": 76, "utf-8-sig": 76, "gb18030": 56}[encoding]  # 56: GBK, as Windows reads it
        converted = self.convert(list(contents), "csv", "xlsx", infilter=f"CSV:44,34,{charset},1")
        return [openpyxl.load_workbook(io.BytesIO(x), data_only=True).active for x in converted]


def trimmed(rows: list[list[str]]) -> list[list[str]]:
    """Rows without the empty cells at their ends (a total row is shorter than the others)."""
    out = []
    for row in rows:
        while row and row[-1] == "":
            row = row[:-1]
        out.append(row)
    return out


def as_shown(cell: Any) -> str:
    """An openpyxl cell as a spreadsheet shows it: money with its two decimals."""
    if cell.value is None:
        return ""
    if isinstance(cell.value, float | int) and cell.number_format == "0.00":
        return f"{cell.value:.2f}"
    return str(cell.value)


def openpyxl_cells(content: bytes) -> list[list[str]]:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    return trimmed([[as_shown(c) for c in row] for row in sheet.iter_rows()])


@pytest.fixture(scope="session")
def libreoffice(tmp_path_factory: pytest.TempPathFactory) -> LibreOffice:
    program = shutil.which("soffice")
    if program is None:
        if os.environ.get("DIBAO_REQUIRE_BROWSER") == "1":
            pytest.fail(f"DIBAO_REQUIRE_BROWSER=1 but there is no soffice ({INSTALL})")
        pytest.skip(f"no soffice: the LibreOffice tests are skipped ({INSTALL})")
    return LibreOffice(program, tmp_path_factory.mktemp("libreoffice"))
