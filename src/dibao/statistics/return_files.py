"""The standard returns as files: the monthly return as an xlsx sheet in the fixed layout a county
sends upward (a titled sheet, two header rows with merged cells, the units in the headings, the
preparer line), and the year-end figures as the figures section of the year-end work summary, a
Word document in the phrasing workers use, for the worker to finish. Every figure is the one the
page shows (`returns`)."""

import io
from typing import Any

import xlsxwriter
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from dibao.policy.programs.in_force import display_name

from .members import MemberCategory
from .returns import MonthlyReturn, YearEnd

# The columns of the month's funds (yuan) and the year's (万元); the others are whole numbers.
MONTH_COLUMN, YEAR_COLUMN = 7, 8


def return_title(result: MonthlyReturn) -> str:
    title = _("%(area)s social assistance monthly return, %(year)d-%(month)02d") % {
        "area": result.area.name,
        "year": result.month.year,
        "month": result.month.month,
    }
    return f"{title} · {display_name(result.program)}" if result.program else title


def return_filename(result: MonthlyReturn) -> str:
    program = f"-{result.program.code}" if result.program else ""
    return f"monthly-return-{result.area.code}{program}-{result.month:%Y%m}.xlsx"


def return_headings() -> tuple[list[tuple[str, int]], list[str]]:
    """The two header rows: the groups (heading, columns spanned) and the columns under them."""
    groups = [
        (_("Program"), 1),
        (_("Households (households)"), 3),
        (_("Persons (persons)"), 3),
        (_("Funds this month (yuan)"), 1),
        (_("Funds this year (10,000 yuan)"), 1),
        (_("Persons by member category (persons)"), len(MemberCategory.values)),
    ]
    columns = [
        "",
        _("Total"),
        _("Urban"),
        _("Rural"),
        _("Total"),
        _("Urban"),
        _("Rural"),
        _("This month"),
        _("Year to date"),
        *(str(label) for label in MemberCategory.labels),
    ]
    return groups, columns


def preparer_line() -> str:
    return _("Head of unit: ________    Prepared by: ________    Telephone: ________    Date: %(day)s") % {
        "day": f"{timezone.localdate():%Y-%m-%d}"
    }


def monthly_return_xlsx(result: MonthlyReturn) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False})
    sheet = book.add_worksheet(_("Monthly return"))
    title = book.add_format({"bold": True, "font_size": 14, "align": "center", "valign": "vcenter"})
    head = book.add_format(
        {"bold": True, "align": "center", "valign": "vcenter", "border": 1, "text_wrap": True}
    )
    text = book.add_format({"border": 1})
    whole = book.add_format({"border": 1, "num_format": "0"})
    money = book.add_format({"border": 1, "num_format": "#,##0.00"})
    wan = book.add_format({"border": 1, "num_format": "#,##0.0000"})
    total_text = book.add_format({"border": 1, "bold": True})
    groups, columns = return_headings()
    width = len(columns)
    # merge_range() writes its text with write(), which reads a leading = as a formula: the cells
    # that carry a name are merged empty and their text written as a string.
    sheet.merge_range(0, 0, 0, width - 1, "", title)
    sheet.write_string(0, 0, return_title(result), title)
    sheet.merge_range(1, 0, 1, width - 1, "")
    sheet.write_string(
        1,
        0,
        _("Reporting unit: %(area)s    Units: households, persons, yuan, 10,000 yuan")
        % {"area": result.area.name},
    )
    col = 0
    for heading, span in groups:
        if span == 1 and col == 0:
            sheet.merge_range(2, 0, 3, 0, heading, head)
        elif span == 1:
            sheet.merge_range(2, col, 3, col, heading, head)
        else:
            sheet.merge_range(2, col, 2, col + span - 1, heading, head)
            for i in range(span):
                sheet.write_string(3, col + i, columns[col + i], head)
        col += span
    sheet.set_column(0, 0, 22)
    sheet.set_column(1, YEAR_COLUMN, 12)
    sheet.set_column(YEAR_COLUMN + 1, width - 1, 14)
    line = 4
    for entry in [*result.lines, result.total]:
        is_total = entry.program is None
        sheet.write_string(line, 0, _("Total") if is_total else entry.name, total_text if is_total else text)
        for i, value in enumerate(entry.cells(), start=1):
            fmt = wan if i == YEAR_COLUMN else money if i == MONTH_COLUMN else whole
            # xlsx keeps numbers as doubles; never write(): a text beginning with = is a formula
            sheet.write_number(line, i, float(value), fmt)
        line += 1
    sheet.merge_range(line + 1, 0, line + 1, width - 1, preparer_line())
    sheet.freeze_panes(4, 1)
    book.close()
    return buffer.getvalue()


# ---- the year-end summary's figures ------------------------------------------------------------


def year_end_filename(result: YearEnd) -> str:
    return f"year-end-{result.area.code}-{result.year}.docx"


def _n(value: Any) -> str:
    return f"{value}"


def year_end_paragraphs(result: YearEnd) -> list[str]:
    """The figures section, a paragraph a subject, in the phrasing of a worker's summary."""
    f = result.figures
    paragraphs = []
    stock = _(
        "By the end of %(month)s, %(program)s households totalled %(households)s households, "
        "%(persons)s persons, with a monthly benefit of %(amount)s yuan"
    ) % {
        "month": f"{result.last_month.year}-{result.last_month.month:02d}",
        "program": result.program_name,
        "households": result.at_end.households,
        "persons": result.at_end.persons,
        "amount": _n(result.at_end.month_amount),
    }
    if result.classes:
        parts = [
            _("%(label)s %(households)s households, %(persons)s persons")
            % {"label": c.label, "households": c.households, "persons": c.persons}
            for c in result.classes
        ]
        stock += pgettext("year-end", "; of which ") + pgettext("year-end", ", ").join(parts)
    paragraphs.append(stock + pgettext("year-end", "."))
    paragraphs.append(
        _(
            "This year %(received)s applications were received, %(approved)s approved and %(rejected)s "
            "rejected; %(new)s households were newly included."
        )
        % {**result.applications, "new": f.new}
    )
    stopped = _(
        "This year %(stopped)s households, %(persons)s persons were stopped in all, "
        "with a monthly benefit of %(amount)s yuan"
    ) % {
        "stopped": result.stopped.households,
        "persons": result.stopped.persons,
        "amount": _n(result.stopped.month_amount),
    }
    if result.stopped_by_reason:
        stopped += pgettext("year-end", ", of which ") + pgettext("year-end", ", ").join(
            _("%(reason)s %(n)s households, %(persons)s persons")
            % {"reason": line.label, "n": line.households, "persons": line.persons}
            for line in result.stopped_by_reason
        )
    paragraphs.append(stopped + pgettext("year-end", "."))
    later = result.stopping_later
    if later.households:
        paragraphs.append(
            _(
                "Already decided, effective later: %(households)s households, %(persons)s persons with a "
                "monthly benefit of %(amount)s yuan stop being paid after %(month)s; they are still counted "
                "above."
            )
            % {
                "households": later.households,
                "persons": later.persons,
                "amount": _n(later.month_amount),
                "month": f"{result.last_month:%Y-%m}",
            }
        )
    paragraphs.append(
        _(
            "This year the benefit was raised for %(raised)s households, lowered for %(lowered)s "
            "households, and %(changed)s households changed benefit class."
        )
        % {"raised": f.raised, "lowered": f.lowered, "changed": f.class_changed}
    )
    paragraphs.append(
        _(
            "In total %(wan)s ten thousand yuan (%(amount)s yuan) was paid; the annual amount per household "
            "was %(per_household)s yuan and per person %(per_person)s yuan."
        )
        % {
            "wan": _n(f.amount_wan),
            "amount": _n(f.amount),
            "per_household": _n(result.per_household_year),
            "per_person": _n(result.per_person_year),
        }
    )
    paragraphs.append(
        _("One-off assistance was given %(times)s person-times, %(amount)s yuan.")
        % {"times": result.one_off_times, "amount": _n(result.one_off_amount)}
    )
    paragraphs.append(
        _(
            "%(sessions)s public-welfare labour sessions were held, "
            "with %(present)s attendances of %(recorded)s recorded."
        )
        % {
            "sessions": result.labour_sessions,
            "present": result.labour_present,
            "recorded": result.labour_recorded,
        }
    )
    paragraphs.append(
        _("Holiday visits reached %(households)s households, %(persons)s persons, worth %(amount)s yuan.")
        % {
            "households": result.holiday_households,
            "persons": result.holiday_persons,
            "amount": _n(result.holiday_amount),
        }
    )
    return paragraphs


def year_end_title(result: YearEnd) -> str:
    return _("%(area)s %(year)d year-end work summary: the figures") % {
        "area": result.area.name,
        "year": result.year,
    }


def year_end_docx(result: YearEnd) -> bytes:
    import docx  # imported here: only this file needs it

    document = docx.Document()
    document.add_heading(year_end_title(result), level=1)
    for paragraph in year_end_paragraphs(result):
        document.add_paragraph(paragraph)
    document.add_paragraph(
        _("(Counted from the records on %(day)s; the worker completes the summary.)")
        % {"day": f"{timezone.localdate():%Y-%m-%d}"}
    )
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
