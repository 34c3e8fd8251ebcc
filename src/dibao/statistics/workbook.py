"""A statistic as an xlsx workbook: one row per breakdown value, the total last, every value named
(areas, programs and choices by their names, never a code). The last column is the coverage
(保障面, as the page shows it): a row's persons over its area's population in the year, where the
row is one area's; blank where it is not, or where no population is entered — a note under the
table names those areas, so a blank is never read as a nought."""

import io
from decimal import Decimal

import xlsxwriter
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from .columns import COLUMNS
from .fields import AREA_FIELDS, FIELDS, LABELS
from .figures import Row, Statistics


def _place(row: Row) -> str | None:
    """The name of the finest area a row is broken down by; None for a row that is not one area's."""
    keys = [key for key in row.keys if key.field in AREA_FIELDS and key.code]
    return max(keys, key=lambda key: FIELDS.index(key.field)).label if keys else None


def _unmeasured(result: Statistics) -> list[str]:
    """The areas of the rows (and of the total) that have no coverage for want of a population."""
    names = [place for row in result.rows if row.figures.coverage is None and (place := _place(row))]
    if result.total.coverage is None:
        names.append(result.area.name)
    return list(dict.fromkeys(names))


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
    # Without a breakdown, one column still names the total line (and no row repeats it).
    lead = max(len(result.by), 1)
    labels = [str(LABELS[name]) for name in result.by] or [""]
    header = labels + [str(heading) for _n, heading, _v, _w in COLUMNS]
    header.append(_("Coverage (%)"))
    at = len(header) - 1  # the coverage's column
    percent = workbook.add_format({"num_format": "0.00"})
    total_percent = workbook.add_format({"bold": True, "bg_color": "#F2F2F2", "num_format": "0.00"})
    for col, title in enumerate(header):
        sheet.write_string(2, col, title, bold)
        sheet.set_column(col, col, 16 if col < lead else 12)
    line = 2
    for line, row in enumerate(result.rows if result.by else [], start=3):
        for col, key in enumerate(row.keys):
            sheet.write_string(line, col, key.label)
        for col, (name, _heading, value, _whole) in enumerate(COLUMNS, start=lead):
            shown = value(row.figures)
            fmt = wan if name == "amount_wan" else money
            # xlsx keeps numbers as doubles; never write(): a text beginning with = is a formula
            sheet.write_number(line, col, float(shown), fmt if isinstance(shown, Decimal) else None)
        if row.figures.coverage is not None:
            sheet.write_number(line, at, float(row.figures.coverage), percent)
    last = line + 1
    sheet.write_string(last, 0, _("Total"), bold)
    for col in range(1, lead):
        sheet.write_blank(last, col, None, bold)
    for col, (name, _heading, value, _whole) in enumerate(COLUMNS, start=lead):
        shown = value(result.total)
        fmt = total_wan if name == "amount_wan" else (total_money if isinstance(shown, Decimal) else bold)
        sheet.write_number(last, col, float(shown), fmt)
    if result.total.coverage is not None:
        sheet.write_number(last, at, float(result.total.coverage), total_percent)
    else:
        sheet.write_blank(last, at, None, bold)
    missing = _unmeasured(result)
    sheet.write_string(
        last + 2,
        0,
        _("Coverage: persons on the books ÷ the population entered for the area and year, in per cent.")
        + " "
        + (
            _("No population is entered for %(year)d of: %(areas)s; their coverage is left blank.")
            % {"year": result.month_to.year, "areas": pgettext("list", ", ").join(missing)}
            if missing
            else ""
        ),
    )
    sheet.freeze_panes(3, lead)
    workbook.close()
    return buffer.getvalue()
