"""Complaints pages: the list (filters, overdue marked), the intake form, a complaint's page with
its timeline and the step its state allows, and the report by area and month with its workbook.
Writes go through `services`, reads through `selectors`; a complaint about the user is not found."""

import io
from collections.abc import Callable
from typing import Any, cast

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dibao.accounts.models import User
from dibao.accounts.staff import StaffRequest
from dibao.areas.forms import area_choices
from dibao.areas.models import Area, Level
from dibao.areas.selectors import area_for, visible_areas
from dibao.core.downloads import XLSX, content_disposition, file_response
from dibao.core.errors import DomainError
from dibao.core.form_errors import show_domain_errors, show_domain_messages
from dibao.core.page_access import page

from . import deadlines, selectors, services
from .access import HANDLERS, READERS, RECEIVERS
from .complainant import complainant_for
from .export import write_report
from .forms import (
    ComplaintForm,
    CorrectionForm,
    ExtendForm,
    FilterForm,
    FindForm,
    NoteForm,
    OwnerForm,
    ReplyForm,
    ReportForm,
    SubjectForm,
    TransferForm,
)
from .models import HANDLING_STATES, OPEN_STATES, Channel, Complaint, Kind, Note, State, SubjectKind
from .report import Report, months_between, report

LIST_LIMIT = 300
SECTION = "complaints"


def _user(request: StaffRequest) -> User:
    return cast(User, request.user)


def _areas(user: User) -> list[tuple[str, str]]:
    return area_choices(list(visible_areas(user).order_by("code")))


@page(roles=READERS)
def complaint_list(request: StaffRequest) -> HttpResponse:
    user = _user(request)
    today = timezone.localdate()
    filters = FilterForm(request.GET or None, areas=_areas(user))
    chosen: dict[str, Any] = {}
    if filters.is_bound and filters.is_valid():
        data = filters.cleaned_data
        chosen = {
            "area": area_for(user, data["area"]) if data.get("area") else None,
            "state": data.get("state") or "",
            "channel": data.get("channel") or "",
            "kind": data.get("kind") or "",
            "overdue": bool(data.get("overdue")),
            "mine": bool(data.get("mine")),
        }
    rows = selectors.complaints(user, today=today, **chosen)
    soon = deadlines.due_soon_limit(today)
    context = {
        "section": SECTION,
        "complaints": list(rows[:LIST_LIMIT]),
        "count": rows.count(),
        "limit": LIST_LIMIT,
        "filters": filters,
        "today": today,
        "soon": soon,
        "may_receive": user.role in RECEIVERS,
    }
    return render(request, "complaints/complaint_list.html", context)


def _subject(user: User, form: SubjectForm, kind: str) -> dict[str, Any]:
    """The subject the intake names, found in the user's area (an error on its field if not)."""
    data = form.cleaned_data
    found: dict[str, Any] = {}
    if kind == SubjectKind.HOUSEHOLD and data.get("household"):
        found["household"] = selectors.household_for(user, number=data["household"])
    if kind == SubjectKind.WORKER and data.get("worker"):
        found["worker"] = selectors.worker_for(user, data["worker"])
    if kind == SubjectKind.DECISION:
        if data.get("application"):
            found["application"] = selectors.application_for(user, data["application"])
        elif data.get("review"):
            found["review"] = selectors.review_for(user, data["review"])
    if data.get("area"):
        found["area"] = area_for(user, data["area"])
    return found


@page(roles=RECEIVERS)
def complaint_new(request: StaffRequest) -> HttpResponse:
    user = _user(request)
    form = ComplaintForm(request.POST or None, prefix="c")
    subject = SubjectForm(request.POST or None, prefix="s", areas=_areas(user))
    if request.method == "POST" and form.is_valid() and subject.is_valid():
        try:
            found = _subject(user, subject, str(form.cleaned_data.get("subject_kind") or ""))
            complaint = services.complaint_receive(data=form.values(), actor=user, **found)
        except DomainError as exc:
            mine = {k: v for k, v in exc.errors.items() if k in subject.fields}
            rest = {k: v for k, v in exc.errors.items() if k not in subject.fields}
            if mine:
                show_domain_errors(DomainError(errors=mine), subject)
            if rest or not mine:
                show_domain_errors(exc if not mine else DomainError(errors=rest), form)
        else:
            messages.success(request, _("The complaint was recorded."))
            return redirect("complaints:complaint-detail", pk=complaint.pk)
    context = {"section": SECTION, "form": form, "subject": subject, "limits": deadlines.limits()}
    return render(request, "complaints/complaint_new.html", context)


def _forms(user: User, complaint: Complaint) -> dict[str, Any]:
    """The step forms the complaint's state allows the user (the services judge again)."""
    handler = user.role in HANDLERS
    owner = complaint.owner_id == user.pk
    state = complaint.state
    shown: dict[str, Any] = {}
    if handler and state in OPEN_STATES:
        owners = [
            (u.username, f"{u} · {u.area.name if u.area else ''}")
            for u in selectors.owners_for(user, complaint)
        ]
        shown["owner_form"] = OwnerForm(
            owners=owners,
            prefix="owner",
            initial={"owner": complaint.owner.username if complaint.owner else ""},
        )
    if handler and state == State.RECEIVED:
        shown["transfer_form"] = TransferForm(prefix="transfer")
    if handler and state in HANDLING_STATES and not complaint.extended:
        shown["extend_form"] = ExtendForm(prefix="extend")
    if (handler or owner) and state in (*OPEN_STATES, State.REPLIED):
        shown["note_form"] = NoteForm(prefix="note")
    if (handler or owner) and state in (State.ACCEPTED, State.INVESTIGATING):
        shown["find_form"] = FindForm(prefix="find")
    if (handler or owner) and state == State.FOUND:
        shown["reply_form"] = ReplyForm(prefix="reply", anonymous=complaint.anonymous)
    if (handler or owner) and state in (State.FOUND, State.REPLIED) and complaint.substantiated:
        shown["may_review"] = complaint.household_id is not None and complaint.resulting_review_id is None
        shown["correction_form"] = CorrectionForm(
            prefix="correct", initial={"correction": complaint.correction}
        )
    shown["may_accept"] = handler and state == State.RECEIVED
    shown["may_investigate"] = (
        (handler or owner) and state == State.ACCEPTED and complaint.owner_id is not None
    )
    shown["may_close"] = handler and state == State.REPLIED
    return shown


@page(roles=READERS)
def complaint_detail(request: StaffRequest, pk: int) -> HttpResponse:
    user = _user(request)
    complaint = selectors.complaint_get(user, pk)
    today = timezone.localdate()
    context = {
        "section": SECTION,
        "complaint": complaint,
        "complainant": complainant_for(user, complaint),
        "timeline": selectors.timeline(complaint),
        "overdue": complaint.is_open and complaint.due_on is not None and complaint.due_on < today,
        "limits": deadlines.limits(),
        **_forms(user, complaint),
    }
    return render(request, "complaints/complaint_detail.html", context)


def _step(request: StaffRequest, pk: int, act: Callable[[User, Complaint], Any], done: str) -> HttpResponse:
    user = _user(request)
    complaint = selectors.complaint_get(user, pk)
    try:
        act(user, complaint)
    except DomainError as exc:
        show_domain_messages(request, exc)
    else:
        messages.success(request, done)
    return redirect("complaints:complaint-detail", pk=pk)


def _version(request: StaffRequest) -> int | None:
    text = request.POST.get("version", "")
    return int(text) if text.isdigit() else None


@require_POST
@page(roles=HANDLERS)
def complaint_accept(request: StaffRequest, pk: int) -> HttpResponse:
    def act(user: User, complaint: Complaint) -> Any:
        name = request.POST.get("owner-owner", "")
        owner = selectors.owner_for(user, name) if name else None
        return services.complaint_accept(
            complaint=complaint, owner=owner, actor=user, version=_version(request)
        )

    return _step(request, pk, act, _("The complaint was accepted."))


@require_POST
@page(roles=HANDLERS)
def complaint_transfer(request: StaffRequest, pk: int) -> HttpResponse:
    def act(user: User, complaint: Complaint) -> Any:
        return services.complaint_transfer(
            complaint=complaint,
            to=request.POST.get("transfer-transferred_to", ""),
            note=request.POST.get("transfer-note", ""),
            actor=user,
            version=_version(request),
        )

    return _step(request, pk, act, _("The complaint was transferred."))


@require_POST
@page(roles=HANDLERS)
def complaint_assign(request: StaffRequest, pk: int) -> HttpResponse:
    def act(user: User, complaint: Complaint) -> Any:
        owner = selectors.owner_for(user, request.POST.get("owner-owner", ""))
        return services.complaint_assign(
            complaint=complaint, owner=owner, actor=user, version=_version(request)
        )

    return _step(request, pk, act, _("Who handles the complaint was recorded."))


@require_POST
@page(roles=READERS)
def complaint_investigate(request: StaffRequest, pk: int) -> HttpResponse:
    def act(user: User, complaint: Complaint) -> Any:
        return services.complaint_investigate(complaint=complaint, actor=user, version=_version(request))

    return _step(request, pk, act, _("The investigation has begun."))


@require_POST
@page(roles=HANDLERS)
def complaint_extend(request: StaffRequest, pk: int) -> HttpResponse:
    def act(user: User, complaint: Complaint) -> Any:
        return services.complaint_extend(
            complaint=complaint,
            reason=request.POST.get("extend-reason", ""),
            actor=user,
            version=_version(request),
        )

    return _step(request, pk, act, _("The deadline was extended."))


@require_POST
@page(roles=READERS)
def complaint_note(request: StaffRequest, pk: int) -> HttpResponse:
    def act(user: User, complaint: Complaint) -> Any:
        return services.note_add(
            complaint=complaint,
            text=request.POST.get("note-text", ""),
            file=request.FILES.get("note-file"),
            actor=user,
        )

    return _step(request, pk, act, _("The note was added."))


@require_POST
@page(roles=READERS)
def complaint_find(request: StaffRequest, pk: int) -> HttpResponse:
    def act(user: User, complaint: Complaint) -> Any:
        return services.complaint_find(
            complaint=complaint,
            finding=request.POST.get("find-finding", ""),
            text=request.POST.get("find-finding_text", ""),
            actor=user,
            version=_version(request),
        )

    return _step(request, pk, act, _("The finding was recorded."))


@require_POST
@page(roles=READERS)
def complaint_reply(request: StaffRequest, pk: int) -> HttpResponse:
    def act(user: User, complaint: Complaint) -> Any:
        return services.complaint_reply(
            complaint=complaint,
            method=request.POST.get("reply-reply_method", ""),
            text=request.POST.get("reply-reply_text", ""),
            actor=user,
            version=_version(request),
        )

    return _step(request, pk, act, _("The reply was recorded."))


@require_POST
@page(roles=READERS)
def complaint_review(request: StaffRequest, pk: int) -> HttpResponse:
    def act(user: User, complaint: Complaint) -> Any:
        return services.complaint_open_review(complaint=complaint, actor=user)

    return _step(request, pk, act, _("A review of the household was opened."))


@require_POST
@page(roles=READERS)
def complaint_correct(request: StaffRequest, pk: int) -> HttpResponse:
    def act(user: User, complaint: Complaint) -> Any:
        return services.complaint_correct(
            complaint=complaint, text=request.POST.get("correct-correction", ""), actor=user
        )

    return _step(request, pk, act, _("The correction was recorded."))


@require_POST
@page(roles=HANDLERS)
def complaint_close(request: StaffRequest, pk: int) -> HttpResponse:
    def act(user: User, complaint: Complaint) -> Any:
        return services.complaint_close(complaint=complaint, actor=user, version=_version(request))

    return _step(request, pk, act, _("The complaint was closed."))


def _report(request: StaffRequest) -> tuple[ReportForm, Report | None]:
    user = _user(request)
    own = cast(Area, user.area)
    areas = area_choices(list(visible_areas(user).exclude(level=Level.COMMUNITY).order_by("code")) or [own])
    if own.level == Level.COMMUNITY:
        areas = [(own.code, own.name)]
    month = f"{timezone.localdate():%Y-%m}"
    form = ReportForm({"area": own.code, "month": month, **request.GET.dict()}, areas=areas)
    if not form.is_valid():
        return form, None
    try:
        first, last = months_between(form.cleaned_data["month"], form.cleaned_data.get("to"))
    except DomainError as exc:
        show_domain_errors(exc, form)
        return form, None
    area = area_for(user, form.cleaned_data["area"])
    return form, report(area, first, last, today=timezone.localdate())


@page(roles=READERS)
def report_page(request: StaffRequest) -> HttpResponse:
    form, found = _report(request)
    context = {
        "section": SECTION,
        "form": form,
        "report": found,
        "rows": found.rows if found else [],
        "channels": Channel.choices,
        "kinds": Kind.choices,
        "query": request.GET.urlencode(),
    }
    return render(request, "complaints/report.html", context, status=200 if found else 400)


@page(roles=READERS)
def report_xlsx(request: StaffRequest) -> HttpResponseBase:
    form, found = _report(request)
    if found is None:
        return render(request, "complaints/report.html", {"section": SECTION, "form": form}, status=400)
    out = io.BytesIO()
    write_report(out, found)
    services.report_export_record(area=found.area, months=found.months_text, actor=_user(request))
    name = f"举报投诉信访-{found.area.name}-{found.months_text}.xlsx"
    return file_response(out.getvalue(), name, XLSX)


@page(roles=READERS)
def note_file(request: StaffRequest, pk: int) -> FileResponse:
    """A note's evidence file, to those who may read its complaint (media files are not served
    openly): the worker complained about is not shown it either."""
    note = Note.objects.filter(pk=pk).first()
    if note is None or not note.file:
        raise Http404
    selectors.complaint_get(_user(request), note.complaint_id)  # 404 outside the user's area
    response = FileResponse(note.file.open("rb"))
    response["Content-Disposition"] = content_disposition(note.file.name.rsplit("/", 1)[-1])
    return response
