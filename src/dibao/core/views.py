"""The audit page: every write in the user's area, for those who supervise (core.roles.AUDIT_READERS)."""

import io

from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseBase, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .audit_display import audit_rows
from .audit_export import audit_export_start
from .csvfile import CsvWriter
from .downloads import file_response
from .forms import AuditFilterForm
from .page_access import StaffRequest, page
from .roles import AUDIT_READERS
from .selectors import AuditFilters, audit_anchors, audit_entries

PER_PAGE = 50


def _filters(data: QueryDict) -> tuple[AuditFilterForm, AuditFilters]:
    form = AuditFilterForm(data)
    form.is_valid()  # a wrong date is shown beside its input; the other filters still apply
    return form, AuditFilters(**{k: v for k, v in getattr(form, "cleaned_data", {}).items() if v})


@page(roles=AUDIT_READERS)
def audit_list(request: StaffRequest) -> HttpResponse:
    form, filters = _filters(request.GET)
    entries = Paginator(audit_entries(request.user, filters), PER_PAGE).get_page(request.GET.get("page"))
    context = {"form": form, "entries": entries, "rows": audit_rows(entries)}
    return render(request, "core/audit_list.html", context)


@page(roles=AUDIT_READERS)
@require_POST
def audit_export(request: StaffRequest) -> HttpResponse:
    """The entries the page lists for the same filters, as a workbook written by a job."""
    _form, filters = _filters(request.POST)
    area_code = request.user.area.code if request.user.area else ""
    job = audit_export_start(actor=request.user, area_code=area_code, filters=filters)
    return redirect("jobs:detail", job_id=job.pk)


@page(roles=AUDIT_READERS)
def audit_anchor_list(request: StaffRequest) -> HttpResponseBase:
    """The audit chain's daily anchors (docs/architecture.md, "The audit chain"), to copy or
    download and keep outside the system; `?download=csv` is the same list as a file. Reading
    them discloses no one's data, so the download is not itself an audit entry."""
    anchors = audit_anchors(request.user)
    if request.GET.get("download") != "csv":
        return render(request, "core/audit_anchors.html", {"anchors": anchors})
    out = io.BytesIO()
    with CsvWriter(out, encoding="utf-8-sig") as writer:
        writer.header(
            [_("Date"), _("Last entry"), _("Hash"), _("Time"), _("Entries that day"), _("In your area")]
        )
        for day in anchors:
            a = day.anchor
            writer.row([a.day.isoformat(), day.anchor.seq, a.hash, a.at, day.entries, day.in_area])
    what = _("audit-chain-anchors")
    name = f"{what}-{timezone.localdate():%Y%m%d}.csv"
    return file_response(out.getvalue(), name, "text/csv; charset=utf-8")
