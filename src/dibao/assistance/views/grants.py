"""The grant ledger as a list per area (filters: program, state, month), one grant with its
cancel form; cancelling one already sent to the bank is refused with the day it was sent."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from dibao.accounts.staff import StaffRequest
from dibao.core.errors import DomainError
from dibao.core.form_errors import show_domain_errors
from dibao.core.page_access import page
from dibao.policy.forms import program_names

from .. import selectors
from ..forms import CancelForm, GrantFilterForm
from ..models import GrantState, OneOffGrant
from ..services.grants import one_off_grant_cancel
from .access import CANCELLERS, READERS

PER_PAGE = 50


@page(roles=READERS)
def grant_list(request: StaffRequest) -> HttpResponse:
    form = GrantFilterForm(request.GET or None)
    rows = selectors.visible_grants(request.user).none()
    if form.is_bound and not form.is_valid():
        pass  # the errors show beside their fields; nothing is listed for a wrong filter
    else:
        data = form.cleaned_data if form.is_bound else {}
        try:
            rows = selectors.filtered_grants(
                request.user, program=data.get("program"), state=data.get("state"), month=data.get("month")
            )
        except DomainError as exc:
            show_domain_errors(exc, form)
    found = Paginator(rows.order_by("-decided_on", "-id"), PER_PAGE).get_page(request.GET.get("page"))
    names = program_names({str(g.program_id) for g in found})
    return render(
        request,
        "assistance/grants/list.html",
        {"form": form, "grants": found, "names": names, "query": request.GET.urlencode()},
    )


def _detail(request: StaffRequest, grant: OneOffGrant, form: CancelForm | None = None) -> HttpResponse:
    may_cancel = request.user.role in CANCELLERS and grant.state == GrantState.GRANTED
    return render(
        request,
        "assistance/grants/detail.html",
        {
            "grant": grant,
            "name": program_names({str(grant.program_id)}).get(str(grant.program_id), str(grant.program_id)),
            "form": form or (CancelForm() if may_cancel else None),
            "exported": grant.state == GrantState.PAID,
        },
    )


@page(roles=READERS)
def grant_detail(request: StaffRequest, pk: int) -> HttpResponse:
    return _detail(request, selectors.grant_get(request.user, pk))


@page(roles=CANCELLERS)
def grant_cancel(request: StaffRequest, pk: int) -> HttpResponse:
    grant = selectors.grant_get(request.user, pk)
    if request.method != "POST":
        return redirect("assistance:grant-detail", pk=grant.pk)
    form = CancelForm(request.POST)
    if form.is_valid():
        try:
            one_off_grant_cancel(grant=grant, reason=form.cleaned_data["reason"], actor=request.user)
        except DomainError as exc:
            show_domain_errors(exc, form)
        else:
            messages.success(request, _("The grant is cancelled."))
            return redirect("assistance:grant-detail", pk=grant.pk)
    return _detail(request, selectors.grant_get(request.user, pk), form)
