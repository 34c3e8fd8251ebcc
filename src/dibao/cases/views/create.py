"""A new application for a household (`application_create`), from the household's page."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from dibao.accounts.staff import StaffRequest
from dibao.core.errors import DomainError
from dibao.core.form_errors import show_domain_errors
from dibao.core.ids import parse_id
from dibao.core.page_access import page
from dibao.registry.selectors import household_get, household_members

from .. import services
from ..forms import ApplicationForm
from .access import CASE_WRITERS


@page(roles=CASE_WRITERS)
def application_create(request: StaffRequest) -> HttpResponse:
    try:
        household_id = parse_id(request.GET.get("household"), "household")
    except DomainError:
        # An application is always for one household: start from its page.
        messages.info(request, _("Open the household's page and choose “Apply for dibao”."))
        return redirect("registry:household-list")
    household = household_get(request.user, household_id)  # 404 outside the user's area
    members = list(household_members(request.user, household))
    head = next((m for m in members if m.relation == "self"), None)
    form = ApplicationForm(
        request.POST or None, members=members, initial={"applicant_name": head.name if head else ""}
    )
    if request.method == "POST" and form.is_valid():
        try:
            application = services.application_create(
                household=household, data=form.values(), actor=request.user
            )
        except DomainError as exc:
            show_domain_errors(exc, form)
        else:
            messages.success(request, _("Application created. Add its materials, then submit it."))
            return redirect("cases:case-detail", application.pk)
    return render(request, "cases/application_create.html", {"household": household, "form": form})
