"""A batch's roster for signing (发放花名册): every grant of the batch, by community, with what it
pays and a column where the head (or whoever collects) signs; as xlsx and as an A4 PDF, built from
the same rows, in the order of the bank file. It looks like a payroll run's community roster
(`payroll.roster`), whose columns are a run's (class, arrears) rather than a grant's."""

import io
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import xlsxwriter
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from dibao.core.pdf import PORTRAIT, render_pdf
from dibao.policy.programs.in_force import display_name

from ..models import DisbursementBatch, OneOffGrant

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Row:
    number: int
    community: str
    household: str
    head: str
    category: str
    amount: Decimal


def _rows(grants: QuerySet[OneOffGrant]) -> list[Row]:
    from ..temporary import CATEGORIES

    return [
        Row(
            number=n,
            community=g.community.name,
            household=g.household.number,
            head=getattr(g, "head_name", "") or "",
            category=str(CATEGORIES.get(g.category, g.category)),
            amount=g.amount,
        )
        for n, g in enumerate(grants, start=1)
    ]


def _headers() -> list[str]:
    return [
        _("No."),
        _("Community"),
        _("Household number"),
        _("Head of household"),
        _("Reason category"),
        _("Amount (yuan)"),
        _("Signature"),
    ]


def _title(batch: DisbursementBatch) -> str:
    return f"{batch.county.name} {batch.title}"


def _subtitle(batch: DisbursementBatch, rows: list[Row]) -> str:
    text = f"{display_name(batch.program)} · " + ngettext("%(n)s grant", "%(n)s grants", len(rows)) % {
        "n": len(rows)
    }
    return text + (" · " + _("Not yet approved") if batch.approved_at is None else "")


def batch_roster_xlsx(batch: DisbursementBatch, grants: QuerySet[OneOffGrant]) -> bytes:
    rows = _rows(grants)
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False})
    sheet = workbook.add_worksheet(_("Roster")[:31])
    title = workbook.add_format({"bold": True, "font_size": 16, "align": "center"})
    centre = workbook.add_format({"align": "center"})
    head = workbook.add_format({"bold": True, "bg_color": "#F2F2F2", "border": 1, "text_wrap": True})
    cell = workbook.add_format({"border": 1})
    text = workbook.add_format({"border": 1, "num_format": "@"})
    money = workbook.add_format({"border": 1, "num_format": "0.00"})
    bold = workbook.add_format({"border": 1, "bold": True})
    bold_money = workbook.add_format({"border": 1, "num_format": "0.00", "bold": True})
    headers = _headers()
    last = len(headers) - 1
    for col, width in enumerate((6, 16, 16, 12, 12, 12, 18)):
        sheet.set_column(col, col, width)
    sheet.merge_range(0, 0, 0, last, _title(batch), title)
    sheet.merge_range(1, 0, 1, last, _subtitle(batch, rows), centre)
    for col, header in enumerate(headers):
        sheet.write_string(2, col, header, head)
    line = 3
    for row in rows:
        sheet.set_row(line, 24)  # room for a handwritten signature
        sheet.write_number(line, 0, row.number, cell)
        sheet.write_string(line, 1, row.community, cell)
        sheet.write_string(line, 2, row.household, text)  # household numbers keep their zeros
        sheet.write_string(line, 3, row.head, cell)
        sheet.write_string(line, 4, row.category, cell)
        sheet.write_number(line, 5, float(row.amount), money)
        sheet.write_blank(line, 6, None, cell)
        line += 1
    sheet.write_string(line, 0, _("Total"), bold)
    for col in range(1, 5):
        sheet.write_blank(line, col, None, bold)
    sheet.write_number(line, 5, float(sum((r.amount for r in rows), ZERO)), bold_money)
    sheet.write_blank(line, 6, None, bold)
    sheet.write_string(line + 2, 0, _("Prepared by") + ":")
    sheet.write_string(line + 2, 3, _("Checked by") + ":")
    sheet.write_string(line + 2, 5, _("Date") + ":")
    sheet.set_paper(9)  # A4
    sheet.repeat_rows(2)
    sheet.fit_to_pages(1, 0)
    sheet.freeze_panes(3, 0)
    workbook.close()
    return buffer.getvalue()


def batch_roster_pdf(batch: DisbursementBatch, grants: QuerySet[OneOffGrant]) -> bytes:
    rows = _rows(grants)
    numeric = {5}
    context: dict[str, Any] = {
        "title": _title(batch),
        "subtitle": _subtitle(batch, rows),
        "headers": [(text, i in numeric) for i, text in enumerate(_headers())],
        "rows": rows,
        "total": sum((r.amount for r in rows), ZERO),
    }
    return render_pdf("assistance/batches/print/roster.html", context, page=PORTRAIT)


def filename(batch: DisbursementBatch, extension: str) -> str:
    return f"huamingce-{batch.county.code}-{batch.program_id}-batch{batch.number}.{extension}"
