"""The audit chain as it is used: the `dibao audit-verify` and `audit-anchor` commands, the
anchors page, two writers at once on PostgreSQL, and the migration that chained the trail."""

import datetime
import io
import json
import threading
import time

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor

from dibao.core import audit
from dibao.core.audit_verify import verify
from dibao.core.models import AuditChainHead, AuditEntry
from dibao.core.roles import Role

from ..factories import UserFactory
from .test_audit_chain import TABLE, sql, write

TOMORROW = (datetime.datetime.now(datetime.UTC) + datetime.timedelta(hours=8, days=1)).date()


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_verify_prints_the_count_and_head_when_intact_and_names_the_break_when_not(areas):
    write(areas, 3)
    head = AuditChainHead.objects.get()
    assert (
        run("audit_verify")
        == f"intact: {head.seq} entries checked (#1–#{head.seq}), head #{head.seq} {head.hash}\n"
    )
    document = json.loads(run("audit_verify", "--json"))
    assert document == {
        "intact": True,
        "checked": head.seq,
        "first_seq": 1,
        "last_seq": head.seq,
        "last_hash": head.hash,
        "break": None,
    }

    target = AuditEntry.objects.get(seq=2)
    sql(f"UPDATE {TABLE} SET object_repr = 'x' WHERE seq = 2")
    with pytest.raises(CommandError, match=rf"altered #2 \(id {target.pk}, .*\): "):
        run("audit_verify", "--language", "en")
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("audit_verify", "--json", stdout=out)
    broken = json.loads(out.getvalue())
    assert broken["intact"] is False and broken["checked"] == 1
    assert {k: broken["break"][k] for k in ("kind", "seq", "entry_id")} == {
        "kind": "altered",
        "seq": 2,
        "entry_id": target.pk,
    }
    # Chinese unless English is asked for.
    with pytest.raises(CommandError, match="写入后被改动"):
        run("audit_verify")


@pytest.mark.django_db
def test_an_anchor_kept_in_a_file_is_checked_by_verify(areas, tmp_path):
    write(areas, 3)
    kept = tmp_path / "anchor.json"
    printed = run("audit_anchor", "--date", TOMORROW.isoformat(), "--out", str(kept))
    head = AuditChainHead.objects.get()
    assert printed.startswith(f"{TOMORROW} #{head.seq} {head.hash} (")
    assert json.loads(kept.read_text())["seq"] == head.seq
    assert json.loads(run("audit_anchor", "--json"))["hash"] == head.hash  # today's, so far
    assert run("audit_verify", "--anchor", str(kept)).startswith("intact")

    sql(f"UPDATE {TABLE} SET hash = %s WHERE seq = %s", ["a" * 64, head.seq])
    with pytest.raises(CommandError, match=f"altered #{head.seq}"):
        run("audit_verify", "--anchor", str(kept), "--language", "en")
    with pytest.raises(CommandError, match="no entry by the end of 2000-01-01"):
        run("audit_anchor", "--date", "2000-01-01")
    kept.write_text("{}")
    with pytest.raises(CommandError, match="audit-verify: "):
        run("audit_verify", "--anchor", str(kept))


@pytest.mark.django_db
def test_verify_from_a_day(areas):
    write(areas, 2)
    assert run("audit_verify", "--from", TOMORROW.isoformat()) == "intact: 0 entries checked\n"
    sql(f"UPDATE {TABLE} SET note = 'x' WHERE seq = 1")
    assert run("audit_verify", "--from", TOMORROW.isoformat()) == "intact: 0 entries checked\n"
    with pytest.raises(CommandError, match="yesterday"):
        run("audit_verify", "--from", "yesterday")


@pytest.mark.django_db
def test_the_anchors_page_lists_each_day_for_those_who_read_the_trail(
    areas, users, client, django_assert_max_num_queries
):
    write(areas, 3)
    head = AuditChainHead.objects.get()
    client.force_login(users.auditor)
    with django_assert_max_num_queries(8):
        page = client.get("/audit/anchors/")
    assert page.status_code == 200
    html = page.content.decode()
    assert head.hash in html and f"#{head.seq}" in html
    csv = client.get("/audit/anchors/?download=csv")
    assert csv.status_code == 200 and csv["Content-Type"].startswith("text/csv")
    assert head.hash in csv.content.decode("utf-8-sig")
    client.force_login(users.county)
    assert client.get("/audit/anchors/").status_code == 200
    for user in (users.haizhou, users.street):
        client.force_login(user)
        assert client.get("/audit/anchors/").status_code == 403


@pytest.mark.django_db
def test_the_anchors_page_counts_the_readers_area_only(areas, users, client):
    write(areas, 3)  # in 海州
    client.force_login(users.county)
    assert client.get("/audit/anchors/").context["anchors"][0].in_area >= 3
    other = UserFactory.create(username="a_other", role=Role.AUDITOR, area=areas.shiqiaopu)
    client.force_login(other)
    rows = client.get("/audit/anchors/").context["anchors"]
    theirs = AuditEntry.objects.filter(area_code__startswith=areas.shiqiaopu.scope_prefix).count()
    assert rows[0].in_area == theirs < rows[0].entries


def sessions_waiting_for_a_lock() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_two_writers_on_two_connections_do_not_fork_the_chain(areas):
    """Two threads, each with its own connection, append (one a batch, one a single entry) while
    the test holds the chain's head; released, they go one after the other: one chain, no gap."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite in memory has one connection")
    errors: list[BaseException] = []

    def append(n: int) -> None:
        try:
            entries = [
                audit.entry(
                    actor=None,
                    action=audit.Action.UPDATE,
                    obj=areas.haizhou,
                    area_code="210204001001",
                    note=f"{n}-{i}",
                )
                for i in range(n)
            ]
            with transaction.atomic():
                audit.record_many(entries)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=append, args=(n,)) for n in (1, 500)]
    try:
        with transaction.atomic():
            AuditChainHead.objects.select_for_update().get()
            for thread in threads:
                thread.start()
            deadline = time.monotonic() + 20
            while (waiting := sessions_waiting_for_a_lock()) < 2 and time.monotonic() < deadline:
                time.sleep(0.05)
    finally:
        for thread in threads:
            thread.join(timeout=60)
    assert waiting == 2, "both writers should have been waiting for the chain's head"
    assert errors == []
    outcome = verify()
    assert outcome.broken is None and outcome.checked == AuditEntry.objects.count()
    assert AuditEntry.objects.filter(note__in=["1-0", "500-499"]).count() == 2


def migrate(target: list[tuple[str, str]]):  # type: ignore[no-untyped-def]
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)
    executor.loader.build_graph()
    return executor.loader.project_state(target).apps


@pytest.mark.django_db(transaction=True)
def test_the_migration_chains_the_existing_trail_in_id_order():
    leaf = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        apps = migrate([("core", "0003_job_file")])
        old = apps.get_model("core", "AuditEntry")
        old.objects.all().delete()
        for i in range(5):
            old.objects.create(
                action="create",
                object_type="areas.area",
                object_id=str(i),
                object_repr=f"区 {i}",
                area_code="210204",
                after={"b": 1, "a": [i, "二"]},
                note=f"n{i}",
            )
        ids = list(old.objects.order_by("pk").values_list("pk", flat=True))

        migrate([("core", "0004_audit_chain")])
        rows = list(AuditEntry.objects.order_by("seq").values_list("pk", "seq"))
        assert rows == [(pk, n) for n, pk in enumerate(ids, start=1)]
        assert AuditChainHead.objects.get().seq == 5
        assert verify().broken is None

        sql(f"UPDATE {TABLE} SET note = 'x' WHERE seq = 3")
        broken = verify().broken
        assert broken is not None and (broken.kind, broken.entry_id) == ("altered", ids[2])
    finally:
        MigrationExecutor(connection).migrate(leaf)
