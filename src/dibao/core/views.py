"""The audit page: every write in the user's area, for those who supervise (core.roles.AUDIT_READERS)."""

from django.core.paginator import Paginator
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from .audit_display import audit_rows
from .audit_export import audit_export_start
from .forms import AuditFilterForm
from .page_access import StaffRequest, page
from .roles import AUDIT_READERS
from .selectors import AuditFilters, audit_entries

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
