"""Labour's pages: the groups and the coming sessions, a group (members, cards, schedule), a session
(sign-in: the ticked list, a card's code, absences), the figures (page and workbook), the county's
rule, the check (a job), a reminder notice (PDF), and exemptions recorded from a household's page.
Writes go through `services`; reads through `selectors`."""

import datetime
from typing import cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dibao.accounts.staff import StaffRequest
from dibao.areas.models import Area, Level
from dibao.areas.selectors import visible_areas
from dibao.core.downloads import XLSX, file_response, pdf_response
from dibao.core.errors import DomainError, NotFound
from dibao.core.form_errors import show_domain_errors, show_domain_messages
from dibao.core.months import this_month
from dibao.core.page_access import page
from dibao.core.roles import LABOUR_READERS, LABOUR_WORKERS, POLICY_EDITORS
from dibao.policy.models import Program
from dibao.registry.models import Member
from dibao.registry.selectors import visible_households, visible_members

from . import printing, selectors, services
from .forms import (
    AbsenceForm,
    CheckForm,
    CodeForm,
    ExemptionForm,
    GroupForm,
    JoinForm,
    MonthForm,
    RuleForm,
    ScheduleForm,
)
from .jobs import labour_check_start
from .models import Presence

UPCOMING_DAYS = 14


def _month(request: StaffRequest) -> tuple[MonthForm, datetime.date]:
    form = MonthForm(request.GET or None)
    month = (form.cleaned_data.get("month") if form.is_valid() else None) or this_month()
    return form, month


@page(roles=LABOUR_READERS)
def index(request: StaffRequest) -> HttpResponse:
    user = request.user
    form = None
    if user.role in LABOUR_WORKERS and user.area and user.area.level == Level.COMMUNITY:
        form = GroupForm(request.POST or None)
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                group = services.group_create(community=cast(Area, user.area), data=form.values(), actor=user)
            except DomainError as exc:
                show_domain_errors(exc, form)
            else:
                messages.success(request, _("The group was formed."))
                return redirect("labour:group", pk=group.pk)
    today = timezone.localdate()
    context = {
        "section": "labour",
        "groups": selectors.visible_groups(user).order_by("community__code", "name")[:200],
        "sessions": selectors.visible_sessions(user)
        .filter(date__gte=today, date__lte=today + datetime.timedelta(days=UPCOMING_DAYS))
        .order_by("date", "starts_at")[:100],
        "today": today,
        "form": form,
        "may_work": user.role in LABOUR_WORKERS,
    }
    return render(request, "labour/index.html", context)


@page(roles=LABOUR_READERS)
def group_detail(request: StaffRequest, pk: int) -> HttpResponse:
    user = request.user
    group = selectors.group_get(user, pk)
    _form, month = _month(request)
    worker = user.role in LABOUR_WORKERS
    context = {
        "section": "labour",
        "group": group,
        "month": month,
        "members": selectors.current_members(group),
        "sessions": selectors.group_sessions(group, month),
        "join_form": JoinForm(people=selectors.candidates(group)[:500]) if worker else None,
        "schedule_form": ScheduleForm(initial={"task": group.task, "working_days_only": True})
        if worker
        else None,
        "may_work": worker,
    }
    return render(request, "labour/group.html", context)


@require_POST
@page(roles=LABOUR_WORKERS)
def group_join(request: StaffRequest, pk: int) -> HttpResponse:
    group = selectors.group_get(request.user, pk)
    member = visible_members(request.user).filter(pk=str(request.POST.get("member", "")).strip() or 0).first()
    try:
        if member is None:
            raise DomainError(_("Choose a person of the community."), field="member")
        joined = services.group_member_add(group=group, member=member, actor=request.user)
    except DomainError as exc:
        show_domain_messages(request, exc)
    else:
        messages.success(
            request, _("%(name)s joined; card code %(code)s.") % {"name": member.name, "code": joined.code}
        )
    return redirect("labour:group", pk=group.pk)


@require_POST
@page(roles=LABOUR_WORKERS)
def group_leave(request: StaffRequest, pk: int) -> HttpResponse:
    group = selectors.group_get(request.user, pk)
    joined = selectors.current_members(group).filter(member_id=_number(request.POST.get("member"))).first()
    if joined is None:
        raise NotFound()
    try:
        services.group_member_leave(joined=joined, actor=request.user)
    except DomainError as exc:
        show_domain_messages(request, exc)
    else:
        messages.success(request, _("%(name)s left the group.") % {"name": joined.member.name})
    return redirect("labour:group", pk=group.pk)


def _number(value: object) -> int:
    text = str(value or "").strip()
    return int(text) if text.isdigit() and len(text) < 12 else 0


@page(roles=LABOUR_WORKERS)
def group_schedule(request: StaffRequest, pk: int) -> HttpResponse:
    group = selectors.group_get(request.user, pk)
    form = ScheduleForm(request.POST or None, initial={"task": group.task, "working_days_only": True})
    if request.method == "POST" and form.is_valid():
        try:
            added = services.sessions_schedule(group=group, data=form.values(), actor=request.user)
        except DomainError as exc:
            show_domain_errors(exc, form)
        else:
            messages.success(request, _("%(n)d sessions scheduled.") % {"n": len(added)})
            return redirect("labour:group", pk=group.pk)
    return render(request, "labour/schedule.html", {"section": "labour", "group": group, "form": form})


def _session_context(request: StaffRequest, pk: int, code_form: CodeForm | None = None) -> dict[str, object]:
    user = request.user
    session = selectors.session_get(user, pk)
    rows = selectors.sign_list(session)
    return {
        "section": "labour",
        "session": session,
        "rows": rows,
        "present": sum(r.present for r in rows),
        "must": sum(r.obligation.must for r in rows),
        "absences": selectors.absences(session),
        "code_form": code_form or CodeForm(),
        "absence_form": AbsenceForm(),
        "may_sign": user.role in LABOUR_WORKERS and session.date <= timezone.localdate(),
        "Presence": Presence,
    }


@page(roles=LABOUR_READERS)
def session_detail(request: StaffRequest, pk: int) -> HttpResponse:
    return render(request, "labour/session.html", _session_context(request, pk))


@require_POST
@page(roles=LABOUR_WORKERS)
def session_sign(request: StaffRequest, pk: int) -> HttpResponse:
    session = selectors.session_get(request.user, pk)
    ticked = [_number(v) for v in request.POST.getlist("present")]
    try:
        counts = services.attendance_sign_list(session=session, present=ticked, actor=request.user)
    except DomainError as exc:
        show_domain_messages(request, exc)
    else:
        messages.success(
            request,
            _("Saved: %(present)d present, %(unexcused)d absent without excuse, %(excused)d excused.")
            % counts,
        )
    return redirect("labour:session", pk=session.pk)


@require_POST
@page(roles=LABOUR_WORKERS)
def session_code(request: StaffRequest, pk: int) -> HttpResponse:
    session = selectors.session_get(request.user, pk)
    form = CodeForm(request.POST)
    if form.is_valid():
        try:
            row = services.attendance_sign_code(
                session=session, code=form.cleaned_data["code"], actor=request.user
            )
        except DomainError as exc:
            show_domain_errors(exc, form)
        else:
            messages.success(request, _("%(name)s signed in.") % {"name": row.member.name})
            return redirect("labour:session", pk=session.pk)
    return render(request, "labour/session.html", _session_context(request, pk, form), status=400)


@require_POST
@page(roles=LABOUR_WORKERS)
def session_absence(request: StaffRequest, pk: int) -> HttpResponse:
    session = selectors.session_get(request.user, pk)
    form = AbsenceForm(request.POST)
    member = None
    if form.is_valid():
        member = (
            selectors.current_members(session.group).filter(member_id=form.cleaned_data["member"]).first()
        )
    try:
        if member is None:
            raise DomainError(_("Only members of the session's group are signed in."), field="member")
        services.absence_record(
            session=session,
            member=member.member,
            excused=form.cleaned_data["excused"] == "yes",
            reason=form.cleaned_data["reason"],
            actor=request.user,
        )
    except DomainError as exc:
        show_domain_messages(request, exc)
    else:
        messages.success(request, _("The absence was recorded."))
    return redirect("labour:session", pk=session.pk)


def _community(request: StaffRequest) -> Area | None:
    code = str(request.GET.get("community") or "").strip()
    if not code:
        return None
    area = visible_areas(request.user).filter(code=code, level=Level.COMMUNITY).first()
    if area is None:
        raise NotFound()
    return area


@page(roles=LABOUR_READERS)
def figures(request: StaffRequest) -> HttpResponse:
    form, month = _month(request)
    found = selectors.figures(request.user, month, community=_community(request))
    context = {
        "section": "labour",
        "form": form,
        "month": month,
        "figures": found,
        "total": found.total,
        "reminders": selectors.reminders(request.user, month)[:200],
        "reviews": selectors.labour_reviews(request.user, month)[:200],
        "check_form": CheckForm(initial={"month": month}) if request.user.role in LABOUR_WORKERS else None,
    }
    return render(request, "labour/figures.html", context)


@page(roles=LABOUR_READERS)
def figures_xlsx(request: StaffRequest) -> HttpResponseBase:
    _form, month = _month(request)
    area = cast(Area, request.user.area)
    found = selectors.figures(request.user, month, community=_community(request))
    title = _("Public-welfare labour %(area)s %(month)s") % {"area": area.name, "month": f"{month:%Y-%m}"}
    return file_response(
        printing.figures_xlsx(found, title), f"公益劳动-{area.name}-{month:%Y年%m月}.xlsx", XLSX
    )


@require_POST
@page(roles=LABOUR_WORKERS)
def check(request: StaffRequest) -> HttpResponse:
    form = CheckForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Check the form."))
        return redirect("labour:figures")
    month = form.cleaned_data["month"]
    try:
        job = labour_check_start(area=cast(Area, request.user.area), month=month, actor=request.user)
    except DomainError as exc:
        show_domain_messages(request, exc)
        return redirect(f"{reverse('labour:figures')}?month={month:%Y-%m}")
    return redirect("jobs:detail", job_id=job.pk)


@page(roles=LABOUR_READERS)
def reminder_pdf(request: StaffRequest, pk: int) -> HttpResponse:
    reminder = selectors.reminder_get(request.user, pk)
    pdf = printing.reminder_pdf(reminder, selectors.county_of(reminder.community))
    return pdf_response(
        pdf, f"公益劳动提醒-{reminder.member.name}-{reminder.month:%Y年%m月}.pdf", inline=True
    )


@page(roles=LABOUR_READERS)
def rule(request: StaffRequest) -> HttpResponse:
    user = request.user
    county = selectors.county_of(cast(Area, user.area))
    names = {p.code: p.name for p in Program.objects.all()}
    editor = user.role in POLICY_EDITORS
    form = RuleForm(request.POST or None, program_names=names) if editor else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.labour_rule_set(county=county, data=form.values(), actor=user)
            except DomainError as exc:
                show_domain_errors(exc, form)
            else:
                messages.success(request, _("The rule was saved."))
                return redirect("labour:rule")
    in_force = selectors.rule_for(county.pk, this_month())
    if form is not None and not form.is_bound:
        form = RuleForm(
            initial={
                "programs": in_force.programs,
                **{
                    name: getattr(in_force, name)
                    for name in (
                        "min_age",
                        "max_age_men",
                        "max_age_women",
                        "exempt_disability_grade",
                        "sessions_per_month",
                        "reminder_after",
                        "review_after",
                    )
                },
            },
            program_names=names,
        )
    context = {
        "section": "labour",
        "county": county,
        "rule": in_force,
        "program_names": [names.get(c, c) for c in in_force.programs],
        "history": selectors.rules_of(county.pk)[:24],
        "form": form,
    }
    return render(request, "labour/rule.html", context)


@require_POST
@page(roles=LABOUR_WORKERS)
def exemption_add(request: StaffRequest, household_id: int) -> HttpResponse:
    household = visible_households(request.user).filter(pk=household_id).first()
    if household is None:
        raise NotFound()
    members = list(
        Member.objects.filter(household=household, is_current=True).select_related("household__community")
    )
    form = ExemptionForm(request.POST, members=members)
    chosen = next((m for m in members if str(m.pk) == str(request.POST.get("member", ""))), None)
    form.is_valid()
    try:
        if chosen is None:
            raise DomainError(_("Choose a member of the household."), field="member")
        services.exemption_add(member=chosen, data=form.values(), actor=request.user)
    except DomainError as exc:
        show_domain_messages(request, exc)
    else:
        messages.success(request, _("The exemption was recorded."))
    return redirect(reverse("registry:household-detail", args=[household.pk]) + "#labour")


@require_POST
@page(roles=LABOUR_WORKERS)
def exemption_end(request: StaffRequest, pk: int) -> HttpResponse:
    exemption = selectors.exemption_get(request.user, pk)
    try:
        services.exemption_end(
            exemption=exemption, month_to=request.POST.get("month_to") or this_month(), actor=request.user
        )
    except DomainError as exc:
        show_domain_messages(request, exc)
    else:
        messages.success(request, _("The exemption was ended."))
    return redirect(reverse("registry:household-detail", args=[exemption.member.household_id]) + "#labour")
