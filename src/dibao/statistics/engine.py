"""The statistics engine: households, persons, amounts, person-times and flows of an area over a
range of months, broken down by any combination of `fields.FIELDS`, counted from the records —
the entitlement ledger (`benefits.Entitlement`, its versions and their stops in
`benefits.Movement`) and the one-off grants (`assistance.OneOffGrant`) — and never kept as a
second truth. Every figure is dated by the month it takes effect, never by the day it was typed.

Definitions (a *unit* is one entitlement's holder: a household in a program, or a person in a
program that pays a person)
-------------------------------------------------------------------------------------------------
- **On the books in a month m**: the entitlement versions in force in m (`month_from ≤ m ≤
  month_to`, or open). A suspended or ended unit has no version in force; a version replaced
  before it began is in force in no month.
- **households**: the distinct households on the books; **persons**: the covered persons of the
  versions that pay a household plus the distinct persons paid by the versions that pay a person
  (as `payroll.totals` counts a run). Both are a stock: the figure of the period's *last* month
  (with `month` in the breakdown, each row's own month).
- **amount**: what the versions pay for each month of the period (a part-month amount in a month
  a stop or resumption falls in, as the payroll drafts it), plus the one-off grants decided in the
  period (not cancelled). In yuan to the fen; `amount_wan` is 万元 for display.
- **household_times / person_times** (户次/人次): each month's households / persons added up over
  the period, plus one of each per one-off grant. **per_household / per_person** (户均/人均):
  amount ÷ household_times / person_times — for one month, the month's 户均 and 人均.
- **Flows in month m**, in units: **new** — a unit on the books in m and not in m − 1 (by the
  version's reason: approved, taken over, resumed …); **stopped** — on the books in m − 1 and not
  in m (by the reason of the stop that ended its version: `Movement.stop_reason`); and of the
  units on the books in both, whose version changed in m: **raised**, **lowered** (its monthly
  amount against the version before), **class_changed** (its benefit class). A flow is counted in
  the row of the version after the change (a stop: the version that ended).
So, per program and for any breakdown by area, by construction:
opening (the month before the period) + new − stopped = closing, and a period's flows, amount
and times are the sum of its months'. Amounts are summed in whole fen (SQLite sums decimals as
floating point).

Where
-----
An entitlement counts in the community its household is registered in now; a grant where it was
decided. `area` breaks a county down by street and a street by community.

Cost: four grouped queries a month (the stock by breakdown, the new and changed versions, the
stopped ones, the grants) and one for the last month's whole stock — on PostgreSQL folded into that
month's stock by breakdown (GROUPING SETS with `()`: `month_rows_and_stock`) — whatever the area's
size —
set-based, no loop over rows. `month_rows` is one month's rows: what the snapshot of a closed month
holds (`snapshots`); `ranges.figures_by` reads the months that have a snapshot from them and the
others from here (on PostgreSQL with room to sort and hash in memory: `roomy`)."""

import datetime
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.db.models import (
    Case,
    Count,
    DecimalField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Round

from dibao.areas.models import Area
from dibao.assistance.models import GrantState, OneOffGrant
from dibao.benefits.models import Entitlement, Movement, MovementKind
from dibao.core.months import add_months
from dibao.core.scoping import within_area

from . import members
from .fields import entitlement_keys, grant_keys
from .figures import Figures

STOP_KINDS = (MovementKind.SUSPEND, MovementKind.TERMINATE, MovementKind.GRADUAL_EXIT)

# One month's figures by the values of its breakdown (without the month), in the order `by` names.
MonthRows = dict[tuple[Any, ...], Figures]


@dataclass(frozen=True)
class Scope:
    """What is counted: the area (and everything below it) and the program (None: all)."""

    area: Area
    program: str | None = None


@contextmanager
def roomy() -> Iterator[None]:
    """On PostgreSQL, room for the grouped scans of a county's ledger: sorts and hashes in memory
    (the default 4 MB spills a million versions to disk) and no JIT compilation (a second spent
    compiling queries that run once), for this transaction only (`SET LOCAL`)."""
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL work_mem = '128MB'; SET LOCAL jit = off")
        yield


def in_force(month: datetime.date) -> Q:
    return Q(month_from__lte=month) & (Q(month_to__isnull=True) | Q(month_to__gte=month))


def _fen(expression: Any) -> Any:
    return Cast(Round(expression * 100), IntegerField())


def month_amount(month: datetime.date) -> Any:
    """What a version pays in `month`: its part-month amount in its last or first month."""
    return Case(
        When(Q(month_to=month, last_month_amount__isnull=False), then=F("last_month_amount")),
        When(Q(month_from=month, first_month_amount__isnull=False), then=F("first_month_amount")),
        default=F("amount"),
        output_field=DecimalField(max_digits=12, decimal_places=2),
    )


def entitlements(scope: Scope) -> QuerySet[Entitlement]:
    rows = within_area(Entitlement.objects.all(), scope.area, "household__community__code")
    return rows.filter(program_id=scope.program) if scope.program else rows


def grants(scope: Scope) -> QuerySet[OneOffGrant]:
    rows = within_area(OneOffGrant.objects.exclude(state=GrantState.CANCELLED), scope.area, "community__code")
    return rows.filter(program_id=scope.program) if scope.program else rows


def _stock_aggregates(month: datetime.date) -> dict[str, Any]:
    return {
        "households": Count("household_id", distinct=True),
        "covered": Sum("persons", filter=Q(member__isnull=True)),
        "paid_persons": Count("member_id", distinct=True),
        "fen": Sum(_fen(month_amount(month))),
    }


def _same_unit(month: datetime.date) -> QuerySet[Entitlement]:
    """The versions of the outer row's unit in force in `month`."""
    return (
        Entitlement.objects.filter(household_id=OuterRef("household_id"), program_id=OuterRef("program_id"))
        .annotate(unit_member=Coalesce("member_id", Value(0)))
        .filter(unit_member=Coalesce(OuterRef("member_id"), Value(0)))
        .filter(in_force(month))
    )


# Without a breakdown every query is grouped by this constant, which the database leaves out of
# its GROUP BY: one group, the whole scope (`values()` of nothing would group by every column).
WHOLE = "k_whole"


def _key(row: dict[str, Any], names: list[str]) -> tuple[Any, ...]:
    return tuple(row[name] for name in names if name != WHOLE)


def _on_books_and_stock(
    ledger: QuerySet[Entitlement], month: datetime.date, keys: dict[str, Any]
) -> tuple[list[dict[str, Any]], tuple[int, int]]:
    """On PostgreSQL, the stock by the breakdown `keys` (as `_stock_aggregates` gives it) and the
    whole scope's (households, persons) in one scan of the month's versions: GROUP BY … GROUPING
    SETS with `()` beside the breakdown, one sort for both (`stock` would scan and join the ledger a
    second time for the total)."""
    names = list(keys)
    versions = (
        ledger.filter(in_force(month))
        .annotate(**keys, k_fen=_fen(month_amount(month)))
        .values(*names, "household_id", "member_id", "persons", "k_fen")
    )
    inner, params = versions.order_by().query.sql_with_params()
    columns = ", ".join(names)
    rows: list[dict[str, Any]] = []
    total = (0, 0)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT GROUPING({columns}), {columns}, COUNT(DISTINCT household_id),
                   SUM(persons) FILTER (WHERE member_id IS NULL), COUNT(DISTINCT member_id), SUM(k_fen)
            FROM ({inner}) AS versions
            GROUP BY GROUPING SETS (({columns}), ())
            """,
            params,
        )
        for left_out, *values, households, covered, paid_persons, fen in cursor.fetchall():
            if left_out:  # the grand total: one row, even of no version
                total = (households, (covered or 0) + paid_persons)
                continue
            row = dict(zip(names, values, strict=True))
            row.update(households=households, covered=covered, paid_persons=paid_persons, fen=fen)
            rows.append(row)
    return rows, total


def month_rows(scope: Scope, month: datetime.date, by: tuple[str, ...], *, stock: bool = True) -> MonthRows:
    """One month's figures by breakdown value (`month` in `by` is ignored: it is this month).
    Four grouped queries. By `member_category`, the persons of each category (`members`).
    `stock=False`: the flows and the one-off grants alone (three queries), for a caller that counts
    the versions on the books its own way (`snapshots`)."""
    return _month_rows(scope, month, by, stock=stock)[0]


def month_rows_and_stock(
    scope: Scope, month: datetime.date, by: tuple[str, ...]
) -> tuple[MonthRows, tuple[int, int]]:
    """`month_rows` and the whole scope's `stock` of the month: on PostgreSQL with the total's stock
    folded into the breakdown's grouped scan (`_on_books_and_stock`), four queries in all, not
    five."""
    if members.FIELD in by or connection.vendor != "postgresql" or not entitlement_keys(scope.area, by):
        return month_rows(scope, month, by), stock(scope, month)
    found, total = _month_rows(scope, month, by, stock=True, total=True)
    assert total is not None
    return found, total


def _month_rows(
    scope: Scope, month: datetime.date, by: tuple[str, ...], *, stock: bool, total: bool = False
) -> tuple[MonthRows, tuple[int, int] | None]:
    if members.FIELD in by:
        return members.month_rows(entitlements(scope).filter(in_force(month)), scope.area, month, by), None
    keys = entitlement_keys(scope.area, by) or {WHOLE: Value(0)}
    names = list(keys)
    found: MonthRows = {}

    def cell(row: dict[str, Any]) -> Figures:
        return found.setdefault(_key(row, names), Figures())

    ledger = entitlements(scope)
    whole: tuple[int, int] | None = None
    on_books: Iterable[dict[str, Any]] = ()
    if stock and total:
        on_books, whole = _on_books_and_stock(ledger, month, keys)
    elif stock:
        on_books = (
            ledger.filter(in_force(month))
            .annotate(**keys)
            .values(*names)
            .annotate(**_stock_aggregates(month))
            .order_by()
        )
    for row in on_books:
        figures = cell(row)
        figures.households = row["households"]
        figures.persons = (row["covered"] or 0) + row["paid_persons"]
        figures.fen += row["fen"] or 0
        figures.household_times += figures.households
        figures.person_times += figures.persons

    before = add_months(month, -1)
    earlier = _same_unit(before)
    # Whether the unit was on the books the month before is whether its version then has an amount
    # (a version always has one): an index look-up per starting version. An EXISTS inside the CASE
    # is planned as a hashed subplan, a scan of the whole of the month before's stock, twice.
    had = Q(amount_before__isnull=False)
    starting = (
        ledger.filter(in_force(month), month_from=month)
        .annotate(
            **keys,
            amount_before=Subquery(earlier.values("amount")[:1]),
            class_before=Subquery(earlier.values("benefit_class")[:1]),
        )
        .annotate(
            flow=Case(
                When(~had, then=Value("new")),
                When(amount__gt=F("amount_before"), then=Value("raised")),
                When(amount__lt=F("amount_before"), then=Value("lowered")),
                default=Value("same"),
            ),
            reclassed=Case(
                When(had & ~Q(benefit_class=F("class_before")), then=Value(1)),
                default=Value(0),
            ),
        )
        .values(*names, "flow", "reason", "reclassed")
        .annotate(n=Count("id"))
    )
    for row in starting.order_by():
        figures, n = cell(row), row["n"]
        if row["flow"] == "new":
            figures.new += n
            figures.new_by[row["reason"]] += n
        elif row["flow"] == "raised":
            figures.raised += n
        elif row["flow"] == "lowered":
            figures.lowered += n
        if row["reclassed"]:
            figures.class_changed += n

    stop = Movement.objects.filter(entitlement_id=OuterRef("pk"), kind__in=STOP_KINDS).order_by("id")
    stopped = (
        ledger.filter(in_force(before), month_to=before)
        .exclude(Exists(_same_unit(month)))
        .annotate(**keys, why=Coalesce(Subquery(stop.values("stop_reason")[:1]), Value("")))
        .values(*names, "why")
        .annotate(n=Count("id"))
    )
    for row in stopped.order_by():
        figures = cell(row)
        figures.stopped += row["n"]
        figures.stopped_by[row["why"]] += row["n"]

    one_off = grant_keys(scope.area, by) or {WHOLE: Value(0)}
    decided = grants(scope).filter(decided_on__gte=month, decided_on__lt=add_months(month, 1))
    grouped = decided.annotate(**one_off).values(*names).annotate(n=Count("id"), fen=Sum(_fen(F("amount"))))
    for row in grouped.order_by():
        if not row["n"]:  # grouped by constants only (a grant's classes): one row even of no grant
            continue
        figures = cell(row)
        figures.grants += row["n"]
        figures.fen += row["fen"] or 0
        figures.household_times += row["n"]
        figures.person_times += row["n"]
    return found, whole


def stock(scope: Scope, month: datetime.date) -> tuple[int, int]:
    """The households and persons on the books in `month`, the whole scope (one query)."""
    row = entitlements(scope).filter(in_force(month)).aggregate(**_stock_aggregates(month))
    return row["households"] or 0, (row["covered"] or 0) + (row["paid_persons"] or 0)


def months(month_from: datetime.date, month_to: datetime.date) -> Iterable[datetime.date]:
    month = month_from
    while month <= month_to:
        yield month
        month = add_months(month, 1)
