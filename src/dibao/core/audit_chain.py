"""Appending to the audit chain: every audit entry, one or a batch, goes in through `append`.

Each entry carries a gap-free `seq`, the hash of the entry before it (`prev_hash`) and its own
`hash`: the SHA-256 of its canonical form (`canonical`), which covers both. Changing an entry's
content breaks its hash; deleting one leaves a gap in `seq` (or a chain shorter than its head
says); inserting one needs the entries after it renumbered, which breaks theirs. The exact form is
in docs/architecture.md ("The audit chain"), so an auditor can re-implement the check without dibao.

Two transactions appending at once must not both chain onto the same entry: `append` locks the
chain's head row (`AuditChainHead`, `select_for_update` on PostgreSQL; SQLite's IMMEDIATE
transactions already write one at a time) and holds it to the end of its transaction. A batch
takes the lock once, hashes its entries in Python in order, and goes in with one statement
(`bulk_insert`: COPY on PostgreSQL, executemany on SQLite).
"""

import datetime
import hashlib
import json
from collections.abc import Mapping, Sequence
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from . import bulk_insert
from .models import AuditChainHead, AuditEntry

# The hash the first entry follows.
GENESIS = "0" * 64
HEAD_PK = 1
# The fields of an entry its hash covers, as stored (the foreign key by its id).
HASHED_FIELDS = (
    "seq",
    "prev_hash",
    "at",
    "actor_id",
    "action",
    "object_type",
    "object_id",
    "object_repr",
    "area_code",
    "household_id",
    "before",
    "after",
    "note",
)
FIELDS = AuditEntry._meta.concrete_fields


def time_text(at: datetime.datetime) -> str:
    """An entry's time in the canonical form: UTC, always to the microsecond, with a Z."""
    return at.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical(fields: Mapping[str, Any]) -> bytes:
    """The bytes an entry's hash is taken of: its hashed fields as sorted-key JSON, no spaces,
    non-ASCII as itself, UTF-8. `fields` holds the stored values (`at` as a datetime)."""
    values = {name: fields[name] for name in HASHED_FIELDS}
    values["at"] = time_text(values["at"])
    text = json.dumps(values, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.encode("utf-8")


def entry_hash(fields: Mapping[str, Any]) -> str:
    return hashlib.sha256(canonical(fields)).hexdigest()


def fields_of(entry: AuditEntry) -> dict[str, Any]:
    return {name: getattr(entry, name) for name in HASHED_FIELDS}


def _locked_head() -> AuditChainHead:
    """The head row, locked until the transaction ends. Made when missing (a database emptied by
    a test's flush): from the last entry there is, so the chain goes on rather than restarting."""
    head = AuditChainHead.objects.select_for_update().filter(pk=HEAD_PK).first()
    if head is not None:
        return head
    last = AuditEntry.objects.order_by("-seq").only("seq", "hash", "at").first()
    try:
        with transaction.atomic():
            AuditChainHead.objects.create(
                pk=HEAD_PK,
                seq=last.seq if last else 0,
                hash=last.hash if last else GENESIS,
                at=last.at if last else None,
            )
    except IntegrityError:  # another transaction made it first; its row is the head
        pass
    return AuditChainHead.objects.select_for_update().get(pk=HEAD_PK)


def append(entries: Sequence[AuditEntry]) -> None:
    """Chain `entries`, in order, onto the end of the trail and save them, in the caller's
    transaction (which keeps the head locked until it commits or rolls back)."""
    many = len(entries) > 1
    rows = [{f.attname: getattr(e, f.attname) for f in FIELDS if f.attname != "id"} for e in entries]
    _chain(rows, save=many)
    for entry, row in zip(entries, rows, strict=True):
        entry.seq, entry.prev_hash, entry.at, entry.hash = (
            row["seq"],
            row["prev_hash"],
            row["at"],
            row["hash"],
        )
        entry.before, entry.after = row["before_as_stored"], row["after_as_stored"]
        if many:
            entry.pk = row["id"]
            entry._state.adding, entry._state.db = False, connection.alias
    if len(entries) == 1:
        entries[0].save()


def append_rows(rows: Sequence[dict[str, Any]]) -> None:
    """`append` for entries given as the dicts of their fields (`actor_id`, `action`,
    `object_type`, `object_id`, `object_repr`, `area_code`, `household_id`, `before`, `after`,
    `note`), as a bulk write makes them: no model instance per entry. The dicts are completed with
    what the chain gives each entry. `before` and `after` must be JSON's own already — dicts with
    text keys (as `audit.snapshot` and `audit.json_safe` make them), lists, text, numbers — so
    that they are hashed as they are, not read back first: reading back changes only keys that
    are not text."""
    _chain(rows, save=True, as_given=True)


def _chain(rows: Sequence[dict[str, Any]], *, save: bool, as_given: bool = False) -> None:
    """Number, stamp and hash `rows` in order onto the locked head; with `save`, write them in one
    statement (a single entry is saved by its instance). Each JSON value is dumped once, as the ORM
    would store it, and hashed as reading that back gives it (keys as text, tuples as lists): the
    row keeps the text under its own name and that value under `<name>_as_stored`."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("Audit entries are written inside the transaction of the write they record.")
    if not rows:
        return
    head = _locked_head()
    # Never earlier than the entry before: a day's entries are then one run of the chain.
    now = timezone.now()
    at = max(now, head.at) if head.at else now
    seq, prev = head.seq, head.hash
    for row in rows:
        seq += 1
        row["seq"], row["prev_hash"], row["at"] = seq, prev, at
        hashed = {name: row[name] for name in HASHED_FIELDS}
        for name in ("before", "after"):
            text = None if row[name] is None else json.dumps(row[name], allow_nan=False)
            hashed[name] = row[name] if as_given or text is None else json.loads(text)
            row[name], row[f"{name}_as_stored"] = text, hashed[name]
        row["hash"] = prev = entry_hash(hashed)
    if save:
        for row, pk in zip(rows, bulk_insert.reserve_ids(AuditEntry, len(rows)), strict=True):
            row["id"] = pk
        bulk_insert.insert(AuditEntry, rows, stored=("before", "after"))
    head.seq, head.hash, head.at = seq, prev, at
    head.save(update_fields=["seq", "hash", "at"])
