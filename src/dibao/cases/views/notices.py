"""Public notices (公示): the list, posting one for several applications of a community, the poster."""

from collections.abc import Iterable

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Prefetch, Subquery
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from dibao.accounts.staff import StaffRequest
from dibao.areas.forms import CommunityFilterForm
from dibao.areas.models import Area
from dibao.areas.selectors import visible_communities
from dibao.core.downloads import download_name, pdf_response
from dibao.core.errors import DomainError
from dibao.core.form_errors import show_domain_errors
from dibao.core.page_access import page
from dibao.registry.models import Member, Relation

from .. import printing, selectors, services, workflow
from ..forms import NoticeForm
from ..models import Application, State
from .access import CASE_READERS, CASE_WRITERS
from .community import chosen_community

PER_PAGE = 25


def candidates(request: StaffRequest, community: Area) -> list[Application]:
    """The community's applications the user may post now (appraised first where the policy says so)."""
    step = workflow.STEPS["post_notice"]
    found = list(
        selectors.visible_applications(request.user)
        .filter(community=community, state__in=[State.INVESTIGATED, State.APPRAISED])
        .order_by("created_at", "id")
    )
    if not found:
        return []
    # One community: one procedure per program.
    procedures = {}
    for app in found:
        if app.program_id not in procedures:
            procedures[app.program_id] = services.procedure_for(app)
    return [a for a in found if workflow.allowed(step, a, procedures[a.program_id], request.user.role)]


@page(roles=CASE_READERS)
def notice_list(request: StaffRequest) -> HttpResponse:
    community_form = CommunityFilterForm(request.GET, communities=visible_communities(request.user))
    notices = selectors.visible_notices(request.user)
    if community := community_form.chosen():
        notices = notices.filter(community=community)
    # Each notice's households by their head's name: one more query for the page, whatever its size.
    head = Member.objects.filter(household=OuterRef("household_id"), relation=Relation.SELF).order_by("id")
    posted = (
        Application.objects.annotate(head_name=Subquery(head.values("name")[:1]))
        .only("id", "household_id", "applicant_name")
        .order_by("id")
    )
    notices = (
        notices.select_related("community", "posted_by")
        .annotate(size=Count("applications"))
        .prefetch_related(
            Prefetch("applications", queryset=posted.only("id", "household_id", "applicant_name"))
        )
        .order_by("-posted_on", "-id")
    )
    found = Paginator(notices, PER_PAGE).get_page(request.GET.get("page"))
    context = {"notices": found, "today": timezone.localdate(), "community_form": community_form}
    return render(request, "cases/notice_list.html", context)


def back_after_posting(request: StaffRequest, posted: Iterable[Application]) -> tuple[str, ...]:
    """Where the worker goes once the notice is posted: back to the case they came from (or the one
    case posted), else the list of notices."""
    ids = [str(a.pk) for a in posted]
    came_from = request.GET.get("application", "")
    if came_from in ids:
        return ("cases:case-detail", came_from)
    if len(ids) == 1:
        return ("cases:case-detail", ids[0])
    return ("cases:notice-list",)


@page(roles=CASE_WRITERS)
def notice_create(request: StaffRequest) -> HttpResponse:
    choice = chosen_community(request)
    form = None
    if choice.community is not None:
        offered = candidates(request, choice.community)
        preselected = [request.GET["application"]] if request.GET.get("application") else []
        form = NoticeForm(
            request.POST or None,
            candidates=offered,
            initial={
                "applications": preselected,
                "posted_on": timezone.localdate(),
                "mask_given_names": True,
            },
        )
        if request.method == "POST" and form.is_valid():
            chosen = set(form.cleaned_data.get("applications") or [])
            try:
                notice = services.notice_post(
                    applications=[a for a in offered if str(a.pk) in chosen],
                    posted_on=form.cleaned_data.get("posted_on"),
                    mask_given_names=bool(form.cleaned_data.get("mask_given_names")),
                    actor=request.user,
                )
            except DomainError as exc:
                show_domain_errors(exc, form)
            else:
                messages.success(
                    request,
                    _("Notice posted from %(start)s to %(end)s.")
                    % {"start": f"{notice.posted_on:%Y-%m-%d}", "end": f"{notice.ends_on:%Y-%m-%d}"},
                )
                return redirect(*back_after_posting(request, notice.applications.all()))
    return render(request, "cases/notice_create.html", {"choice": choice, "form": form})


@page(roles=CASE_READERS)
def notice_poster(request: StaffRequest, pk: int) -> HttpResponse:
    notice = selectors.visible_notices(request.user).select_related("community").filter(pk=pk).first()
    if notice is None:
        raise Http404
    name = download_name("公示", notice.community.name, notice.posted_on, "pdf")
    return pdf_response(printing.notice_poster(notice), name)
