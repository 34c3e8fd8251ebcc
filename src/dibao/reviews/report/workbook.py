"""The change report as an xlsx workbook: what a community sends its street on the 5th and the
10th, and what a street compiles from its communities.

Three sheets, in the active language: the summary (per community and benefit class: opening,
every kind of change, closing — households, persons, amount — a total row, the totals by class,
and a line for the signatures), the movements of the period, and the terminations, suspensions
and gradual exits by reason. Everything is written from one `ChangeReport`, so the workbook says
what the page says. Amounts are numbers with two decimals; dates are text (YYYY-MM-DD).
"""

import io
from typing import Any

import xlsxwriter
from django.utils.translation import gettext as _
from xlsxwriter.worksheet import Worksheet

from dibao.core.downloads import download_name
from dibao.policy.models import Program
from dibao.policy.programs.codes import DIBAO

from .figures import KINDS, ChangeReport, Figures, MovementRow, class_label

SIGNATURE_BLANK = "________________"


def title(report: ChangeReport) -> str:
    if report.program == DIBAO:
        return _("%(area)s: changes in the minimum living guarantee") % {"area": report.area.name}
    return _("%(area)s: changes in %(program)s") % {
        "area": report.area.name,
        "program": report.program_name,
    }


def period(report: ChangeReport) -> str:
    return _("From %(from)s to %(to)s") % {
        "from": report.date_from.isoformat(),
        "to": report.date_to.isoformat(),
    }


def filename(report: ChangeReport) -> str:
    """低保变更情况-海州社区-2026年01月至2026年06月.xlsx (the program's short name first)."""
    short = Program.objects.filter(code=report.program).values_list("short_name", flat=True).first()
    what = f"{short or report.program}变更情况"
    return download_name(what, report.area.name, (report.date_from, report.date_to), "xlsx")


class _Formats:
    def __init__(self, book: Any) -> None:
        self.title = book.add_format({"bold": True, "font_size": 16, "align": "center"})
        self.centre = book.add_format({"align": "center"})
        self.head = book.add_format(
            {"bold": True, "bg_color": "#F2F2F2", "border": 1, "text_wrap": True, "align": "center"}
        )
        self.cell = book.add_format({"border": 1})
        self.text = book.add_format({"border": 1, "num_format": "@"})
        self.number = book.add_format({"border": 1, "num_format": "0"})
        self.money = book.add_format({"border": 1, "num_format": "0.00"})
        self.bold = book.add_format({"border": 1, "bold": True})
        self.bold_number = book.add_format({"border": 1, "bold": True, "num_format": "0"})
        self.bold_money = book.add_format({"border": 1, "bold": True, "num_format": "0.00"})
        self.note = book.add_format({"italic": True, "font_color": "#595959"})
        self.sign = book.add_format({"font_size": 12})


def _sheet_name(text: str) -> str:
    # Excel's limits: 31 characters, none of []:*?/\
    for char in "[]:*?/\\":
        text = text.replace(char, " ")
    return text[:31]


def _heading(sheet: Worksheet, f: _Formats, report: ChangeReport, last: int) -> None:
    sheet.merge_range(0, 0, 0, last, title(report), f.title)
    sheet.merge_range(1, 0, 1, last, period(report), f.centre)


# The summary ----------------------------------------------------------------------------------

LEAD_COLUMNS = 3  # street, community, class


def _figures_cells(sheet: Worksheet, row: int, figures: Figures, f: _Formats, *, bold: bool = False) -> None:
    number, money = (f.bold_number, f.bold_money) if bold else (f.number, f.money)
    col = LEAD_COLUMNS
    stocks_and_flows: list[Any] = [figures.opening, *(figures.flows[kind] for kind in KINDS)]
    for part in stocks_and_flows:
        sheet.write_number(row, col, part.households, number)
        sheet.write_number(row, col + 1, part.persons, number)
        # Money to the fen is exact in a float of this size; the cells stay numbers people can sum.
        sheet.write_number(row, col + 2, float(part.amount), money)
        col += 3
    sheet.write_number(row, col, figures.reclassified, number)
    col += 1
    sheet.write_number(row, col, figures.closing.households, number)
    sheet.write_number(row, col + 1, figures.closing.persons, number)
    sheet.write_number(row, col + 2, float(figures.closing.amount), money)


def _summary(book: Any, f: _Formats, report: ChangeReport) -> None:
    sheet = book.add_worksheet(_sheet_name(_("Summary")))
    kinds = [label for _kind, label, _flow in report.total.ordered_flows]
    groups = [_("Opening"), *[str(k) for k in kinds]]
    last = LEAD_COLUMNS + 3 * len(groups) + 1 + 3 - 1
    sheet.set_column(0, 1, 14)
    sheet.set_column(2, 2, 8)
    sheet.set_column(LEAD_COLUMNS, last, 9)
    _heading(sheet, f, report, last)
    top, sub = 3, 4
    for col, header in enumerate((_("Street"), _("Community"), _("Benefit class"))):
        sheet.merge_range(top, col, sub, col, header, f.head)
    col = LEAD_COLUMNS
    parts = (_("Households"), _("Persons"), _("Amount (yuan)"))
    for group in groups:
        sheet.merge_range(top, col, top, col + 2, group, f.head)
        for i, part in enumerate(parts):
            sheet.write_string(sub, col + i, part, f.head)
        col += 3
    sheet.merge_range(top, col, sub, col, _("Class changes (households)"), f.head)
    col += 1
    sheet.merge_range(top, col, top, col + 2, _("Closing"), f.head)
    for i, part in enumerate(parts):
        sheet.write_string(sub, col + i, part, f.head)
    sheet.set_row(sub, 30)
    sheet.freeze_panes(sub + 1, LEAD_COLUMNS)

    row = sub + 1
    for community_row in report.communities:
        street = community_row.street.name if community_row.street else ""
        lines = [(str(c.label), c.figures) for c in community_row.classes] or [("—", community_row.figures)]
        for label, figures in lines:
            sheet.write_string(row, 0, street, f.cell)
            sheet.write_string(row, 1, community_row.community.name, f.cell)
            sheet.write_string(row, 2, label, f.cell)
            _figures_cells(sheet, row, figures, f)
            row += 1
    sheet.merge_range(row, 0, row, 2, _("Total"), f.bold)
    _figures_cells(sheet, row, report.total, f, bold=True)
    row += 1
    for class_row in report.classes:
        sheet.write_string(row, 0, _("Total"), f.bold)
        sheet.write_string(row, 1, "", f.bold)
        sheet.write_string(row, 2, str(class_label(class_row.value)), f.bold)
        _figures_cells(sheet, row, class_row.figures, f, bold=True)
        row += 1
    row += 1
    notes = (
        _(
            "For each change: the households it concerns, and what it did to the persons and the "
            "monthly amount (after − before)."
        ),
        _(
            "Opening + brought in + new − terminated = closing households (by class, plus the class "
            "changes); "
            "opening + every change = closing persons and amount."
        ),
        _("Suspended households stay on the books with their persons and an amount of 0."),
    )
    for note in notes:
        sheet.write_string(row, 0, note, f.note)
        row += 1
    row += 1
    signatures = "        ".join(
        f"{label}: {SIGNATURE_BLANK}" for label in (_("Prepared by"), _("Checked by"), _("Date"))
    )
    sheet.write_string(row, 0, signatures, f.sign)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(top, sub)


# The movements --------------------------------------------------------------------------------


def _movement_headers() -> list[str]:
    return [
        _("No."),
        _("Recorded on"),
        _("Household number"),
        _("Head of household"),
        _("Community"),
        _("Change"),
        _("From month"),
        _("Decided by"),
        _("Stop reason"),
        _("Amount before"),
        _("Amount after"),
        _("Persons before"),
        _("Persons after"),
        _("Class before"),
        _("Class after"),
        _("Note"),
    ]


def _movement(sheet: Worksheet, row: int, n: int, m: MovementRow, f: _Formats) -> None:
    sheet.write_number(row, 0, n, f.number)
    sheet.write_string(row, 1, m.recorded_on.isoformat(), f.text)
    sheet.write_string(row, 2, m.number, f.text)  # household numbers keep their zeros
    sheet.write_string(row, 3, m.head, f.cell)
    sheet.write_string(row, 4, m.community_name, f.cell)
    sheet.write_string(row, 5, str(m.kind_label), f.cell)
    sheet.write_string(row, 6, f"{m.month:%Y-%m}", f.text)
    sheet.write_string(row, 7, str(m.reason_label), f.cell)
    sheet.write_string(row, 8, str(m.stop_reason_label), f.cell)
    sheet.write_number(row, 9, float(m.amount_before), f.money)
    sheet.write_number(row, 10, float(m.amount_after), f.money)
    sheet.write_number(row, 11, m.persons_before, f.number)
    sheet.write_number(row, 12, m.persons_after, f.number)
    sheet.write_string(row, 13, m.class_before, f.cell)
    sheet.write_string(row, 14, m.class_after, f.cell)
    sheet.write_string(row, 15, m.note, f.cell)


def _movements(book: Any, f: _Formats, report: ChangeReport, *, later: bool = False) -> None:
    """The period's changes, or (`later`) those already decided that take effect after it."""
    title = _("Already decided, effective later") if later else _("Changes in the period")
    rows = (report.later if later else report.movements) or []
    sheet = book.add_worksheet(_sheet_name(title))
    headers = _movement_headers()
    last = len(headers) - 1
    for col, width in enumerate((6, 12, 16, 12, 14, 12, 10, 14, 16, 12, 12, 8, 8, 8, 8, 30)):
        sheet.set_column(col, col, width)
    _heading(sheet, f, report, last)
    for col, header in enumerate(headers):
        sheet.write_string(3, col, header, f.head)
    sheet.freeze_panes(4, 0)
    row = 4
    for n, movement in enumerate(rows, start=1):
        _movement(sheet, row, n, movement, f)
        row += 1
    if not rows:
        sheet.merge_range(row, 0, row, last, _("No changes in this period."), f.centre)
    sheet.autofilter(3, 0, max(row - 1, 3), last)


# The reasons ----------------------------------------------------------------------------------


def _reasons(book: Any, f: _Formats, report: ChangeReport) -> None:
    sheet = book.add_worksheet(_sheet_name(_("Terminations by reason")))
    headers = [
        _("Reason"),
        _("Terminated (households)"),
        _("Persons"),
        _("Amount (yuan)"),
        _("Suspended (households)"),
        _("Gradual exits (households)"),
    ]
    last = len(headers) - 1
    sheet.set_column(0, 0, 36)
    sheet.set_column(1, last, 14)
    _heading(sheet, f, report, last)
    for col, header in enumerate(headers):
        sheet.write_string(3, col, header, f.head)
    row = 4
    for reason in report.reasons:
        sheet.write_string(row, 0, str(reason.label), f.cell)
        sheet.write_number(row, 1, reason.terminated, f.number)
        sheet.write_number(row, 2, reason.terminated_persons, f.number)
        sheet.write_number(row, 3, float(reason.terminated_amount), f.money)
        sheet.write_number(row, 4, reason.suspended, f.number)
        sheet.write_number(row, 5, reason.gradual_exits, f.number)
        row += 1
    total = report.total
    sheet.write_string(row, 0, _("Total"), f.bold)
    sheet.write_number(row, 1, total.terminated.households, f.bold_number)
    sheet.write_number(row, 2, -total.terminated.persons, f.bold_number)
    sheet.write_number(row, 3, float(-total.terminated.amount), f.bold_money)
    sheet.write_number(row, 4, total.suspended.households, f.bold_number)
    sheet.write_number(row, 5, total.gradual_exits.households, f.bold_number)
    sheet.write_string(
        row + 2,
        0,
        _("Persons and amount: what the terminated households had on the books before."),
        f.note,
    )


def change_report_xlsx(report: ChangeReport) -> bytes:
    """The workbook's bytes; `report` must have its movements (`change_report(movements=True)`)."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False})
    f = _Formats(book)
    _summary(book, f, report)
    _movements(book, f, report)
    _reasons(book, f, report)
    _movements(book, f, report, later=True)
    book.close()
    return buffer.getvalue()
