"""Reads of public-welfare labour, limited to the user's area (`core.scoping`): groups, sessions,
attendance, exemptions, reminders and reviews are their community's. Obligations are judged for
many people at once in a fixed number of queries (`obligations`)."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Max, Q, QuerySet

from dibao.accounts.models import User
from dibao.areas.models import Area
from dibao.benefits.models import Entitlement
from dibao.benefits.services import in_force
from dibao.core.errors import NotFound
from dibao.core.months import add_months
from dibao.core.scoping import Operator, within, within_area
from dibao.registry.models import Household, Member

from .models import (
    Attendance,
    Exemption,
    Group,
    GroupMember,
    LabourReview,
    LabourRule,
    Presence,
    Reminder,
    Session,
)
from .obligation import Exempt, Obligation, facts_of, judge

Viewer = User | Operator


def rule_for(county_id: int, month: datetime.date) -> LabourRule:
    """The county's rule in force in `month`; the defaults (unsaved) when it has set none."""
    found = (
        LabourRule.objects.filter(county_id=county_id, valid_from__lte=month.replace(day=1))
        .order_by("-valid_from")
        .first()
    )
    return found or LabourRule(county_id=county_id, valid_from=month.replace(day=1))


def rules_of(county_id: int) -> QuerySet[LabourRule]:
    return LabourRule.objects.filter(county_id=county_id).order_by("-valid_from")


def month_range(month: datetime.date) -> Q:
    return Q(date__gte=month, date__lt=add_months(month, 1))


# Groups, their members and sessions.


def visible_groups(user: Viewer) -> QuerySet[Group]:
    return within(Group.objects.all(), user).select_related("community")


def group_get(user: Viewer, pk: int) -> Group:
    found = visible_groups(user).filter(pk=pk).first()
    if found is None:
        raise NotFound()
    return found


def current_members(group: Group) -> QuerySet[GroupMember]:
    return (
        group.members.filter(left_on__isnull=True)
        .select_related("member", "member__household")
        .order_by("member__household__number", "member_id")
    )


def visible_sessions(user: Viewer) -> QuerySet[Session]:
    return within(Session.objects.all(), user).select_related("group", "community")


def session_get(user: Viewer, pk: int) -> Session:
    found = visible_sessions(user).filter(pk=pk).first()
    if found is None:
        raise NotFound()
    return found


def group_sessions(group: Group, month: datetime.date) -> QuerySet[Session]:
    return group.sessions.filter(month_range(month)).annotate(
        present=Count("attendance", filter=Q(attendance__status=Presence.PRESENT))
    )


def candidates(group: Group) -> QuerySet[Member]:
    """Current people of the group's community who are in no group: whom the group may take in."""
    taken = GroupMember.objects.filter(left_on__isnull=True).values("member_id")
    return (
        Member.objects.filter(household__community_id=group.community_id, is_current=True)
        .exclude(pk__in=taken)
        .select_related("household")
        .order_by("household__number", "id")
    )


# Obligations.


def obligations(members: list[Member], month: datetime.date, rule: LabourRule) -> dict[int, Obligation]:
    """Each person's obligation in `month`: two queries whatever the number of people."""
    month = month.replace(day=1)
    households = {m.household_id for m in members}
    receiving = set(
        Entitlement.objects.filter(
            in_force(month), household_id__in=households, program_id__in=list(rule.programs)
        ).values_list("household_id", flat=True)
    )
    by_hand: dict[int, list[Exempt]] = defaultdict(list)
    for e in Exemption.objects.filter(
        Q(month_to__isnull=True) | Q(month_to__gte=month),
        member_id__in=[m.pk for m in members],
        month_from__lte=month,
    ):
        by_hand[e.member_id].append(Exempt(e.reason, e.note, by_hand=True))
    return {
        m.pk: judge(
            facts_of(m),
            concerned=m.household_id in receiving,
            by_hand=by_hand.get(m.pk, []),
            rule=rule,
            month=month,
        )
        for m in members
    }


# The sign-in list.


@dataclass
class SignRow:
    group_member: GroupMember
    obligation: Obligation
    attendance: Attendance | None

    @property
    def member(self) -> Member:
        return self.group_member.member

    @property
    def present(self) -> bool:
        return self.attendance is not None and self.attendance.status == Presence.PRESENT


def sign_list(session: Session) -> list[SignRow]:
    """The group's current members with their obligation and what is recorded for the session."""
    people = list(current_members(session.group))
    rule = rule_for(county_of(session.community).pk, session.date)
    judged = obligations([p.member for p in people], session.date, rule)
    recorded = {a.member_id: a for a in session.attendance.all()}
    return [SignRow(p, judged[p.member_id], recorded.get(p.member_id)) for p in people]


def county_of(area: Area) -> Area:
    """The county an area lies in: its code's first six digits."""
    return Area.objects.get(code=area.code[:6])


def absences(session: Session) -> QuerySet[Attendance]:
    return (
        session.attendance.exclude(status=Presence.PRESENT)
        .select_related("member", "member__household")
        .order_by("member__household__number", "member_id")
    )


# Counting absences.


@dataclass
class Absent:
    member_id: int
    household_id: int
    community_id: int
    count: int
    last: datetime.date


def unexcused(area: Area | None, month: datetime.date, user: Viewer | None = None) -> list[Absent]:
    """People with unexcused absences in `month` in `area` (or what `user` sees), most first:
    one grouped query."""
    rows = Attendance.objects.filter(status=Presence.UNEXCUSED).filter(
        session__date__gte=month, session__date__lt=add_months(month, 1)
    )
    if area is not None:
        rows = within_area(rows, area, "session__community__code")
    if user is not None:
        rows = within(rows, user, "session__community__code")
    grouped = (
        rows.values("member_id", "member__household_id", "session__community_id")
        .annotate(n=Count("id"), last=Max("session__date"))
        .order_by("-n", "member_id")
    )
    return [
        Absent(r["member_id"], r["member__household_id"], r["session__community_id"], r["n"], r["last"])
        for r in grouped
    ]


def reminder_get(user: Viewer, pk: int) -> Reminder:
    found = (
        within(Reminder.objects.filter(pk=pk), user)
        .select_related("member", "household", "community", "community__parent")
        .first()
    )
    if found is None:
        raise NotFound()
    return found


def exemption_get(user: Viewer, pk: int) -> Exemption:
    found = within(Exemption.objects.filter(pk=pk), user).select_related("member").first()
    if found is None:
        raise NotFound()
    return found


def reminders(user: Viewer, month: datetime.date) -> QuerySet[Reminder]:
    return (
        within(Reminder.objects.filter(month=month), user)
        .select_related("member", "household", "community")
        .order_by("community__code", "household__number", "member_id")
    )


def labour_reviews(user: Viewer, month: datetime.date) -> QuerySet[LabourReview]:
    return (
        within(LabourReview.objects.filter(month=month), user)
        .select_related("member", "household", "community", "review")
        .order_by("community__code", "household__number")
    )


# Figures.


@dataclass
class PersonFigures:
    group: Group
    member: Member
    must: bool
    required: int
    present: int = 0
    excused: int = 0
    unexcused: int = 0


@dataclass
class GroupFigures:
    group: Group
    sessions: int = 0
    people: int = 0
    must: int = 0
    present: int = 0
    excused: int = 0
    unexcused: int = 0
    persons: list[PersonFigures] = field(default_factory=list)


@dataclass
class Figures:
    month: datetime.date
    groups: list[GroupFigures] = field(default_factory=list)

    @property
    def total(self) -> GroupFigures:
        total = GroupFigures(group=Group(name=""))
        for g in self.groups:
            for name in ("sessions", "people", "must", "present", "excused", "unexcused"):
                setattr(total, name, getattr(total, name) + getattr(g, name))
        return total


def figures(user: Viewer, month: datetime.date, *, community: Area | None = None) -> Figures:
    """Per group and person for a month: sessions held, attendance by kind, and who must take part.
    A fixed number of queries: groups, sessions counted, members, attendance counted, obligations."""
    month = month.replace(day=1)
    end = add_months(month, 1)
    groups = visible_groups(user)
    if community is not None:
        groups = groups.filter(community=community)
    found = Figures(month=month)
    listed = list(groups.order_by("community__code", "name"))
    if not listed:
        return found
    ids = [g.pk for g in listed]
    held = dict(
        Session.objects.filter(group_id__in=ids, date__gte=month, date__lt=end)
        .values("group_id")
        .annotate(n=Count("id"))
        .values_list("group_id", "n")
    )
    people = list(
        # Everyone in the group during the month or since: a card issued late still counts the
        # sessions it was signed in for.
        GroupMember.objects.filter(group_id__in=ids)
        .filter(Q(left_on__isnull=True) | Q(left_on__gte=month))
        .select_related("member", "member__household")
        .order_by("group_id", "member__household__number", "member_id")
    )
    counts: dict[tuple[int, int], dict[str, int]] = defaultdict(dict)
    for row in (
        Attendance.objects.filter(session__group_id__in=ids, session__date__gte=month, session__date__lt=end)
        .values("session__group_id", "member_id", "status")
        .annotate(n=Count("id"))
    ):
        counts[(row["session__group_id"], row["member_id"])][row["status"]] = row["n"]
    by_county: dict[str, LabourRule] = {}
    judged: dict[int, Obligation] = {}
    groups_by_id = {g.pk: GroupFigures(group=g, sessions=held.get(g.pk, 0)) for g in listed}
    # One county, except for the console's reads across counties.
    for code in {g.community.code[:6] for g in listed}:
        by_county[code] = rule_for(Area.objects.get(code=code).pk, month)
        judged.update(
            obligations(
                [p.member for p in people if groups_by_id[p.group_id].group.community.code[:6] == code],
                month,
                by_county[code],
            )
        )
    for p in people:
        g = groups_by_id[p.group_id]
        rule = by_county[g.group.community.code[:6]]
        must = judged[p.member_id].must
        c = counts.get((p.group_id, p.member_id), {})
        person = PersonFigures(
            group=g.group,
            member=p.member,
            must=must,
            required=rule.sessions_per_month if must else 0,
            present=c.get(Presence.PRESENT, 0),
            excused=c.get(Presence.EXCUSED, 0),
            unexcused=c.get(Presence.UNEXCUSED, 0),
        )
        g.persons.append(person)
        g.people += 1
        g.must += int(must)
        g.present += person.present
        g.excused += person.excused
        g.unexcused += person.unexcused
    found.groups = list(groups_by_id.values())
    return found


# A household's panel.


@dataclass
class MemberLabour:
    member: Member
    obligation: Obligation
    group: GroupMember | None
    present: int
    excused: int
    unexcused: int


@dataclass
class HouseholdLabour:
    month: datetime.date
    rule: LabourRule
    members: list[MemberLabour]
    exemptions: list[Exemption]
    reminders: list[Reminder]
    reviews: list[LabourReview]


def household_labour(user: Viewer, household: Household, month: datetime.date) -> HouseholdLabour:
    """The household's obligation, exemptions and attendance in `month`; the household was found
    in the user's area, and its rows are scoped again here all the same."""
    month = month.replace(day=1)
    people = list(household.members.filter(is_current=True).order_by("id"))
    ids = [m.pk for m in people]
    rule = rule_for(household.county_id, month)
    judged = obligations(people, month, rule)
    groups = {
        gm.member_id: gm
        for gm in GroupMember.objects.filter(member_id__in=ids, left_on__isnull=True).select_related("group")
    }
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    attended = within(
        Attendance.objects.filter(
            member_id__in=ids, session__date__gte=month, session__date__lt=add_months(month, 1)
        ),
        user,
        "session__community__code",
    )
    for row in attended.values("member_id", "status").annotate(n=Count("id")):
        counts[row["member_id"]][row["status"]] = row["n"]
    return HouseholdLabour(
        month=month,
        rule=rule,
        members=[
            MemberLabour(
                member=m,
                obligation=judged[m.pk],
                group=groups.get(m.pk),
                present=counts[m.pk].get(Presence.PRESENT, 0),
                excused=counts[m.pk].get(Presence.EXCUSED, 0),
                unexcused=counts[m.pk].get(Presence.UNEXCUSED, 0),
            )
            for m in people
        ],
        exemptions=list(
            within(Exemption.objects.filter(member_id__in=ids), user).select_related("member")[:50]
        ),
        reminders=list(
            within(Reminder.objects.filter(household=household), user).select_related("member")[:24]
        ),
        reviews=list(
            within(LabourReview.objects.filter(household=household), user).select_related("member", "review")[
                :24
            ]
        ),
    )
