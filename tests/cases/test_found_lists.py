"""The found lists kept for the desk (`services.found`, `discovery.selectors.counted_first`): the
same people as the live test, counted again only when the community has changed, read back in a
handful of queries, and said with when they were counted."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.test import override_settings
from django.utils import timezone, translation
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from dibao.benefits.services import entitlement_grant
from dibao.cases.discovery.selectors import TALLY_TYPE, communities_in, counted_first, due_communities, found
from dibao.cases.models import FoundEntry, FoundTally
from dibao.cases.services.found import found_recount
from dibao.cases.tasks import recount_found, recount_waiting
from dibao.cases.work import found_not_applied
from dibao.core import audit
from dibao.core.audit_verify import verify
from dibao.core.models import AuditEntry
from dibao.core.work import WORK
from dibao.policy.programs import codes
from tests.cases.discovery.test_found import GRANT, dibao_household, person
from tests.factories import make_household

pytestmark = pytest.mark.django_db

MONTH = timezone.localdate().replace(day=1)


def found_people(areas, users):
    """Found in two communities: two elders in 海州, one in 留北桥, one grade-1 disabled in a
    低保 household of 海州 (found for both disability subsidies)."""
    h = make_household(areas.haizhou, users.haizhou)
    person(h, users.haizhou, datetime.date(1930, 3, 1), name="甲老")
    person(h, users.haizhou, datetime.date(1931, 3, 1), name="乙老")
    other = make_household(areas.liubeiqiao, users.liubeiqiao)
    person(other, users.liubeiqiao, datetime.date(1932, 3, 1), name="丙老")
    poor = dibao_household(areas, users)
    person(
        poor,
        users.haizhou,
        datetime.date(1980, 5, 1),
        name="丁残",
        disability_type="limb",
        disability_grade=1,
    )
    return h


def as_pairs(rows):
    return sorted((row.program, row.member_id) for row in rows)


def test_a_recount_keeps_exactly_whom_the_live_test_finds(areas, users):
    found_people(areas, users)
    live = found(areas.county, MONTH)
    assert found_recount(areas.county, MONTH) == len(live) > 0
    kept = FoundEntry.objects.filter(month=MONTH)
    assert sorted((e.program_id, e.member_id) for e in kept) == as_pairs(live)
    tallies = {t.community_id: t.count for t in FoundTally.objects.filter(month=MONTH)}
    by_community = {}
    for row in live:
        community = areas.haizhou.pk if row.community == areas.haizhou.name else areas.liubeiqiao.pk
        by_community[community] = by_community.get(community, 0) + 1
    assert {pk: n for pk, n in tallies.items() if n} == by_community
    # A community with no one found has its count too: 0, counted.
    assert all(t.counted_at for t in FoundTally.objects.filter(month=MONTH))


def test_a_recount_replaces_the_list_and_leaves_its_audit_entries(areas, users):
    h = found_people(areas, users)
    found_recount(areas.county, MONTH)
    elder = h.members.get(name="甲老")
    entitlement_grant(
        household=h,
        grant=GRANT,
        month_from=MONTH,
        reason="approval",
        actor=None,
        program=codes.ELDERLY_ALLOWANCE,
        member=elder,
    )
    before = AuditEntry.objects.filter(object_type=TALLY_TYPE).count()
    found_recount(areas.county, MONTH, [areas.haizhou.pk])
    assert not FoundEntry.objects.filter(member=elder).exists()
    assert FoundEntry.objects.filter(member__name="丙老").exists()  # 留北桥 untouched
    entries = AuditEntry.objects.filter(object_type=TALLY_TYPE)
    assert entries.count() == before + 1 and entries.first().area_code == areas.haizhou.code
    assert verify().broken is None


def test_the_desk_reads_the_count_and_the_first_rows_with_reasons_of_today(areas, users):
    found_people(areas, users)
    found_recount(areas.county, MONTH)
    live = {(row.program, row.member_id): row for row in found(areas.county, MONTH)}
    counted = counted_first(areas.county, MONTH, 3)
    assert counted.count == len(live) and counted.pending == 0 and counted.as_of is not None
    assert len(counted.first) == 3
    for row, head in counted.first:
        assert row.reason == live[(row.program, row.member_id)].reason and head
    keys = [(row.community, row.household_number, row.member_id) for row, _head in counted.first]
    assert keys == sorted(keys)
    mine = counted_first(areas.liubeiqiao, MONTH, 10)
    assert [row.name for row, _head in mine.first] == ["丙老"] and mine.count == 1


def test_reading_the_counts_takes_six_queries_however_many_were_found(
    areas, users, django_assert_num_queries
):
    found_people(areas, users)
    found_recount(areas.county, MONTH)
    with django_assert_num_queries(6):
        counted_first(areas.county, MONTH, 10)


def test_a_list_is_counted_again_only_after_a_change_in_its_community(areas, users):
    h = found_people(areas, users)
    found_recount(areas.county, MONTH)
    assert due_communities(areas.county, MONTH) == []
    person(h, users.haizhou, datetime.date(1929, 1, 1), name="戊老")
    # Within FOUND_RECOUNT_AFTER of the count, a change waits for a later visit.
    assert due_communities(areas.county, MONTH) == []
    with override_settings(FOUND_RECOUNT_AFTER=datetime.timedelta(0)):
        assert due_communities(areas.county, MONTH) == [areas.haizhou.pk]
        found_recount(areas.county, MONTH, [areas.haizhou.pk])
        assert FoundEntry.objects.filter(member__name="戊老").exists()
        # The count's own audit entry is no change in the community.
        assert AuditEntry.objects.filter(object_type=TALLY_TYPE, area_code=areas.haizhou.code).exists()
        assert due_communities(areas.county, MONTH) == []


def test_a_list_never_counted_or_counted_on_an_earlier_day_is_asked_for(areas, users):
    found_people(areas, users)
    asked = due_communities(areas.county, MONTH)
    assert areas.haizhou.pk in asked and areas.liubeiqiao.pk in asked
    found_recount(areas.county, MONTH)
    FoundTally.objects.filter(community=areas.haizhou).update(
        counted_at=timezone.now() - datetime.timedelta(days=1)
    )
    assert due_communities(areas.county, MONTH) == [areas.haizhou.pk]


def test_reading_the_trail_of_a_read_is_no_change(areas, users):
    found_people(areas, users)
    found_recount(areas.county, MONTH)
    with override_settings(FOUND_RECOUNT_AFTER=datetime.timedelta(0)):
        with transaction.atomic():
            audit.record(
                actor=users.haizhou,
                action=audit.Action.EXPORT,
                obj=areas.haizhou,
                area_code=areas.haizhou.code,
            )
        assert due_communities(areas.county, MONTH) == []


def test_the_desk_counts_on_its_first_visit_and_says_when(areas, users):
    found_people(areas, users)
    batch = found_not_applied(users.haizhou, timezone.localdate(), 10)  # the immediate backend counts
    assert batch.count == len(found(areas.haizhou, MONTH)) > 0
    assert all(item.head_name for item in batch.items)
    tally = FoundTally.objects.get(community=areas.haizhou, counted_at__isnull=False)
    assert f"{timezone.localtime(tally.counted_at):%Y-%m-%d %H:%M}" in batch.note


@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
def test_the_desk_queues_one_recount_for_the_worker_and_says_the_list_is_being_counted(areas, users):
    found_people(areas, users)
    for user in (users.haizhou, users.liubeiqiao, users.street):
        batch = found_not_applied(user, timezone.localdate(), 10)
        pending = len(communities_in(user.area))
        assert batch.count == 0 and batch.note.startswith(f"还有 {pending} 个社区")
    waiting = DBTaskResult.objects.filter(task_path=recount_found.module_path, status=TaskResultStatus.READY)
    assert waiting.count() == 1 and recount_waiting()
    assert recount_found.call(MONTH.isoformat()) == len(found(areas.county, MONTH))
    batch = found_not_applied(users.haizhou, timezone.localdate(), 10)
    assert batch.count == len(found(areas.haizhou, MONTH)) and "%" not in batch.note


def test_the_command_recounts_an_area_or_every_county_and_refuses_other_options(areas, users):
    found_people(areas, users)
    out = StringIO()
    call_command("discover", "--recount", "--area", areas.haizhou.code, stdout=out)
    assert f"{areas.haizhou.code}" in out.getvalue()
    assert f"{len(found(areas.haizhou, MONTH))} found" in out.getvalue()
    out = StringIO()
    call_command("discover", "--recount", stdout=out)
    assert f"{areas.county.code}" in out.getvalue()
    assert f"{len(found(areas.county, MONTH))} found" in out.getvalue()
    with pytest.raises(CommandError, match="--recount"):
        call_command("discover", "--recount", "--program", codes.ELDERLY_ALLOWANCE)
    with pytest.raises(CommandError, match="YYYY-MM"):
        call_command("discover", "--recount", "--month", "2026-13")
    with pytest.raises(CommandError, match="--area"):
        call_command("discover")


@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
def test_the_desk_page_says_the_list_is_being_counted_before_the_worker_has_counted(areas, users, login):
    found_people(areas, users)
    page = login(users.haizhou).get("/").content.decode()
    assert 'id="work-found"' in page and "还有 1 个社区正在统计" in page
    with translation.override("en"):
        note = found_not_applied(users.haizhou, timezone.localdate(), 10).note
    assert note.startswith("1 community is still being counted")


def test_a_list_counted_and_empty_leaves_the_kind_off_the_desk(areas, users):
    found_recount(areas.county, MONTH)  # nobody registered: nothing found
    batch = found_not_applied(users.haizhou, timezone.localdate(), 10)
    assert batch.count == 0 and batch.note == ""
    assert "found" not in [b.kind for b in WORK.gather(users.haizhou, timezone.localdate(), 10)]
