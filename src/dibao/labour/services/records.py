"""Every write of public-welfare labour, each with its audit entry in its transaction: the county's
rule, exemptions by hand, groups and their members, the schedule of sessions, sign-in (a ticked
list or a card's code), absences and their reasons, and the monthly check that sends reminders
and opens reviews (`check.py` holds its steps)."""

import datetime
import secrets
from typing import Any, cast

from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dibao.accounts.models import User
from dibao.areas.models import Area, Level
from dibao.core import audit
from dibao.core.counts import parse_count
from dibao.core.errors import DomainError, Forbidden, NotFound
from dibao.core.months import parse_date, parse_month, parse_month_or_none
from dibao.core.roles import LABOUR_WORKERS, POLICY_EDITORS
from dibao.policy.programs import codes
from dibao.registry.models import Member
from dibao.workdays.calendar import load_calendar

from ..inputs import ExemptionData, GroupData, RuleData, ScheduleData
from ..models import (
    Attendance,
    Exemption,
    ExemptionReason,
    Group,
    GroupMember,
    LabourRule,
    Presence,
    Session,
    SignedBy,
    Task,
)
from ..selectors import county_of, current_members, obligations, rule_for

# A schedule reaches at most a year ahead: a typo in a year must not write thousands of sessions.
SCHEDULE_DAYS = 366
# Card codes: no 0/O, 1/I/L, so a code read aloud or typed from a card is not mistaken.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8


def require(actor: User | None, area: Area, roles: frozenset[str]) -> None:
    """`actor=None` is the server's operator at the console, who acts for every area."""
    if actor is None:
        return
    if actor.area is None or not actor.area.contains(area):
        raise NotFound()
    if actor.role not in roles:
        raise Forbidden()


def _text(value: Any, field: str, limit: int, errors: dict[str, list[Any]], required: bool = False) -> str:
    text = str(value or "").strip()
    if required and not text:
        errors[field] = [_("This field is required.")]
    elif len(text) > limit:
        errors[field] = [_("At most %(n)s characters.") % {"n": limit}]
    return text


# The county's rule.

_RULE_COUNTS = {
    "min_age": (0, 30),
    "max_age_men": (30, 80),
    "max_age_women": (30, 80),
    "exempt_disability_grade": (0, 4),
    "sessions_per_month": (0, 31),
    "reminder_after": (1, 31),
    "review_after": (1, 31),
}


def _programs(value: Any) -> list[str]:
    if value in (None, ""):
        return [codes.DIBAO]
    items = value.split(",") if isinstance(value, str) else list(value)
    chosen = [str(v).strip() for v in items if str(v).strip()]
    unknown = [c for c in chosen if c not in codes.RECURRING]
    if unknown or not chosen:
        raise DomainError(
            _("Choose recurring programs (%(known)s).") % {"known": ", ".join(codes.RECURRING)},
            field="programs",
        )
    return sorted(set(chosen), key=codes.RECURRING.index)


def labour_rule_set(*, county: Area, data: RuleData, actor: User | None) -> LabourRule:
    """A new version of the county's rule from a month (replacing one set for the same month)."""
    if county.level != Level.COUNTY:
        raise DomainError(_("The rule of public-welfare labour is a county's."), field="county")
    require(actor, county, POLICY_EDITORS)
    errors: dict[str, list[Any]] = {}
    values: dict[str, Any] = {}
    try:
        values["valid_from"] = parse_month(data.get("valid_from"), "valid_from")
    except DomainError as exc:
        errors.update(exc.errors)
    try:
        values["programs"] = _programs(data.get("programs"))
    except DomainError as exc:
        errors.update(exc.errors)
    for name, (low, high) in _RULE_COUNTS.items():
        column = cast(models.Field, LabourRule._meta.get_field(name))
        given = data.get(name)
        if given in (None, ""):
            values[name] = column.default
            continue
        try:
            values[name] = parse_count(given, column=column, field=name, minimum=low, maximum=high)
        except DomainError as exc:
            errors.update(exc.errors)
    if not errors and values["min_age"] > min(values["max_age_men"], values["max_age_women"]):
        errors["min_age"] = [_("The first age is above the last.")]
    if not errors and values["review_after"] < values["reminder_after"]:
        errors["review_after"] = [_("A review follows a reminder: its count is not below the reminder's.")]
    if errors:
        raise DomainError(errors=errors)
    with transaction.atomic():
        existing = LabourRule.objects.filter(county=county, valid_from=values["valid_from"]).first()
        before = audit.snapshot(existing) if existing else None
        rule, _created = LabourRule.objects.update_or_create(
            county=county, valid_from=values["valid_from"], defaults=values
        )
        audit.record(
            actor=actor,
            action=audit.Action.UPDATE if existing else audit.Action.CREATE,
            obj=rule,
            area_code=county.code,
            before=before,
            after=audit.snapshot(rule),
        )
    return rule


# Exemptions by hand.


def exemption_add(*, member: Member, data: ExemptionData, actor: User | None) -> Exemption:
    community = member.household.community
    require(actor, community, LABOUR_WORKERS)
    errors: dict[str, list[Any]] = {}
    reason = str(data.get("reason") or "").strip()
    if reason not in ExemptionReason.values:
        errors["reason"] = [_("Choose the reason.")]
    note = _text(data.get("note"), "note", 200, errors, required=reason == ExemptionReason.OTHER)
    month_from = month_to = None
    try:
        month_from = parse_month(data.get("month_from"), "month_from")
        month_to = parse_month_or_none(data.get("month_to"), "month_to")
    except DomainError as exc:
        errors.update(exc.errors)
    if month_from and month_to and month_to < month_from:
        errors["month_to"] = [_("The last month is before the first.")]
    if not member.is_current:
        errors["member"] = [_("This person's household has ended.")]
    if errors or month_from is None:
        raise DomainError(errors=errors)
    with transaction.atomic():
        exemption = Exemption.objects.create(
            member=member,
            community=community,
            reason=reason,
            note=note,
            month_from=month_from,
            month_to=month_to,
            created_by=audit.acting_user(actor),
        )
        audit.record(
            actor=actor,
            action=audit.Action.CREATE,
            obj=exemption,
            area_code=community.code,
            household_id=member.household_id,
            after=audit.snapshot(exemption, ["member", "reason", "note", "month_from", "month_to"]),
        )
    return exemption


def exemption_end(*, exemption: Exemption, month_to: Any, actor: User | None) -> Exemption:
    """The last month an exemption applies (an exemption is ended, never deleted)."""
    require(actor, exemption.community, LABOUR_WORKERS)
    last = parse_month(month_to, "month_to")
    if last < exemption.month_from:
        raise DomainError(_("The last month is before the first."), field="month_to")
    with transaction.atomic():
        before = audit.snapshot(exemption, ["month_to"])
        exemption.month_to = last
        exemption.save(update_fields=["month_to"])
        audit.record_update(
            actor=actor,
            obj=exemption,
            before=before,
            area_code=exemption.community.code,
            household_id=exemption.member.household_id,
        )
    return exemption


# Groups and their members.


def group_create(*, community: Area, data: GroupData, actor: User | None) -> Group:
    if community.level != Level.COMMUNITY:
        raise DomainError(_("A labour group is a community's."), field="community")
    require(actor, community, LABOUR_WORKERS)
    errors: dict[str, list[Any]] = {}
    name = _text(data.get("name"), "name", 40, errors, required=True)
    leader = _text(data.get("leader"), "leader", 40, errors)
    task = str(data.get("task") or Task.CLEANING)
    if task not in Task.values:
        errors["task"] = [_("Choose the task.")]
    if not errors and Group.objects.filter(community=community, name=name).exists():
        errors["name"] = [_("The community already has a group of this name.")]
    if errors:
        raise DomainError(errors=errors)
    with transaction.atomic():
        group = Group.objects.create(community=community, name=name, task=task, leader=leader)
        audit.record(
            actor=actor,
            action=audit.Action.CREATE,
            obj=group,
            area_code=community.code,
            after=audit.snapshot(group, ["name", "task", "leader"]),
        )
    return group


def _new_code() -> str:
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _n in range(CODE_LENGTH))
        if not GroupMember.objects.filter(code=code).exists():
            return code


def group_member_add(*, group: Group, member: Member, actor: User | None) -> GroupMember:
    """A person of the group's community joins it, and is given the code on their card."""
    require(actor, group.community, LABOUR_WORKERS)
    if not member.is_current or member.household.community_id != group.community_id:
        raise DomainError(_("Only a person of the group's community joins it."), field="member")
    in_group = GroupMember.objects.filter(member=member, left_on__isnull=True).select_related("group").first()
    if in_group is not None:
        raise DomainError(
            _("%(name)s is already in the group %(group)s.")
            % {"name": member.name, "group": in_group.group.name},
            field="member",
            code="exists",
        )
    with transaction.atomic():
        try:
            with transaction.atomic():
                joined = GroupMember.objects.create(
                    group=group, member=member, code=_new_code(), joined_on=timezone.localdate()
                )
        except IntegrityError:  # joined another group a moment ago
            raise DomainError(
                _("This person has just joined a group."), field="member", code="exists"
            ) from None
        audit.record(
            actor=actor,
            action=audit.Action.CREATE,
            obj=joined,
            area_code=group.community.code,
            household_id=member.household_id,
            after={"group": group.pk, "member": member.pk, "code": joined.code},
        )
    return joined


def group_member_leave(*, joined: GroupMember, actor: User | None) -> GroupMember:
    require(actor, joined.group.community, LABOUR_WORKERS)
    if joined.left_on is not None:
        raise DomainError(_("This person has already left the group."), code="state")
    with transaction.atomic():
        joined.left_on = timezone.localdate()
        joined.save(update_fields=["left_on"])
        audit.record(
            actor=actor,
            action=audit.Action.UPDATE,
            obj=joined,
            area_code=joined.group.community.code,
            household_id=joined.member.household_id,
            before={"left_on": None},
            after={"left_on": joined.left_on.isoformat()},
        )
    return joined


# The schedule.


def _time(value: Any, field: str, errors: dict[str, list[Any]]) -> datetime.time | None:
    if isinstance(value, datetime.time):
        return value
    try:
        return datetime.time.fromisoformat(str(value or "").strip())
    except ValueError:
        errors[field] = [_("'%(v)s' is not a time (HH:MM).") % {"v": value or ""}]
        return None


def _weekdays(value: Any, errors: dict[str, list[Any]]) -> list[int]:
    items = value.split(",") if isinstance(value, str) else list(value or [])
    days = []
    for item in items:
        text = str(item).strip()
        if text.isdigit() and 0 <= int(text) <= 6:
            days.append(int(text))
        elif text:
            errors["weekdays"] = [_("Choose days of the week.")]
            return []
    if not days:
        errors["weekdays"] = [_("Choose days of the week.")]
    return sorted(set(days))


def sessions_schedule(*, group: Group, data: ScheduleData, actor: User | None) -> list[Session]:
    """Sessions on the chosen days of the week from one date to another (at most a year), skipping
    the days that are not working days on the official calendar unless told otherwise, and the
    days the group already meets at that time. Returns the sessions added."""
    require(actor, group.community, LABOUR_WORKERS)
    errors: dict[str, list[Any]] = {}
    weekdays = _weekdays(data.get("weekdays"), errors)
    first = last = None
    try:
        first = parse_date(data.get("date_from"), "date_from")
    except DomainError as exc:
        errors.update(exc.errors)
    try:
        last = parse_date(data.get("date_to"), "date_to")
    except DomainError as exc:
        errors.update(exc.errors)
    if first is None and "date_from" not in errors:
        errors["date_from"] = [_("This field is required.")]
    if last is None and "date_to" not in errors:
        errors["date_to"] = [_("This field is required.")]
    if first and last:
        if last < first:
            errors["date_to"] = [_("The last day is before the first.")]
        elif (last - first).days > SCHEDULE_DAYS:
            errors["date_to"] = [_("A schedule reaches at most a year.")]
    starts = _time(data.get("starts_at"), "starts_at", errors)
    ends = _time(data.get("ends_at"), "ends_at", errors)
    if starts and ends and ends <= starts:
        errors["ends_at"] = [_("A session ends after it starts.")]
    task = str(data.get("task") or group.task)
    if task not in Task.values:
        errors["task"] = [_("Choose the task.")]
    place = _text(data.get("place"), "place", 60, errors)
    working_only = str(data.get("working_days_only", True)).strip().lower() not in ("0", "false", "no", "off")
    if errors:
        raise DomainError(errors=errors)
    assert first and last and starts and ends
    calendar = load_calendar()
    days = [
        first + datetime.timedelta(days=n)
        for n in range((last - first).days + 1)
        if (first + datetime.timedelta(days=n)).weekday() in weekdays
    ]
    if working_only:
        days = [d for d in days if calendar.is_working_day(d)]
    with transaction.atomic():
        taken = set(
            group.sessions.filter(date__gte=first, date__lte=last, starts_at=starts).values_list(
                "date", flat=True
            )
        )
        sessions = Session.objects.bulk_create(
            [
                Session(
                    group=group,
                    community=group.community,
                    date=d,
                    starts_at=starts,
                    ends_at=ends,
                    task=task,
                    place=place,
                )
                for d in days
                if d not in taken
            ]
        )
        added = list(group.sessions.filter(date__in=[s.date for s in sessions], starts_at=starts))
        audit.record_many(
            [
                audit.entry(
                    actor=actor,
                    action=audit.Action.CREATE,
                    obj=s,
                    area_code=group.community.code,
                    after={
                        "group": group.pk,
                        "date": s.date.isoformat(),
                        "starts_at": f"{starts:%H:%M}",
                        "task": task,
                    },
                )
                for s in added
            ]
        )
    return added


# Sign-in and absences.


def _signable(session: Session, actor: User | None) -> None:
    require(actor, session.community, LABOUR_WORKERS)
    if session.date > timezone.localdate():
        raise DomainError(_("People are signed in on the day of the session, not before."), code="state")


def _audit_attendance(actor: User | None, session: Session, rows: list[Attendance], note: str) -> None:
    households = dict(
        Member.objects.filter(pk__in=[r.member_id for r in rows]).values_list("id", "household_id")
    )
    audit.record_many(
        [
            audit.entry(
                actor=actor,
                action=audit.Action.UPDATE,
                obj=r,
                area_code=session.community.code,
                household_id=households.get(r.member_id),
                after={"session": session.pk, "member": r.member_id, "status": r.status, "reason": r.reason},
                note=note,
            )
            for r in rows
        ]
    )


def attendance_sign_list(*, session: Session, present: list[int], actor: User | None) -> dict[str, int]:
    """The ticked list, saved at once: the ticked are present; of the others, those who must take
    part are absent without excuse unless an excuse is already recorded, and nothing is kept for
    the exempt. Each change has its entry; what did not change has none."""
    _signable(session, actor)
    people = {gm.member_id: gm.member for gm in current_members(session.group)}
    ticked = {int(p) for p in present}
    strangers = ticked - set(people)
    if strangers:
        raise DomainError(_("Only members of the session's group are signed in."), field="present")
    rule = rule_for(county_of(session.community).pk, session.date)
    judged = obligations(list(people.values()), session.date, rule)
    counts = {"present": 0, "unexcused": 0, "excused": 0}
    with transaction.atomic():
        recorded = {a.member_id: a for a in session.attendance.select_for_update()}
        changed: list[Attendance] = []
        dropped: list[Attendance] = []
        for member_id in people:
            row = recorded.get(member_id)
            if member_id in ticked:
                wanted, reason = Presence.PRESENT, ""
            elif row is not None and row.status == Presence.EXCUSED:
                counts["excused"] += 1
                continue
            elif judged[member_id].must:
                wanted, reason = Presence.UNEXCUSED, ""
            else:
                if row is not None:
                    dropped.append(row)
                continue
            counts[wanted] += 1
            if row is None:
                row = Attendance(session=session, member_id=member_id)
            elif row.status == wanted:
                continue
            row.status, row.reason, row.signed_by = wanted, reason, SignedBy.LIST
            row.recorded_by = audit.acting_user(actor)
            row.save()
            changed.append(row)
        for row in dropped:
            audit.record(
                actor=actor,
                action=audit.Action.DELETE,
                obj=row,
                area_code=session.community.code,
                household_id=people[row.member_id].household_id,
                before={"session": session.pk, "member": row.member_id, "status": row.status},
            )
            row.delete()
        _audit_attendance(actor, session, changed, "list")
    return counts


def _by_code(session: Session, code: str) -> Member:
    text = code.strip().upper().replace(" ", "")
    if not text:
        raise DomainError(_("Type or scan the code on the card."), field="code")
    current = GroupMember.objects.filter(group=session.group, left_on__isnull=True).select_related(
        "member", "member__household"
    )
    found = current.filter(code=text).first() or (
        current.filter(member__id_number=text).first() if len(text) == 18 else None
    )
    if found is None:
        # Whether the code is someone's elsewhere is not said: the group's members are all a
        # session may sign in, and another community's people are not this worker's to know.
        raise DomainError(
            _("No member of the group %(group)s has the code %(code)s.")
            % {"group": session.group.name, "code": text},
            field="code",
            code="not_found",
        )
    return found.member


def attendance_sign_code(*, session: Session, code: str, actor: User | None) -> Attendance:
    """Sign one person in by the code on their card (or their whole ID number), typed or scanned."""
    _signable(session, actor)
    member = _by_code(session, code)
    with transaction.atomic():
        row = session.attendance.select_for_update().filter(member=member).first()
        if row is not None and row.status == Presence.PRESENT:
            return row
        row = row or Attendance(session=session, member=member)
        row.status, row.reason, row.signed_by = Presence.PRESENT, "", SignedBy.CODE
        row.recorded_by = audit.acting_user(actor)
        row.save()
        _audit_attendance(actor, session, [row], "code")
    return row


def absence_record(
    *, session: Session, member: Member, excused: bool, reason: str, actor: User | None
) -> Attendance:
    """An absence with its reason: excused (illness, a job interview, a family matter) or not."""
    _signable(session, actor)
    if not GroupMember.objects.filter(group=session.group, member=member, left_on__isnull=True).exists():
        raise DomainError(_("Only members of the session's group are signed in."), field="member")
    errors: dict[str, list[Any]] = {}
    text = _text(reason, "reason", 200, errors, required=excused)
    if errors:
        raise DomainError(errors=errors)
    with transaction.atomic():
        row = session.attendance.select_for_update().filter(member=member).first() or Attendance(
            session=session, member=member
        )
        row.status = Presence.EXCUSED if excused else Presence.UNEXCUSED
        row.reason, row.signed_by, row.recorded_by = text, SignedBy.HAND, audit.acting_user(actor)
        row.save()
        _audit_attendance(actor, session, [row], "absence")
    return row
