"""Creating an application and taking each step of the workflow (see `cases.workflow`)."""

import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from dibao.accounts.models import User
from dibao.benefits.models import CareHome, Reason
from dibao.benefits.services import Grant, entitlement_grant, open_entitlement, refuse_excluded
from dibao.core import audit
from dibao.core.errors import DomainError, Forbidden
from dibao.core.ids import parse_id
from dibao.core.money import parse_amount
from dibao.core.months import add_months, parse_date, parse_month_or_none
from dibao.policy.assessment import assess
from dibao.policy.engine.calculation import NotAssessable
from dibao.policy.models import Test
from dibao.policy.programs import codes
from dibao.registry.models import Household, HouseholdStatus, Member
from dibao.registry.services import household_set_status, household_status_record
from dibao.workdays.calendar import add_working_days

from .. import programs, workflow
from ..checklist import missing_materials
from ..inputs import ApplicationData, StepData
from ..models import (
    Application,
    Kind,
    MaterialKind,
    Notice,
    Objection,
    State,
)
from ..recognition import RECOGNITIONS, recognition_grant, recognition_test
from .common import (
    audit_case,
    event,
    procedure_for,
    require_area,
    today,
)
from .filings import filings_for_application
from .relatives import close_relative_matches


def application_create(*, household: Household, data: ApplicationData, actor: User | None) -> Application:
    """A draft application for a household; `data`: program (低保 unless given), kind,
    applicant_name, reason, single_member; for a program that pays a person, the member applying
    (and for 特困 whether in an institution).

    A program the area has switched off, or one the household (or the person applying) holds or
    has applied for already, is refused; so is a program a pair excludes beside what is held, with
    the pair's reason (`benefits.services.exclusions`)."""
    require_area(actor, household.community)
    program = str(data.get("program") or codes.DIBAO).strip()
    errors: dict[str, list[Any]] = {}
    found = None
    if program not in programs.APPLIED_FOR:
        errors["program"] = [_("'%(v)s' is not a program applications are made for.") % {"v": program}]
    else:
        found = programs.in_force_for(household.community, today(), program)
        if found is None or not found.enabled:
            errors["program"] = [
                _("%(program)s is not in use in this area.") % {"program": found.name if found else program}
            ]
    if program == codes.DIBAO:
        member, single, kind = _dibao_checks(household, data, errors)
    elif program in RECOGNITIONS:
        member, single, kind = None, None, Kind.NEW
        _recognition_checks(household, program, found.name if found else program, data, errors)
    elif program in codes.ONE_OFF:
        single = None
        kind, member = _one_off_checks(household, {**data, "program": program}, errors)
    else:
        kind, single = Kind.NEW, None
        member = _person_checks(household, program, found.name if found else program, data, errors)
    institutional = program == codes.EXTREME_POVERTY and _flag(data.get("institutional"))
    care_home = _care_home_of(household, institutional, data, errors)
    head = household.members.filter(relation="self").first()
    named = member or head
    applicant = str(data.get("applicant_name") or (named.name if named else "")).strip()[:40]
    if not applicant:
        errors["applicant_name"] = [_("This field is required.")]
    if errors:
        raise DomainError(errors=errors)
    refuse_excluded(
        household=household, program=program, member=member, single_member_id=single.pk if single else None
    )
    with transaction.atomic():
        application = Application.objects.create(
            household=household,
            program_id=program,
            member=member,
            institutional=institutional,
            care_home=care_home,
            community=household.community,
            kind=kind,
            single_member=single,
            applicant_name=applicant,
            reason=str(data.get("reason") or "").strip(),
            created_by=audit.acting_user(actor),
        )
        event(application, action="create", actor=actor, before=State.DRAFT)
        audit_case(
            application,
            actor,
            "create",
            {},
            audit.snapshot(application, ["member", "kind", "state", "applicant_name"]),
        )
    return application


def _care_home_of(
    household: Household, institutional: bool, data: ApplicationData, errors: dict[str, list[Any]]
) -> CareHome | None:
    """特困 in an institution names the county's care home it is paid to; nothing else names one."""
    given = data.get("care_home")
    if not institutional:
        if given not in (None, ""):
            errors["care_home"] = [_("Only 特困 supported in an institution is paid to a care home.")]
        return None
    if given in (None, ""):
        errors["care_home"] = [_("Choose the care home that supports the person.")]
        return None
    try:
        home_id = parse_id(given, "care_home")
    except DomainError as exc:
        errors.update(exc.errors)
        return None
    home = CareHome.objects.filter(pk=home_id, county_id=household.county_id, active=True).first()
    if home is None:
        errors["care_home"] = [_("Choose one of the county's care homes in use.")]
    return home


def _flag(value: object) -> bool:
    return value is True or str(value or "").strip().lower() in ("1", "true", "yes", "on")


def _dibao_checks(
    household: Household, data: ApplicationData, errors: dict[str, list[Any]]
) -> tuple[None, Member | None, str]:
    """低保's checks of a new application: kind, the household's status, one in progress."""
    kind = data.get("kind") or Kind.NEW
    if kind not in Kind.values:
        errors["kind"] = [_("'%(v)s' is not one of the allowed values.") % {"v": kind}]
    if household.status in (HouseholdStatus.RECEIVING, HouseholdStatus.SUSPENDED) and kind != Kind.FAST_TRACK:
        errors.setdefault("household", []).append(_("The household already receives dibao."))
    if household.status == HouseholdStatus.TERMINATED and kind not in (Kind.REAPPLICATION, Kind.FAST_TRACK):
        errors.setdefault("kind", []).append(_("A terminated household applies again as a re-application."))
    single = None
    if kind == Kind.SINGLE:
        single = household.members.filter(pk=data.get("single_member") or 0).first()
        if single is None:
            errors["single_member"] = [_("Choose the member who applies alone.")]
    if (
        Application.objects.filter(household=household, program_id=codes.DIBAO, member__isnull=True)
        .exclude(state__in=[State.APPROVED, State.REJECTED, State.WITHDRAWN])
        .exists()
    ):
        errors.setdefault("household", []).append(_("The household already has an application in progress."))
    return None, single, kind


def _recognition_checks(
    household: Household, program: str, name: str, data: ApplicationData, errors: dict[str, list[Any]]
) -> None:
    """A recognition of the household (边缘, 刚性支出): a new application, not while the household
    holds the recognition or has applied for it already."""
    if data.get("kind") not in (None, "", Kind.NEW):
        errors["kind"] = [_("Only a new application is made for %(program)s.") % {"program": name}]
    if open_entitlement(household, program=program, lock=False) is not None:
        errors.setdefault("household", []).append(
            _("The household is already recognised for %(program)s.") % {"program": name}
        )
    elif (
        Application.objects.filter(household=household, program_id=program, member__isnull=True)
        .exclude(state__in=[State.APPROVED, State.REJECTED, State.WITHDRAWN])
        .exists()
    ):
        errors.setdefault("household", []).append(_("The household already has an application in progress."))


def _one_off_checks(
    household: Household, data: ApplicationData, errors: dict[str, list[Any]]
) -> tuple[str, Member | None]:
    """One-off help (临时救助): a new application, or help first (先行救助) for an emergency;
    the person it is for may be named, a member of the household."""
    kind = str(data.get("kind") or Kind.NEW)
    if kind not in (Kind.NEW, Kind.FAST_TRACK):
        errors["kind"] = [_("A one-off application is new, or help first in an emergency.")]
    if (
        Application.objects.filter(
            household=household, program_id=str(data.get("program")), member__isnull=True
        )
        .exclude(state__in=[State.APPROVED, State.REJECTED, State.WITHDRAWN])
        .exists()
    ):
        errors["program"] = [_("The household already has an application for this help in progress.")]
    given = data.get("member")
    if given in (None, ""):
        return kind, None
    try:
        member = household.members.filter(pk=parse_id(given, "member"), is_current=True).first()
    except DomainError as exc:
        errors.update(exc.errors)
        return kind, None
    if member is None:
        errors["member"] = [_("The person applying must be a member of this household.")]
    return kind, member


def _person_checks(
    household: Household, program: str, name: str, data: ApplicationData, errors: dict[str, list[Any]]
) -> Member | None:
    """A program that pays a person: the member applying, of this household, who neither holds
    the program nor has applied for it already."""
    if data.get("kind") not in (None, "", Kind.NEW):
        errors["kind"] = [_("Only a new application is made for %(program)s.") % {"program": name}]
    given = data.get("member")
    if given in (None, ""):
        errors["member"] = [_("Choose the member of the household who applies.")]
        return None
    try:
        member_id = parse_id(given, "member")
    except DomainError as exc:
        errors.update(exc.errors)
        return None
    member = household.members.filter(pk=member_id, is_current=True).first()
    if member is None:
        errors["member"] = [_("The person applying must be a member of this household.")]
        return None
    if open_entitlement(household, program=program, member=member, lock=False) is not None:
        errors["member"] = [
            _("%(name)s already receives %(program)s.") % {"name": member.name, "program": name}
        ]
    elif (
        Application.objects.filter(member=member, program_id=program)
        .exclude(state__in=[State.APPROVED, State.REJECTED, State.WITHDRAWN])
        .exists()
    ):
        errors["member"] = [
            _("%(name)s already has an application for %(program)s in progress.")
            % {"name": member.name, "program": name}
        ]
    return member


def lock(
    application: Application,
    step: workflow.Step,
    actor: User | None,
    version: int | None,
    day: datetime.date | None = None,
) -> Application:
    """The application locked for this step, after every check that can refuse it, under the
    procedure in force on `day` (today)."""
    require_area(actor, application.community)
    # The application's row only (`of`): with the joined rows locked too, a step and a review or
    # an audit entry in the same community, each holding one lock, waited on each other's area row.
    locked = (
        Application.objects.select_for_update(of=("self",))
        .select_related("community", "household", "program")
        .get(pk=application.pk)
    )
    if version is not None and locked.version != version:
        raise DomainError(
            _("Someone else changed this application meanwhile; reload it and try again."), code="stale"
        )
    procedure = procedure_for(locked, day)
    if locked.state not in workflow.sources(step, locked, procedure):
        raise DomainError(
            _("'%(step)s' cannot be done while the application is %(state)s.")
            % {"step": step.label, "state": locked.get_state_display()},
            code="wrong_state",
        )
    if actor is not None and actor.role not in workflow.roles(step, locked, procedure):
        raise Forbidden(_("Your role may not take this step on this application."))
    return locked


def advance(
    application: Application,
    step: workflow.Step,
    actor: User | None,
    *,
    note: str = "",
    data: dict | None = None,
    fields: dict[str, Any] | None = None,
) -> Application:
    before_state = application.state
    before = audit.snapshot(application, ["state", *(fields or {})])
    application.state = step.target
    application.version += 1
    for name, value in (fields or {}).items():
        setattr(application, name, value)
    application.save()
    event(application, action=step.name, actor=actor, before=before_state, note=note, data=data)
    audit_case(
        application, actor, step.name, before, audit.snapshot(application, ["state", *(fields or {})]), note
    )
    return application


def transition(
    *,
    application: Application,
    step: str,
    actor: User,
    data: StepData | None = None,
    version: int | None = None,
    on: datetime.date | None = None,
) -> Application:
    """Take one step of the workflow. `version`: the version the user saw (refused if it changed).
    `on`: the day the step was taken, today unless given — a case's dates (submitted, accepted,
    decided, the deadline) and a decision's movement are that day's; the pages and the API never
    give it."""
    if step not in workflow.STEPS:
        raise DomainError(_("Unknown step '%(s)s'.") % {"s": step}, field="step")
    handler = _HANDLERS[step]
    data = data or {}
    day = on or today()
    with transaction.atomic():
        locked = lock(application, workflow.STEPS[step], actor, version, day)
        reason = _without_check(locked, data) if step in CONFIRM_WITHOUT_CHECK else ""
        decided = handler(locked, workflow.STEPS[step], actor, data, day)
        if reason:
            _record_without_check(decided, actor, step, reason)
        return decided


# The steps that ask, when no economic check result is recorded, to confirm going on without one.
CONFIRM_WITHOUT_CHECK = frozenset({"review", "approve"})
# The tests that read income and assets, which the economic check (家庭经济状况核对) verifies.
CHECKED_TESTS = frozenset({Test.HOUSEHOLD_MEANS, Test.EXTREME_POVERTY, Test.NEAR_POVERTY, Test.RIGID_EXPENSE})


def needs_check_confirmation(application: Application) -> bool:
    """Whether a review or decision of the application goes on without an economic check result:
    a means-tested program's case, not help first, with no result recorded."""
    return (
        application.kind != Kind.FAST_TRACK
        and application.program.test in CHECKED_TESTS
        and not application.verifications.exists()
    )


def _without_check(app: Application, data: StepData) -> str:
    """The reason written for going on without an economic check result ("" when one is recorded);
    refused unless the user confirms it and says why."""
    if not needs_check_confirmation(app):
        return ""
    errors: dict[str, list[Any]] = {}
    if not _flag(data.get("without_check")):
        errors["without_check"] = [
            _(
                "No economic check result is recorded for this application: record it first, or confirm "
                "going on without it and say why."
            )
        ]
    reason = str(data.get("without_check_reason") or "").strip()
    if not reason:
        errors["without_check_reason"] = [_("Say why it goes on without an economic check result.")]
    if errors:
        raise DomainError(errors=errors, code="check_missing")
    return reason[:500]


def _record_without_check(app: Application, actor: User | None, step: str, reason: str) -> None:
    """The confirmation beside the step, on the timeline and in the trail, with its reason."""
    event(app, action="without_check", actor=actor, before=app.state, note=reason, data={"step": step})
    audit.record(
        actor=actor,
        action=audit.Action.UPDATE,
        obj=app,
        area_code=app.community.code,
        household_id=app.household_id,
        after={"without_check_reason": reason, "step": step},
        note=reason,
    )


def _submit(
    app: Application, step: workflow.Step, actor: User, data: StepData, day: datetime.date
) -> Application:
    matches = close_relative_matches(app.household)
    app = advance(
        app,
        step,
        actor,
        note=str(data.get("note") or ""),
        fields={"submitted_on": day, "close_relative": bool(matches)},
        data={"close_relatives": [m.pk for m in matches]},
    )
    # The register of staff and cadres is checked too; a case filed by it stays marked when it
    # comes back after being returned for materials.
    if filings_for_application(application=app, actor=actor) and not app.close_relative:
        Application.objects.filter(pk=app.pk).update(close_relative=True)
        app.close_relative = True
    if procedure_for(app, day).household_status and app.household.status in (
        HouseholdStatus.REGISTERED,
        HouseholdStatus.TERMINATED,
    ):
        household_set_status(household=app.household, status=HouseholdStatus.APPLYING, actor=actor)
    return app


def _return(
    app: Application, step: workflow.Step, actor: User, data: StepData, day: datetime.date
) -> Application:
    missing = [k for k in data.get("missing") or [] if k in MaterialKind.values]
    if not missing:
        raise DomainError(_("List every missing material, at once."), field="missing")
    return advance(app, step, actor, note=str(data.get("note") or ""), data={"missing": missing})


def _accept(
    app: Application, step: workflow.Step, actor: User, data: StepData, day: datetime.date
) -> Application:
    # Something granted since the application was made may exclude it now.
    refuse_excluded(
        household=app.household,
        program=str(app.program_id),
        member=app.member,
        single_member_id=app.single_member_id,
    )
    missing = missing_materials(app)
    if missing:
        raise DomainError(
            _("Materials missing: %(list)s. Return the application with this list instead.")
            % {"list": "、".join(str(MaterialKind(k).label) for k in missing)},
            code="materials_missing",
        )
    accepted = parse_date(data.get("accepted_on"), "accepted_on") or day
    due = add_working_days(accepted, procedure_for(app, accepted).decision_working_days)
    if app.kind == Kind.FAST_TRACK and app.due_on is not None:
        due = app.due_on  # help given first: its paperwork is due by the date set then
    return advance(
        app, step, actor, note=str(data.get("note") or ""), fields={"accepted_on": accepted, "due_on": due}
    )


def _investigate(
    app: Application, step: workflow.Step, actor: User, data: StepData, day: datetime.date
) -> Application:
    visits = list(app.investigations.all())
    if not any(len(v.investigators) >= 2 for v in visits):
        raise DomainError(_("Record the home investigation, by at least two investigators, first."))
    open_objections = app.objections.filter(resolved_on__isnull=True).count()
    if open_objections:
        raise DomainError(_("Resolve the objection before the investigation is done."))
    return advance(app, step, actor, note=str(data.get("note") or ""))


def _appraise(
    app: Application, step: workflow.Step, actor: User, data: StepData, day: datetime.date
) -> Application:
    if not app.opinions.exists():
        raise DomainError(_("Record the appraisal meeting's opinion on this application first."))
    return advance(app, step, actor, note=str(data.get("note") or ""))


def _object(
    app: Application, step: workflow.Step, actor: User, data: StepData, day: datetime.date
) -> Application:
    errors: dict[str, list[Any]] = {}
    raised_by = str(data.get("raised_by") or "").strip()
    content = str(data.get("content") or "").strip()
    if not raised_by:
        errors["raised_by"] = [_("This field is required.")]
    if not content:
        errors["content"] = [_("This field is required.")]
    if errors:
        raise DomainError(errors=errors)
    received = parse_date(data.get("received_on"), "received_on") or day
    objection = Objection.objects.create(
        application=app,
        received_on=received,
        raised_by=raised_by[:100],
        content=content,
        recorded_by=audit.acting_user(actor),
    )
    return advance(app, step, actor, note=content, data={"objection": objection.pk})


def _close_notice(
    app: Application, step: workflow.Step, actor: User, data: StepData, day: datetime.date
) -> Application:
    notice = app.notices.order_by("-ends_on").first()
    if notice is None or notice.ends_on >= day:
        raise DomainError(_("The public notice has not ended yet."))
    if app.objections.filter(resolved_on__isnull=True).exists():
        raise DomainError(_("An objection is still open."))
    return advance(app, step, actor, note=str(data.get("note") or ""))


def _review(
    app: Application, step: workflow.Step, actor: User, data: StepData, day: datetime.date
) -> Application:
    opinion = str(data.get("opinion") or "").strip()
    if not opinion:
        raise DomainError(_("Write the street's opinion."), field="opinion")
    county_days = procedure_for(app, day).county_working_days
    if county_days is None:
        return advance(app, step, actor, note=opinion)
    # 特困: the county decides within its own working days of the street's review.
    return advance(app, step, actor, note=opinion, fields={"due_on": add_working_days(day, county_days)})


def _decision_checks(app: Application, day: datetime.date) -> None:
    if app.kind == Kind.FAST_TRACK:
        return
    if app.objections.filter(resolved_on__isnull=True).exists():
        raise DomainError(_("An objection is still open."))
    if not procedure_for(app, day).notice:
        return
    notice = app.notices.order_by("-ends_on").first()
    if notice is None or notice.ends_on >= day:
        raise DomainError(_("The application cannot be decided before its public notice has ended."))


def _decided_amount(data: StepData, assessed: Decimal) -> tuple[Decimal, str]:
    """The amount decided and the reason written for it: the assessed amount, or another with a
    written reason."""
    amount = assessed
    override = str(data.get("override_reason") or "").strip()
    if data.get("amount") not in (None, ""):
        chosen = parse_amount(
            data.get("amount"), column=Application._meta.get_field("amount"), field="amount"
        )
        if chosen != amount:
            if not override:
                raise DomainError(
                    _("The assessment gives %(amount)s yuan; a different amount needs a written reason.")
                    % {"amount": amount},
                    field="override_reason",
                )
            if chosen <= 0:
                raise DomainError(_("The amount must be more than zero."), field="amount")
            amount = chosen
    return amount, override


def _approve_person(
    app: Application,
    step: workflow.Step,
    actor: User,
    data: StepData,
    start: datetime.date,
    day: datetime.date,
) -> Application:
    """A program that pays a person: its test on the person's facts for the start month decides
    and sets the amount; the person is granted it from that month."""
    assert app.member is not None
    program = str(app.program_id)
    result = programs.program_test(
        program=program, member=app.member, month=start, institutional=app.institutional, viewer=actor
    )
    if not result.eligible:
        raise DomainError(
            _("The test finds %(name)s not eligible: %(reasons)s Reject it with these reasons.")
            % {"name": app.member.name, "reasons": " ".join(line.render() for line in result.lines)}
        )
    amount, override = _decided_amount(data, result.amount)
    explanation = [line.as_json() for line in result.lines]
    app = advance(
        app,
        step,
        actor,
        note=str(data.get("note") or override),
        fields={
            "decided_on": day,
            "decided_by": audit.acting_user(actor),
            "amount": amount,
            "assessed_amount": result.amount,
            "override_reason": override if amount != result.amount else "",
            "start_month": start,
            "explanation": explanation,
        },
    )
    found = programs.in_force_for(app.community, start, program)
    review_months = int(found.terms.get("review_months", 12)) if found else 12
    entitlement_grant(
        household=app.household,
        grant=Grant(
            amount=amount,
            persons=1,
            urban_rural=app.household.urban_rural,
            next_review=add_months(start, review_months),
            explanation=explanation,
            care_home_id=app.care_home_id,
        ),
        month_from=start,
        reason=Reason.APPROVAL,
        actor=actor,
        program=program,
        member=app.member,
        decided_on=day,
    )
    return app


def _approve_recognition(
    app: Application,
    step: workflow.Step,
    actor: User,
    data: StepData,
    start: datetime.date,
    day: datetime.date,
) -> Application:
    """A recognition of the household (`cases.recognition`): its means test for the start month
    decides; the household holds the status, with no money, for the program's validity."""
    program = str(app.program_id)
    result, means = recognition_test(program=program, household=app.household, month=start, viewer=actor)
    if not result.eligible:
        raise DomainError(
            _("The test finds the household not eligible: %(reasons)s Reject it with these reasons.")
            % {"reasons": " ".join(line.render() for line in result.lines)}
        )
    explanation = [line.as_json() for line in (*means.lines, *result.lines)]
    app = advance(
        app,
        step,
        actor,
        note=str(data.get("note") or ""),
        fields={
            "decided_on": day,
            "decided_by": audit.acting_user(actor),
            "amount": Decimal("0.00"),
            "assessed_amount": Decimal("0.00"),
            "start_month": start,
            "explanation": explanation,
        },
    )
    entitlement_grant(
        household=app.household,
        grant=recognition_grant(program, app.household, start, means, explanation),
        month_from=start,
        reason=Reason.APPROVAL,
        actor=actor,
        program=program,
        decided_on=day,
    )
    return app


def _approve(
    app: Application, step: workflow.Step, actor: User, data: StepData, day: datetime.date
) -> Application:
    _decision_checks(app, day)
    decided = day
    start = parse_month_or_none(data.get("start_month"), "start_month") or add_months(
        decided.replace(day=1), 1
    )
    if str(app.program_id) in codes.ONE_OFF:
        return _approve_one_off(app, step, actor, data, day)
    if app.kind == Kind.FAST_TRACK:
        amount = parse_amount(
            data.get("amount"), column=Application._meta.get_field("amount"), field="amount"
        )
        if amount <= 0:
            raise DomainError(_("The amount must be more than zero."), field="amount")
        return advance(
            app,
            step,
            actor,
            note=str(data.get("note") or ""),
            fields={"decided_on": decided, "decided_by": audit.acting_user(actor), "amount": amount},
        )
    if app.program_id in RECOGNITIONS:
        return _approve_recognition(app, step, actor, data, start, day)
    if app.member_id is not None:
        return _approve_person(app, step, actor, data, start, day)
    try:
        assessment = assess(app.household, start, single_member=app.single_member)
    except NotAssessable as exc:
        raise DomainError(exc.line.render()) from None
    if not assessment.eligible:
        raise DomainError(
            _("The assessment finds the household not eligible: %(reasons)s Reject it with these reasons.")
            % {"reasons": " ".join(line.render() for line in assessment.reasons)}
        )
    amount, override = _decided_amount(data, assessment.monthly_amount)
    explanation = [line.as_json() for line in assessment.lines]
    app = advance(
        app,
        step,
        actor,
        note=str(data.get("note") or override),
        fields={
            "decided_on": decided,
            "decided_by": audit.acting_user(actor),
            "amount": amount,
            "assessed_amount": assessment.monthly_amount,
            "override_reason": override if amount != assessment.monthly_amount else "",
            "benefit_class": assessment.benefit_class,
            "management_class": assessment.management_class,
            "start_month": start,
            "explanation": explanation,
        },
    )
    if amount != assessment.monthly_amount:
        assessment.monthly_amount = amount
    entitlement_grant(
        household=app.household,
        assessment=assessment,
        month_from=start,
        reason=Reason.APPROVAL,
        actor=actor,
        single_member_id=app.single_member_id,
        program=str(app.program_id),
        member=app.member,
        decided_on=day,
    )
    household_status_record(household=app.household, status=HouseholdStatus.RECEIVING, actor=actor)
    return app


def _approve_one_off(
    app: Application, step: workflow.Step, actor: User, data: StepData, day: datetime.date
) -> Application:
    """A one-off program's decision: the program's registered decision checks it and records the
    grant (no entitlement: it is paid once)."""
    decide = programs.ONE_OFF_DECISIONS.get(str(app.program_id))
    if decide is None:
        raise DomainError(_("This program's applications are not decided here."), field="program")
    amount, explanation = decide(app, data, actor)
    return advance(
        app,
        step,
        actor,
        note=str(data.get("note") or ""),
        fields={
            "decided_on": day,
            "decided_by": audit.acting_user(actor),
            "amount": amount,
            "override_reason": str(data.get("override_reason") or "").strip()[:500],
            "explanation": explanation,
        },
    )


def help_first_record(*, application: Application, due_on: datetime.date, actor: User) -> Application:
    """Help was given first (先行救助): the application becomes help first and its paperwork —
    investigation, notice where required, confirmation — is due by `due_on` (the worklist and the
    due cases show it overdue after). The grant itself is the one-off program's to record."""
    require_area(actor, application.community)
    with transaction.atomic():
        locked = (
            Application.objects.select_for_update(of=("self",))
            .select_related("community")
            .get(pk=application.pk)
        )
        if locked.state not in (State.DRAFT, State.SUBMITTED, State.RETURNED, State.ACCEPTED):
            raise DomainError(
                _("Help first is given before the application is investigated or decided."),
                code="wrong_state",
            )
        before = audit.snapshot(locked, ["kind", "due_on"])
        locked.kind = Kind.FAST_TRACK
        locked.due_on = due_on
        locked.version += 1
        locked.save()
        event(
            locked, action="help_first", actor=actor, before=locked.state, data={"due_on": due_on.isoformat()}
        )
        audit_case(locked, actor, "help_first", before, audit.snapshot(locked, ["kind", "due_on"]))
    return locked


def _reject(
    app: Application, step: workflow.Step, actor: User, data: StepData, day: datetime.date
) -> Application:
    reasons = str(data.get("reasons") or "").strip()
    if not reasons:
        raise DomainError(_("A rejection always gives its reasons in writing."), field="reasons")
    if app.kind != Kind.FAST_TRACK:
        _decision_checks(app, day)
    app = advance(
        app,
        step,
        actor,
        note=reasons,
        fields={"decided_on": day, "decided_by": audit.acting_user(actor), "rejection_reasons": reasons},
    )
    if procedure_for(app, day).household_status and app.household.status == HouseholdStatus.APPLYING:
        household_set_status(household=app.household, status=HouseholdStatus.REGISTERED, actor=actor)
    return app


def _withdraw(
    app: Application, step: workflow.Step, actor: User, data: StepData, day: datetime.date
) -> Application:
    app = advance(app, step, actor, note=str(data.get("note") or ""))
    if procedure_for(app, day).household_status and app.household.status == HouseholdStatus.APPLYING:
        household_set_status(household=app.household, status=HouseholdStatus.REGISTERED, actor=actor)
    return app


def _post_notice_step(
    app: Application, step: workflow.Step, actor: User, data: StepData, day: datetime.date
) -> Application:
    raise DomainError(_("A notice is posted for several applications at once: use the notice form."))


_HANDLERS = {
    "submit": _submit,
    "return": _return,
    "accept": _accept,
    "investigate": _investigate,
    "appraise": _appraise,
    "post_notice": _post_notice_step,
    "object": _object,
    "close_notice": _close_notice,
    "review": _review,
    "approve": _approve,
    "reject": _reject,
    "withdraw": _withdraw,
}


def notice_post(
    *,
    applications: list[Application],
    posted_on: datetime.date | None,
    mask_given_names: bool,
    actor: User | None,
) -> Notice:
    """One notice on a community's board for several applications, for the policy's number of days."""
    if not applications:
        raise DomainError(_("Choose the applications to post."), field="applications")
    communities = {a.community_id for a in applications}
    if len(communities) > 1:
        raise DomainError(_("A notice is posted in one community."), field="applications")
    step = workflow.STEPS["post_notice"]
    posted_on = posted_on or today()
    with transaction.atomic():
        locked = [lock(a, step, actor, None) for a in applications]
        for app in locked:
            if app.accepted_on is not None and posted_on < app.accepted_on:
                raise DomainError(
                    _(
                        "The notice cannot be dated %(date)s: %(name)s's application was accepted on "
                        "%(accepted)s, and a notice follows the acceptance."
                    )
                    % {
                        "date": f"{posted_on:%Y-%m-%d}",
                        "name": app.applicant_name,
                        "accepted": f"{app.accepted_on:%Y-%m-%d}",
                    },
                    field="posted_on",
                )
            if app.objections.filter(resolved_on__isnull=True).exists():
                raise DomainError(
                    _("%(name)s has an open objection.") % {"name": app.applicant_name}, field="applications"
                )
        # Programs with notices of different lengths posted together: the longest holds for all.
        days = max(procedure_for(app, posted_on).notice_days for app in locked)
        notice = Notice.objects.create(
            community=locked[0].community,
            posted_on=posted_on,
            ends_on=posted_on + datetime.timedelta(days=days - 1),
            mask_given_names=mask_given_names,
            posted_by=audit.acting_user(actor),
        )
        notice.applications.set(locked)
        for app in locked:
            advance(app, step, actor, data={"notice": notice.pk, "ends_on": notice.ends_on.isoformat()})
    return notice
