"""The roster a community prints, has signed and files: its households, their amounts, the total."""

import io
import shutil
import subprocess
from decimal import Decimal

import openpyxl
import pytest

from dibao.core.errors import DomainError
from dibao.payroll import roster, services, totals
from dibao.payroll.models import Adjustment
from tests.benefits.support import receiving
from tests.core.test_pdf import assert_simplified_chinese_fonts_only

from .filesupport import JAN, approved, standards

needs_poppler = pytest.mark.skipif(
    not (shutil.which("pdftotext") and shutil.which("pdffonts")), reason="poppler-utils not installed"
)


@pytest.fixture(autouse=True)
def policy(areas):
    standards(areas)


@pytest.fixture
def run(areas, users):  # type: ignore[no-untyped-def]
    first = receiving(areas.haizhou, users.haizhou, head={"name": "欧阳明"}, income="33.33")
    receiving(areas.haizhou, users.haizhou, head={"name": "司马红"}, members=2, income="0")
    receiving(areas.liubeiqiao, users.liubeiqiao, head={"name": "柳青"})  # another community
    Adjustment.objects.create(household=first.household, kind="reissue", amount=Decimal("100.00"))
    return approved(areas, users)


def test_the_roster_lists_the_community_and_its_total(areas, run):
    data = roster.roster(run, areas.haizhou)
    assert [r.household for r in data.rows] == sorted(r.household for r in data.rows)
    assert [r.number for r in data.rows] == [1, 2]
    assert {r.head for r in data.rows} == {"欧阳明", "司马红"}
    (_, whole), *_ = totals.figures_by(run.lines.filter(community=areas.haizhou), "community_id")
    assert data.total == whole.total == sum(r.total for r in data.rows)
    assert data.amount + data.extra == data.total
    assert data.persons == whole.persons == 4
    with pytest.raises(DomainError):
        roster.roster(run, areas.xinghaiwan)  # a street, not a community


def test_the_xlsx_roster_has_a_row_per_household_totals_and_the_signature_lines(areas, run):
    sheet = openpyxl.load_workbook(io.BytesIO(roster.community_roster_xlsx(run, areas.haizhou))).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert areas.haizhou.name in values[0][0]
    lines = {
        line.head_name: line for line in run.lines.filter(community=areas.haizhou).select_related("household")
    }
    body = values[3:5]
    for _number, household, head, persons, _class, amount, extra, total, signature in body:
        line = lines[head]
        assert (household, persons, signature) == (line.household.number, line.persons, None)
        assert Decimal(str(amount)).quantize(Decimal("0.01")) == line.amount
        assert Decimal(str(extra)).quantize(Decimal("0.01")) == line.arrears + line.adjustment
        assert Decimal(str(total)).quantize(Decimal("0.01")) == line.total
    assert sheet.cell(row=4, column=2).data_type == "s"  # household numbers keep their leading zeros
    total_row = values[5]
    assert total_row[3] == 4 and Decimal(str(total_row[7])).quantize(Decimal("0.01")) == sum(
        line.total for line in lines.values()
    )
    signature_lines = " ".join(str(v) for v in values[7] if v)
    assert "Prepared by" in signature_lines or "制表人" in signature_lines


@needs_poppler
def test_the_pdf_roster_prints_the_community_heads_and_total(areas, run, tmp_path):
    pdf = roster.community_roster_pdf(run, areas.haizhou)
    assert pdf.startswith(b"%PDF")
    path = tmp_path / "roster.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    data = roster.roster(run, areas.haizhou)
    assert areas.haizhou.name in text and "欧阳明" in text and "司马红" in text
    assert "柳青" not in text  # another community's household
    assert str(data.total) in text
    assert ("Prepared by" in text or "制表人" in text) and ("Checked by" in text or "审核人" in text)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True, text=True).stdout
    assert "595.276 x 841.89" in info or "595.28 x 841.89" in info  # A4 portrait
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, check=True, text=True).stdout
    assert_simplified_chinese_fonts_only(fonts)  # the page footers too


@needs_poppler
def test_a_draft_roster_says_it_may_change(areas, users, tmp_path):
    receiving(areas.haizhou, users.haizhou)
    run = services.run_draft(county=areas.county, month=JAN, actor=users.county)
    path = tmp_path / "draft.pdf"
    path.write_bytes(roster.community_roster_pdf(run, areas.haizhou))
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, text=True).stdout
    assert "Draft" in text or "草稿" in text
