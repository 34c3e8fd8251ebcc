"""Writing the audit trail. Services call `record` inside their transaction; nothing else does.

`record` refuses to run outside a transaction: an audit entry that can be committed without its
write, or a write without its entry, is what this module exists to prevent. Both writers append
through `audit_chain`, which chains each entry to the one before it.
"""

import datetime
import decimal
from collections.abc import Iterable, Mapping
from typing import Any, Protocol

from django.db import models, transaction
from django.db.models.fields.files import FieldFile

from . import audit_chain
from .models import AuditEntry

Action = AuditEntry.Action
# Fields never copied into the trail: secrets, derived search keys, and timestamps the entry has.
SKIPPED_FIELDS = frozenset(
    {"password", "name_pinyin", "name_initials", "id_number_reversed", "created_at", "updated_at"}
)


class Actor(Protocol):
    """Who an entry says acted: a user, whose row the entry points to (`accounts.User` is one,
    described here rather than imported because accounts sits above core)."""

    pk: Any


_PLAIN = (str, int, float, type(None))


def _json_value(value: Any) -> Any:
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if isinstance(value, FieldFile):  # an uploaded file: the trail keeps where it is stored
        return value.name or ""
    return value


# A snapshot is any model's fields by name, as JSON: `dict[str, Any]` on purpose, since the trail
# keeps whatever fields a model has, to show them, never to compute with them.
def json_safe(values: Mapping[str, Any]) -> dict[str, Any]:
    """Field values as JSON-safe data, without secrets and derived keys."""
    # Most values are already JSON's own (choices are str and int): tested by type first, as a
    # bulk write does this for every field of 100,000 members.
    return {
        k: v if isinstance(v, _PLAIN) else _json_value(v)
        for k, v in values.items()
        if k not in SKIPPED_FIELDS
    }


def snapshot(obj: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """The object's stored field values as JSON-safe data (foreign keys as their ids)."""
    names = set(fields) if fields is not None else None
    data: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if field.name in SKIPPED_FIELDS or (names is not None and field.name not in names):
            continue
        data[field.attname if field.is_relation else field.name] = _json_value(getattr(obj, field.attname))
    return data


def changes(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Only the fields that differ, so an entry shows what changed and nothing else."""
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


def acting_user(actor: Actor | None) -> Any:
    """The user to store as who did something; None for the server's operator on the command line.
    (Any: the entry's field wants the user model, which core does not name.)"""
    return actor if getattr(actor, "pk", None) else None


def entry(
    *,
    actor: Actor | None,
    action: str,
    obj: models.Model,
    area_code: str,
    household_id: int | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    note: str = "",
) -> AuditEntry:
    """An unsaved entry, for services that write many at once with `bulk_create`."""
    return AuditEntry(
        actor=acting_user(actor),
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        area_code=area_code,
        household_id=household_id,
        before=before,
        after=after,
        note=note[:500],
    )


def record(
    *,
    actor: Actor | None,
    action: str,
    obj: models.Model,
    area_code: str,
    household_id: int | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    note: str = "",
) -> AuditEntry:
    """Save one audit entry in the caller's transaction (the arguments are `entry`'s)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("Audit entries are written inside the transaction of the write they record.")
    audit_entry = entry(
        actor=actor,
        action=action,
        obj=obj,
        area_code=area_code,
        household_id=household_id,
        before=before,
        after=after,
        note=note,
    )
    audit_chain.append([audit_entry])
    return audit_entry


def record_many(entries: list[AuditEntry]) -> None:
    """Save many entries (made with `entry`), chained in the order given, with one lock."""
    audit_chain.append(entries)


def entry_row(
    *,
    actor: Actor | None,
    action: str,
    object_type: str,
    object_id: str,
    object_repr: str,
    area_code: str,
    household_id: int | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    note: str = "",
) -> dict[str, Any]:
    """`entry` as the dict of its fields, for a bulk write of many thousands (`record_rows`): the
    object by its label (`app.model`), key and text rather than an instance."""
    user = acting_user(actor)
    return {
        "actor_id": None if user is None else user.pk,
        "action": action,
        "object_type": object_type,
        "object_id": object_id,
        "object_repr": object_repr[:200],
        "area_code": area_code,
        "household_id": household_id,
        "before": before,
        "after": after,
        "note": note[:500],
    }


def record_rows(rows: list[dict[str, Any]]) -> None:
    """Save many entries made with `entry_row`, chained in the order given, with one lock."""
    audit_chain.append_rows(rows)


def record_update(
    *,
    actor: Actor | None,
    obj: models.Model,
    before: dict[str, Any],
    area_code: str,
    household_id: int | None = None,
    note: str = "",
) -> AuditEntry | None:
    """Record what changed since `before` (a `snapshot`); nothing when nothing changed."""
    old, new = changes(before, snapshot(obj))
    if not new:
        return None
    return record(
        actor=actor,
        action=Action.UPDATE,
        obj=obj,
        area_code=area_code,
        household_id=household_id,
        before=old,
        after=new,
        note=note,
    )
