"""The found lists of an area and a month, for the page, the API and `dibao discover`."""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Count, Max, Min, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from dibao.areas.models import Area, Level
from dibao.core.errors import DomainError
from dibao.core.models import AuditEntry
from dibao.policy.programs.in_force import terms_across
from dibao.policy.selectors import program_by_code
from dibao.registry.models import Household, Member
from dibao.registry.selectors import with_head_name

from ..models import FoundEntry, FoundTally
from .rules import DUE, DUE_RULES, MEMBER_COLUMNS, STOP, STOP_PROGRAMS, Found, stop_rows, where_communities

DIRECTIONS = (DUE, STOP)
TALLY_TYPE = f"{FoundTally._meta.app_label}.{FoundTally._meta.model_name}"
# The record of a read (an export, an ID number revealed) changes no one's facts.
READS = (AuditEntry.Action.EXPORT, AuditEntry.Action.REVEAL)


def searched_programs(program: str | None) -> list[str]:
    """The categorical programs searched: the one asked for (it must be one), else every one."""
    if not program:
        return list(DUE_RULES)
    code = program_by_code(program).code  # an unknown code is NotFound, naming the codes
    if code not in DUE_RULES:
        raise DomainError(
            _("'%(code)s' is not found by the register alone; the programs searched are: %(codes)s.")
            % {"code": code, "codes": ", ".join(DUE_RULES)},
            field="program",
        )
    return [code]


def found(
    area: Area,
    month: datetime.date,
    *,
    program: str | None = None,
    direction: str = DUE,
    household: Household | None = None,
) -> list[Found]:
    """Who the register shows for `direction` in `area` (found through `areas.selectors.area_for`,
    so the caller's scope is already checked) — or in one `household` of it — ordered by community
    and household."""
    month = month.replace(day=1)
    rows: list[Found] = []
    searched = searched_programs(program)
    across = terms_across(area, month, searched)
    for code in searched:
        for group in across[code]:
            if not group.enabled:
                continue  # a program the area has switched off finds no one
            where = where_communities(group.community_ids)
            if household is not None:
                where &= Q(household_id=household.pk)
            if direction == DUE:
                rows.extend(_due(code, where, month, group.terms))
            elif code in STOP_PROGRAMS:
                rows.extend(_stop(code, where, month, group.terms))
    rows.sort(key=lambda f: (f.community, f.household_number, f.member_id, f.program))
    return rows


def _due(code: str, where: Q, month: datetime.date, terms: dict[str, Any]) -> Iterable[Found]:
    query, reason = DUE_RULES[code](where, month, terms)
    for row in query.values(*MEMBER_COLUMNS).order_by():
        yield _due_row(code, row, reason(row))


def _due_row(code: str, row: dict[str, Any], reason: str) -> Found:
    """A person found due for `code`, from a row of `MEMBER_COLUMNS`."""
    return Found(
        program=code,
        direction=DUE,
        member_id=row["id"],
        name=row["name"],
        id_number=row["id_number"],
        household_id=row["household_id"],
        household_number=row["household__number"],
        community=row["household__community__name"],
        reason=reason,
    )


def _stop(code: str, where: Q, month: datetime.date, terms: dict[str, Any]) -> Iterable[Found]:
    seen: set[int] = set()
    for query, reason in stop_rows(where, month, code, terms):
        columns = (
            "id",
            "member_id",
            "member__name",
            "member__id_number",
            "household_id",
            "household__number",
        )
        for row in query.values(*columns, "household__community__name").order_by():
            if row["id"] in seen:
                continue  # one reason per entitlement: the first that applies
            seen.add(row["id"])
            yield Found(
                program=code,
                direction=STOP,
                member_id=row["member_id"],
                name=row["member__name"],
                id_number=row["member__id_number"],
                household_id=row["household_id"],
                household_number=row["household__number"],
                community=row["household__community__name"],
                reason=str(reason),
                entitlement_id=row["id"],
            )


def communities_in(area: Area) -> dict[int, str]:
    """The communities of `area` (itself, if it is one): id → code."""
    rows = Area.objects.filter(level=Level.COMMUNITY, scope_prefix__prefix=area.scope_prefix)
    return dict(rows.values_list("id", "code"))


def due_communities(area: Area, month: datetime.date, now: datetime.datetime | None = None) -> list[int]:
    """The communities of `area` whose found list of `month` is to be counted again
    (`services.found`): never counted, or counted on an earlier day (the nightly count missed, or
    the program's terms changed: they are set above the community, and counted from the next
    day); or counted more than FOUND_RECOUNT_AFTER ago with something written in the community
    since — the audit trail is the one record of every write with its area, so no writer has to
    remember to say that a list changed. Reads only: three queries."""
    month = month.replace(day=1)
    now = now or timezone.now()
    codes = communities_in(area)
    tallies = FoundTally.objects.filter(month=month, community_id__in=codes, counted_at__isnull=False)
    counted: dict[int, datetime.datetime] = {
        pk: at for pk, at in tallies.values_list("community_id", "counted_at") if at is not None
    }
    start_of_day = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    due = [pk for pk in codes if pk not in counted or counted[pk] < start_of_day]
    settled = {
        pk: at for pk, at in counted.items() if start_of_day <= at < now - settings.FOUND_RECOUNT_AFTER
    }
    if settled:
        written = (
            AuditEntry.objects.filter(
                at__gt=min(settled.values()), area_code__in=[codes[pk] for pk in settled]
            )
            .exclude(object_type=TALLY_TYPE)
            .exclude(action__in=READS)
            .values_list("area_code")
            .annotate(last=Max("at"))
            .order_by()
        )
        last_written: dict[str, datetime.datetime] = {code: at for code, at in written if at is not None}
        due += [pk for pk, at in settled.items() if last_written.get(codes[pk], at) > at]
    return sorted(due)


@dataclass(frozen=True)
class Counted:
    """An area's found lists (应享未享) as last counted: how many, the first of them, and when."""

    count: int
    first: list[tuple[Found, str]]  # each with their household head's name
    as_of: datetime.datetime | None  # the oldest count of the area's communities
    pending: int  # communities not counted yet this month


def counted_first(area: Area, month: datetime.date, limit: int) -> Counted:
    """How many the last counts of `area`'s communities found (`services.found`) and the first
    `limit` by community and household, each with their head's name and the reason in words of
    today's facts — for the desk, which must not test a county's register on every visit. Six
    queries whatever the size of the area."""
    month = month.replace(day=1)
    tallies = FoundTally.objects.filter(
        month=month, community__scope_prefix__prefix=area.scope_prefix, counted_at__isnull=False
    )
    summary = tallies.aggregate(count=Sum("count"), as_of=Min("counted_at"), counted=Count("id"))
    communities = Area.objects.filter(level=Level.COMMUNITY, scope_prefix__prefix=area.scope_prefix)
    summary["pending"] = communities.count() - summary["counted"]
    # The area's codes as a range of digits, so that the index is read in order from the first
    # and the page stops at `limit` (a LIKE would need a pattern-ops index that cannot sort).
    below = str(int(area.scope_prefix) + 1).zfill(len(area.scope_prefix))
    entries = FoundEntry.objects.filter(
        month=month, community_code__gte=area.scope_prefix, community_code__lt=below
    ).order_by("community_code", "household_number", "member_id", "program_id")
    first = [
        (str(program), community, member)
        for program, community, member in entries.values_list("program_id", "community_id", "member_id")[
            :limit
        ]
    ]
    if not first:
        return Counted(summary["count"] or 0, [], summary["as_of"], summary["pending"])
    people = {
        row["id"]: row
        for row in with_head_name(Member.objects.filter(pk__in=[member for _p, _c, member in first])).values(
            *MEMBER_COLUMNS, "head_name"
        )
    }
    reasons: dict[tuple[str, int], Callable[[dict[str, Any]], str]] = {}
    for code, groups in terms_across(area, month, sorted({program for program, _c, _m in first})).items():
        for group in groups:
            _query, reason = DUE_RULES[code](where_communities(group.community_ids), month, group.terms)
            reasons.update({(code, community): reason for community in group.community_ids})
    rows = []
    for program, community, member in first:
        row = people.get(member)
        if row is None or (program, community) not in reasons:
            continue  # gone from the register since the count; the next count drops them
        rows.append((_due_row(program, row, reasons[(program, community)](row)), row["head_name"] or ""))
    return Counted(summary["count"] or 0, rows, summary["as_of"], summary["pending"])
