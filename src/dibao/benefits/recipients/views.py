"""The recipients pages: upload (check or import), the result with its error report, the template.

County officers import into any community of their county, street officers into those of their
street; no one else may (403). Results are read within the user's area (404 outside it).
"""

import io
from typing import cast

from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from dibao.accounts.staff import StaffRequest
from dibao.areas.models import Area
from dibao.areas.selectors import county_of
from dibao.core.downloads import XLSX
from dibao.core.errors import DomainError
from dibao.core.form_errors import show_domain_errors
from dibao.core.page_access import page
from dibao.core.roles import RECIPIENT_IMPORTERS
from dibao.core.sheets.reader import read_upload
from dibao.policy.programs import codes
from dibao.registry.models import UrbanRural
from dibao.registry.roster.views import RECENT_IMPORTS, SHOWN_ERRORS

from . import report
from .forms import RecipientUploadForm, program_choices
from .importer import import_recipients
from .persons import PROGRAMS
from .selectors import recipient_import_get, visible_recipient_imports
from .template import payment_template_xlsx, person_template_xlsx, template_xlsx


@page(roles=RECIPIENT_IMPORTERS)
def upload(request: StaffRequest) -> HttpResponse:
    area = cast(Area, request.user.area)
    county = county_of(area)
    form = RecipientUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        uploaded = form.cleaned_data["file"]
        try:
            result = import_recipients(
                filename=uploaded.name,
                content=read_upload(uploaded),
                county=county,
                actor=request.user,
                dry_run=form.cleaned_data["dry_run"],
                month_from=form.cleaned_data.get("month_from"),
                urban_rural=form.cleaned_data.get("urban_rural") or UrbanRural.URBAN,
                program=form.cleaned_data.get("program") or codes.DIBAO,
            )
        except DomainError as exc:
            show_domain_errors(exc, form)
        else:
            return redirect("recipients:result", pk=result.record.pk)
    recent = visible_recipient_imports(request.user)[:RECENT_IMPORTS]
    person_programs = [(code, name) for code, name in program_choices() if code in PROGRAMS]
    return render(
        request,
        "benefits/recipients/upload.html",
        {"form": form, "recent": recent, "person_programs": person_programs},
    )


@page()
def result(request: StaffRequest, pk: int) -> HttpResponse:
    record = recipient_import_get(request.user, pk)
    return render(
        request,
        "benefits/recipients/result.html",
        {
            "record": record,
            "summary": report.summary_of(record),
            "errors": record.errors[:SHOWN_ERRORS],
            "shown": SHOWN_ERRORS,
        },
    )


@page()
def document(request: StaffRequest, pk: int) -> JsonResponse:
    record = recipient_import_get(request.user, pk)
    return JsonResponse(
        report.document(record, report.summary_of(record)), json_dumps_params={"ensure_ascii": False}
    )


@page(roles=RECIPIENT_IMPORTERS)
def payment_template(request: StaffRequest) -> FileResponse:
    return FileResponse(
        io.BytesIO(payment_template_xlsx()),
        as_attachment=True,
        filename=_("payment roster template") + ".xlsx",
        content_type=XLSX,
    )


@page(roles=RECIPIENT_IMPORTERS)
def template(request: StaffRequest) -> FileResponse:
    return FileResponse(
        io.BytesIO(template_xlsx()),
        as_attachment=True,
        filename=_("recipients template") + ".xlsx",
        content_type=XLSX,
    )


@page(roles=RECIPIENT_IMPORTERS)
def person_template(request: StaffRequest) -> FileResponse:
    """The list of a program that pays a person (`?program=elderly_allowance`): its own columns."""
    program = request.GET.get("program", "")
    if program not in PROGRAMS:
        raise Http404
    return FileResponse(
        io.BytesIO(person_template_xlsx(program)),
        as_attachment=True,
        filename=_("recipients template") + f" {program}.xlsx",
        content_type=XLSX,
    )
