"""What is wrong with a file, row by row: every import (the roster, households already receiving,
the bank's results) refuses a file with a list of these, read on its page, in its JSON and as an
xlsx people can sort and fix rows from."""

import io
from dataclasses import dataclass
from typing import Any

import xlsxwriter
from django.utils.translation import gettext as _

from dibao.core.errors import DomainError


@dataclass(frozen=True)
class RowError:
    row: int  # as the spreadsheet numbers it
    column: str  # the header as the file writes it; empty for the file as a whole
    value: str
    reason: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "value": self.value, "reason": self.reason}


def file_refused(filename: str, exc: DomainError) -> RowError:
    """A file that cannot be read at all (its type, its size, its encoding): one error for the
    whole file, on its first row, naming the file."""
    return RowError(1, "", filename, str(exc))


def errors_xlsx(errors: list[dict[str, Any]]) -> bytes:
    """The errors (`RowError.as_dict()`, as they are kept) as a workbook of one sheet."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False})
    sheet = workbook.add_worksheet(_("Errors"))
    bold = workbook.add_format({"bold": True, "bg_color": "#F2F2F2", "border": 1})
    text = workbook.add_format({"num_format": "@"})
    columns = ((_("Row number"), 8), (_("Column"), 16), (_("Value"), 24), (_("Reason"), 70))
    for col, (title, width) in enumerate(columns):
        sheet.write_string(0, col, title, bold)
        sheet.set_column(col, col, width, text if col == 2 else None)
    for line, error in enumerate(errors, start=1):
        sheet.write_number(line, 0, error["row"])
        sheet.write_string(line, 1, error["column"])
        sheet.write_string(line, 2, error["value"])
        sheet.write_string(line, 3, error["reason"])
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(1, len(errors)), len(columns) - 1)
    workbook.close()
    return buffer.getvalue()
