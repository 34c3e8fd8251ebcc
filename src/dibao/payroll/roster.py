"""The signed roster of a community (发放花名册): every household of the community in a run, what it
is paid, and a column where the head (or whoever collects for them) signs; the community prints it,
collects the signatures and files it. As xlsx (to fill in or print in Excel) and as an A4 PDF.
A roster of one program (`program`) lists that program's lines only and is titled with its name;
without one it lists every line of the community.

Both are built from the same rows and totals, so the two never disagree; the totals are summed as
Decimal from the lines, so they equal the run's figures for the community to the fen.
"""

import io
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import xlsxwriter
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from dibao.areas.models import Area, Level
from dibao.core.downloads import download_name
from dibao.core.errors import DomainError
from dibao.core.pdf import PORTRAIT, render_pdf
from dibao.policy.models import BenefitClass, Program
from dibao.policy.programs import codes
from dibao.policy.programs.in_force import display_name

from .models import FIXED_STATES, Run

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Row:
    number: int
    household: str
    head: str
    persons: int
    benefit_class: str
    amount: Decimal
    extra: Decimal  # arrears and adjustments together: what is paid beyond this month's amount
    total: Decimal


@dataclass(frozen=True)
class Roster:
    run: Run
    community: Area
    rows: list[Row]
    persons: int
    amount: Decimal
    extra: Decimal
    total: Decimal
    program: str | None = None
    program_name: str = ""

    @property
    def title(self) -> str:
        if self.program and self.program != codes.DIBAO:
            return _("%(program)s payment roster") % {"program": self.program_name}
        return _("Minimum living guarantee payment roster")

    @property
    def month(self) -> str:
        return date_format(self.run.month, "YEAR_MONTH_FORMAT")  # 2026年3月, or March 2026

    @property
    def draft(self) -> bool:
        """Printed before approval, to check: the amounts may still change and it says so."""
        return self.run.state not in FIXED_STATES


def _class_label(value: str) -> str:
    return str(BenefitClass(value).label) if value in BenefitClass.values else value


def roster(run: Run, community: Area, program: str | None = None) -> Roster:
    if community.level != Level.COMMUNITY or not community.code.startswith(run.county.code):
        raise DomainError(_("The community is not in the run's county."), field="community")
    found = run.lines.filter(community=community)
    name = ""
    program = program or run.program_id  # a program's own run: its roster is the program's
    if program:
        found = found.filter(program_id=program)
        chosen = Program.objects.filter(code=program).first()
        name = display_name(chosen) if chosen else program
    lines = (
        found
        .order_by("household__number", "household_id")
        .values_list(
            "household__number", "head_name", "persons", "benefit_class", "amount", "arrears", "adjustment",
            "total",
        )
    )  # fmt: skip
    rows = [
        Row(n, number, head, persons, _class_label(cls), amount, arrears + adjustment, total)
        for n, (number, head, persons, cls, amount, arrears, adjustment, total) in enumerate(lines, start=1)
    ]
    return Roster(
        run=run,
        community=community,
        rows=rows,
        persons=sum(r.persons for r in rows),
        amount=sum((r.amount for r in rows), ZERO),
        extra=sum((r.extra for r in rows), ZERO),
        total=sum((r.total for r in rows), ZERO),
        program=program or None,
        program_name=name,
    )


def _headers() -> list[str]:
    return [
        _("No."),
        _("Household number"),
        _("Head of household"),
        _("Persons"),
        _("Class"),
        _("Monthly amount"),
        _("Arrears and adjustments"),
        _("To pay"),
        _("Signature"),
    ]


def households(n: int) -> str:
    return ngettext("%(n)s household", "%(n)s households", n) % {"n": n}


def _subtitle(data: Roster) -> str:
    street = data.community.parent.name if data.community.parent else ""
    text = f"{data.run.county.name} {street} {data.community.name} · {data.month}"
    return text + (" · " + _("Draft: the amounts may still change") if data.draft else "")


def community_roster_xlsx(run: Run, community: Area, program: str | None = None) -> bytes:
    data = roster(run, community, program)
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False})
    sheet = workbook.add_worksheet(_("Roster")[:31])
    title = workbook.add_format({"bold": True, "font_size": 16, "align": "center"})
    centre = workbook.add_format({"align": "center"})
    head = workbook.add_format({"bold": True, "bg_color": "#F2F2F2", "border": 1, "text_wrap": True})
    cell = workbook.add_format({"border": 1})
    text = workbook.add_format({"border": 1, "num_format": "@"})
    money = workbook.add_format({"border": 1, "num_format": "0.00"})
    bold_money = workbook.add_format({"border": 1, "num_format": "0.00", "bold": True})
    bold = workbook.add_format({"border": 1, "bold": True})
    headers = _headers()
    last = len(headers) - 1
    for col, width in enumerate((6, 16, 12, 8, 8, 12, 12, 12, 18)):
        sheet.set_column(col, col, width)
    sheet.merge_range(0, 0, 0, last, f"{data.community.name} {data.month} {data.title}", title)
    sheet.merge_range(1, 0, 1, last, _subtitle(data), centre)
    for col, header in enumerate(headers):
        sheet.write_string(2, col, header, head)
    line = 3
    for row in data.rows:
        sheet.set_row(line, 24)  # room for a handwritten signature
        sheet.write_number(line, 0, row.number, cell)
        sheet.write_string(line, 1, row.household, text)  # household numbers keep their zeros
        sheet.write_string(line, 2, row.head, cell)
        sheet.write_number(line, 3, row.persons, cell)
        sheet.write_string(line, 4, row.benefit_class, cell)
        # Money to the fen is exact in a float of this size; the cells stay numbers people can sum.
        sheet.write_number(line, 5, float(row.amount), money)
        sheet.write_number(line, 6, float(row.extra), money)
        sheet.write_number(line, 7, float(row.total), money)
        sheet.write_blank(line, 8, None, cell)
        line += 1
    sheet.write_string(line, 0, _("Total"), bold)
    sheet.write_string(line, 1, households(len(data.rows)), bold)
    sheet.write_blank(line, 2, None, bold)
    sheet.write_number(line, 3, data.persons, bold)
    sheet.write_blank(line, 4, None, bold)
    sheet.write_number(line, 5, float(data.amount), bold_money)
    sheet.write_number(line, 6, float(data.extra), bold_money)
    sheet.write_number(line, 7, float(data.total), bold_money)
    sheet.write_blank(line, 8, None, bold)
    sheet.write_string(line + 2, 0, _("Prepared by") + ":")
    sheet.write_string(line + 2, 3, _("Checked by") + ":")
    sheet.write_string(line + 2, 6, _("Date") + ":")
    sheet.set_paper(9)  # A4
    sheet.repeat_rows(2)
    sheet.fit_to_pages(1, 0)
    sheet.freeze_panes(3, 0)
    workbook.close()
    return buffer.getvalue()


def community_roster_pdf(run: Run, community: Area, program: str | None = None) -> bytes:
    data = roster(run, community, program)
    numeric = {3, 5, 6, 7}  # right-aligned like their figures
    headers = [(text, i in numeric) for i, text in enumerate(_headers())]
    context: dict[str, Any] = {"roster": data, "subtitle": _subtitle(data), "headers": headers}
    return render_pdf("payroll/print/roster.html", context, page=PORTRAIT)


def filename(run: Run, community: Area, extension: str, program: str | None = None) -> str:
    """低保花名册-海州社区-2026年01月.xlsx; one program's, or a program's own run's,
    高龄津贴花名册-海州社区-2026年01月.xlsx."""
    program = program or run.program_id or codes.DIBAO
    return download_name(f"{program_short_name(program)}花名册", community.name, run.month, extension)


def program_short_name(code: str) -> str:
    """The program's short name (低保, 高龄津贴 …) as the names of downloaded files carry it."""
    found = Program.objects.filter(code=code).values_list("short_name", flat=True).first()
    return found or code
