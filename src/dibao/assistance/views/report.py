"""The one-off assistance report (`assistance.reports`) as a page and a workbook: per month or year,
area and program — 人次, households, 元 and 万元, whole and by program, kind, category and form."""

import datetime
import io
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from dibao.accounts.staff import StaffRequest
from dibao.areas.forms import area_choices
from dibao.areas.models import Area
from dibao.areas.selectors import area_for, visible_areas
from dibao.core.downloads import XLSX, download_name, file_response
from dibao.core.page_access import page
from dibao.core.sheets.xlsx_stream import StreamedSheet
from dibao.policy.forms import program_names
from dibao.policy.models import Program

from .. import reports, temporary
from ..forms import ReportForm
from ..models import GrantForm
from .access import READERS

GROUPS = (
    ("program", _("By program")),
    ("kind", _("By kind")),
    ("category", _("By reason category")),
    ("form", _("By form")),
)


def _labels(report: dict[str, Any]) -> dict[str, dict[str, str]]:
    return {
        "program": program_names(set(report["by_program"])),
        "kind": {k: str(v) for k, v in temporary.KINDS.items()},
        "category": {k: str(v) for k, v in temporary.CATEGORIES.items()},
        "form": {k: str(v) for k, v in GrantForm.choices},
    }


def _report(request: StaffRequest) -> tuple[ReportForm, Area | None, dict[str, Any] | None]:
    user = request.user
    today = timezone.localdate()
    own = user.area
    form = ReportForm(
        {"year": today.year, "area": own.code if own else "", **request.GET.dict()},
        areas=area_choices(list(visible_areas(user))),
    )
    if not form.is_valid():
        return form, None, None
    data = form.cleaned_data
    area = area_for(user, data.get("area") or (own.code if own else ""))
    report = reports.report(
        area, year=data["year"], month=data.get("month"), program=data.get("program") or None
    )
    return form, area, report


def _rows(report: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    labels = _labels(report)
    rows = [(str(_("Total")), "", report["total"])]
    for key, title in GROUPS:
        for value, figures in report["by_" + key].items():
            rows.append((str(title), labels[key].get(value, value), figures))
    # The hospitals' one-stop settlement, beside the grants and not in their total.
    one_stop = report.get("one_stop") or {}
    for name, label in (("matched", _("Matched: paid to the hospitals")), ("disputed", _("Disputed"))):
        if name in one_stop:
            rows.append((str(_("One-stop settlement (一站式)")), str(label), one_stop[name]))
    return rows


@page(roles=READERS)
def report_page(request: StaffRequest) -> HttpResponse:
    form, area, report = _report(request)
    return render(
        request,
        "assistance/grants/report.html",
        {
            "form": form,
            "area": area,
            "report": report,
            "rows": _rows(report) if report else [],
            "query": request.GET.urlencode(),
        },
    )


@page(roles=READERS)
def report_xlsx(request: StaffRequest) -> HttpResponse:
    form, area, report = _report(request)
    if report is None or area is None:
        return render(
            request, "assistance/grants/report.html", {"form": form, "report": None, "rows": []}, status=400
        )
    out = io.BytesIO()
    with StreamedSheet(
        out, _("One-off assistance"), [16, 24, 10, 10, 14, 12], [], whole_columns=(2, 3), frozen_rows=2
    ) as sheet:
        period = f"{report['year']}" + (f"-{report['month']:02d}" if report["month"] else "")
        sheet.row([f"{area.name} {period}", report["program"] or str(_("All programs"))])
        sheet.header([_("Group"), _("Item"), _("Person-times"), _("Households"), _("Yuan"), _("10,000 yuan")])
        for group, value, figures in _rows(report):
            sheet.row(
                [
                    group,
                    value,
                    figures["times"],
                    figures["households"],
                    _dec(figures["amount"]),
                    _dec(figures["amount_wan"]),
                ]
            )
    year = int(report["year"])
    months = (
        datetime.date(year, int(report["month"]), 1)
        if report["month"]
        else (datetime.date(year, 1, 1), datetime.date(year, 12, 1))
    )
    program = report["program"]
    found = Program.objects.filter(code=program).values_list("short_name", flat=True) if program else []
    short = next(iter(found), None)
    name = download_name(f"{short or '一次性救助'}统计", area.name, months, "xlsx")
    return file_response(out.getvalue(), name, XLSX)  # type: ignore[return-value]


def _dec(text: str) -> Decimal:
    return Decimal(text)
