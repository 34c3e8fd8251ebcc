"""The outcome of an import as one JSON document (the command's `--json`, the page's download),
and the error report as an xlsx people can sort and fix rows from."""

import io
from typing import Any

import xlsxwriter
from django.utils.translation import gettext as _

from ..models import RosterImport


def document(record: RosterImport) -> dict[str, Any]:
    """Counts are what was written: 0 on a dry run and on a refused file."""
    return {
        "import": record.pk,
        "file": record.file_name,
        "community": record.community.code,
        "dry_run": record.dry_run,
        "outcome": record.outcome,
        "rows": record.rows,
        "households": record.households,
        "members": record.members,
        "errors": record.errors,
    }


def errors_xlsx(errors: list[dict[str, Any]]) -> bytes:
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
