"""Outreach pages: the county's services (edited by the county), each service's registrations by
community and state with the office's workbook, a registration taken through its steps, job
referrals and their outcome, and the year's figures. Writes go through `services`, reads through
`selectors`."""

import io
from typing import Any, cast

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dibao.accounts.models import User
from dibao.accounts.staff import StaffRequest
from dibao.areas.forms import area_choices
from dibao.areas.models import Area, Level
from dibao.areas.selectors import area_for, visible_areas, visible_communities
from dibao.core import disclosure
from dibao.core.downloads import XLSX, file_response
from dibao.core.errors import DomainError, Forbidden, NotFound
from dibao.core.form_errors import show_domain_errors, show_domain_messages
from dibao.core.page_access import page
from dibao.core.sheets.xlsx_stream import StreamedSheet

from . import selectors, services
from .access import READERS, SERVICE_EDITORS, WRITERS
from .export import write_entries
from .forms import (
    EntryFilterForm,
    EntryForm,
    EntryStepForm,
    FiguresForm,
    PersonForm,
    ReferralFilterForm,
    ReferralForm,
    ReferralOutcomeForm,
    ServiceEditForm,
    WithdrawForm,
)
from .inputs import EntryStepData
from .models import EntryState, ReferralOutcome, Service

LIST_LIMIT = 300
SECTION = "outreach"


def _user(request: StaffRequest) -> User:
    return cast(User, request.user)


def _county(user: User) -> Area | None:
    area = user.area
    return area if area is not None and area.level == Level.COUNTY else None


@page(roles=READERS)
def service_list(request: StaffRequest) -> HttpResponse:
    user = _user(request)
    county = _county(user) if user.role in SERVICE_EDITORS else None
    form = ServiceEditForm(request.POST or None) if county is not None else None
    if request.method == "POST":
        if form is None or county is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                service = services.service_add(county=county, data=form.values(), actor=user)
            except DomainError as exc:
                show_domain_errors(exc, form)
            else:
                messages.success(request, _("The service was added."))
                return redirect("outreach:service-entries", pk=service.pk)
    counts = {
        row["service_id"]: row
        for row in selectors.visible_entries(user)
        .values("service_id")
        .annotate(
            open=Count("id", filter=Q(state=EntryState.OPEN)),
            done=Count("id", filter=Q(state=EntryState.DONE)),
        )
        .order_by()
    }
    listed = [(s, counts.get(s.pk, {"open": 0, "done": 0})) for s in selectors.visible_services(user)]
    context = {"section": SECTION, "listed": listed, "form": form, "may_seed": county is not None}
    return render(request, "outreach/service_list.html", context)


@require_POST
@page(roles=SERVICE_EDITORS)
def service_seed(request: StaffRequest) -> HttpResponse:
    user = _user(request)
    county = _county(user)
    if county is None:
        raise PermissionDenied
    added = services.services_seed(county=county, actor=user)
    messages.success(request, _("%(n)s usual services added.") % {"n": added})
    return redirect("outreach:service-list")


@page(roles=SERVICE_EDITORS)
def service_edit(request: StaffRequest, pk: int) -> HttpResponse:
    user = _user(request)
    service = selectors.service_get(user, pk)
    form = ServiceEditForm(request.POST or None, initial=ServiceEditForm.of(service))
    if request.method == "POST" and form.is_valid():
        try:
            services.service_update(service=service, data=form.values(), actor=user)
        except DomainError as exc:
            show_domain_errors(exc, form)
        else:
            messages.success(request, _("The service was saved."))
            return redirect("outreach:service-entries", pk=service.pk)
    return render(
        request, "outreach/service_edit.html", {"section": SECTION, "service": service, "form": form}
    )


def _entry_filters(request: StaffRequest, service: Service) -> tuple[EntryFilterForm, dict[str, Any]]:
    user = _user(request)
    communities = list(visible_communities(user).order_by("code"))
    form = EntryFilterForm(request.GET or None, communities=area_choices(communities), service=service)
    found: dict[str, Any] = {"area": None, "state": "", "step": None}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data.get("community"):
            found["area"] = area_for(user, data["community"])
        found["state"] = data.get("state") or ""
        found["step"] = int(data["step"]) if data.get("step") not in (None, "") else None
    return form, found


@page(roles=READERS)
def service_entries(request: StaffRequest, pk: int) -> HttpResponse:
    user = _user(request)
    service = selectors.service_get(user, pk)
    writer = user.role in WRITERS and service.active
    person_form = PersonForm(request.POST or None, prefix="person") if writer else None
    entry_form = EntryForm(request.POST or None, prefix="entry") if writer else None
    if request.method == "POST":
        if person_form is None or entry_form is None:
            raise PermissionDenied
        if person_form.is_valid() and entry_form.is_valid():
            try:
                member = selectors.person(
                    user,
                    member_id=person_form.cleaned_data.get("member"),
                    id_number=person_form.cleaned_data["id_number"],
                    field="id_number",
                )
                entry = services.entry_register(
                    service=service, member=member, data=entry_form.values(), actor=user
                )
            except DomainError as exc:
                _show(exc, person_form, entry_form)
            else:
                messages.success(request, _("%(name)s is registered.") % {"name": member.name})
                return redirect("outreach:entry-detail", pk=entry.pk)
    filters, chosen = _entry_filters(request, service)
    rows = selectors.entries(user, service=service, **chosen)
    context = {
        "section": SECTION,
        "service": service,
        "filters": filters,
        "entries": list(rows[:LIST_LIMIT]),
        "count": rows.count(),
        "limit": LIST_LIMIT,
        "person_form": person_form,
        "entry_form": entry_form,
        "may_edit": user.role in SERVICE_EDITORS,
        "query": request.GET.urlencode(),
    }
    return render(request, "outreach/service_entries.html", context)


@page(roles=READERS)
def service_entries_xlsx(request: StaffRequest, pk: int) -> HttpResponseBase:
    user = _user(request)
    service = selectors.service_get(user, pk)
    _filters, chosen = _entry_filters(request, service)
    area = chosen["area"] or cast(Area, user.area)
    rows = selectors.entries(user, service=service, **chosen)
    size = rows.count()
    out = io.BytesIO()
    written = write_entries(out, service, rows.iterator(chunk_size=2000), user, size=size)
    if written:  # nobody's data taken out, nothing to record
        services.entries_export_record(
            service=service,
            area=area,
            state=chosen["state"],
            rows=written,
            full_ids=disclosure.sees_whole_id(user, disclosure.Use.WORK_FILE),
            actor=user,
        )
    name = f"{service.name}-{area.name}-{timezone.localdate():%Y%m%d}.xlsx"
    return file_response(out.getvalue(), name, XLSX)


@page(roles=READERS)
def entry_detail(request: StaffRequest, pk: int) -> HttpResponse:
    user = _user(request)
    entry = selectors.entry_get(user, pk)
    writer = user.role in WRITERS and entry.state == EntryState.OPEN
    service = entry.service
    history = [(service.step_name(step), day) for step, day in entry.history]
    context = {
        "section": SECTION,
        "entry": entry,
        "history": history,
        "step_form": EntryStepForm(entry=entry, prefix="step") if writer else None,
        "withdraw_form": WithdrawForm(prefix="withdraw") if writer else None,
    }
    return render(request, "outreach/entry_detail.html", context)


@require_POST
@page(roles=WRITERS)
def entry_step(request: StaffRequest, pk: int) -> HttpResponse:
    user = _user(request)
    entry = selectors.entry_get(user, pk)
    data: EntryStepData = {
        name: request.POST.get(f"step-{name}") for name in ("step", "on", "outcome", "note")
    }  # type: ignore[assignment]
    try:
        services.entry_step(entry=entry, data=data, actor=user)
    except DomainError as exc:
        show_domain_messages(request, exc)
    else:
        messages.success(request, _("The step was recorded."))
    return redirect("outreach:entry-detail", pk=entry.pk)


@require_POST
@page(roles=WRITERS)
def entry_withdraw(request: StaffRequest, pk: int) -> HttpResponse:
    user = _user(request)
    entry = selectors.entry_get(user, pk)
    try:
        services.entry_withdraw(entry=entry, reason=request.POST.get("withdraw-reason", ""), actor=user)
    except DomainError as exc:
        show_domain_messages(request, exc)
    else:
        messages.success(request, _("The registration was withdrawn."))
    return redirect("outreach:entry-detail", pk=entry.pk)


@page(roles=READERS)
def referral_list(request: StaffRequest) -> HttpResponse:
    user = _user(request)
    writer = user.role in WRITERS
    person_form = (
        PersonForm(request.POST or None, prefix="person", initial={"id_number": ""}) if writer else None
    )
    referral_form = ReferralForm(request.POST or None, prefix="referral") if writer else None
    if request.method == "POST":
        if person_form is None or referral_form is None:
            raise PermissionDenied
        if person_form.is_valid() and referral_form.is_valid():
            try:
                member = selectors.person(
                    user,
                    member_id=person_form.cleaned_data.get("member"),
                    id_number=person_form.cleaned_data["id_number"],
                    field="id_number",
                )
                referral = services.referral_record(member=member, data=referral_form.values(), actor=user)
            except DomainError as exc:
                _show(exc, person_form, referral_form)
            else:
                messages.success(request, _("The referral was recorded."))
                return redirect("outreach:referral-detail", pk=referral.pk)
    communities = list(visible_communities(user).order_by("code"))
    filters = ReferralFilterForm(request.GET or None, communities=area_choices(communities))
    area, outcome, year = None, "", None
    if filters.is_bound and filters.is_valid():
        data = filters.cleaned_data
        area = area_for(user, data["community"]) if data.get("community") else None
        outcome, year = data.get("outcome") or "", data.get("year")
    rows = selectors.referrals(user, area=area, outcome=outcome, year=year)
    context = {
        "section": SECTION,
        "referrals": list(rows[:LIST_LIMIT]),
        "count": rows.count(),
        "limit": LIST_LIMIT,
        "filters": filters,
        "person_form": person_form,
        "referral_form": referral_form,
    }
    return render(request, "outreach/referral_list.html", context)


@page(roles=READERS)
def referral_detail(request: StaffRequest, pk: int) -> HttpResponse:
    user = _user(request)
    referral = selectors.referral_get(user, pk)
    writer = user.role in WRITERS and referral.outcome == ReferralOutcome.PENDING
    form = ReferralOutcomeForm(request.POST or None, prefix="outcome") if writer else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.referral_outcome(referral=referral, data=form.values(), actor=user)
            except DomainError as exc:
                show_domain_errors(exc, form)
            else:
                messages.success(request, _("The outcome was recorded."))
                return redirect("outreach:referral-detail", pk=referral.pk)
    context = {"section": SECTION, "referral": referral, "form": form}
    return render(request, "outreach/referral_detail.html", context)


def _figures(request: StaffRequest) -> tuple[FiguresForm, selectors.YearFigures | None]:
    user = _user(request)
    own = cast(Area, user.area)
    form = FiguresForm(
        {"year": timezone.localdate().year, "area": own.code, **request.GET.dict()},
        areas=area_choices(
            list(visible_areas(user).exclude(level=Level.COMMUNITY).order_by("code")) or [own]
        ),
    )
    if own.level == Level.COMMUNITY:
        cast(forms.ChoiceField, form.fields["area"]).choices = [(own.code, own.name)]
    if not form.is_valid():
        return form, None
    area = area_for(user, form.cleaned_data.get("area") or own.code)
    return form, selectors.year_figures(area, form.cleaned_data["year"])


@page(roles=READERS)
def figures(request: StaffRequest) -> HttpResponse:
    form, found = _figures(request)
    context = {"section": SECTION, "form": form, "figures": found, "query": request.GET.urlencode()}
    return render(request, "outreach/figures.html", context, status=200 if found else 400)


@page(roles=READERS)
def figures_xlsx(request: StaffRequest) -> HttpResponseBase:
    form, found = _figures(request)
    if found is None:
        return render(request, "outreach/figures.html", {"section": SECTION, "form": form}, status=400)
    out = io.BytesIO()
    with StreamedSheet(
        out, _("Work found"), [24, 12, 12, 20], [], whole_columns={1, 2, 3}, frozen_rows=2
    ) as sheet:
        sheet.row([f"{found.area.name} {found.year}"])
        sheet.header([_("Community"), _("Referrals"), _("Hired"), _("Households that left through work")])
        for community, row in found.communities:
            sheet.row([community.name, row.referrals, row.hired, row.left_through_work])
        sheet.total([_("Total"), found.total.referrals, found.total.hired, found.total.left_through_work])
    name = f"推荐就业-{found.area.name}-{found.year}年.xlsx"
    return file_response(out.getvalue(), name, XLSX)


def _show(exc: DomainError, person: forms.Form, main: forms.Form) -> None:
    """A service's refusal beside the input it names: the person's ID number, or the main form's
    fields; anything else at the top of the person's form."""
    theirs = {k: v for k, v in exc.errors.items() if k in main.fields}
    rest = {k: v for k, v in exc.errors.items() if k not in main.fields}
    if theirs:
        show_domain_errors(DomainError(errors=theirs), main)
    if rest or isinstance(exc, NotFound | Forbidden):
        show_domain_errors(exc if not theirs else DomainError(errors=rest), person)
