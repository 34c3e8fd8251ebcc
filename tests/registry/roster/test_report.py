import io

import pytest
from django.utils import translation
from python_calamine import CalamineWorkbook

from dibao.core.idnumbers import mask
from dibao.core.sheets.row_errors import errors_xlsx
from dibao.registry.roster import report
from dibao.registry.roster.importer import import_roster

from ...factories import bad_check_digit, id_number
from .files import csv_bytes, row

pytestmark = pytest.mark.django_db


def test_the_error_xlsx_has_row_column_value_reason(areas, users):
    other = id_number()
    wrong = bad_check_digit(other)
    result = import_roster(
        filename="a.csv", content=csv_bytes([row(other, "甲", wrong)]), area=areas.haizhou, actor=None
    )
    content = errors_xlsx(result.record.errors)
    rows = CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0).to_python()
    gettext = translation.gettext
    assert rows[0] == [gettext("Row number"), gettext("Column"), gettext("Value"), gettext("Reason")]
    # The value is masked: the report is kept and read by everyone who sees the import.
    assert [2, "身份证号", mask(wrong)] in [[int(r[0]), r[1], r[2]] for r in rows[1:]]
    assert wrong not in str(rows)


def test_the_document_counts_what_was_written(areas, users):
    head = id_number()
    result = import_roster(
        filename="a.csv",
        content=csv_bytes([row(head, "甲", head)]),
        area=areas.haizhou,
        actor=users.haizhou,
        dry_run=True,
    )
    document = report.document(result.record)
    assert document == {
        "import": result.record.pk,
        "file": "a.csv",
        "community": "210204001001",
        "dry_run": True,
        "outcome": "checked",
        "rows": 1,
        "households": 0,
        "members": 0,
        "errors": [],
    }
