"""Writing many rows of one table in one statement: `COPY … FROM STDIN` on PostgreSQL, one prepared
`executemany` on SQLite.

`bulk_create` makes a model instance per row and sends an INSERT per batch with a parameter per
value — on SQLite, under its limit on parameters, a few hundred rows at a time — and reads the new
keys back. A roster of 100,000 members spent most of its time there. Here a row is a dict of the
values a model instance would be given (field names or their `_id` attnames); a field the row
leaves out takes its default as an instance would (`auto_now` fields: the time of the call), and
only the columns whose type needs it (dates, decimals, JSON…) are converted, by what the field's
own `get_db_prep_save` ends in, so what is stored is what the ORM would store. What to do with each
column is worked out once per insert, not once per value: at 100,000 rows of twenty columns the
per-value work was most of the write.

Keys are not read back: rows that others point to get theirs first from `reserve_ids`. Both run
inside the caller's transaction, which SQLite's IMMEDIATE transactions hold as its only writer.
"""

import datetime
import decimal
import operator
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
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


def _converter(field: models.Field[Any, Any]) -> Callable[[Any], Any] | None:
    """How a value of `field` becomes what the driver is given: nothing for the types it takes as
    they are; for dates and decimals as cleaned values hold them, the backend's own adapter (what
    `get_db_prep_save` ends in for them); for anything else, `get_db_prep_save` itself."""
    internal = field.get_internal_type()
    if internal in _AS_IS:
        return None
    prep = field.get_db_prep_save
    ops = connection.ops
    if internal == "DateField":
        adapt_date = ops.adapt_datefield_value
        return lambda value: adapt_date(value) if type(value) is datetime.date else prep(value, connection)
    if isinstance(field, models.DecimalField):
        adapt_decimal, digits, places = ops.adapt_decimalfield_value, field.max_digits, field.decimal_places
        return lambda value: (
            adapt_decimal(value, digits, places)
            if type(value) is decimal.Decimal and value.is_finite()
            else prep(value, connection)
        )
    if internal == "DateTimeField":
        # A batch is usually stamped with one time: converted once, not per row.
        last: list[Any] = [_MISSING, None]

        def stamp(value: Any) -> Any:
            if value is not last[0]:
                last[0], last[1] = value, prep(value, connection)
            return last[1]

        return stamp
    return lambda value: prep(value, connection)


def _plan(
    fields: Sequence[models.Field[Any, Any]], keys: Iterable[str], stored: frozenset[str]
) -> tuple[list[models.Field[Any, Any]], Callable[[Mapping[str, Any]], tuple[Any, ...]]]:
    """The columns in the order the rows' values are written, and what turns a row into them.
    Worked out once per insert: the values a row carries, each through its field's converter
    (those named in `stored` as given), then the defaults every row takes the same (converted
    once), then those drawn per row (a callable default)."""
    keys = set(keys)
    now = timezone.now()
    carried: list[tuple[models.Field[Any, Any], str, bool]] = []  # (field, key, a related object)
    fixed: list[tuple[models.Field[Any, Any], Any]] = []
    drawn: list[models.Field[Any, Any]] = []
    for field in fields:
        if field.attname in keys:
            carried.append((field, field.attname, False))
        elif field.is_relation and field.name in keys:  # a related object given by the field's name
            carried.append((field, field.name, True))
        elif getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            fixed.append((field, now))
        elif field.has_default() and callable(field.default):
            drawn.append(field)
        else:
            fixed.append((field, field.get_default()))
    names = [key for _field, key, _related in carried]
    pick = operator.itemgetter(*names) if len(names) > 1 else (lambda row: (row[names[0]],))
    steps: list[tuple[int, Callable[[Any], Any]]] = []
    for index, (field, key, related) in enumerate(carried):
        convert = None if key in stored else _converter(field)
        if related:
            steps.append((index, lambda obj: None if obj is None else obj.pk))
        if convert is not None:
            steps.append((index, convert))
    constants = tuple(
        value if convert is None else convert(value)
        for field, value in fixed
        for convert in (_converter(field),)
    )
    per_row = [(field, _converter(field)) for field in drawn]

    def values(row: Mapping[str, Any]) -> tuple[Any, ...]:
        picked = pick(row)
        if steps:
            picked = list(picked)
            for index, convert in steps:
                picked[index] = convert(picked[index])
        if per_row:
            extra = tuple(
                value if convert is None else convert(value)
                for field, convert in per_row
                for value in (field.get_default(),)
            )
            return (*picked, *constants, *extra)
        return (*picked, *constants)

    order = [f for f, _key, _related in carried] + [f for f, _value in fixed] + drawn
    return order, values


def insert(
    model: type[models.Model], rows: Sequence[Mapping[str, Any]], *, stored: Iterable[str] = ()
) -> int:
    """Write `rows` (all with the same keys) into `model`'s table; return how many. `stored`: keys
    whose values the rows already hold as the driver takes them (a JSON column's text)."""
    _in_transaction()
    if not rows:
        return 0
    keys = rows[0].keys()
    fields, values = _plan(_columns(model, rows[0]), keys, frozenset(stored))
    # When every key of the first row is a column, a row of as many keys that has all of them (or
    # `values` fails) has the same keys: its length alone is compared.
    names = {f.attname for f in fields} | {f.name for f in fields}
    size = len(keys) if keys <= names else -1
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(f.column) for f in fields)

    def each() -> Iterator[tuple[Any, ...]]:
        for row in rows:
            if len(row) != size and row.keys() != keys:  # a key left out would be defaulted, silently
                raise ValueError("Every row of a bulk insert has the same keys.")
            yield values(row)

    # The driver's cursor itself, past Django's wrapper; its errors are still Django's
    # (`IntegrityError` for a unique index), as callers catch them.
    with connection.cursor() as cursor, connection.wrap_database_errors:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row_values in each():
                    copy.write_row(row_values)
        else:
            marks = ", ".join("?" * len(fields))
            cursor.cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", each())
    return len(rows)
