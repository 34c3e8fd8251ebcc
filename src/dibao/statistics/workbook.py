"""A statistic as an xlsx workbook: one row per breakdown value, the total last, every value named
(areas, programs and choices by their names, never a code)."""

import io
from decimal import Decimal

import xlsxwriter
from django.utils.translation import gettext as _

from .columns import COLUMNS
from .fields import LABELS
from .figures import Statistics


def filename(result: Statistics) -> str:
    period = f"{result.month_from:%Y%m}" + (
        f"-{result.month_to:%Y%m}" if result.month_to != result.month_from else ""
    )
    return f"statistics-{result.area.code}-{result.program or 'all'}-{period}.xlsx"


def statistics_xlsx(result: Statistics) -> bytes:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False})
    sheet = workbook.add_worksheet(_("Statistics"))
    bold = workbook.add_format({"bold": True, "bg_color": "#F2F2F2", "border": 1})
    money = workbook.add_format({"num_format": "#,##0.00"})
    wan = workbook.add_format({"num_format": "#,##0.0000"})
    total_money = workbook.add_format({"bold": True, "bg_color": "#F2F2F2", "num_format": "#,##0.00"})
    total_wan = workbook.add_format({"bold": True, "bg_color": "#F2F2F2", "num_format": "#,##0.0000"})
    period = f"{result.month_from:%Y-%m}" + (
        f" – {result.month_to:%Y-%m}" if result.month_to != result.month_from else ""
    )
    sheet.write_string(0, 0, f"{result.area.name} · {result.program_name} · {period}", bold)
    header = [str(LABELS[name]) for name in result.by] + [str(heading) for _n, heading, _v, _w in COLUMNS]
    for col, title in enumerate(header):
        sheet.write_string(2, col, title, bold)
        sheet.set_column(col, col, 16 if col < len(result.by) else 12)
    line = 2
    for line, row in enumerate(result.rows, start=3):
        for col, key in enumerate(row.keys):
            sheet.write_string(line, col, key.label)
        for col, (name, _heading, value, _whole) in enumerate(COLUMNS, start=len(result.by)):
            shown = value(row.figures)
            fmt = wan if name == "amount_wan" else money
            # xlsx keeps numbers as doubles; never write(): a text beginning with = is a formula
            sheet.write_number(line, col, float(shown), fmt if isinstance(shown, Decimal) else None)
    last = line + 1
    sheet.write_string(last, 0, _("Total"), bold)
    for col in range(1, len(result.by)):
        sheet.write_blank(last, col, None, bold)
    for col, (name, _heading, value, _whole) in enumerate(COLUMNS, start=len(result.by)):
        shown = value(result.total)
        fmt = total_wan if name == "amount_wan" else (total_money if isinstance(shown, Decimal) else bold)
        sheet.write_number(last, col, float(shown), fmt)
    sheet.freeze_panes(3, len(result.by))
    workbook.close()
    return buffer.getvalue()
