"""The county's spot-check share of 特困 cases over a period of months (POLICY.md §4)."""

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from dibao.accounts.staff import StaffRequest
from dibao.areas.models import Area
from dibao.core.errors import DomainError
from dibao.core.form_errors import show_domain_errors
from dibao.core.page_access import page
from dibao.core.scoping import county_code_of

from .. import selectors
from ..forms import SpotCheckPeriodForm
from .access import SPOT_CHECK_READERS


@page(roles=SPOT_CHECK_READERS)
def spot_check_report(request: StaffRequest) -> HttpResponse:
    this_month = timezone.localdate().replace(day=1)
    first = this_month.replace(month=1)
    form = SpotCheckPeriodForm(
        {"month_from": f"{first:%Y-%m}", "month_to": f"{this_month:%Y-%m}", **request.GET.dict()}
    )
    form.is_valid()  # a wrong month is shown beside itself; the defaults stand in for it
    data = getattr(form, "cleaned_data", {})
    county = Area.objects.filter(code=county_code_of(request.user)).first()
    report = None
    if county is not None:
        try:
            report = selectors.spot_check_share(
                request.user, county, data.get("month_from") or first, data.get("month_to") or this_month
            )
        except DomainError as exc:
            show_domain_errors(exc, form)
    return render(request, "cases/spot_checks.html", {"form": form, "report": report, "county": county})
