"""Democratic appraisal (民主评议): a community's panel, its meetings and their minutes."""

from typing import Any

from django.contrib import messages
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dibao.accounts.staff import StaffRequest
from dibao.areas.models import Area
from dibao.core.downloads import download_name, pdf_response
from dibao.core.errors import DomainError, Forbidden
from dibao.core.form_errors import show_domain_errors
from dibao.core.page_access import page

from .. import printing, selectors, services
from ..forms import AppraisalForm, OpinionForm, PanelMemberForm
from ..models import PanelMember, State
from .access import CASE_READERS, CASE_WRITERS
from .community import chosen_community


def serving(community: Area) -> QuerySet[PanelMember]:
    today = timezone.localdate()
    return PanelMember.objects.filter(community=community, term_from__lte=today).filter(
        Q(term_to__isnull=True) | Q(term_to__gte=today)
    )


def panel_url(community: Area, own: bool) -> str:
    url = reverse("cases:panel")
    return url if own else f"{url}?community={community.code}"


@page(roles=CASE_READERS)
def panel(request: StaffRequest) -> HttpResponse:
    choice = chosen_community(request)
    context: dict[str, Any] = {"choice": choice}
    community = choice.community
    if community is not None:
        form = PanelMemberForm(request.POST or None, initial={"term_from": timezone.localdate()})
        if request.method == "POST":
            if request.user.role not in CASE_WRITERS:
                raise Forbidden()  # a reading role sees no form here
            if form.is_valid():
                try:
                    member = services.panel_member_add(
                        community=community, data=form.values(), actor=request.user
                    )
                except DomainError as exc:
                    show_domain_errors(exc, form)
                else:
                    messages.success(request, _("%(name)s added to the panel.") % {"name": member.name})
                    return redirect(panel_url(community, choice.form is None))
        context.update(
            form=form if request.user.role in CASE_WRITERS else None,
            members=PanelMember.objects.filter(community=community).order_by("-term_to", "name"),
            serving_ids=set(serving(community).values_list("pk", flat=True)),
            meetings=selectors.visible_meetings(request.user)
            .filter(community=community)
            .annotate(attendance=Count("present", distinct=True), cases=Count("opinions", distinct=True)),
        )
    return render(request, "cases/panel.html", context)


@page(roles=CASE_WRITERS)
def appraisal_create(request: StaffRequest) -> HttpResponse:
    choice = chosen_community(request)
    community = choice.community
    context: dict[str, Any] = {"choice": choice}
    if community is not None:
        data = request.POST if request.method == "POST" else None
        form = AppraisalForm(data, panel=serving(community), initial={"held_on": timezone.localdate()})
        investigated = (
            selectors.visible_applications(request.user)
            .filter(community=community, state=State.INVESTIGATED)
            .order_by("created_at", "id")
        )
        rows = [OpinionForm(data, application=a) for a in investigated]
        if data is not None and all([form.is_valid(), *[row.is_valid() for row in rows]]):
            held_on = form.cleaned_data.get("held_on")
            if held_on is None:
                form.add_error("held_on", _("This field is required."))
            else:
                try:
                    services.appraisal_record(
                        community=community,
                        held_on=held_on,
                        present=[int(pk) for pk in form.cleaned_data.get("present") or []],
                        minutes=form.cleaned_data.get("minutes") or "",
                        opinions=[line for line in (row.line() for row in rows) if line],
                        actor=request.user,
                    )
                except DomainError as exc:
                    show_domain_errors(exc, form)
                else:
                    messages.success(request, _("Appraisal meeting recorded."))
                    return redirect(panel_url(community, choice.form is None))
        context.update(form=form, rows=rows)
    return render(request, "cases/appraisal_create.html", context)


@page(roles=CASE_READERS)
def appraisal_minutes(request: StaffRequest, pk: int) -> HttpResponse:
    meeting = selectors.visible_meetings(request.user).select_related("community").filter(pk=pk).first()
    if meeting is None:
        raise Http404
    filename = download_name("民主评议记录", meeting.community.name, meeting.held_on, "pdf")
    return pdf_response(printing.appraisal_minutes(meeting), filename)
