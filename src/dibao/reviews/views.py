"""Review pages: the worklist (due, open, waiting for approval), opening a review or a reported
change from a household, recording it, and the street's approval. Every write goes through
reviews.services; a user sees only its own area through reviews.selectors."""

from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from dibao.accounts.models import User
from dibao.accounts.staff import StaffRequest
from dibao.areas.forms import CommunityFilterForm
from dibao.areas.models import Area
from dibao.areas.selectors import visible_communities
from dibao.benefits.selectors import entitlement_history
from dibao.core.downloads import pdf_response
from dibao.core.errors import DomainError
from dibao.core.form_errors import show_domain_errors, show_domain_messages
from dibao.core.page_access import page
from dibao.core.roles import CAMPAIGN_OPENERS, REVIEW_APPROVERS, REVIEW_WORKERS, Role
from dibao.policy.engine.explanation import Line
from dibao.policy.forms import ProgramFilterForm, program_names
from dibao.registry.selectors import household_get

from . import selectors, services
from .forms import CampaignForm, DecideForm, OpenForm, RecordForm, initial_record
from .jobs import campaign_open_start
from .models import Review, ReviewState

READERS = frozenset({Role.COMMUNITY, Role.STREET, Role.COUNTY, Role.AUDITOR})
LIST_LIMIT = 200  # a worklist shows the first 200 of each kind; the API and the command give all


def own_area(user: User) -> Area:
    if user.area is None:  # page() lets no user without an area in
        raise PermissionDenied
    return cast(Area, user.area)


@page(roles=READERS)
def worklist(request: StaffRequest) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    campaign_form = CampaignForm(request.POST or None) if user.role in CAMPAIGN_OPENERS else None
    if request.method == "POST" and campaign_form is not None and campaign_form.is_valid():
        try:
            values = campaign_form.values()
            if not str(values["year"] or "").isdigit():
                raise DomainError(_("'%(v)s' is not a year.") % {"v": values["year"]}, field="year")
            job = campaign_open_start(
                area=own_area(user), year=int(values["year"]), due_on=values["due_on"], actor=user
            )
        except DomainError as exc:
            show_domain_errors(exc, campaign_form)
        else:
            # The job's page shows it working, then the worklist saying how many were opened.
            return redirect("jobs:detail", job_id=job.pk)
    community_form = CommunityFilterForm(request.GET, communities=visible_communities(user))
    community = community_form.chosen()
    due = selectors.with_head_name(selectors.reviews_due(user, community, today=today))
    program_form = ProgramFilterForm(request.GET)
    opened = selectors.with_head_name(selectors.open_reviews(user, community))
    waiting = selectors.with_head_name(selectors.waiting_for_approval(user, community))
    if program := program_form.chosen():
        opened, waiting = opened.filter(program_id=program), waiting.filter(program_id=program)
    listed = {"open": list(opened[:LIST_LIMIT]), "waiting": list(waiting[:LIST_LIMIT])}
    # The program is named only where the lists hold more than one.
    shown = {str(r.program_id) for rows in listed.values() for r in rows}
    names = program_names(shown) if len(shown) > 1 else {}
    for rows in listed.values():
        for r in rows:
            setattr(r, "program_name", names.get(str(r.program_id), ""))  # noqa: B010 (not a model field)
    context = {
        "section": "reviews",
        "due": selectors.due_rows(due[:LIST_LIMIT], today),
        "due_count": due.count(),
        **listed,
        "programs": bool(names),
        "program_form": program_form,
        "community_form": community_form,
        # A worker ticks open dibao reviews and records them "no change" at once.
        "may_record": user.role in REVIEW_WORKERS,
        "campaign_form": campaign_form,
        "today": today,
    }
    return render(request, "reviews/worklist.html", context)


@require_POST
@page(roles=REVIEW_WORKERS)
def reviews_no_change(request: StaffRequest) -> HttpResponse:
    """The ticked reviews of the list recorded "no change" in one post; each refused one is named
    with its reason and stays open."""
    ids = [value for value in request.POST.getlist("reviews") if value.isdigit() and len(value) < 19]
    chosen = list(selectors.open_reviews(request.user).filter(pk__in=ids))
    back = redirect(f"{reverse('reviews:worklist')}?{request.GET.urlencode()}")
    if not chosen:
        messages.error(request, _("Tick the reviews to record as no change."))
        return back
    try:
        done = services.reviews_record_no_change(reviews=chosen, actor=request.user)
    except DomainError as exc:
        show_domain_messages(request, exc)
        return back
    if done.recorded:
        messages.success(
            request,
            ngettext(
                "%(n)d review recorded as no change.",
                "%(n)d reviews recorded as no change.",
                len(done.recorded),
            )
            % {"n": len(done.recorded)},
        )
    numbers = {r.pk: r.household.number for r in chosen}
    for pk, reason in done.refused.items():
        messages.warning(
            request,
            _("Household %(number)s not recorded: %(reason)s") % {"number": numbers[pk], "reason": reason},
        )
    return back


@page(roles=REVIEW_WORKERS)
def review_create(request: StaffRequest, household_id: int) -> HttpResponse:
    household = household_get(request.user, household_id)
    form = OpenForm(request.POST or None, request.FILES or None, initial={"kind": "change"})
    if request.method == "POST" and form.is_valid():
        values = form.values()
        try:
            review = services.review_open(
                household=household,
                actor=request.user,
                kind=values["kind"] or "",
                change_kind=values["change_kind"] or "",
                occurred_on=values["occurred_on"],
                description=values["description"] or "",
                evidence=values["evidence"],
            )
        except DomainError as exc:
            show_domain_errors(exc, form)
        else:
            messages.success(request, _("The review is open: record what you checked and the outcome."))
            return redirect("reviews:review-detail", review.pk)
    return render(
        request, "reviews/review_create.html", {"section": "reviews", "household": household, "form": form}
    )


def _explanation(review: Review) -> list[str]:
    return [Line.from_json(item).render() for item in review.explanation]


@page(roles=READERS)
def review_detail(request: StaffRequest, pk: int) -> HttpResponse:
    user = request.user
    review = selectors.review_get(user, pk)
    may_record = review.state == ReviewState.OPEN and user.role in REVIEW_WORKERS
    form = None
    if may_record:
        form = RecordForm(request.POST or None, initial={**initial_record(review), "version": review.version})
        if request.method == "POST" and form.is_valid():
            values = form.values()
            version = values.pop("version")
            try:
                review = services.review_record(review=review, data=values, actor=user, version=version)
            except DomainError as exc:
                show_domain_errors(exc, form)
            else:
                if review.state == ReviewState.DECIDED:
                    messages.success(
                        request, _("Decided: %(outcome)s.") % {"outcome": review.get_outcome_display()}
                    )
                else:
                    messages.success(request, _("Recorded; the outcome waits for the street's approval."))
                return redirect("reviews:review-detail", review.pk)
    context: dict[str, Any] = {
        "section": "reviews",
        "review": review,
        "household": review.household,
        "form": form,
        "decide_form": DecideForm(initial={"version": review.version}),
        "may_approve": review.state == ReviewState.PROPOSED and user.role in REVIEW_APPROVERS,
        "may_cancel": review.state == ReviewState.OPEN and user.role in REVIEW_WORKERS,
        "explanation": _explanation(review),
        "entitlements": list(entitlement_history(user, review.household)[:12]),
        "history": list(selectors.household_reviews(user, review.household_id).exclude(pk=review.pk)[:20]),
    }
    return render(request, "reviews/review_detail.html", context)


def _decide(request: StaffRequest, pk: int, act: Any, done: str) -> HttpResponse:
    review = selectors.review_get(request.user, pk)
    form = DecideForm(request.POST)
    form.is_valid()
    values = form.values()
    try:
        act(review=review, actor=request.user, version=values["version"], note=values["note"] or "")
    except DomainError as exc:
        show_domain_messages(request, exc)
    else:
        messages.success(request, done)
    return redirect("reviews:review-detail", pk)


@require_POST
@page(roles=REVIEW_APPROVERS)
def review_approve(request: StaffRequest, pk: int) -> HttpResponse:
    def act(*, review: Review, actor: User | None, version: int | None, note: str) -> Review:
        return services.review_approve(review=review, actor=actor, version=version)

    return _decide(request, pk, act, _("Approved; the household's benefit is changed."))


@require_POST
@page(roles=REVIEW_APPROVERS)
def review_return(request: StaffRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, services.review_return, _("Returned to be recorded again."))


@require_POST
@page(roles=REVIEW_WORKERS)
def review_cancel(request: StaffRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, services.review_cancel, _("The review is cancelled."))


@page(roles=READERS)
def review_notice(request: StaffRequest, pk: int) -> HttpResponse:
    from .printing import notice_filename, notice_pdf

    review = selectors.review_get(request.user, pk)
    try:
        pdf = notice_pdf(review)
    except DomainError as exc:
        # Not decided yet, or decided without a notice: the review's page says so.
        show_domain_messages(request, exc)
        return redirect("reviews:review-detail", pk)
    return pdf_response(pdf, notice_filename(review), inline=True)
