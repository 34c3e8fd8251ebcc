"""The audit chain: every entry's hash covers its content and the hash before it, so an entry
altered, deleted, inserted or moved with raw SQL — past every service — is caught and named."""

import datetime
import hashlib
import itertools
import json

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from dibao.core import audit, audit_chain
from dibao.core.audit_verify import Anchor, Kind, anchor_for, verify
from dibao.core.models import AuditChainHead, AuditEntry

pytestmark = pytest.mark.django_db
TABLE = AuditEntry._meta.db_table


def sql(statement: str, params: list | None = None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params or [])


def write(areas, n: int, note: str = "") -> list[AuditEntry]:  # type: ignore[no-untyped-def]
    entries = [
        audit.entry(
            actor=None,
            action=audit.Action.UPDATE,
            obj=areas.haizhou,
            area_code="210204001001",
            note=f"{note}{i}",
        )
        for i in range(n)
    ]
    with transaction.atomic():
        audit.record_many(entries)
    return entries


def by_seq(seq: int) -> AuditEntry:
    return AuditEntry.objects.get(seq=seq)


def renumber_from(seq: int, by: int) -> None:
    """Move every entry from `seq` on by `by` places, as an UPDATE on PostgreSQL can (its unique
    check is per row, so through a number no entry has)."""
    sql(f"UPDATE {TABLE} SET seq = seq + 1000000 WHERE seq >= %s", [seq])
    sql(f"UPDATE {TABLE} SET seq = seq - 1000000 + %s WHERE seq >= 1000000", [by])


def forged(seq: int, prev_hash: str, *, good_hash: bool) -> None:
    """A row put in with raw SQL; with `good_hash`, hashed the way dibao hashes (the form is public)."""
    at = datetime.datetime.now(datetime.UTC)
    fields = {
        "seq": seq, "prev_hash": prev_hash, "at": at, "actor_id": None, "action": "update",
        "object_type": "areas.area", "object_id": "1", "object_repr": "海州社区",
        "area_code": "210204001001", "household_id": None, "before": None, "after": {"name": "x"}, "note": "",
    }  # fmt: skip
    digest = audit_chain.entry_hash(fields) if good_hash else "f" * 64
    sql(
        f"INSERT INTO {TABLE} (seq, prev_hash, hash, at, action, object_type, object_id, object_repr,"
        " area_code, after, note) VALUES (%s, %s, %s, %s, 'update', 'areas.area', '1', '海州社区',"
        " '210204001001', %s, '')",
        [seq, prev_hash, digest, at, json.dumps({"name": "x"})],
    )


def test_every_entry_is_chained_to_the_one_before_it(areas):
    write(areas, 5)
    rows = list(AuditEntry.objects.order_by("seq").values("seq", "prev_hash", "hash"))
    assert [r["seq"] for r in rows] == list(range(1, len(rows) + 1))
    assert rows[0]["prev_hash"] == audit_chain.GENESIS
    assert all(r["prev_hash"] == before["hash"] for before, r in itertools.pairwise(rows))
    head = AuditChainHead.objects.get()
    assert (head.seq, head.hash) == (rows[-1]["seq"], rows[-1]["hash"])
    outcome = verify()
    assert outcome.broken is None and outcome.checked == len(rows) and outcome.last_hash == head.hash


def test_the_hash_is_the_documented_form_an_auditor_can_recompute(areas):
    """Recomputed from the row as the database gives it, without dibao's hashing code: the
    steps of docs/architecture.md, "The audit chain"."""
    write(areas, 1, note="海州 ✓")
    columns = [*audit_chain.HASHED_FIELDS, "hash"]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(columns)} FROM {TABLE} ORDER BY seq DESC LIMIT 1")
        row = dict(zip(columns, cursor.fetchone(), strict=True))
    for name in ("before", "after"):  # SQLite hands JSON back as text, PostgreSQL decoded
        if isinstance(row[name], str):
            row[name] = json.loads(row[name])
    at = row["at"]
    if at.tzinfo is None:  # SQLite keeps 'YYYY-MM-DD HH:MM:SS.ffffff' in UTC
        at = at.replace(tzinfo=datetime.UTC)
    row["at"] = at.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    stored = row.pop("hash")
    text = json.dumps(row, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    assert '"note":"海州 ✓0"' in text
    assert hashlib.sha256(text.encode("utf-8")).hexdigest() == stored


def test_an_entry_is_never_saved_again(areas):
    entry = AuditEntry.objects.order_by("seq").first()
    entry.note = "changed"
    with pytest.raises(RuntimeError), transaction.atomic():
        entry.save()


def test_an_entry_changed_with_raw_sql_is_named(areas):
    write(areas, 5)
    target = by_seq(3)
    sql(f"UPDATE {TABLE} SET note = 'nothing happened' WHERE id = %s", [target.pk])
    broken = verify().broken
    assert broken is not None
    assert (broken.kind, broken.seq, broken.entry_id) == (Kind.ALTERED, 3, target.pk)
    assert broken.at == target.at.astimezone(datetime.timezone(datetime.timedelta(hours=8))).isoformat()


def test_an_entry_changed_and_rehashed_is_named_by_the_link_after_it(areas):
    write(areas, 5)
    target = by_seq(3)
    fields = {**audit_chain.fields_of(target), "note": "nothing happened"}
    sql(
        f"UPDATE {TABLE} SET note = %s, hash = %s WHERE id = %s",
        [fields["note"], audit_chain.entry_hash(fields), target.pk],
    )
    broken = verify().broken
    assert broken is not None and (broken.kind, broken.seq) == (Kind.ALTERED, 3)


def test_the_last_entry_changed_and_rehashed_is_caught_by_the_head(areas):
    write(areas, 3)
    last = AuditEntry.objects.order_by("-seq").first()
    fields = {**audit_chain.fields_of(last), "area_code": "210204002001"}
    sql(
        f"UPDATE {TABLE} SET area_code = %s, hash = %s WHERE id = %s",
        [fields["area_code"], audit_chain.entry_hash(fields), last.pk],
    )
    broken = verify().broken
    assert broken is not None and (broken.kind, broken.seq) == (Kind.ALTERED, last.seq)


def test_an_entry_deleted_in_the_middle_is_caught_at_the_gap(areas):
    write(areas, 5)
    sql(f"DELETE FROM {TABLE} WHERE seq = 4")
    with translation.override("en"):
        broken = verify().broken
    assert broken is not None
    assert (broken.kind, broken.seq, broken.entry_id) == (Kind.DELETED, 5, by_seq(5).pk)
    assert "#4" in broken.detail


def test_entries_deleted_at_the_end_are_caught_by_the_head(areas):
    write(areas, 5)
    last = AuditEntry.objects.order_by("-seq").first()
    sql(f"DELETE FROM {TABLE} WHERE seq >= %s", [last.seq - 1])
    with translation.override("en"):
        broken = verify().broken
    assert broken is not None and broken.kind == Kind.DELETED and broken.seq == last.seq - 2
    assert f"#{last.seq}" in broken.detail


@pytest.mark.parametrize("good_hash", [True, False])
def test_a_row_inserted_in_the_middle_is_named(areas, good_hash):
    write(areas, 5)
    renumber_from(4, 1)
    forged(4, by_seq(3).hash, good_hash=good_hash)
    broken = verify().broken
    assert broken is not None
    assert (broken.kind, broken.seq, broken.entry_id) == (Kind.INSERTED, 4, by_seq(4).pk)


def test_a_row_inserted_past_the_end_is_caught_by_the_head(areas):
    write(areas, 3)
    head = AuditChainHead.objects.get()
    forged(head.seq + 1, head.hash, good_hash=True)
    broken = verify().broken
    assert broken is not None and (broken.kind, broken.seq) == (Kind.INSERTED, head.seq + 1)


def test_entries_swapped_are_named_as_moved(areas):
    write(areas, 5)
    third, fourth = by_seq(3), by_seq(4)
    sql(f"UPDATE {TABLE} SET seq = 1000003 WHERE id = %s", [third.pk])
    sql(f"UPDATE {TABLE} SET seq = 3 WHERE id = %s", [fourth.pk])
    sql(f"UPDATE {TABLE} SET seq = 4 WHERE id = %s", [third.pk])
    with translation.override("en"):
        broken = verify().broken
    assert broken is not None
    assert (broken.kind, broken.seq, broken.entry_id) == (Kind.REORDERED, 3, fourth.pk)
    assert "#4" in broken.detail


def rebuild_from(seq: int, note: str) -> None:
    """What someone with the database and dibao's source can do: change an entry and rehash
    the chain from there on, head included. Only an anchor kept elsewhere catches it."""
    prev = by_seq(seq - 1).hash
    for entry in AuditEntry.objects.filter(seq__gte=seq).order_by("seq"):
        fields = {**audit_chain.fields_of(entry), "prev_hash": prev}
        if entry.seq == seq:
            fields["note"] = note
        prev = audit_chain.entry_hash(fields)
        sql(
            f"UPDATE {TABLE} SET note = %s, prev_hash = %s, hash = %s WHERE id = %s",
            [fields["note"], fields["prev_hash"], prev, entry.pk],
        )
    sql("UPDATE core_auditchainhead SET hash = %s", [prev])


def test_a_rebuilt_chain_fails_the_anchor_kept_outside(areas):
    write(areas, 5)
    kept = anchor_for(datetime.date.today() + datetime.timedelta(days=1))
    assert kept is not None and kept.seq == AuditChainHead.objects.get().seq
    rebuild_from(3, "nothing happened")
    assert verify().broken is None  # the chain holds together again …
    broken = verify(anchor=kept).broken  # … but not through what the auditor kept
    assert broken is not None and (broken.kind, broken.seq) == (Kind.ALTERED, kept.seq)
    sql(f"DELETE FROM {TABLE} WHERE seq = %s", [kept.seq])
    sql("UPDATE core_auditchainhead SET seq = seq - 1")
    broken = verify(anchor=kept).broken
    assert broken is not None and broken.kind == Kind.DELETED


class Clock:
    def __init__(self, at: datetime.datetime) -> None:
        self.at = at

    def now(self) -> datetime.datetime:
        return self.at


def test_from_a_day_checks_that_day_on_trusting_the_hash_before_it(areas, monkeypatch):
    today = datetime.datetime.now(datetime.UTC)
    write(areas, 3)
    for days in (1, 2):
        monkeypatch.setattr(audit_chain, "timezone", Clock(today + datetime.timedelta(days=days)))
        write(areas, 2, note=f"day {days}")
    monkeypatch.undo()
    tomorrow = (
        (today + datetime.timedelta(days=1)).astimezone(datetime.timezone(datetime.timedelta(hours=8))).date()
    )
    first = AuditEntry.objects.filter(note="day 10").get()
    anchor = anchor_for(tomorrow)
    assert anchor is not None and anchor.seq == first.seq + 1

    sql(f"UPDATE {TABLE} SET note = 'x' WHERE seq = 1")  # before the day: not looked at
    outcome = verify(since=tomorrow)
    assert outcome.broken is None
    assert (outcome.checked, outcome.first_seq) == (4, first.seq)
    assert verify().broken is not None and verify().broken.seq == 1  # type: ignore[union-attr]
    assert verify(since=tomorrow + datetime.timedelta(days=5)).checked == 0

    # The hash trusted before the day must still be linked to.
    sql(f"UPDATE {TABLE} SET hash = %s WHERE seq = %s", ["e" * 64, first.seq - 1])
    broken = verify(since=tomorrow).broken
    assert broken is not None and broken.seq == first.seq


def test_a_batch_is_chained_with_one_lock_and_one_head_update(areas):
    entries = [
        audit.entry(
            actor=None,
            action=audit.Action.CREATE,
            obj=areas.haizhou,
            area_code="210204001001",
            after={"i": i},
        )
        for i in range(2500)
    ]
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        audit.record_many(entries)
    heads = [q["sql"] for q in queries.captured_queries if "core_auditchainhead" in q["sql"]]
    assert len(heads) == 2 and heads[1].startswith("UPDATE")  # the lock, and the new head
    assert verify().broken is None
    assert [e.seq for e in entries] == list(range(entries[0].seq, entries[0].seq + 2500))


def test_an_entry_rolled_back_with_its_write_leaves_no_gap(areas):
    with transaction.atomic():
        audit.record(actor=None, action=audit.Action.UPDATE, obj=areas.haizhou, area_code="210204001001")
        try:
            with transaction.atomic():
                audit.record(
                    actor=None, action=audit.Action.UPDATE, obj=areas.haizhou, area_code="210204001001"
                )
                raise ValueError
        except ValueError:
            pass
        audit.record(actor=None, action=audit.Action.UPDATE, obj=areas.haizhou, area_code="210204001001")
    assert verify().broken is None


@pytest.mark.django_db(transaction=True)
def test_a_missing_head_is_made_from_the_last_entry(areas):
    write(areas, 2)
    AuditChainHead.objects.all().delete()
    write(areas, 2)
    assert verify().broken is None


def test_an_anchor_file_is_read_or_refused():
    from dibao.core.audit_verify import anchor_from_json
    from dibao.core.errors import DomainError

    text = json.dumps({"date": "2026-12-07", "seq": 5, "hash": "a" * 64, "at": ""})
    assert anchor_from_json(text) == Anchor(day=datetime.date(2026, 12, 7), seq=5, hash="a" * 64, at="")
    for bad in ("not json", "{}", json.dumps({"date": "2026-12-07", "seq": 5, "hash": "short"})):
        with pytest.raises(DomainError):
            anchor_from_json(bad)
