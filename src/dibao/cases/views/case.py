"""The case page: the electronic case file (档案) — household, timeline, materials, investigations,
check results, objections, the current assessment — and a form for every step the user may take now.

Every form on the page posts to its own address; when the service refuses, that address answers
with this same page, built again from the database (so it shows what is true now), with the
refused form still holding what was typed and the service's messages beside it.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django import forms
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dibao.accounts.staff import StaffRequest
from dibao.core.errors import DomainError
from dibao.core.months import next_month
from dibao.core.page_access import page
from dibao.policy.assessment import assess
from dibao.policy.engine.calculation import Assessment, NotAssessable
from dibao.policy.engine.explanation import Line
from dibao.policy.engine.explanation import render as render_lines
from dibao.policy.programs import codes
from dibao.policy.programs.in_force import display_name

from .. import selectors, services, workflow
from ..checklist import checklist, missing_materials
from ..forms import (
    PAGE_OF_ITS_OWN,
    ExtendForm,
    InvestigationForm,
    MaterialChecklistForm,
    MaterialForm,
    ResolveForm,
    SpotCheckForm,
    StepForm,
    VerificationForm,
    step_form,
)
from ..models import OPEN_STATES, Application, CaseEvent, Kind, MaterialKind, SpotCheck, State
from ..programs import ONE_OFF_APPROVE_FORMS, ONE_OFF_DECISION_NOTES, program_test
from ..workflow import action_label
from .access import CASE_READERS, CASE_WRITERS, DEADLINE_EXTENDERS, SPOT_CHECKERS
from .printed import PRINTED, printable
from .urgency import urgency

# Steps that undo or end the case are folded away, so that they are not taken by a slip.
FOLDED_STEPS = frozenset({"return", "object", "reject", "withdraw"})
# Until it is accepted, the page says which materials of the checklist are still missing.
BEFORE_ACCEPTANCE = frozenset({State.DRAFT, State.RETURNED, State.SUBMITTED})


@dataclass
class TimelineRow:
    event: CaseEvent
    action: Any
    details: list[str]


@dataclass
class StepPanel:
    step: workflow.Step
    form: StepForm | None  # None: the step has a page of its own (the notice)
    url: str
    folded: bool
    note: str = ""  # what the decider should know beside the form (特困: the spot-check share)


@dataclass
class ProgramTestView:
    """A person's program test on the case page: the decision's stored lines once decided, else
    the test run now for the month a benefit would start."""

    month: datetime.date
    eligible: bool = False
    amount: Decimal | None = None
    lines: list[str] = field(default_factory=list)
    problem: str = ""
    decided: bool = False


@dataclass
class AssessmentView:
    month: datetime.date
    result: Assessment | None = None
    problem: str = ""
    reasons: list[str] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)


def event_details(event: CaseEvent) -> list[str]:
    """What the event's data says, in words (ids of rows shown elsewhere on the page are left out)."""
    data = event.data or {}
    details = []
    if data.get("missing"):
        labels = dict(MaterialKind.choices)
        missing = "、".join(str(labels.get(kind, kind)) for kind in data["missing"])
        details.append(_("Missing materials: %(list)s") % {"list": missing})
    if data.get("close_relatives"):
        details.append(_("A member is on the close-relative register."))
    if data.get("ends_on"):
        details.append(_("Notice until %(date)s") % {"date": data["ends_on"]})
    if data.get("due_on"):
        details.append(_("Decision due by %(date)s") % {"date": data["due_on"]})
    return details


def assessment_of(application: Application, month: datetime.date) -> AssessmentView:
    view = AssessmentView(month=month)
    try:
        view.result = assess(application.household, month, single_member=application.single_member)
    except NotAssessable as exc:
        view.problem = exc.line.render()
    else:
        view.reasons = render_lines(view.result.reasons)
        view.lines = render_lines(view.result.lines)
    return view


def program_test_of(application: Application, month: datetime.date, viewer: Any) -> ProgramTestView:
    if application.explanation and application.start_month:
        lines = [Line.from_json(line) for line in application.explanation]
        return ProgramTestView(
            month=application.start_month,
            eligible=application.state == State.APPROVED,
            amount=application.amount,
            lines=render_lines(lines),
            decided=True,
        )
    assert application.member is not None
    view = ProgramTestView(month=month)
    try:
        result = program_test(
            program=str(application.program_id),
            member=application.member,
            month=month,
            institutional=application.institutional,
            viewer=viewer,
        )
    except DomainError as exc:
        view.problem = " ".join(str(m) for messages in exc.errors.values() for m in messages)
    else:
        view.eligible, view.lines = result.eligible, render_lines(result.lines)
        view.amount = result.amount if result.eligible else None
    return view


def assessed_amount(application: Application, month: datetime.date, viewer: Any = None) -> Decimal | None:
    """The amount `transition("approve")` will find for a start in `month`, to fill in its form."""
    if application.member_id is not None:
        return program_test_of(application, month, viewer).amount
    try:
        result = assess(application.household, month, single_member=application.single_member)
    except NotAssessable:
        return None
    return result.monthly_amount if result.eligible else None


def spot_check_standing(request: StaffRequest, application: Application) -> str:
    """For the county deciding a 特困 case: how its spot-check share stands this year, and whether
    this case was checked. The share is over all cases, so it informs the decision, never blocks it."""
    user = request.user
    if application.program_id != codes.EXTREME_POVERTY or user.role not in SPOT_CHECKERS or user.area is None:
        return ""
    this_month = timezone.localdate().replace(day=1)
    county = user.area
    if county.code != application.community.code[:6]:
        return ""
    share = selectors.spot_check_share(user, county, this_month.replace(month=1), this_month)
    checked = SpotCheck.objects.filter(application=application).exists()
    words = _(
        "Spot checks this year: %(checked)d of %(decided)d cases decided by the county; the terms ask "
        "for at least %(required)s%%."
    ) % {"checked": share.checked, "decided": share.decided, "required": f"{share.required * 100:.0f}"}
    if share.below:
        words += " " + _("The county is below that share.")
    words += " " + (_("This case was spot-checked.") if checked else _("This case was not spot-checked."))
    return words


def step_panels(
    request: StaffRequest, application: Application, bound: dict[str, forms.BaseForm]
) -> list[StepPanel]:
    if request.user.role not in CASE_WRITERS:
        return []
    procedure = services.procedure_for(application)
    panels = []
    for step in workflow.next_steps(application, procedure, request.user.role):
        url = reverse("cases:step", args=[application.pk, step.name])
        form: StepForm | None = None
        if step.name in PAGE_OF_ITS_OWN:
            url = reverse("cases:notice-create") + f"?community={application.community.code}"
        elif f"step:{step.name}" in bound:
            form = bound[f"step:{step.name}"]  # type: ignore[assignment]
        else:
            initial: dict[str, Any] = {}
            if step.name == "return":
                # The one-time list starts from the checklist; the worker adds what else is missing.
                initial = {"missing": missing_materials(application)}
            if (
                step.name == "approve"
                and application.kind != Kind.FAST_TRACK
                and str(application.program_id) not in ONE_OFF_APPROVE_FORMS
            ):
                # The service assesses the month the benefit starts from: the month after today.
                start = next_month()
                initial = {
                    "amount": assessed_amount(application, start, request.user),
                    "start_month": f"{start:%Y-%m}",
                }
            form = step_form(step.name, application, **initial)
        folded = step.name in FOLDED_STEPS and f"step:{step.name}" not in bound
        note = spot_check_standing(request, application) if step.name == "approve" else ""
        decision_note = ONE_OFF_DECISION_NOTES.get(str(application.program_id))
        if step.name == "approve" and decision_note is not None:
            note = decision_note(application, request.user)
        panels.append(StepPanel(step=step, form=form, url=url, folded=folded, note=note))
    return panels


def refused_elsewhere(bound: dict[str, forms.BaseForm], shown: set[str]) -> list[str]:
    """Messages of a refused form the page no longer shows (the case moved on, or closed)."""
    return [
        str(message)
        for key, form in bound.items()
        if key not in shown
        for messages in form.errors.values()
        for message in messages
    ]


def case_context(
    request: StaffRequest, application: Application, bound: dict[str, forms.BaseForm] | None = None
) -> dict[str, Any]:
    bound = bound or {}
    user = request.user
    today = timezone.localdate()
    household = application.household
    members = list(household.members.order_by("id"))
    investigations = list(application.investigations.all())
    objections = list(application.objections.all())
    writer = user.role in CASE_WRITERS and application.state in OPEN_STATES
    panels = step_panels(request, application, bound)
    resolve_forms = {
        o.pk: bound.get(f"resolve:{o.pk}")
        or ResolveForm(prefix=f"resolve-{o.pk}", initial={"objection": o.pk})
        for o in objections
        if o.resolved_on is None
    }
    shown = {f"step:{p.step.name}" for p in panels}
    labels = dict(MaterialKind.choices)
    if writer:
        shown |= {
            "material",
            "checklist",
            "investigation",
            "verification",
            *(f"resolve:{pk}" for pk in resolve_forms),
        }
    can_extend = (
        writer
        and user.role in DEADLINE_EXTENDERS
        and application.due_on is not None
        and not application.extended
    )
    if can_extend:
        shown.add("extend")
    spot_check = SpotCheck.objects.filter(application=application).select_related("recorded_by").first()
    may_spot_check = user.role in SPOT_CHECKERS and services.spot_check_open(application)
    if may_spot_check:
        shown.add("spot_check")
    return {
        "application": application,
        "household": household,
        "members": members,
        "urgency": urgency(application, today, services.due_soon_limit(today)),
        "timeline": [
            TimelineRow(e, action_label(e.action), event_details(e)) for e in selectors.timeline(application)
        ],
        "materials": application.materials.select_related("added_by"),
        "missing": [labels[k] for k in missing_materials(application)]
        if application.state in BEFORE_ACCEPTANCE
        else [],
        "investigations": investigations,
        "verifications": application.verifications.select_related("member"),
        "objections": [(o, resolve_forms.get(o.pk)) for o in objections],
        "opinions": application.opinions.select_related("meeting"),
        "notices": application.notices.all(),
        "program_name": display_name(application.program),
        "assessment": None if application.member_id else assessment_of(application, today.replace(day=1)),
        "program_test": program_test_of(application, next_month(), user) if application.member_id else None,
        "steps": panels,
        "refused": refused_elsewhere(bound, shown),
        "writer": writer,
        "material_form": bound.get("material") or MaterialForm(prefix="material"),
        "checklist_form": checklist_form(application, bound) if writer else None,
        "investigation_form": bound.get("investigation")
        or InvestigationForm(prefix="investigation", initial={"visited_on": today}),
        "verification_form": bound.get("verification")
        or VerificationForm(prefix="verification", members=members),
        "extend_form": (
            bound.get("extend") or ExtendForm(prefix="extend", initial={"version": application.version})
        )
        if can_extend
        else None,
        "spot_check": spot_check,
        # Why the register filed the case (a query only for a case marked as a close relative's).
        "relative_filings": list(application.relative_filings.filter(lapsed_at__isnull=True).order_by("id"))
        if application.close_relative
        else [],
        "spot_check_shown": spot_check is not None or application.program_id == codes.EXTREME_POVERTY,
        "spot_check_form": (
            bound.get("spot_check") or SpotCheckForm(prefix="spot_check", initial={"checked_on": today})
        )
        if may_spot_check
        else None,
        "open_form": next(iter(bound), ""),
        "printed": [
            (slug, PRINTED[slug][0]) for slug in printable(application, investigated=bool(investigations))
        ],
    }


def checklist_form(application: Application, bound: dict[str, forms.BaseForm]) -> forms.BaseForm | None:
    """The checklist to tick while the case has materials still to see; None once all are held."""
    if "checklist" in bound:
        return bound["checklist"]
    if application.state not in BEFORE_ACCEPTANCE:
        return None
    items = checklist(application)
    held = set(application.materials.values_list("kind", flat=True))
    if not items or not missing_materials(application, held):
        return None
    return MaterialChecklistForm(prefix="checklist", checklist=items, held=held & set(items))


def render_case(
    request: StaffRequest, application: Application, bound: dict[str, forms.BaseForm] | None = None
) -> HttpResponse:
    return render(request, "cases/case_detail.html", case_context(request, application, bound))


@page(roles=CASE_READERS)
def case_detail(request: StaffRequest, pk: int) -> HttpResponse:
    return render_case(request, selectors.application_get(request.user, pk))
