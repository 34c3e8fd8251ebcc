"""The case file's pages: the household page's button (a POST: the first printing gives the
archive number, and every printing is recorded) and the area page that starts a batch as a job.

Scoping is the selectors': a household or area outside the user's area is 404."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dibao.accounts.staff import StaffRequest
from dibao.areas.selectors import area_for, visible_areas
from dibao.core.downloads import pdf_response
from dibao.core.errors import DomainError
from dibao.core.page_access import page
from dibao.core.roles import CASEFILE_PRINTERS
from dibao.registry.selectors import household_get, visible_households

from .jobs import casefiles_zip_start
from .models import Printing
from .services import casefile_print

RECENT = 20


@page(roles=CASEFILE_PRINTERS)
@require_POST
def household_print(request: StaffRequest, pk: int) -> HttpResponse:
    household = household_get(request.user, pk)
    try:
        printed = casefile_print(household=household, actor=request.user)
    except DomainError as exc:  # printed by someone else at the same moment
        messages.error(request, str(exc))
        return redirect("registry:household-detail", pk=household.pk)
    return pdf_response(printed.pdf, printed.filename)


@page(roles=CASEFILE_PRINTERS)
def area(request: StaffRequest) -> HttpResponse:
    """GET: the areas to choose from and the user's recent printings; POST: the batch's job."""
    user = request.user
    areas = list(visible_areas(user).order_by("code"))
    error = ""
    if request.method == "POST":
        code = request.POST.get("area", "").strip()
        if not code:
            error = _("Choose an area.")
        else:
            # Another area's code is not a form error but something that does not exist: 404.
            chosen = area_for(user, code)
            try:
                job = casefiles_zip_start(actor=user, area=chosen)
            except DomainError as exc:
                error = str(exc)
            else:
                return redirect("jobs:detail", job_id=job.pk)
    recent = (
        Printing.objects.filter(printed_by=user)
        .select_related("archive", "household", "community")
        .order_by("-printed_at", "-id")[:RECENT]
    )
    return render(
        request,
        "casefiles/area.html",
        {
            "areas": areas,
            "recent": recent,
            "error": error,
            "households": visible_households(user).count(),
            "section": "casefiles",
        },
    )
