"""The roster as a clerk opens it (LibreOffice headless standing in for Excel and WPS): the xlsx
export shows what openpyxl reads, cell for cell; the CSV export keeps every digit of its ID
numbers, household numbers, phones and accounts."""

import io

import pytest
from django.utils import timezone

from dibao.demo import county
from dibao.registry.models import Household, Member
from dibao.registry.roster.exporter import export, template_xlsx
from tests.libreoffice import libreoffice, openpyxl_cells  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


def exported(users, fmt: str, encoding: str = "utf-8-sig") -> bytes:  # type: ignore[no-untyped-def]
    out = io.BytesIO()
    export(
        Household.objects.all(),
        actor=users.county,
        area=users.county.area,
        fmt=fmt,
        out=out,
        description="",
        encoding=encoding,
    )
    return out.getvalue()


def test_the_xlsx_roster_and_template_open_as_written(areas, users, libreoffice):  # noqa: F811
    county.build(households=12, seed=3, today=timezone.localdate())
    roster, template = exported(users, "xlsx"), template_xlsx()
    assert libreoffice.cells_of_xlsx(roster, template) == [openpyxl_cells(roster), openpyxl_cells(template)]
    assert len(openpyxl_cells(roster)) == 1 + Member.objects.count()


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030"])
def test_the_csv_roster_keeps_its_digits_when_opened(areas, users, libreoffice, encoding):  # noqa: F811
    county.build(households=12, seed=3, today=timezone.localdate())
    (sheet,) = libreoffice.opened_csv(exported(users, "csv", encoding), encoding=encoding)
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("户编号", "户主身份证号", "姓名", "身份证号")
    shown = {(str(row[3]), str(row[0])) for row in rows[1:]}
    members = set(Member.objects.values_list("id_number", "household__number"))
    assert shown == members  # every digit of every ID number, household numbers with their zeros
