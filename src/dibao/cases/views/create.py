"""A new application for a household (`application_create`), from the household's page, or for a
member found to qualify (`?member=&program=` prefill the form)."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from dibao.accounts.staff import StaffRequest
from dibao.benefits.selectors import visible_care_homes
from dibao.core.errors import DomainError
from dibao.core.form_errors import show_domain_errors
from dibao.core.ids import parse_id
from dibao.core.page_access import page
from dibao.policy.programs import codes
from dibao.policy.programs.in_force import programs_in_force
from dibao.registry.models import Household
from dibao.registry.selectors import household_get, household_members, member_get

from .. import services
from ..forms import ApplicationForm
from ..programs import APPLIED_FOR
from .access import CASE_WRITERS


def _household_of(request: StaffRequest) -> Household | None:
    """The household applying: `?household=`, or the household of `?member=` (a found case);
    None when neither names one. One outside the user's area is not found (404)."""
    for key, find in (("household", household_get), ("member", member_get)):
        if not request.GET.get(key):
            continue
        try:
            pk = parse_id(request.GET.get(key), key)
        except DomainError:
            return None
        found = find(request.user, pk)
        return found if isinstance(found, Household) else found.household
    return None


@page(roles=CASE_WRITERS)
def application_create(request: StaffRequest) -> HttpResponse:
    household = _household_of(request)  # 404 outside the user's area
    if household is None:
        # An application is always for one household: start from its page.
        messages.info(request, _("Open the household's page and choose “Apply for dibao”."))
        return redirect("registry:household-list")
    members = list(household_members(request.user, household))
    head = next((m for m in members if m.relation == "self"), None)
    offered = [
        (p.program.code, p.name)
        for p in programs_in_force(household.community, timezone.localdate().replace(day=1))
        if p.enabled and p.program.code in APPLIED_FOR
    ]
    program = request.GET.get("program") or codes.DIBAO
    member = next((m for m in members if str(m.pk) == request.GET.get("member")), None)
    named = member or head
    form = ApplicationForm(
        request.POST or None,
        members=members,
        programs=offered,
        care_homes=visible_care_homes(request.user).filter(active=True, county_id=household.county_id),
        initial={
            "program": program,
            "member": str(member.pk) if member else "",
            "applicant_name": named.name if named else "",
        },
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
