"""The found lists (应享未享) kept for the desk: each community's list of a month, as the discovery
rules find it (`discovery.rules`), written set-based — one INSERT … SELECT per program and set of
terms — and counted again when something has been written in the community since.

Testing a county's register for every categorical program takes seconds; the desk is opened by
every worker every morning. So the desk reads the last count (`discovery.selectors.counted_first`)
and, when a list is due to be counted again (`discovery.selectors.due_communities`), queues the
recount for the worker (`cases.tasks`); `dibao discover --recount` counts every list from cron every
night. The full list (`discovery.selectors.found`, the page and the command) is always tested live."""

import datetime
from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import Count, DateField, Value
from django.utils import timezone

from dibao.areas.models import Area
from dibao.core import audit
from dibao.policy.programs.in_force import terms_across

from ..discovery.rules import DUE_RULES, where_communities
from ..discovery.selectors import communities_in
from ..models import FoundEntry, FoundTally

COLUMNS = (
    "month",
    "program_id",
    "community_id",
    "household_id",
    "member_id",
    "community_code",
    "household_number",
)


def found_recount(area: Area, month: datetime.date, communities: Iterable[int] | None = None) -> int:
    """Count again the found lists of `communities` of `area` (all of them if None) for `month`;
    returns how many were found. One transaction: a reader sees the old lists or the new ones."""
    month = month.replace(day=1)
    codes = communities_in(area)
    wanted = set(codes) if communities is None else set(communities) & set(codes)
    if not wanted:
        return 0
    with transaction.atomic():
        counted_at = timezone.now()
        FoundTally.objects.bulk_create(
            [FoundTally(community_id=pk, month=month) for pk in sorted(wanted)], ignore_conflicts=True
        )
        # Locked in one order, so two recounts of overlapping areas wait for each other, not
        # deadlock; the second then counts again what the first has just written.
        tallies = list(
            FoundTally.objects.select_for_update().filter(community_id__in=wanted, month=month).order_by("id")
        )
        FoundEntry.objects.filter(community_id__in=wanted, month=month).delete()
        across = terms_across(area, month, list(DUE_RULES))
        with connection.cursor() as cursor:
            for code, groups in across.items():
                for group in groups:
                    ids = [pk for pk in group.community_ids if pk in wanted]
                    if group.enabled and ids:
                        cursor.execute(*_insert_found(code, ids, month, group.terms))
        counts = dict(
            FoundEntry.objects.filter(community_id__in=wanted, month=month)
            .values_list("community_id")
            .annotate(n=Count("id"))
            .order_by()
        )
        for tally in tallies:
            tally.count, tally.counted_at = counts.get(tally.community_id, 0), counted_at
        FoundTally.objects.bulk_update(tallies, ["count", "counted_at"])
        audit.record_many(
            [
                audit.entry(
                    actor=None,
                    action=audit.Action.UPDATE,
                    obj=tally,
                    area_code=codes[tally.community_id],
                    after={"month": f"{month:%Y-%m}", "count": tally.count},
                    note="found list counted",
                )
                for tally in tallies
            ]
        )
    return sum(counts.values())


def _insert_found(code: str, community_ids: list[int], month: datetime.date, terms: dict) -> tuple[str, list]:
    """The program's test for these communities as one INSERT … SELECT into the found list."""
    query, _reason = DUE_RULES[code](where_communities(community_ids), month, terms)
    rows = query.order_by().values_list(
        Value(month, output_field=DateField()),
        Value(code),
        "household__community_id",
        "household_id",
        "id",
        "household__community__code",
        "household__number",
    )
    select, params = rows.query.sql_with_params()
    table = connection.ops.quote_name(FoundEntry._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(column) for column in COLUMNS)
    return f"INSERT INTO {table} ({columns}) {select}", list(params)
