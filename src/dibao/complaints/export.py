"""The complaints report as a workbook (`core.sheets.xlsx_stream`): a row per month, then a row
per area one level below, then the whole. Area names are the only text, and the sheet writer
neutralises anything that looks like a formula."""

from typing import IO

from django.utils.translation import gettext as _

from dibao.core.csvfile import neutralised
from dibao.core.sheets.xlsx_stream import StreamedSheet

from .models import Channel, Kind
from .report import Figures, Report


def _columns() -> list[str]:
    return [
        _("Month or area"),
        _("Received"),
        *[str(label) for label in Channel.labels],
        *[str(label) for label in Kind.labels],
        _("Transferred"),
        _("Handled on time"),
        _("Handled late"),
        _("Overdue"),
        _("Substantiated"),
        _("Reviews opened"),
    ]


def _cells(name: str, f: Figures) -> list[object]:
    return [
        neutralised(name),
        f.received,
        *f.channel_counts,
        *f.kind_counts,
        f.transferred,
        f.on_time,
        f.late,
        f.overdue,
        f.substantiated,
        f.reviews,
    ]


def write_report(out: IO[bytes], found: Report) -> None:
    columns = _columns()
    widths = [24, *[10] * (len(columns) - 1)]
    whole = set(range(1, len(columns)))
    rows = len(found.months) + len(found.areas) + 6
    with StreamedSheet(
        out, _("Complaints"), widths, [], whole_columns=whole, rows=rows, frozen_rows=2
    ) as sheet:
        sheet.row([f"{found.area.name} {found.months_text}"])
        sheet.header(columns)
        for month, figures in found.months:
            sheet.row(_cells(f"{month:%Y-%m}", figures))
        if found.areas:
            sheet.header([_("Area"), *[""] * (len(columns) - 1)])
            for area, figures in found.areas:
                sheet.row(_cells(area.name, figures))
        sheet.total(_cells(str(_("Total")), found.total))
