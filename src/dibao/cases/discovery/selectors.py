"""The found lists of an area and a month, for the page, the API and `dibao discover`."""

import datetime
from collections.abc import Iterable
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from dibao.areas.models import Area
from dibao.core.errors import DomainError
from dibao.policy.programs.in_force import terms_across
from dibao.policy.selectors import program_by_code
from dibao.registry.models import Household
from dibao.registry.selectors import with_head_name

from .rules import DUE, DUE_RULES, MEMBER_COLUMNS, STOP, STOP_PROGRAMS, Found, stop_rows, where_communities

DIRECTIONS = (DUE, STOP)


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
        yield Found(
            program=code,
            direction=DUE,
            member_id=row["id"],
            name=row["name"],
            id_number=row["id_number"],
            household_id=row["household_id"],
            household_number=row["household__number"],
            community=row["household__community__name"],
            reason=reason(row),
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


def due_first(area: Area, month: datetime.date, limit: int) -> tuple[int, list[tuple[Found, str]]]:
    """How many the register shows as due (应享未享) in `area`, counted in SQL, and the first
    `limit` of them by community and household, each with their household head's name — for the
    desk, which must not build a county's whole list to show a page of it. Two queries per
    program and set of terms, after `terms_across`'s two."""
    month = month.replace(day=1)
    count, rows = 0, []
    across = terms_across(area, month, list(DUE_RULES))
    for code, groups in across.items():
        for group in groups:
            if not group.enabled:
                continue
            query, reason = DUE_RULES[code](where_communities(group.community_ids), month, group.terms)
            count += query.count()
            first = with_head_name(query).order_by("household__community__code", "household__number", "id")
            for row in first.values(*MEMBER_COLUMNS, "household__community__code", "head_name")[:limit]:
                found_row = Found(
                    program=code,
                    direction=DUE,
                    member_id=row["id"],
                    name=row["name"],
                    id_number=row["id_number"],
                    household_id=row["household_id"],
                    household_number=row["household__number"],
                    community=row["household__community__name"],
                    reason=reason(row),
                )
                key = (row["household__community__code"], row["household__number"], row["id"], code)
                rows.append((key, found_row, row["head_name"] or ""))
    rows.sort(key=lambda r: r[0])
    return count, [(found_row, head) for _key, found_row, head in rows[:limit]]
