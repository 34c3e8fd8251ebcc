import io

from django.utils import translation
from python_calamine import CalamineWorkbook

from dibao.core.errors import DomainError
from dibao.core.sheets.row_errors import RowError, errors_xlsx, file_refused


def sheet(content: bytes) -> list[list[object]]:
    return CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0).to_python()


def test_the_error_xlsx_has_row_column_value_reason_as_kept():
    errors = [RowError(3, "身份证号", "210204********123X", "校验码不对").as_dict()]
    rows = sheet(errors_xlsx(errors))
    gettext = translation.gettext
    assert rows[0] == [gettext("Row number"), gettext("Column"), gettext("Value"), gettext("Reason")]
    assert [int(rows[1][0]), *rows[1][1:]] == [3, "身份证号", "210204********123X", "校验码不对"]


def test_an_empty_report_is_still_a_workbook():
    assert len(sheet(errors_xlsx([]))) == 1


def test_a_file_that_cannot_be_read_is_one_error_naming_the_file():
    error = file_refused("名册.xls", DomainError("Only .xlsx and .csv files can be imported."))
    assert error.as_dict() == {
        "row": 1,
        "column": "",
        "value": "名册.xls",
        "reason": "Only .xlsx and .csv files can be imported.",
    }
