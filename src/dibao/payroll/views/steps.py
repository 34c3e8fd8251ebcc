"""The steps of a run from its page: a street's check, the county's approval (of the version the
page showed) and closing. Each posts here, calls the service and goes back to the run's page with
what happened; a refusal is the service's message there and changes nothing."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dibao.accounts.staff import StaffRequest
from dibao.areas.models import Area, Level
from dibao.core.errors import DomainError
from dibao.core.form_errors import show_domain_messages
from dibao.core.page_access import page
from dibao.core.roles import Role

from .. import services
from ..forms import ApproveForm, CheckForm
from ..models import RunState
from ..selectors import run_get
from ..services import APPROVERS, CHECKERS
from .access import PAYERS


@page(roles=CHECKERS)
@require_POST
def run_check(request: StaffRequest, pk: int) -> HttpResponse:
    """A street officer checks their street (the form may leave it out); the county any street."""
    run = run_get(request.user, pk)
    form = CheckForm(request.POST)
    if form.is_valid():
        street_id = form.cleaned_data["street"]
    elif request.user.role == Role.STREET and not request.POST.get("street"):
        street_id = request.user.area_id
    else:
        raise Http404
    street = Area.objects.filter(pk=street_id, level=Level.STREET).first()
    if street is None:
        raise Http404
    try:
        run = services.run_check(run=run, street=street, actor=request.user)
    except DomainError as exc:
        show_domain_messages(request, exc)
    else:
        if run.state == RunState.CHECKED:
            messages.success(
                request,
                _("%(street)s checked. Every street has checked: the county may approve.")
                % {"street": street.name},
            )
        else:
            messages.success(request, _("%(street)s checked.") % {"street": street.name})
    return redirect("payroll:run-detail", pk)


@page(roles=APPROVERS)
@require_POST
def run_approve(request: StaffRequest, pk: int) -> HttpResponse:
    run = run_get(request.user, pk)
    form = ApproveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The page did not say which version of the run you saw; approve it again."))
        return redirect("payroll:run-detail", pk)
    if not form.cleaned_data.get("confirmed"):
        messages.error(request, _("Look at what changed since the last run and confirm it before approving."))
        return redirect("payroll:run-detail", pk)
    try:
        run = services.run_approve(run=run, actor=request.user, version=form.cleaned_data["version"])
    except DomainError as exc:
        show_domain_messages(request, exc)
    else:
        messages.success(
            request,
            _("The run for %(month)s is approved; neither it nor its lines change from now on.")
            % {"month": services.run_name(run)},
        )
    return redirect("payroll:run-detail", pk)


@page(roles=PAYERS)
@require_POST
def run_close(request: StaffRequest, pk: int) -> HttpResponse:
    run = run_get(request.user, pk)
    try:
        run = services.run_advance(run=run, to=RunState.CLOSED, actor=request.user)
    except DomainError as exc:
        show_domain_messages(request, exc)
    else:
        messages.success(request, _("The run for %(month)s is closed.") % {"month": services.run_name(run)})
    return redirect("payroll:run-detail", pk)
