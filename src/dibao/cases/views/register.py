"""The county's register of staff and cadres (imported from a file), and the filing report: the
filings the register made by itself beside the ones filed by hand, on a page and as xlsx."""

import io

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from dibao.accounts.staff import StaffRequest
from dibao.areas.selectors import county_of
from dibao.core import disclosure
from dibao.core.downloads import XLSX, download_name, file_response
from dibao.core.errors import DomainError, Forbidden
from dibao.core.form_errors import show_domain_errors
from dibao.core.page_access import page
from dibao.core.sheets.reader import read_upload
from dibao.core.sheets.xlsx_stream import StreamedSheet

from .. import selectors
from ..forms import RegisterUploadForm
from ..jobs import register_import_start
from ..models import Staff
from ..services.register import RegisterRefused, filings_exported_record, register_import
from .access import RELATIVE_FILERS, RELATIVE_READERS
from .community import own_area

PER_PAGE = 50
SHOWN_ERRORS = 200
# A file past this size is imported by a job (its page shows the outcome) instead of in the request.
INLINE_BYTES = 256 * 1024


@page(roles=RELATIVE_READERS)
def relatives_register(request: StaffRequest) -> HttpResponseBase:
    county = county_of(own_area(request))
    keeper = request.user.role in RELATIVE_FILERS
    form = RegisterUploadForm(request.POST or None, request.FILES or None) if keeper else None
    row_errors: list = []
    if request.method == "POST":
        if form is None:
            raise Forbidden()
        if form.is_valid():
            uploaded = form.cleaned_data["file"]
            content = read_upload(uploaded)
            try:
                if len(content) > INLINE_BYTES:
                    job = register_import_start(
                        county=county, filename=uploaded.name, content=content, actor=request.user
                    )
                    return redirect("jobs:detail", job_id=job.pk)
                result = register_import(
                    county=county, filename=uploaded.name, content=content, actor=request.user
                )
            except RegisterRefused as exc:
                row_errors = exc.row_errors[:SHOWN_ERRORS]
                show_domain_errors(exc, form)
            except DomainError as exc:
                show_domain_errors(exc, form)
            else:
                messages.success(
                    request,
                    _("%(staff)d staff and cadres imported; %(filed)d new filings.")
                    % {"staff": result.staff, "filed": result.matched.filed},
                )
                return redirect("cases:relatives-register")
    # The register is the county's, one list for all its streets (as the manual register's page).
    staff = (
        Staff.objects.filter(county=county)
        .select_related("area")
        .prefetch_related("relatives")
        .order_by("name", "id")
    )
    found = Paginator(staff, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "cases/relatives_register.html",
        {"county": county, "staff": found, "form": form, "row_errors": row_errors},
    )


@page(roles=RELATIVE_READERS)
def relative_filings(request: StaffRequest) -> HttpResponse:
    lines = selectors.filing_report(request.user)
    found = Paginator(lines, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "cases/relative_filings.html", {"lines": found, "total": len(lines)})


@page(roles=RELATIVE_READERS)
def relative_filings_export(request: StaffRequest) -> HttpResponseBase:
    """The report as xlsx: ID numbers as the user may see them in a work file; the export audited."""
    lines = selectors.filing_report(request.user)
    county = county_of(own_area(request))
    sources = {"register": _("By the register"), "manual": _("By hand")}
    out = io.BytesIO()
    with StreamedSheet(
        out,
        _("Close-relative filings"),
        (6, 14, 14, 12, 14, 12, 22, 14, 10, 12, 8),
        {6, 7},
        whole_columns={0, 8},
    ) as sheet:
        sheet.header(
            [
                _("No."),
                _("Filed"),
                _("Staff member or cadre"),
                pgettext("job", "Post"),
                _("Relation"),
                _("Member"),
                _("ID number"),
                _("Household number"),
                _("Application"),
                _("How filed"),
                _("Lapsed"),
            ]
        )
        for n, line in enumerate(lines, 1):
            sheet.row(
                [
                    n,
                    timezone.localtime(line.filed_at).date().isoformat(),
                    line.staff_name,
                    line.staff_post,
                    line.relation,
                    line.person_name,
                    disclosure.id_number_for(request.user, line.id_number, disclosure.Use.WORK_FILE),
                    line.household_number,
                    line.application_id or "",
                    str(sources[line.source]),
                    _("Yes") if line.lapsed else "",
                ]
            )
    filings_exported_record(county=county, rows=len(lines), actor=request.user)
    name = download_name(_("Close-relative filings"), county.name, timezone.localdate(), extension="xlsx")
    return file_response(out.getvalue(), name, XLSX)
