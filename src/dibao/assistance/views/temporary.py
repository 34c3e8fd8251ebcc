"""临时救助 from the street's and the community's side: the application (a household on the register
or a person not yet on it) and help first (先行救助) for an emergency. The decision itself is taken
on the case page (`cases`), with the form and note this app registers there."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from dibao.accounts.staff import StaffRequest
from dibao.areas.models import Area, Level
from dibao.areas.selectors import community_for, visible_communities
from dibao.cases.forms import CommunityForm
from dibao.cases.models import State
from dibao.cases.selectors import application_get
from dibao.core.errors import DomainError, NotFound
from dibao.core.form_errors import show_domain_errors
from dibao.core.page_access import page
from dibao.policy.programs import codes
from dibao.registry.models import Household
from dibao.registry.selectors import household_get

from ..forms import HelpFirstForm, TemporaryApplyForm
from ..models import GrantState, OneOffGrant
from ..services.temporary import repeat_warning, temporary_apply, temporary_help_first, terms_for
from .access import WRITERS


def _community(request: StaffRequest, household: Household | None, form: CommunityForm | None) -> Area | None:
    if household is not None:
        return household.community
    area = request.user.area
    if area is not None and area.level == Level.COMMUNITY:
        return area
    code = form.data.get("community") if form is not None else ""
    return community_for(request.user, code) if code else None


@page(roles=WRITERS)
def temporary_apply_page(request: StaffRequest) -> HttpResponse:
    given = request.POST.get("household") or request.GET.get("household") or ""
    household = household_get(request.user, given) if given else None
    area = request.user.area
    choose = household is None and area is not None and area.level != Level.COMMUNITY
    place = (
        CommunityForm(
            {**request.GET.dict(), **request.POST.dict()}, communities=visible_communities(request.user)
        )
        if choose
        else None
    )
    form = TemporaryApplyForm(request.POST or None, initial={"household": given, "kind": "emergency"})
    if request.method == "POST" and form.is_valid():
        community = _community(request, household, place)
        if community is None:
            form.add_error(None, _("Choose the community the person is in."))
        else:
            try:
                application = temporary_apply(community=community, data=form.values(), actor=request.user)
            except DomainError as exc:
                show_domain_errors(exc, form)
            else:
                messages.success(request, _("Application for temporary assistance made."))
                if application.kind == "fast_track" or form.cleaned_data.get("kind") == "emergency":
                    return redirect("assistance:temporary-help-first", pk=application.pk)
                return redirect("cases:case-detail", pk=application.pk)
    return render(
        request,
        "assistance/temporary/apply.html",
        {"form": form, "place": place, "household": household},
    )


@page(roles=WRITERS)
def temporary_help_first_page(request: StaffRequest, pk: int) -> HttpResponse:
    application = application_get(request.user, pk)
    if str(application.program_id) != codes.TEMPORARY:
        raise NotFound()
    given = (
        OneOffGrant.objects.filter(application=application, help_first=True)
        .exclude(state=GrantState.CANCELLED)
        .first()
    )
    form = HelpFirstForm(request.POST or None, initial={"reason": application.reason})
    if request.method == "POST" and given is None and form.is_valid():
        try:
            grant = temporary_help_first(application=application, data=form.values(), actor=request.user)
        except DomainError as exc:
            show_domain_errors(exc, form)
        else:
            messages.success(
                request,
                _("Help first granted: %(amount)s 元. The paperwork is due by %(day)s.")
                % {"amount": grant.amount, "day": f"{application_get(request.user, pk).due_on:%Y-%m-%d}"},
            )
            return redirect("cases:case-detail", pk=application.pk)
    today = timezone.localdate()
    try:
        terms = terms_for(application.community, today)
        warning = repeat_warning(application.household, today, terms)
    except DomainError as exc:
        terms, warning = {}, ""
        show_domain_errors(exc, form)
    return render(
        request,
        "assistance/temporary/help_first.html",
        {
            "application": application,
            "form": form,
            "given": given,
            "terms": terms,
            "warning": warning,
            "open": application.state in (State.DRAFT, State.SUBMITTED, State.RETURNED, State.ACCEPTED),
        },
    )
