"""The close-relative register (近亲属备案) of the county: the filings, and filing one."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from dibao.accounts.staff import StaffRequest
from dibao.areas.selectors import county_of
from dibao.core.errors import DomainError, Forbidden
from dibao.core.form_errors import show_domain_errors
from dibao.core.page_access import page

from .. import services
from ..forms import CloseRelativeForm
from ..models import CloseRelative
from .access import RELATIVE_FILERS, RELATIVE_READERS
from .community import own_area

PER_PAGE = 50


@page(roles=RELATIVE_READERS)
def close_relatives(request: StaffRequest) -> HttpResponse:
    county = county_of(own_area(request))
    filer = request.user.role in RELATIVE_FILERS
    form = CloseRelativeForm(request.POST or None) if filer else None
    if request.method == "POST":
        if form is None:
            raise Forbidden()
        if form.is_valid():
            try:
                filing = services.close_relative_add(county=county, data=form.values(), actor=request.user)
            except DomainError as exc:
                show_domain_errors(exc, form)
            else:
                messages.success(
                    request, _("%(name)s filed as a close relative.") % {"name": filing.relative_name}
                )
                return redirect("cases:close-relatives")
    # The register is the county's, one list for all its streets (cases.selectors has no read of it).
    filings = (
        CloseRelative.objects.filter(county=county).select_related("recorded_by").order_by("staff_name", "id")
    )
    found = Paginator(filings, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "cases/close_relatives.html", {"county": county, "filings": found, "form": form})
