"""The audit page: every write in the user's area, for those who supervise (core.roles.AUDIT_READERS)."""

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from .audit_display import audit_rows
from .forms import AuditFilterForm
from .page_access import StaffRequest, page
from .roles import AUDIT_READERS
from .selectors import AuditFilters, audit_entries

PER_PAGE = 50


@page(roles=AUDIT_READERS)
def audit_list(request: StaffRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET)
    form.is_valid()  # a wrong date is shown beside its input; the other filters still apply
    filters = AuditFilters(**{k: v for k, v in getattr(form, "cleaned_data", {}).items() if v})
    entries = Paginator(audit_entries(request.user, filters), PER_PAGE).get_page(request.GET.get("page"))
    context = {"form": form, "entries": entries, "rows": audit_rows(entries)}
    return render(request, "core/audit_list.html", context)
