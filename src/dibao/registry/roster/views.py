"""Roster pages: upload (check or import), the result with its error report, template, export.

Scoping is the selectors': a community outside the user's area, an import record of another
community, or an export filtered to an area the user cannot see all answer 404.
"""

import io
from typing import cast

from django.http import FileResponse, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dibao.accounts.staff import StaffRequest
from dibao.areas.models import Area
from dibao.areas.selectors import area_for, visible_areas
from dibao.core.downloads import XLSX, download_name, file_response
from dibao.core.errors import DomainError
from dibao.core.form_errors import show_domain_errors
from dibao.core.page_access import page
from dibao.core.roles import REGISTRY_WRITERS
from dibao.core.sheets import reader, row_errors

from .. import selectors as registry_selectors
from ..forms import HouseholdFilterForm
from . import exporter, report
from .forms import RosterUploadForm
from .jobs import roster_export_start, roster_import_start
from .selectors import roster_import_get, visible_imports

# The result page lists this many errors; the xlsx and JSON downloads have all of them.
SHOWN_ERRORS = 500
RECENT_IMPORTS = 10


@page(roles=REGISTRY_WRITERS)
def upload(request: StaffRequest) -> HttpResponse:
    # The user's own area first (a county's or street's export imports back into it), then below it.
    areas = list(visible_areas(request.user).order_by("code"))
    form = RosterUploadForm(
        request.POST or None,
        request.FILES or None,
        communities=areas,
        initial={"community": request.GET.get("community", "")},
    )
    if request.method == "POST":
        # Another area's code is not a form error but something that does not exist: 404.
        code = request.POST.get("community", "")
        area = area_for(request.user, code) if code else None
        if form.is_valid() and area is not None:
            uploaded = form.cleaned_data["file"]
            try:
                job = roster_import_start(
                    filename=uploaded.name,
                    content=reader.read_upload(uploaded),
                    area=area,
                    actor=request.user,
                    dry_run=form.cleaned_data["dry_run"],
                )
            except DomainError as exc:
                show_domain_errors(exc, form)
            else:
                # The job's page shows its progress, then this import's result page.
                return redirect("jobs:detail", job_id=job.pk)
    recent = visible_imports(request.user)[:RECENT_IMPORTS]
    return render(request, "registry/roster/upload.html", {"form": form, "recent": recent})


@page()
def result(request: StaffRequest, pk: int) -> HttpResponse:
    record = roster_import_get(request.user, pk)
    return render(
        request,
        "registry/roster/result.html",
        {"record": record, "errors": record.errors[:SHOWN_ERRORS], "shown": SHOWN_ERRORS},
    )


@page()
def errors_json(request: StaffRequest, pk: int) -> JsonResponse:
    record = roster_import_get(request.user, pk)
    return JsonResponse(report.document(record), json_dumps_params={"ensure_ascii": False})


@page()
def errors_xlsx(request: StaffRequest, pk: int) -> HttpResponseBase:
    record = roster_import_get(request.user, pk)
    name = download_name(
        f"名册导入错误（{record.pk}）", record.community.name, timezone.localtime(record.created_at), "xlsx"
    )
    return file_response(row_errors.errors_xlsx(record.errors), name, XLSX)


@page()
def template(request: StaffRequest) -> FileResponse:
    return FileResponse(
        io.BytesIO(exporter.template_xlsx()),
        as_attachment=True,
        filename=f"{_('roster template')}.xlsx",
        content_type=XLSX,
    )


@page()
@require_POST
def export(request: StaffRequest) -> HttpResponse:
    """The households the list page shows for the same filters (q, area, status, urban_rural),
    posted from its export buttons: written by a job, whose page counts the members and then
    offers the file."""
    user = request.user
    form = HouseholdFilterForm(request.POST, areas=visible_areas(user))
    form.is_valid()  # as on the list page: a wrong choice is dropped, the other filters apply
    data = getattr(form, "cleaned_data", {})
    filters = registry_selectors.HouseholdFilters(
        query=data.get("q") or "",
        area_code=data.get("area") or "",
        status=data.get("status") or "",
        urban_rural=data.get("urban_rural") or "",
    )
    # page() lets only users with an area in; the export's audit entry names the area exported.
    area = area_for(user, filters.area_code) if filters.area_code else cast(Area, user.area)
    fmt = "csv" if request.POST.get("format") == "csv" else "xlsx"
    job = roster_export_start(actor=user, area=area, fmt=fmt, filters=dict(filters.__dict__))
    return redirect("jobs:detail", job_id=job.pk)
