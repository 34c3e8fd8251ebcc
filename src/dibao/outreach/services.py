"""Every write of outreach: the county's services, people registered for them and taken through
their steps, and job referrals — a job taken recorded as the household's reported change of
employment and income. Each checks role and area and is audited in its own transaction."""

import datetime
import re
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dibao.accounts.models import User
from dibao.areas.models import Area, Level
from dibao.core import audit
from dibao.core.errors import DomainError, Forbidden, NotFound
from dibao.core.money import parse_amount
from dibao.core.months import parse_date
from dibao.policy.programs.codes import DIBAO
from dibao.policy.selectors import in_force
from dibao.registry.models import Employment, HouseholdStatus, IncomeItem, IncomeKind, Member
from dibao.registry.services import income_add, member_update
from dibao.reviews.models import OPEN_STATES, ChangeKind, Review, ReviewKind
from dibao.reviews.services import review_open

from .access import SERVICE_EDITORS, WRITERS
from .catalogue import USUAL
from .inputs import EntryData, EntryStepData, ReferralData, ReferralOutcomeData, ServiceData
from .models import Entry, EntryState, Referral, ReferralKind, ReferralOutcome, Service

CODE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,23}$")
STEP_SPLIT = re.compile(r"\s*(?:\r?\n|→|->|>|,|，|、)\s*")
MAX_STEPS = 8
_SERVICE_FIELDS = ["code", "name", "office", "steps", "community_delivers", "active", "notes"]
_ENTRY_FIELDS = ["step", "step_on", "state", "outcome", "note"]
_REFERRAL_FIELDS = ["kind", "employer", "job", "referred_on", "outcome", "start_on", "wage", "note"]


def _require(actor: User | None, area: Area, roles: frozenset[str]) -> None:
    """`actor=None` is the server's operator at the console."""
    if actor is None:
        return
    if actor.area is None or not actor.area.contains(area):
        raise NotFound()
    if actor.role not in roles:
        raise Forbidden()


def _require_editor(actor: User | None, county: Area) -> None:
    """The county's list: seen by every area of the county, edited by the county's own staff."""
    if actor is None:
        return
    if actor.area is None or actor.area.code[:6] != county.code:
        raise NotFound()
    if actor.role not in SERVICE_EDITORS or actor.area_id != county.pk:
        raise Forbidden()


def _flag(value: Any, default: bool) -> bool:
    if value is None or value == "":
        return default
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in ("1", "true", "yes", "on", "是")


def _text(errors: dict[str, list[Any]], data: Any, name: str, limit: int, *, required: bool = False) -> str:
    text = str(data.get(name) or "").strip()
    if required and not text:
        errors[name] = [_("This field is required.")]
    elif len(text) > limit:
        errors[name] = [_("At most %(n)s characters.") % {"n": limit}]
    return text


def parse_steps(value: Any) -> list[str]:
    """A service's steps: a list, or one text with a step a line (or between → , 、)."""
    raw = value if isinstance(value, list | tuple) else STEP_SPLIT.split(str(value or "").strip())
    steps = [str(step).strip() for step in raw if str(step).strip()]
    if not steps:
        raise DomainError(_("Name the steps, at least one."), field="steps")
    if len(steps) > MAX_STEPS:
        raise DomainError(_("At most %(n)s steps.") % {"n": MAX_STEPS}, field="steps")
    if any(len(step) > 20 for step in steps):
        raise DomainError(_("A step's name has at most %(n)s characters.") % {"n": 20}, field="steps")
    if len(set(steps)) != len(steps):
        raise DomainError(_("Two steps have the same name."), field="steps")
    return steps


def _service_values(data: ServiceData, service: Service | None) -> dict[str, Any]:
    errors: dict[str, list[Any]] = {}
    values: dict[str, Any] = {}
    code = str(data.get("code") or (service.code if service else "")).strip().lower()
    if not CODE.match(code):
        errors["code"] = [_("A code is 1 to 24 lowercase letters, digits, _ or -, e.g. senior_card.")]
    values["code"] = code
    values["name"] = _text(errors, data, "name", 60, required=True)
    values["office"] = _text(errors, data, "office", 100)
    values["notes"] = _text(errors, data, "notes", 300)
    try:
        values["steps"] = parse_steps(data.get("steps"))
    except DomainError as exc:
        errors.update(exc.errors)
    values["community_delivers"] = _flag(data.get("community_delivers"), False)
    values["active"] = _flag(data.get("active"), True)
    if errors:
        raise DomainError(errors=errors)
    return values


def _code_taken(county: Area, code: str, service: Service | None) -> DomainError | None:
    taken = Service.objects.filter(county=county, code=code)
    if service is not None:
        taken = taken.exclude(pk=service.pk)
    if taken.exists():
        return DomainError(_("The county has a service with this code already."), field="code", code="exists")
    return None


def service_add(*, county: Area, data: ServiceData, actor: User | None) -> Service:
    """A service of the county's list (the county's own staff)."""
    if county.level != Level.COUNTY:
        raise DomainError(_("The list of services is a county's."), field="county")
    _require_editor(actor, county)
    values = _service_values(data, None)
    with transaction.atomic():
        if (taken := _code_taken(county, values["code"], None)) is not None:
            raise taken
        service = Service.objects.create(county=county, **values)
        audit.record(
            actor=actor,
            action=audit.Action.CREATE,
            obj=service,
            area_code=county.code,
            after=audit.snapshot(service, _SERVICE_FIELDS),
        )
    return service


def service_update(*, service: Service, data: ServiceData, actor: User | None) -> Service:
    """Rename a service, change who delivers it, add or rename steps, stop using it. A step some
    registration has reached stays: the entries name their step by its place."""
    _require_editor(actor, service.county)
    values = _service_values(data, service)
    with transaction.atomic():
        locked = Service.objects.select_for_update().get(pk=service.pk)
        if (taken := _code_taken(locked.county, values["code"], locked)) is not None:
            raise taken
        reached = max(locked.entries.values_list("step", flat=True), default=-1)
        if len(values["steps"]) <= reached:
            raise DomainError(
                _("Registrations have reached step %(n)s: keep at least %(n)s steps.") % {"n": reached + 1},
                field="steps",
            )
        before = audit.snapshot(locked, _SERVICE_FIELDS)
        for name, value in values.items():
            setattr(locked, name, value)
        locked.save()
        audit.record_update(actor=actor, obj=locked, before=before, area_code=locked.county.code)
    return locked


def services_seed(*, county: Area, actor: User | None) -> int:
    """The usual services (`catalogue.USUAL`) the county does not have yet, by code; how many."""
    if county.level != Level.COUNTY:
        raise DomainError(_("The list of services is a county's."), field="county")
    _require_editor(actor, county)
    added = 0
    with transaction.atomic():
        have = set(Service.objects.filter(county=county).values_list("code", flat=True))
        for usual in USUAL:
            if usual.code in have:
                continue
            service = Service.objects.create(
                county=county,
                code=usual.code,
                name=usual.name,
                office=usual.office,
                steps=list(usual.steps),
                community_delivers=usual.community_delivers,
            )
            audit.record(
                actor=actor,
                action=audit.Action.CREATE,
                obj=service,
                area_code=county.code,
                after=audit.snapshot(service, _SERVICE_FIELDS),
            )
            added += 1
    return added


def _day(errors: dict[str, list[Any]], value: Any, name: str, *, today: datetime.date) -> datetime.date:
    try:
        day = parse_date(value, name)
    except DomainError as exc:
        errors.update(exc.errors)
        return today
    if day is None:
        return today
    if day > today:
        errors[name] = [_("This date is in the future.")]
    return day


def _person(member: Member, actor: User) -> None:
    if not member.is_current:
        raise DomainError(_("This person is no longer on the register."), field="member")
    _require(actor, member.household.community, WRITERS)


def entry_register(*, service: Service, member: Member, data: EntryData, actor: User) -> Entry:
    """A person of the register put down for a service, at its first step."""
    _person(member, actor)
    if member.household.community.code[:6] != service.county.code:
        raise NotFound()
    if not service.active:
        raise DomainError(_("This service is no longer in use."), field="service")
    today = timezone.localdate()
    errors: dict[str, list[Any]] = {}
    day = _day(errors, data.get("registered_on"), "registered_on", today=today)
    note = _text(errors, data, "note", 300)
    if errors:
        raise DomainError(errors=errors)
    household = member.household
    duplicate = DomainError(
        _("%(name)s is already registered for %(service)s.") % {"name": member.name, "service": service.name},
        field="member",
        code="exists",
    )
    with transaction.atomic():
        if Entry.objects.filter(service=service, member=member, state=EntryState.OPEN).exists():
            raise duplicate
        try:
            with transaction.atomic():
                entry = Entry.objects.create(
                    service=service,
                    member=member,
                    household=household,
                    community=household.community,
                    registered_on=day,
                    step=0,
                    step_on=day,
                    history=[[0, day.isoformat()]],
                    state=EntryState.DONE if service.last_step == 0 else EntryState.OPEN,
                    note=note,
                    created_by=actor,
                )
        except IntegrityError:  # registered by someone else a moment ago
            raise duplicate from None
        audit.record(
            actor=actor,
            action=audit.Action.CREATE,
            obj=entry,
            area_code=household.community.code,
            household_id=household.pk,
            after={"service": service.pk, "member": member.pk, **audit.snapshot(entry, _ENTRY_FIELDS)},
        )
    return entry


def entry_step(*, entry: Entry, data: EntryStepData, actor: User) -> Entry:
    """An entry taken to a later step of its service (steps may be skipped); the last is done."""
    _require(actor, entry.community, WRITERS)
    today = timezone.localdate()
    errors: dict[str, list[Any]] = {}
    with transaction.atomic():
        locked = Entry.objects.select_for_update(of=("self",)).select_related("service").get(pk=entry.pk)
        if locked.state != EntryState.OPEN:
            raise DomainError(_("This registration is closed."), code="state")
        service = locked.service
        try:
            step = int(str(data.get("step") if data.get("step") is not None else locked.step + 1).strip())
        except ValueError:
            step = -1
        if not locked.step < step <= service.last_step:
            errors["step"] = [_("Choose a step after the one reached.")]
        day = _day(errors, data.get("on"), "on", today=today)
        if "on" not in errors and day < locked.step_on:
            errors["on"] = [_("A step is not dated before the one reached.")]
        outcome = _text(errors, data, "outcome", 200) or locked.outcome
        note = _text(errors, data, "note", 300) or locked.note
        if errors:
            raise DomainError(errors=errors)
        before = audit.snapshot(locked, _ENTRY_FIELDS)
        locked.step, locked.step_on, locked.outcome, locked.note = step, day, outcome, note
        locked.history = [*locked.history, [step, day.isoformat()]]
        if step == service.last_step:
            locked.state = EntryState.DONE
        locked.version += 1
        locked.save()
        audit.record_update(
            actor=actor,
            obj=locked,
            before=before,
            area_code=locked.community.code,
            household_id=locked.household_id,
            note=service.step_name(step),
        )
    return locked


def entry_withdraw(*, entry: Entry, reason: str, actor: User) -> Entry:
    """An entry closed before its last step (moved away, not eligible, no longer wanted): why."""
    _require(actor, entry.community, WRITERS)
    reason = str(reason or "").strip()
    if not reason:
        raise DomainError(_("Say why."), field="reason")
    if len(reason) > 200:
        raise DomainError(_("At most %(n)s characters.") % {"n": 200}, field="reason")
    with transaction.atomic():
        locked = Entry.objects.select_for_update().get(pk=entry.pk)
        if locked.state != EntryState.OPEN:
            raise DomainError(_("This registration is closed."), code="state")
        before = audit.snapshot(locked, _ENTRY_FIELDS)
        locked.state, locked.outcome = EntryState.WITHDRAWN, reason
        locked.version += 1
        locked.save()
        audit.record_update(
            actor=actor,
            obj=locked,
            before=before,
            area_code=locked.community.code,
            household_id=locked.household_id,
        )
    return locked


def referral_record(*, member: Member, data: ReferralData, actor: User) -> Referral:
    """A person sent to an employer or a job fair; the outcome pending."""
    _person(member, actor)
    today = timezone.localdate()
    errors: dict[str, list[Any]] = {}
    kind = str(data.get("kind") or "").strip()
    if kind not in ReferralKind.values:
        errors["kind"] = [_("Choose an employer or a job fair.")]
    employer = _text(errors, data, "employer", 100, required=True)
    job = _text(errors, data, "job", 60)
    day = _day(errors, data.get("referred_on"), "referred_on", today=today)
    note = _text(errors, data, "note", 300)
    if errors:
        raise DomainError(errors=errors)
    household = member.household
    with transaction.atomic():
        referral = Referral.objects.create(
            member=member,
            household=household,
            community=household.community,
            kind=kind,
            employer=employer,
            job=job,
            referred_on=day,
            note=note,
            created_by=actor,
        )
        audit.record(
            actor=actor,
            action=audit.Action.CREATE,
            obj=referral,
            area_code=household.community.code,
            household_id=household.pk,
            after={"member": member.pk, **audit.snapshot(referral, _REFERRAL_FIELDS)},
        )
    return referral


def disregard_months(referral: Referral, start: datetime.date) -> int:
    """The county's new-job disregard (`Rules.new_job_disregard_months`) in force for the person's
    community in the month the job began: its first months' wage is not counted."""
    return int(in_force(referral.community, start.replace(day=1)).context.rules.new_job_disregard_months)


def _until(start: datetime.date, months: int) -> datetime.date:
    """The last month not counted: the start month and the `months - 1` after it."""
    index = start.year * 12 + start.month - 1 + months - 1
    return datetime.date(index // 12, index % 12 + 1, 1)


def _change_text(referral: Referral, start: datetime.date, wage: Any, months: int) -> str:
    text = _(
        "Referred by the community: at work with %(employer)s from %(start)s, monthly wage %(wage)s yuan."
    ) % {
        "employer": referral.employer,
        "start": f"{start:%Y-%m-%d}",
        "wage": wage,
    }
    if months:
        text += " " + _(
            "New-job disregard: the wage is not counted for %(n)s months (%(first)s to %(last)s)."
        ) % {"n": months, "first": f"{start:%Y-%m}", "last": f"{_until(start, months):%Y-%m}"}
    return str(text)


def referral_outcome(*, referral: Referral, data: ReferralOutcomeData, actor: User) -> Referral:
    """The referral's outcome. A job taken is not a silent stop: the wage goes on the register from
    the month work began (which the county's new-job disregard leaves uncounted for its months),
    the person is employed, and a receiving or suspended household's change is reported — a review
    of kind "reported change" opened, or the open review the change is then recorded in. One
    transaction: all of it or nothing."""
    _require(actor, referral.community, WRITERS)
    today = timezone.localdate()
    errors: dict[str, list[Any]] = {}
    outcome = str(data.get("outcome") or "").strip()
    if outcome not in (ReferralOutcome.NOT_TAKEN, ReferralOutcome.HIRED):
        errors["outcome"] = [_("Choose hired or not taken.")]
    note = _text(errors, data, "note", 300)
    start: datetime.date | None = None
    wage = None
    if outcome == ReferralOutcome.HIRED:
        try:
            start = parse_date(data.get("start_on"), "start_on")
        except DomainError as exc:
            errors.update(exc.errors)
        else:
            if start is None:
                errors["start_on"] = [_("Say when work began.")]
            elif start > today:
                errors["start_on"] = [_("Record the job once work has begun.")]
            elif start < referral.referred_on:
                errors["start_on"] = [_("Work began before the referral.")]
        try:
            wage = parse_amount(data.get("wage"), column=Referral._meta.get_field("wage"), field="wage")
        except DomainError as exc:
            errors.update(exc.errors)
        else:
            if wage <= 0:
                errors["wage"] = [_("The amount must be more than zero.")]
    if errors:
        raise DomainError(errors=errors)
    with transaction.atomic():
        locked = (
            Referral.objects.select_for_update(of=("self",))
            .select_related("member", "household")
            .get(pk=referral.pk)
        )
        if locked.outcome != ReferralOutcome.PENDING:
            raise DomainError(_("This referral's outcome is recorded already."), code="state")
        before = audit.snapshot(locked, _REFERRAL_FIELDS)
        locked.outcome, locked.outcome_on = outcome, today
        locked.note = note or locked.note
        if outcome == ReferralOutcome.HIRED:
            assert start is not None and wage is not None
            _hired(locked, start, wage, actor)
        locked.save()
        audit.record_update(
            actor=actor,
            obj=locked,
            before=before,
            area_code=locked.community.code,
            household_id=locked.household_id,
        )
    return locked


def _hired(referral: Referral, start: datetime.date, wage: Any, actor: User) -> None:
    months = disregard_months(referral, start)
    member, household = referral.member, referral.household
    referral.start_on, referral.wage, referral.disregard_months = start, wage, months
    text = _change_text(referral, start, wage, months)
    referral.income = income_add(
        household=household,
        data={
            "member": member.pk,
            "kind": IncomeKind.WAGE,
            "item": IncomeItem.WAGE,
            "amount": wage,
            "source": referral.employer,
            "month_from": start.replace(day=1),
            "notes": text,
        },
        actor=actor,
    )
    if member.employment != Employment.EMPLOYED:
        member_update(member=member, data={"employment": Employment.EMPLOYED}, actor=actor)
    if household.status not in (HouseholdStatus.RECEIVING, HouseholdStatus.SUSPENDED):
        return  # not under dynamic management: an application's assessment reads the register
    review = (
        Review.objects.filter(household=household, program_id=DIBAO, state__in=OPEN_STATES)
        .order_by("id")
        .first()
    )
    if review is None:
        review = review_open(
            household=household,
            actor=actor,
            kind=ReviewKind.CHANGE,
            change_kind=ChangeKind.EMPLOYMENT,
            occurred_on=start,
            description=text,
        )
    referral.review = review


def entries_export_record(
    *, service: Service, area: Area, state: str, rows: int, full_ids: bool, actor: User | None
) -> None:
    """Who took a service's list out, for which area, and whether ID numbers were whole."""
    with transaction.atomic():
        audit.record(
            actor=actor,
            action=audit.Action.EXPORT,
            obj=service,
            area_code=area.code,
            after={"service": service.code, "state": state, "rows": rows, "full_id_numbers": full_ids},
        )
