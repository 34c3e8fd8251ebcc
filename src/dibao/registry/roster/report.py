"""The error report of a refused roster, as an xlsx people can sort and fix rows from."""

import io
from collections.abc import Iterable
from typing import Any

import xlsxwriter
from django.utils.translation import gettext as _


def errors_xlsx(errors: Iterable[dict[str, Any]]) -> bytes:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False})
    sheet = workbook.add_worksheet(_("Errors"))
    bold = workbook.add_format({"bold": True, "bg_color": "#F2F2F2", "border": 1})
    text = workbook.add_format({"num_format": "@"})
    for col, (title, width) in enumerate(
        ((_("Row"), 8), (_("Column"), 16), (_("Value"), 24), (_("Reason"), 70))
    ):
        sheet.write(0, col, title, bold)
        sheet.set_column(col, col, width, text if col == 2 else None)
    for line, error in enumerate(errors, start=1):
        sheet.write_number(line, 0, error["row"])
        sheet.write_string(line, 1, error["column"])
        sheet.write_string(line, 2, error["value"])
        sheet.write_string(line, 3, error["reason"])
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(1, line if errors else 1), 3)
    workbook.close()
    return buffer.getvalue()
