"""An import's template as an xlsx: the columns' headers on the first row, example rows under them,
and a second sheet saying how each column is filled in. Columns of digits (ID numbers, accounts,
phones) are formatted as text, so that what someone types into them later stays digits instead of
becoming a number that loses its last ones (`digits`)."""

import io
from dataclasses import dataclass

import xlsxwriter
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Column:
    header: str
    width: float
    text: bool = False


def template_workbook(
    sheet_name: str, columns: list[Column], examples: list[list[str]], notes: list[tuple[str, str]]
) -> bytes:
    """`examples`: rows of cells in the order of `columns` (an empty cell is left empty); `notes`:
    (column, how it is filled in) for the guide sheet."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False})
    sheet = workbook.add_worksheet(sheet_name)
    bold = workbook.add_format({"bold": True, "bg_color": "#F2F2F2", "border": 1})
    text = workbook.add_format({"num_format": "@"})
    for col, column in enumerate(columns):
        sheet.set_column(col, col, column.width, text if column.text else None)
        sheet.write_string(0, col, column.header, bold)
    for line, cells in enumerate(examples, start=1):
        for col, value in enumerate(cells):
            if value:
                sheet.write_string(line, col, value)
    sheet.freeze_panes(1, 0)
    guide = workbook.add_worksheet(_("How to fill in"))
    guide.set_column(0, 0, 16)
    guide.set_column(1, 1, 100)
    for index, (column_name, note) in enumerate(notes):
        guide.write_string(index, 0, column_name, bold)
        guide.write_string(index, 1, note)
    workbook.close()
    return buffer.getvalue()
