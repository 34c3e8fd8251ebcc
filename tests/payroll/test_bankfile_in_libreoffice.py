"""The bank file as a clerk opens it (LibreOffice headless standing in for Excel and WPS)."""

import io

import pytest

from dibao.payroll import bankfile
from dibao.payroll.models import BankLayout
from tests.benefits.support import receiving
from tests.libreoffice import libreoffice, openpyxl_cells  # noqa: F401  (fixture)

from .filesupport import approved, standards


@pytest.fixture
def run(areas, users):  # type: ignore[no-untyped-def]
    standards(areas)
    receiving(areas.haizhou, users.haizhou, income="100.01", bank_account="0012345678901234567")
    receiving(areas.haizhou, users.haizhou, income="33.33", members=2, bank_account="6228480000000000123")
    receiving(areas.liubeiqiao, users.liubeiqiao, income="17.77", members=1)
    return approved(areas, users)


def written(run, **layout) -> bytes:  # type: ignore[no-untyped-def]
    out = io.BytesIO()
    options = {"county": run.county, "columns": bankfile.DEFAULT_COLUMNS, **layout}
    bankfile.write_bank_file(run, out, BankLayout(**options))
    return out.getvalue()


def test_the_xlsx_opens_as_written(run, libreoffice):  # noqa: F811
    files = [written(run, file_format="xlsx", control_total=where) for where in ("none", "header", "footer")]
    assert libreoffice.cells_of_xlsx(*files) == [openpyxl_cells(content) for content in files]
    for cells in map(openpyxl_cells, files):
        body = [row for row in cells if row and row[0].isdigit()]
        assert {row[2] for row in body} == set(run.lines.values_list("head_id_number", flat=True))
        assert {"0012345678901234567", "6228480000000000123"} <= {row[3] for row in body}
        assert all(len(row[4].split(".")[1]) == 2 for row in body)


def test_a_csv_keeps_its_digits_when_opened_as_its_layout_guards_them(run, libreoffice):  # noqa: F811
    guards = ("tab", "formula", "none")
    files = [written(run, file_format="csv", encoding="gb18030", digit_guard=guard) for guard in guards]
    expected = set(run.lines.values_list("bank_account", flat=True))
    shown = {}
    for guard, sheet in zip(guards, libreoffice.opened_csv(*files, encoding="gb18030"), strict=True):
        shown[guard] = {str(row[3]).strip() for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert shown["tab"] == shown["formula"] == expected
    # bare digits become 6.22848E+18 and lose their leading zeros: what the guard is for
    assert shown["none"] != expected
