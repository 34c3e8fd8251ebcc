"""Matching a source's rows against the people the county helps, set-based.

1. The rows go into a temporary staging table in one stream: `COPY … FROM STDIN` on PostgreSQL,
   `executemany` in batches on SQLite. Python touches each row once, to hand it to the database;
   no row is looked up on its own.
2. One join on the ID number keeps the rows of the county's people in scope — the current members
   of every household applying, receiving, suspended, or holding a program not yet ended — into a
   second temporary table (`matched`). Its size is the file's `matched`.
3. Each kind's rule is one `SELECT` over `matched`, returning only the rows that trip it, with the
   rule's code (`Hit.rule`): a death before the household's last paid month; a vehicle other than
   a disabled member's mobility vehicle; more homes than the county allows, or a property that is
   no home; any role in a business; a pension or contribution base above the county's share of
   the standard; any public-sector employment.
A file of ten million rows thus costs two statements over the whole file and a few over its
matches (bench/crosscheck.py).
"""

import contextlib
import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from operator import attrgetter
from typing import Any

from django.db import DatabaseError, connection

from dibao.benefits.models import Entitlement
from dibao.payroll.models import FIXED_STATES, Line, LineResult, Run
from dibao.registry.models import Household, HouseholdStatus, Member

from ..models import CheckRule, SourceKind
from ..reading import LAYOUTS, SourceRow

STAGING = "crosscheck_staging"
MATCHED = "crosscheck_matched"
PG_TYPES = {
    "src_row": "int4",
    "id_number": "text",
    "name": "text",
    "on_date": "date",
    "label": "text",
    "detail": "text",
    "amount": "numeric",
    "months": "int4",
    "tag": "text",
}
IN_SCOPE = (HouseholdStatus.APPLYING, HouseholdStatus.RECEIVING, HouseholdStatus.SUSPENDED)

# Words a department writes for a disabled person's mobility vehicle, a home, and what is neither.
MOBILITY_WORDS = ("轮椅", "残疾人专用", "残疾人机动", "mobility")
NOT_A_HOME_WORDS = ("商业", "商铺", "商服", "办公", "厂房", "仓储", "工业", "commercial", "office")
PARKING_WORDS = ("车位", "车库", "储藏", "parking", "garage")


def tag(kind: str, detail: str) -> str:
    """A vehicle's or property's class, from the type the department wrote."""
    if kind == SourceKind.VEHICLE:
        return "mobility" if any(w in detail.lower() for w in MOBILITY_WORDS) else ""
    if kind == SourceKind.PROPERTY:
        text = detail.lower()
        if any(w in text for w in PARKING_WORDS):
            return "parking"
        return "other" if any(w in text for w in NOT_A_HOME_WORDS) else "home"
    return ""


@dataclass
class Hit:
    row: int
    id_number: str
    name: str
    on_date: datetime.date | None
    label: str
    detail: str
    amount: Decimal | None
    months: int | None
    member_id: int
    household_id: int
    community_id: int
    rule: str
    threshold: Decimal | None = None


@dataclass
class Matched:
    rows: int
    matched: int
    hits: list[Hit]


def columns_of(kind: str) -> tuple[str, ...]:
    """The staging columns a kind fills; the others keep their defaults, so a file of ten million
    pension rows binds four values a row rather than nine."""
    slots = [s for s in ("on_date", "label", "detail", "amount", "months") if s in LAYOUTS[kind]]
    tagged = ("tag",) if kind in (SourceKind.VEHICLE, SourceKind.PROPERTY) else ()
    return ("src_row", "id_number", "name", *slots, *tagged)


def _tuples(kind: str, rows: Iterable[SourceRow], sqlite: bool) -> Iterator[tuple[Any, ...]]:
    slots = [s for s in ("on_date", "label", "detail", "amount", "months") if s in LAYOUTS[kind]]
    take = attrgetter("row", "id_number", "name", *slots)
    tagged = kind in (SourceKind.VEHICLE, SourceKind.PROPERTY)
    # SQLite keeps dates and decimals as text: the text PostgreSQL would read back as values.
    as_text = [3 + slots.index(s) for s in ("on_date", "amount") if sqlite and s in slots]
    if not as_text and not tagged:
        yield from map(take, rows)  # the common case at scale: no Python work a row but this
        return
    for r in rows:
        values = list(take(r))
        for i in as_text:
            if values[i] is not None:
                values[i] = str(values[i])
        if tagged:
            values.append(tag(kind, r.detail))
        yield tuple(values)


def _create_staging(cursor: Any) -> None:
    cursor.execute(f"DROP TABLE IF EXISTS {STAGING}")
    cursor.execute(f"DROP TABLE IF EXISTS {MATCHED}")
    cursor.execute(
        f"CREATE TEMPORARY TABLE {STAGING} (src_row integer NOT NULL, id_number varchar(18) NOT NULL, "
        "name varchar(40) NOT NULL DEFAULT '', on_date date, label varchar(120) NOT NULL DEFAULT '', "
        "detail varchar(120) NOT NULL DEFAULT '', amount numeric(16, 2), months integer, "
        "tag varchar(10) NOT NULL DEFAULT '')"
    )


def _load(cursor: Any, kind: str, rows: Iterable[SourceRow]) -> int:
    """Stream the rows into the staging table; their number."""
    columns = columns_of(kind)
    counted = _Counter(_tuples(kind, rows, sqlite=connection.vendor != "postgresql"))
    if connection.vendor == "postgresql":
        with cursor.cursor.copy(f"COPY {STAGING} ({', '.join(columns)}) FROM STDIN") as copy:
            # Typed, the values are sent in PostgreSQL's own form rather than guessed row by row.
            copy.set_types([PG_TYPES[c] for c in columns])
            for values in counted:
                copy.write_row(values)
        return counted.count
    # The driver's own cursor takes the generator whole: no batch is ever held as a list.
    marks = ", ".join(["?"] * len(columns))
    cursor.cursor.executemany(f"INSERT INTO {STAGING} ({', '.join(columns)}) VALUES ({marks})", counted)
    return counted.count


class _Counter:
    def __init__(self, items: Iterator[tuple[Any, ...]]) -> None:
        self.items, self.count = items, 0

    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        for item in self.items:
            self.count += 1
            yield item


def _people_sql() -> str:
    member, household = Member._meta.db_table, Household._meta.db_table
    entitlement = Entitlement._meta.db_table
    statuses = ", ".join(f"'{s}'" for s in IN_SCOPE)
    return (
        f"SELECT m.id AS member_id, m.household_id, m.id_number, m.disability_type, h.community_id, "
        f"h.urban_rural FROM {member} m JOIN {household} h ON h.id = m.household_id "
        f"WHERE m.is_current = %s AND h.county_id = %s AND (h.status IN ({statuses}) OR EXISTS ("
        f"SELECT 1 FROM {entitlement} e WHERE e.household_id = h.id "
        f"AND (e.month_to IS NULL OR e.month_to >= %s)))"
    )


def _join(cursor: Any, county_id: int, month: datetime.date) -> int:
    if connection.vendor == "postgresql":
        # The members in scope (a million in a province) are hashed for the join: with the
        # default 4 MB the hash spills to disk in batches and the join takes three times as long.
        # LOCAL: for this transaction only.
        cursor.execute("SET LOCAL work_mem = '256MB'")
    cursor.execute(
        f"CREATE TEMPORARY TABLE {MATCHED} AS SELECT s.*, p.member_id, p.household_id, p.community_id, "
        f"p.disability_type, p.urban_rural FROM {STAGING} s JOIN ({_people_sql()}) p "
        "ON p.id_number = s.id_number",
        [True, county_id, month],
    )
    cursor.execute(f"SELECT COUNT(*) FROM {MATCHED}")
    return int(cursor.fetchone()[0])


HIT_COLUMNS = (
    "x.src_row, x.id_number, x.name, x.on_date, x.label, x.detail, x.amount, x.months, "
    "x.member_id, x.household_id, x.community_id, x.urban_rural"
)


def _rules(kind: str, rule: CheckRule, thresholds: dict[str, Decimal]) -> list[tuple[str, str, list[Any]]]:
    """(rule code, WHERE over `matched x`, parameters) for each rule the kind can trip."""
    if kind == SourceKind.DEATH:
        line, run = Line._meta.db_table, Run._meta.db_table
        states = ", ".join(f"'{s}'" for s in FIXED_STATES)
        paid_after = (
            f"EXISTS (SELECT 1 FROM {line} l JOIN {run} r ON r.id = l.run_id "
            f"WHERE l.household_id = x.household_id AND (l.member_id IS NULL OR l.member_id = x.member_id) "
            f"AND r.state IN ({states}) AND l.result <> %s AND r.month > x.on_date)"
        )
        return [("paid_after_death", paid_after, [LineResult.FAILED])]
    if kind == SourceKind.VEHICLE:
        if rule.exempt_mobility_vehicle:
            return [("vehicle", "NOT (x.tag = 'mobility' AND x.disability_type <> '')", [])]
        return [("vehicle", "1 = 1", [])]
    if kind == SourceKind.PROPERTY:
        # The households over the count, grouped once (not counted again for each of their rows).
        over = (
            f"(SELECT household_id FROM {MATCHED} WHERE tag = 'home' "
            "GROUP BY household_id HAVING COUNT(*) > %s)"
        )
        return [
            ("homes", f"x.tag = 'home' AND x.household_id IN {over}", [rule.homes_allowed]),
            ("not_a_home", "x.tag = 'other'", []),
        ]
    if kind == SourceKind.BUSINESS:
        return [("business", "1 = 1", [])]
    if kind in (SourceKind.PENSION, SourceKind.SOCIAL_INSURANCE, SourceKind.HOUSING_FUND):
        urban, rural = thresholds.get("urban"), thresholds.get("rural")
        return [
            (
                "income",
                "x.amount > (CASE WHEN x.urban_rural = 'urban' THEN %s ELSE %s END)",
                [urban, rural],
            )
        ]
    return [("public_servant", "1 = 1", [])]


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.01"))


def _date(value: Any) -> datetime.date | None:
    if value is None or isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value)[:10])


def match(
    *,
    county_id: int,
    kind: str,
    rows: Iterable[SourceRow],
    rule: CheckRule,
    thresholds: dict[str, Decimal],
    month: datetime.date,
) -> Matched:
    """Load, join and apply the kind's rules; the temporary tables are dropped before returning.
    `thresholds`: the income rules' line by urban/rural (`rules.thresholds`); `month`: a program
    ended before it no longer puts its household in scope."""
    hits: list[Hit] = []
    with connection.cursor() as cursor:
        _create_staging(cursor)
        try:
            total = _load(cursor, kind, rows)
            matched = _join(cursor, county_id, month)
            for code, where, params in _rules(kind, rule, thresholds):
                cursor.execute(
                    f"SELECT {HIT_COLUMNS} FROM {MATCHED} x WHERE {where} ORDER BY x.src_row", params
                )
                for r in cursor.fetchall():
                    threshold = thresholds.get(r[11]) if code == "income" else None
                    hits.append(
                        Hit(
                            row=r[0],
                            id_number=r[1],
                            name=r[2],
                            on_date=_date(r[3]),
                            label=r[4],
                            detail=r[5],
                            amount=_decimal(r[6]),
                            months=r[7],
                            member_id=r[8],
                            household_id=r[9],
                            community_id=r[10],
                            rule=code,
                            threshold=threshold,
                        )
                    )
        finally:
            # After a failed statement PostgreSQL refuses even these; the transaction's rollback
            # then removes the tables it created, so the original error is the one raised.
            with contextlib.suppress(DatabaseError):
                cursor.execute(f"DROP TABLE IF EXISTS {MATCHED}")
                cursor.execute(f"DROP TABLE IF EXISTS {STAGING}")
    return Matched(rows=total, matched=matched, hits=hits)
