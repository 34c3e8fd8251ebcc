"""Monthly partitions of the tables that grow by month, on PostgreSQL (docs/architecture.md,
"Tables partitioned by month").

A province's payroll lines, benefit changes and audit entries grow by millions of rows a month.
On PostgreSQL each is one declaratively partitioned table, range-partitioned by a month (a date or
a time), one partition a month named `<table>_y2026m11`, and a DEFAULT partition that takes any row
no month's partition does, so an insert never fails because a partition is missing. SQLite keeps
plain tables: everything here does nothing there.

- `partition_table` turns a plain table into a partitioned one (from a migration): the same
  columns, checks and indexes; the primary key and every unique constraint with the partition key
  added, as PostgreSQL requires of a partitioned table (the model keeps `id` as its key: the
  sequence still hands out each id once). No foreign key may point into the table: the migration
  drops those first (`db_constraint=False`), and this refuses if one is left.
- `operation(table, column)` is the migration step doing it, reversed by `unpartition_table`.
- `ensure_months` creates the partitions of the given months where missing (after migrating, and
  before a run is drafted, `AHEAD_MONTHS` ahead), moving any rows the DEFAULT partition holds for
  such a month into it.
- `archive_year` detaches a year's partitions into the `archive` schema (the rows stay in the
  database, out of every query, vacuum and plan of the live tables; `pg_dump -n archive` takes
  them away), `restore_year` attaches them back; both are audited. The audit trail is not
  archived: its hash chain is verified from its first entry, and a detached year would break it.
"""

import datetime
import zoneinfo
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import migrations, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.backends.utils import CursorWrapper
from django.db.migrations.state import StateApps
from django.utils import timezone
from django.utils.deconstruct import deconstructible

from .. import audit_chain
from ..models import AuditEntry
from ..months import add_months

ARCHIVE_SCHEMA = "archive"
# Months created ahead of today, so that a month's rows arrive in a partition of their own.
AHEAD_MONTHS = 3
# Months before today a table's conversion makes partitions for; older rows stay in DEFAULT (and
# `ensure_months` gives them a partition when asked).
BEHIND_MONTHS = 120
# Kept attached whatever the year: the audit chain is verified from its first entry.
KEPT_ATTACHED = frozenset({"core_auditentry"})


@dataclass(frozen=True)
class Partitioned:
    table: str
    column: str
    is_time: bool  # a timestamptz key: months are bounded at midnight in settings.TIME_ZONE


def partition_name(table: str, month: datetime.date) -> str:
    return f"{table}_y{month:%Y}m{month:%m}"


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _bound(key: Partitioned, month: datetime.date) -> str:
    if not key.is_time:
        return f"'{month:%Y-%m-%d}'"
    start = datetime.datetime(month.year, month.month, 1, tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE))
    return f"'{start.isoformat()}'"


def _month_of(value: datetime.date | datetime.datetime) -> datetime.date:
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value)
    return datetime.date(value.year, value.month, 1)


def _with_key(definition: str, column: str, after: str = "") -> str:
    """`definition` (a constraint's or an index's) with `column` added to its column list: the
    first parenthesis after `after`."""
    start = definition.index("(", definition.index(after) if after else 0)
    depth = 0
    for end in range(start, len(definition)):
        depth += {"(": 1, ")": -1}.get(definition[end], 0)
        if depth == 0:
            break
    columns = [c.strip().strip('"') for c in definition[start + 1 : end].split(",")]
    if column in columns:
        return definition
    return f"{definition[:end]}, {_q(column)}{definition[end:]}"


def partitioned_tables(cursor: CursorWrapper) -> list[Partitioned]:
    """The partitioned tables of the current schema, each with its key column, from the catalog:
    core names no other app's table."""
    cursor.execute(
        "SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod) "
        "FROM pg_partitioned_table p JOIN pg_class c ON c.oid = p.partrelid "
        "JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = p.partattrs[0] "
        "WHERE c.relnamespace = current_schema()::regnamespace ORDER BY c.relname"
    )
    return [
        Partitioned(table, column, kind.startswith("timestamp")) for table, column, kind in cursor.fetchall()
    ]


def _attached(cursor: CursorWrapper, table: str) -> set[str]:
    cursor.execute(
        "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
        "WHERE i.inhparent = %s::regclass",
        [table],
    )
    return {name for (name,) in cursor.fetchall()}


def _attach(cursor: CursorWrapper, key: Partitioned, name: str, month: datetime.date) -> None:
    low, high = _bound(key, month), _bound(key, add_months(month, 1))
    cursor.execute(
        f"ALTER TABLE {_q(key.table)} ATTACH PARTITION {_q(name)} FOR VALUES FROM ({low}) TO ({high})"
    )


def _create_month(cursor: CursorWrapper, key: Partitioned, month: datetime.date) -> None:
    """The month's partition; rows of the month the DEFAULT partition holds are moved into it
    first (PostgreSQL refuses a partition whose rows the default still has)."""
    name, default = partition_name(key.table, month), f"{key.table}_default"
    low, high = _bound(key, month), _bound(key, add_months(month, 1))
    in_month = f"{_q(key.column)} >= {low} AND {_q(key.column)} < {high}"
    cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {_q(default)} WHERE {in_month})")
    if not cursor.fetchone()[0]:
        cursor.execute(
            f"CREATE TABLE {_q(name)} PARTITION OF {_q(key.table)} FOR VALUES FROM ({low}) TO ({high})"
        )
        return
    cursor.execute(f"CREATE TABLE {_q(name)} (LIKE {_q(key.table)} INCLUDING DEFAULTS INCLUDING CONSTRAINTS)")
    cursor.execute(
        f"WITH moved AS (DELETE FROM {_q(default)} WHERE {in_month} RETURNING *) "
        f"INSERT INTO {_q(name)} SELECT * FROM moved"
    )
    _attach(cursor, key, name, month)


def _ensure(cursor: CursorWrapper, key: Partitioned, months: Iterable[datetime.date]) -> list[str]:
    attached = _attached(cursor, key.table)
    made = []
    for month in sorted({m.replace(day=1) for m in months}):
        if partition_name(key.table, month) not in attached:
            _create_month(cursor, key, month)
            made.append(partition_name(key.table, month))
    return made


def _months(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    months = []
    while first <= last:
        months.append(first)
        first = add_months(first, 1)
    return months


def coming_months(today: datetime.date | None = None) -> list[datetime.date]:
    """This month and the `AHEAD_MONTHS` after it."""
    this = (today or timezone.localdate()).replace(day=1)
    return _months(this, add_months(this, AHEAD_MONTHS))


def ensure_months(
    connection: BaseDatabaseWrapper, months: Iterable[datetime.date] | None = None
) -> list[str]:
    """Create the partitions of `months` (default: `coming_months`) in every partitioned table
    where they are missing, and return their names. Nothing on SQLite."""
    if connection.vendor != "postgresql":
        return []
    wanted = list(months) if months is not None else coming_months()
    made: list[str] = []
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        for key in partitioned_tables(cursor):
            made += _ensure(cursor, key, wanted)
    return made


Constraints = list[tuple[str, str, str]]
Indexes = list[tuple[str, str, bool]]


def _definitions(cursor: CursorWrapper, table: str) -> tuple[Constraints, Indexes]:
    """The table's keys, unique constraints and foreign keys (name, kind, definition), and its
    other indexes (name, definition, unique)."""
    cursor.execute(
        "SELECT conname, contype, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE conrelid = %s::regclass AND contype IN ('p', 'u', 'f') ORDER BY conname",
        [table],
    )
    constraints = cursor.fetchall()
    cursor.execute(
        "SELECT i.relname, pg_get_indexdef(x.indexrelid), x.indisunique FROM pg_index x "
        "JOIN pg_class i ON i.oid = x.indexrelid WHERE x.indrelid = %s::regclass AND NOT EXISTS "
        "(SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid AND k.conrelid = x.indrelid)",
        [table],
    )
    return constraints, cursor.fetchall()


def _without_key(definition: str, column: str, after: str = "") -> str:
    """`definition` without `column` at the end of its column list (where `_with_key` put it)."""
    start = definition.index("(", definition.index(after) if after else 0)
    end = definition.index(")", start)
    columns = [c.strip() for c in definition[start + 1 : end].split(",")]
    if len(columns) < 2 or columns[-1].strip('"') != column:
        return definition
    return f"{definition[: start + 1]}{', '.join(columns[:-1])}{definition[end:]}"


def _drop_keys(cursor: CursorWrapper, table: str, constraints: Constraints, indexes: Indexes) -> None:
    """Drop the constraints and indexes `_definitions` found (the table renamed, so their names are
    free for the new table): foreign keys first. Without CASCADE: a foreign key still pointing into
    the table stops the migration here."""
    for name, _kind, _ in sorted(constraints, key=lambda c: c[1] != "f"):
        cursor.execute(f"ALTER TABLE {_q(table)} DROP CONSTRAINT {_q(name)}")
    for name, _, _ in indexes:
        cursor.execute(f"DROP INDEX {_q(name)}")


def _restore_keys(
    cursor: CursorWrapper,
    table: str,
    constraints: Constraints,
    indexes: Indexes,
    transform: Callable[[str, str, str], str],
    column: str,
) -> None:
    """Add back to `table` the constraints and indexes `_definitions` found, foreign keys last; the
    column lists of the primary key, the unique constraints and the unique indexes pass through
    `transform` (`_with_key` or `_without_key`) with the partition key `column`."""
    for name, kind, definition in sorted(constraints, key=lambda c: c[1] == "f"):
        if kind in ("p", "u"):
            definition = transform(definition, column, "")
        cursor.execute(f"ALTER TABLE {_q(table)} ADD CONSTRAINT {_q(name)} {definition}")
    for _name, definition, unique in indexes:
        # An index's definition names the table before its column list: the list after USING.
        cursor.execute(transform(definition, column, " USING ") if unique else definition)


def unpartition_table(connection: BaseDatabaseWrapper, *, table: str, column: str) -> None:
    """`partition_table` undone (a migration reversed): the plain table again, with its rows, its
    identity column and its keys without the partition key. Archived partitions stay archived."""
    if connection.vendor != "postgresql":
        return
    old = f"{table}_partitioned"
    with connection.cursor() as cursor:
        constraints, indexes = _definitions(cursor, table)
        cursor.execute(f"ALTER TABLE {_q(table)} RENAME TO {_q(old)}")
        _drop_keys(cursor, old, constraints, indexes)
        cursor.execute(f"CREATE TABLE {_q(table)} (LIKE {_q(old)} INCLUDING CONSTRAINTS INCLUDING STORAGE)")
        cursor.execute(f"INSERT INTO {_q(table)} SELECT * FROM {_q(old)}")
        cursor.execute(f"DROP TABLE {_q(old)}")  # its partitions and its sequence with it
        cursor.execute(f"ALTER TABLE {_q(table)} ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY")
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence(%s, 'id'), COALESCE(MAX(id), 0) + 1, false) "
            f"FROM {_q(table)}",
            [table],
        )
        _restore_keys(cursor, table, constraints, indexes, _without_key, column)


def partition_table(connection: BaseDatabaseWrapper, *, table: str, column: str) -> None:
    """Turn the plain `table` into one partitioned by month of `column`, with its rows (from a
    migration, in its transaction). Nothing on SQLite."""
    if connection.vendor != "postgresql":
        return
    old = f"{table}_unpartitioned"
    with connection.cursor() as cursor:
        constraints, indexes = _definitions(cursor, table)
        cursor.execute(
            "SELECT format_type(atttypid, atttypmod) FROM pg_attribute "
            "WHERE attrelid = %s::regclass AND attname = %s",
            [table, column],
        )
        key = Partitioned(table, column, cursor.fetchone()[0].startswith("timestamp"))
        cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
        (sequence,) = cursor.fetchone()
        cursor.execute(f"SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM {sequence}")
        (last_id,) = cursor.fetchone()

        cursor.execute(f"ALTER TABLE {_q(table)} RENAME TO {_q(old)}")
        _drop_keys(cursor, old, constraints, indexes)
        cursor.execute(f"ALTER TABLE {_q(old)} ALTER COLUMN id DROP IDENTITY IF EXISTS")

        # Identity columns come to partitioned tables only in PostgreSQL 17: a sequence owned by
        # the column hands out the ids (Django's sequence reset finds it the same way).
        cursor.execute(
            f"CREATE TABLE {_q(table)} (LIKE {_q(old)} INCLUDING DEFAULTS INCLUDING CONSTRAINTS "
            f"INCLUDING STORAGE) PARTITION BY RANGE ({_q(column)})"
        )
        cursor.execute(f"CREATE SEQUENCE {_q(table + '_id_seq')} AS bigint OWNED BY {_q(table)}.id")
        cursor.execute(f"ALTER TABLE {_q(table)} ALTER COLUMN id SET DEFAULT nextval(%s::regclass)",
                       [f"{table}_id_seq"])  # fmt: skip
        cursor.execute(f"CREATE TABLE {_q(table + '_default')} PARTITION OF {_q(table)} DEFAULT")

        cursor.execute(f"SELECT MIN({_q(column)}), MAX({_q(column)}) FROM {_q(old)}")
        low, high = cursor.fetchone()
        this = timezone.localdate().replace(day=1)
        first = max(_month_of(low), add_months(this, -BEHIND_MONTHS)) if low is not None else this
        last = max(_month_of(high), this) if high is not None else this
        _ensure(cursor, key, _months(first, last) + coming_months())

        cursor.execute(f"INSERT INTO {_q(table)} SELECT * FROM {_q(old)}")
        cursor.execute(f"DROP TABLE {_q(old)}")
        cursor.execute(
            f"SELECT setval(%s::regclass, GREATEST(%s, (SELECT COALESCE(MAX(id), 0) FROM {_q(table)}), 1), "
            f"GREATEST(%s, (SELECT COALESCE(MAX(id), 0) FROM {_q(table)})) > 0)",
            [f"{table}_id_seq", last_id, last_id],
        )

        _restore_keys(cursor, table, constraints, indexes, _with_key, column)


@deconstructible(path="dibao.core.services.partitions.Conversion")
class Conversion:
    """`partition_table` (or, with `undo`, `unpartition_table`) as the code of a `RunPython`: an
    object that `squashmigrations` can write back, where a function made inside `operation` could
    not be."""

    def __init__(self, table: str, column: str, *, undo: bool = False) -> None:
        self.table, self.column, self.undo = table, column, undo

    def __call__(self, apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
        convert = unpartition_table if self.undo else partition_table
        convert(schema_editor.connection, table=self.table, column=self.column)


def operation(table: str, column: str) -> migrations.RunPython:
    """The migration step that partitions `table` by month of `column`, and unpartitions it when
    the migration is reversed; nothing on SQLite. Not elidable: a squash keeps it."""
    return migrations.RunPython(
        Conversion(table, column), Conversion(table, column, undo=True), elidable=False
    )


def _audit(table: str, name: str, schema_before: str, schema_after: str, rows: int) -> None:
    entry = AuditEntry(
        action=AuditEntry.Action.UPDATE,
        object_type="core.partition",
        object_id=name[:64],
        object_repr=name[:200],
        area_code="",
        before={"schema": schema_before},
        after={"schema": schema_after, "rows": rows},
        note=f"{table}",
    )
    audit_chain.append([entry])


def _year_months(year: int) -> list[datetime.date]:
    return [datetime.date(year, m, 1) for m in range(1, 13)]


def archive_year(connection: BaseDatabaseWrapper, *, year: int) -> list[tuple[str, int]]:
    """Detach the year's partitions of every partitioned table but the audit trail's into the
    `archive` schema (its rows in DEFAULT first moved into their months' partitions), audited;
    returns each partition moved and its rows."""
    if connection.vendor != "postgresql":
        return []
    moved: list[tuple[str, int]] = []
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute(f"CREATE SCHEMA IF NOT EXISTS {_q(ARCHIVE_SCHEMA)}")
        for key in partitioned_tables(cursor):
            if key.table in KEPT_ATTACHED:
                continue
            _ensure(cursor, key, _year_months(year))
            for month in _year_months(year):
                name = partition_name(key.table, month)
                cursor.execute(f"SELECT COUNT(*) FROM {_q(name)}")
                (rows,) = cursor.fetchone()
                cursor.execute(f"ALTER TABLE {_q(key.table)} DETACH PARTITION {_q(name)}")
                cursor.execute(f"ALTER TABLE {_q(name)} SET SCHEMA {_q(ARCHIVE_SCHEMA)}")
                _audit(key.table, name, "public", ARCHIVE_SCHEMA, rows)
                moved.append((name, rows))
    return moved


def archived_years(connection: BaseDatabaseWrapper) -> list[int]:
    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT substring(c.relname FROM '_y([0-9]{4})m[0-9]{2}$')::int FROM pg_class c "
            "WHERE c.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = %s) AND c.relkind = 'r' "
            "ORDER BY 1",
            [ARCHIVE_SCHEMA],
        )
        return [year for (year,) in cursor.fetchall() if year is not None]


def restore_year(connection: BaseDatabaseWrapper, *, year: int) -> list[tuple[str, int]]:
    """Attach the year's archived partitions back to their tables, audited."""
    if connection.vendor != "postgresql":
        return []
    restored: list[tuple[str, int]] = []
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        for key in partitioned_tables(cursor):
            attached = _attached(cursor, key.table)
            for month in _year_months(year):
                name = partition_name(key.table, month)
                cursor.execute("SELECT to_regclass(%s)", [f"{ARCHIVE_SCHEMA}.{name}"])
                if cursor.fetchone()[0] is None or name in attached:
                    continue
                cursor.execute(f"SELECT COUNT(*) FROM {_q(ARCHIVE_SCHEMA)}.{_q(name)}")
                (rows,) = cursor.fetchone()
                cursor.execute(f"ALTER TABLE {_q(ARCHIVE_SCHEMA)}.{_q(name)} SET SCHEMA public")
                _attach(cursor, key, name, month)
                _audit(key.table, name, ARCHIVE_SCHEMA, "public", rows)
                restored.append((name, rows))
    return restored
