"""Writing many rows of one table in one statement: `COPY … FROM STDIN` on PostgreSQL, one prepared
`executemany` on SQLite.

`bulk_create` makes a model instance per row and sends an INSERT per batch with a parameter per
value — on SQLite, under its limit on parameters, a few hundred rows at a time — and reads the new
keys back. A roster of 100,000 members spent most of its time there. Here a row is a dict of the
values a model instance would be given (field names or their `_id` attnames); a field the row
leaves out takes its default as an instance would (`auto_now` fields: the time of the call), and
only the columns whose type needs it (dates, decimals, JSON…) go through the field's own
`get_db_prep_save`, so what is stored is what the ORM would store.

Keys are not read back: rows that others point to get theirs first from `reserve_ids`. Both run
inside the caller's transaction, which SQLite's IMMEDIATE transactions hold as its only writer.
"""

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

# The driver takes these as Python holds them; every other type goes through its field.
_AS_IS = frozenset(
    {
        "AutoField",
        "BigAutoField",
        "BigIntegerField",
        "BooleanField",
        "CharField",
        "ForeignKey",
        "IntegerField",
        "OneToOneField",
        "PositiveBigIntegerField",
        "PositiveIntegerField",
        "PositiveSmallIntegerField",
        "SmallIntegerField",
        "TextField",
    }
)
_MISSING = object()


def _in_transaction() -> None:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("Bulk inserts run inside the caller's transaction.")


def reserve_ids(model: type[models.Model], count: int) -> list[int]:
    """`count` primary keys no other row has or will be given, for rows `insert` then writes."""
    _in_transaction()
    if count <= 0:
        return []
    table, pk = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The table's own sequence: a concurrent insert takes other numbers.
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, pk, count],
            )
            return [row[0] for row in cursor.fetchall()]
        # AUTOINCREMENT never hands out a key below what sqlite_sequence says was ever used; the
        # keys above the largest are free, and the transaction's lock keeps them so until commit.
        quoted = connection.ops.quote_name(table)
        cursor.execute(
            f"SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = %s), 0), "
            f"coalesce((SELECT max({connection.ops.quote_name(pk)}) FROM {quoted}), 0))",
            [table],
        )
        last = int(cursor.fetchone()[0])
    return list(range(last + 1, last + 1 + count))


def _columns(model: type[models.Model], first: Mapping[str, Any]) -> list[models.Field[Any, Any]]:
    """Every concrete field, the primary key only when the rows carry it."""
    pk = model._meta.pk
    return [
        f
        for f in model._meta.concrete_fields
        if f is not pk or f.attname in first or f.name in first or not isinstance(f, models.AutoField)
    ]


def _values(
    fields: Sequence[models.Field[Any, Any]], rows: Iterable[Mapping[str, Any]]
) -> Iterator[list[Any]]:
    now = timezone.now()
    plan = []
    default: Any
    for field in fields:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            default, per_row = now, False
        elif field.has_default() and callable(field.default):
            default, per_row = _MISSING, True
        else:
            default, per_row = field.get_default(), False
        prep = None if field.get_internal_type() in _AS_IS else field.get_db_prep_save
        plan.append((field, field.attname, field.name if field.is_relation else "", default, per_row, prep))
    for row in rows:
        values = []
        for field, attname, name, default, per_row, prep in plan:
            value = row.get(attname, _MISSING)
            if value is _MISSING and name:  # a related object given by the field's name
                related = row.get(name, _MISSING)
                value = related if related is _MISSING or related is None else related.pk
            if value is _MISSING:
                value = field.get_default() if per_row else default
            values.append(value if prep is None else prep(value, connection))
        yield values


def insert(model: type[models.Model], rows: Sequence[Mapping[str, Any]]) -> int:
    """Write `rows` (all with the same keys) into `model`'s table; return how many."""
    _in_transaction()
    if not rows:
        return 0
    fields = _columns(model, rows[0])
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(f.column) for f in fields)
    # The driver's cursor itself, past Django's wrapper; its errors are still Django's
    # (`IntegrityError` for a unique index), as callers catch them.
    with connection.cursor() as cursor, connection.wrap_database_errors:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for values in _values(fields, rows):
                    copy.write_row(values)
        else:
            marks = ", ".join("?" * len(fields))
            cursor.cursor.executemany(
                f"INSERT INTO {table} ({columns}) VALUES ({marks})", _values(fields, rows)
            )
    return len(rows)
