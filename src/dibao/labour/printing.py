"""What labour prints and exports: the reminder notice (a PDF the community hands over or posts),
and a month's figures per group and person as a workbook. The notice names the person and masks
nothing but the ID number, which it does not need."""

import io
from typing import Any

import xlsxwriter
from django.utils.translation import gettext as _

from dibao.core.pdf import render_pdf

from .models import Reminder
from .selectors import Figures, rule_for


def reminder_pdf(reminder: Reminder, county: Any) -> bytes:
    rule = rule_for(county.pk, reminder.month)
    context = {
        "reminder": reminder,
        "county": county,
        "community": reminder.community,
        "street": reminder.community.parent,
        "rule": rule,
    }
    return render_pdf("labour/print/reminder.html", context)


def figures_xlsx(found: Figures, title: str) -> bytes:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False})
    sheet = workbook.add_worksheet(_("Labour")[:31])
    bold = workbook.add_format({"bold": True})
    head = workbook.add_format({"bold": True, "bg_color": "#F2F2F2", "border": 1})
    cell = workbook.add_format({"border": 1})
    text = workbook.add_format({"border": 1, "num_format": "@"})
    sheet.write_string(0, 0, title, bold)
    headers = [
        _("Community"),
        _("Group"),
        _("Household number"),
        _("Name"),
        _("Must take part"),
        _("Sessions required"),
        _("Present"),
        _("Absent, excused"),
        _("Absent, unexcused"),
    ]
    for col, label in enumerate(headers):
        sheet.write_string(2, col, label, head)
        sheet.set_column(col, col, 14)
    line = 3
    for g in found.groups:
        for p in g.persons:
            sheet.write_string(line, 0, g.group.community.name, cell)
            sheet.write_string(line, 1, g.group.name, cell)
            sheet.write_string(line, 2, p.member.household.number, text)
            sheet.write_string(line, 3, p.member.name, cell)
            sheet.write_string(line, 4, _("yes") if p.must else _("no"), cell)
            for col, number in ((5, p.required), (6, p.present), (7, p.excused), (8, p.unexcused)):
                sheet.write_number(line, col, number, cell)
            line += 1
        sheet.write_string(line, 0, g.group.community.name, head)
        sheet.write_string(line, 1, g.group.name, head)
        sheet.write_string(line, 2, _("%(n)d sessions") % {"n": g.sessions}, head)
        sheet.write_string(line, 3, _("Group total"), head)
        sheet.write_number(line, 4, g.must, head)
        sheet.write_string(line, 5, "", head)
        for col, number in ((6, g.present), (7, g.excused), (8, g.unexcused)):
            sheet.write_number(line, col, number, head)
        line += 1
    total = found.total
    sheet.write_string(line, 0, _("Total"), head)
    sheet.write_number(line, 4, total.must, head)
    for col, number in ((6, total.present), (7, total.excused), (8, total.unexcused)):
        sheet.write_number(line, col, number, head)
    workbook.close()
    return buffer.getvalue()
