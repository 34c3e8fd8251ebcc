"""Cross-checks' pages: the flags of the user's area with filters (and, for the county, a source
file to import, run as a job), a flag with its evidence (dismiss it with a reason, or open a
review), and the county's rules. Writes go through `services`; reads through `selectors`."""

from typing import cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dibao.accounts.models import User
from dibao.accounts.staff import StaffRequest
from dibao.areas.models import Area
from dibao.areas.selectors import county_of
from dibao.core.errors import DomainError
from dibao.core.form_errors import show_domain_errors, show_domain_messages
from dibao.core.page_access import page
from dibao.core.sheets.reader import read_upload

from . import selectors, services
from .evidence import evidence_lines
from .forms import DismissForm, FilterForm, RuleForm, UploadForm
from .jobs import crosscheck_start
from .rules import IMPORTERS, READERS, WORKERS, rule_for

PER_PAGE = 25


@page(roles=READERS)
def flag_list(request: StaffRequest) -> HttpResponse:
    user = request.user
    upload = None
    if user.role in IMPORTERS:
        upload = UploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and upload.is_valid():
            uploaded = upload.cleaned_data["file"]
            try:
                job = crosscheck_start(
                    county=county_of(cast(Area, user.area)),
                    kind=upload.cleaned_data["kind"],
                    file_name=uploaded.name,
                    content=read_upload(uploaded),
                    actor=cast(User, user),
                )
            except DomainError as exc:
                show_domain_errors(exc, upload)
            else:
                return redirect("jobs:detail", job_id=job.pk)
    elif request.method == "POST":
        raise PermissionDenied
    filters = FilterForm(request.GET or None)
    filters.is_valid()  # a wrong choice is dropped, the other filters apply
    data = getattr(filters, "cleaned_data", {})
    flags = selectors.flags_filtered(
        user,
        state=data.get("state") or "",
        kind=data.get("kind") or "",
        community=data.get("community") or "",
        q=data.get("q") or "",
    )
    if data.get("source"):
        flags = flags.filter(source_id=data["source"])
    found = Paginator(flags, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "crosschecks/flag_list.html",
        {
            "section": "crosschecks",
            "flags": found,
            "filters": filters,
            "upload": upload,
            "imports": selectors.visible_imports(user)[:5],
            "query": query.urlencode(),
        },
    )


@page(roles=READERS)
def flag_detail(request: StaffRequest, pk: int) -> HttpResponse:
    flag = selectors.flag_get(request.user, pk)
    can_work = request.user.role in WORKERS and flag.state == "open"
    return render(
        request,
        "crosschecks/flag_detail.html",
        {
            "section": "crosschecks",
            "flag": flag,
            "lines": evidence_lines(flag.kind, flag.evidence),
            "dismiss": DismissForm() if can_work else None,
        },
    )


@require_POST
@page(roles=WORKERS)
def flag_dismiss(request: StaffRequest, pk: int) -> HttpResponse:
    flag = selectors.flag_get(request.user, pk)
    form = DismissForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the flag is dismissed."))
        return redirect("crosschecks:flag", pk=flag.pk)
    try:
        services.flag_dismiss(flag=flag, reason=form.cleaned_data["reason"], actor=cast(User, request.user))
    except DomainError as exc:
        show_domain_messages(request, exc)
    else:
        messages.success(request, _("The flag was dismissed."))
    return redirect("crosschecks:flag", pk=flag.pk)


@require_POST
@page(roles=WORKERS)
def flag_review(request: StaffRequest, pk: int) -> HttpResponse:
    flag = selectors.flag_get(request.user, pk)
    try:
        review = services.flag_review(flag=flag, actor=cast(User, request.user))
    except DomainError as exc:
        show_domain_messages(request, exc)
        return redirect("crosschecks:flag", pk=flag.pk)
    messages.success(request, _("A review of the household was opened with the evidence."))
    return redirect("reviews:review-detail", pk=review.pk)


@page(roles=READERS)
def rule(request: StaffRequest) -> HttpResponse:
    user = request.user
    county = county_of(cast(Area, user.area))
    current = rule_for(county.pk)
    form = None
    if user.role in IMPORTERS:
        initial = {
            "exempt_mobility_vehicle": current.exempt_mobility_vehicle,
            "homes_allowed": current.homes_allowed,
            "income_share": current.income_share,
        }
        form = RuleForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                services.check_rule_set(county=county, data=form.cleaned_data, actor=cast(User, user))  # type: ignore[arg-type]
            except DomainError as exc:
                show_domain_errors(exc, form)
            else:
                messages.success(request, _("The rules were saved."))
                return redirect("crosschecks:rule")
    elif request.method == "POST":
        raise PermissionDenied
    return render(
        request,
        "crosschecks/rule.html",
        {"section": "crosschecks", "county": county, "rule": current, "form": form},
    )
