"""Closed months kept as snapshots (`models.Snapshot`): what they hold, how they are derived from
the engine, and how the engine reads them back.

A snapshot of a county's month is the engine's own count (`engine.month_rows`), never a second way
of counting:
- the full grouping: one row per community × program × urban/rural × benefit class × management
  class × household category, with every figure. Amounts, times, grants and flows add up from it
  to any breakdown and any area above a community (a household is in one community and one
  category);
- the stock (households, persons) does not add up across the entitlement's own keys: a household
  in two programs, or a person paid by two, is counted once where the two are not told apart. So
  for each of the 15 other subsets of those four keys (`DIMS`), the stock is kept again, grouped
  by community × that subset × category. A breakdown reads the stock of its own subset;
- and beside it, in every subset's rows, the figures that do add up (`ADDED`, the grants and the
  reasons of the flows), summed from the full grouping's rows when the snapshot is written
  (`_spread`): so a breakdown reads the rows of its own subset alone, not also the full
  grouping's, which are two to ten times as many (the dashboard's twelve months by program).

So any breakdown of any area of the county, for all programs or one, is summed from the snapshot
to the same figures as the ledger gives (tests/statistics/test_snapshots.py). The community and
category are the household's at the time of writing; a household that moves afterwards, or a
change dated back into a closed month, is a difference `dibao statistics-check` reports and a
new snapshot of the month removes."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import F, Q, Sum

from dibao.areas.models import Area, Level
from dibao.core.scoping import within_area

from . import engine
from .fields import entitlement_keys
from .figures import Figures
from .models import Snapshot, SnapshotRow

DIMS = ("program", "urban_rural", "benefit_class", "management_class")
FULL = (1 << len(DIMS)) - 1
KEY_FIELDS = ("grouping", "community_id", *DIMS, "category")
FIGURES = ("households", "persons", "fen", "grants", "new", "stopped", "raised", "lowered", "class_changed")
COUNTERS = ("new_by", "stopped_by")
# What adds up from the full grouping to any breakdown, kept in every grouping's rows.
ADDED = ("fen", "grants", "new", "stopped", "raised", "lowered", "class_changed")


def kept(grouping: int) -> tuple[str, ...]:
    return tuple(name for i, name in enumerate(DIMS) if grouping >> i & 1)


def grouping_of(names: set[str]) -> int:
    return sum(1 << i for i, name in enumerate(DIMS) if name in names)


def _by(grouping: int) -> tuple[str, ...]:
    return ("community", *kept(grouping), "category")


@dataclass
class Derived:
    """A month's snapshot rows as values, keyed by `KEY_FIELDS`, before they are written."""

    rows: dict[tuple[Any, ...], dict[str, Any]]


def _stock_rows(scope: engine.Scope, month: datetime.date, by: tuple[str, ...]) -> dict[tuple[Any, ...], Any]:
    """The engine's stock (households, persons) by `by`: its first query, without the flows."""
    keys = entitlement_keys(scope.area, by)
    rows = (
        engine.entitlements(scope)
        .filter(engine.in_force(month))
        .annotate(**keys)
        .values(*keys)
        .annotate(**engine._stock_aggregates(month))
    )
    return {
        tuple(row[name] for name in keys): (row["households"], (row["covered"] or 0) + row["paid_persons"])
        for row in rows.order_by()
    }


def _equal_subsets() -> str:
    """For each set E of the keys two versions of a household agree on (bits as in `DIMS`), the
    groupings in which the two fall in the same row — every subset of E — as bits of a grouping
    number: a PostgreSQL array indexed by E + 1."""
    masks = [sum(1 << g for g in range(FULL + 1) if g & ~equal == 0) for equal in range(FULL + 1)]
    return "ARRAY[" + ", ".join(map(str, masks)) + "]"


def _stock_sets(scope: engine.Scope, month: datetime.date) -> dict[int, dict[tuple[Any, ...], Any]]:
    """The stock (households, persons) and the amount (fen) of the month in every grouping, by
    grouping, set-based on PostgreSQL: the engine's own selection of the month's versions and its
    own keys (`engine._stock_aggregates`), read once into a temporary table, then one GROUP BY …
    GROUPING SETS over it.

    The distinct counts (a household with two versions in one row is one household, a person paid
    twice one person) would need a sort per grouping; instead each version that repeats, in some
    grouping, a household (or person) of an earlier version of the same household is marked once
    (`dup`, `dup_person`: the groupings it repeats in, as bits) by a join of the few households with
    several versions to themselves, and the groupings count the versions not marked — one hashed
    pass for all sixteen."""
    keys = entitlement_keys(scope.area, _by(FULL))
    rows = (
        engine.entitlements(scope)
        .filter(engine.in_force(month))
        .annotate(**keys, k_fen=engine._fen(engine.month_amount(month)))
        .values("id", *keys, "k_fen", "household_id", "member_id", "persons")
    )
    inner, params = rows.order_by().query.sql_with_params()
    dims = [f"k_{name}" for name in DIMS]
    agree = " + ".join(
        f"(CASE WHEN a.{d} IS NOT DISTINCT FROM b.{d} THEN {1 << i} ELSE 0 END)" for i, d in enumerate(dims)
    )
    sets = ", ".join("(" + ", ".join(f"k_{name}" for name in kept(g)) + ")" for g in range(FULL + 1))
    masked = ", ".join(f"CASE WHEN g & {1 << i} <> 0 THEN {d} END" for i, d in enumerate(dims))
    found: dict[int, dict[tuple[Any, ...], Any]] = {g: {} for g in range(FULL + 1)}
    width = len(DIMS)
    with engine.roomy(), connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS snapshot_month, snapshot_repeat")
        cursor.execute(f"CREATE TEMPORARY TABLE snapshot_month AS {inner}", params)
        cursor.execute("ANALYZE snapshot_month")
        # Every grouping at once, as if no version repeated a household or a person: the month's
        # versions summed by the full key first (a million versions to some ten thousand rows),
        # then those rows by every grouping.
        cursor.execute(
            f"""
            SELECT GROUPING({", ".join(dims)}), k_community, {", ".join(dims)}, k_category,
                   SUM(versions)::bigint, SUM(persons)::bigint, SUM(fen)::bigint
            FROM (SELECT k_community, {", ".join(dims)}, k_category, COUNT(*) AS versions,
                         COALESCE(SUM(persons) FILTER (WHERE member_id IS NULL), 0)
                         + COUNT(member_id) AS persons,
                         COALESCE(SUM(k_fen), 0) AS fen
                  FROM snapshot_month GROUP BY k_community, {", ".join(dims)}, k_category) AS full_key
            GROUP BY k_community, k_category, GROUPING SETS ({sets})
            """
        )
        for left_out, community, *rest in cursor.fetchall():
            values, (category, households, persons, fen) = rest[:width], rest[width:]
            # GROUPING() sets a bit for each key left out, the first key the highest bit.
            grouping = sum(1 << i for i in range(width) if not left_out >> (width - 1 - i) & 1)
            grouped = tuple(value for i, value in enumerate(values) if grouping >> i & 1)
            found[grouping][(community, *grouped, category)] = (households, persons, fen)
        # The versions that repeat, in a grouping, a household or a person of an earlier version of
        # their household: the groupings they repeat in, as bits (few: most households have one
        # version on the books, and two versions fall in one row only in the groupings that leave
        # out every key they differ by).
        cursor.execute(
            f"""
            CREATE TEMPORARY TABLE snapshot_repeat AS
            SELECT a.id, bit_or(m.mask) AS dup,
                   bit_or(m.mask) FILTER (WHERE a.member_id = b.member_id) AS dup_person
            FROM snapshot_month a
            JOIN snapshot_month b ON b.household_id = a.household_id AND b.id < a.id
            CROSS JOIN LATERAL (SELECT ({_equal_subsets()})[1 + {agree}] AS mask) AS m
            GROUP BY a.id
            """
        )
        cursor.execute(
            f"""
            SELECT g, k_community, {masked}, k_category, SUM(n)::bigint,
                   COALESCE(SUM(n) FILTER (WHERE dup_person & (1 << g) <> 0), 0)::bigint
            FROM (SELECT k_community, {", ".join(dims)}, k_category, dup,
                         COALESCE(dup_person, 0) AS dup_person, COUNT(*) AS n
                  FROM snapshot_repeat JOIN snapshot_month USING (id)
                  GROUP BY k_community, {", ".join(dims)}, k_category, dup, COALESCE(dup_person, 0)) AS m
            CROSS JOIN generate_series(0, {FULL}) AS g
            WHERE dup & (1 << g) <> 0
            GROUP BY 1, 2, {", ".join(str(3 + i) for i in range(width + 1))}
            """
        )
        for grouping, community, *rest in cursor.fetchall():
            values, (category, households, persons) = rest[:width], rest[width:]
            grouped = tuple(value for i, value in enumerate(values) if grouping >> i & 1)
            key = (community, *grouped, category)
            counted, counted_persons, fen = found[grouping][key]
            found[grouping][key] = (counted - households, counted_persons - persons, fen)
        cursor.execute("DROP TABLE snapshot_month, snapshot_repeat")
    return found


def _spread(rows: dict[tuple[Any, ...], dict[str, Any]], blank: Any) -> None:
    """Add the figures that add up (`ADDED`, the reasons of the flows) of the full grouping's rows
    into the rows of every other grouping, each a sum of the full rows that agree with it on the
    keys it keeps; a row of flows or grants alone (a unit stopped, nothing on the books) is made,
    by `blank`, where the grouping has no stock."""
    full = [(key, row) for key, row in rows.items() if key[0] == FULL]
    for grouping in range(FULL):
        for key, row in full:
            _, community, *values, category = key
            projected = tuple(value if grouping >> i & 1 else None for i, value in enumerate(values))
            into = rows.get((grouping, community, *projected, category))
            if into is None:
                into = rows[(grouping, community, *projected, category)] = blank()
            for name in ADDED:
                into[name] += row[name]
            for name in COUNTERS:
                counter = into[name]
                for reason, n in row[name].items():
                    counter[reason] = counter.get(reason, 0) + n


def derive(county: Area, month: datetime.date) -> Derived:
    """What the snapshot of `county`'s `month` holds, counted now from the ledger: one grouped pass
    of the engine for the full grouping, and the stock of every other grouping — on PostgreSQL all
    of it in one pass over the month's versions (`_stock_sets`) beside the engine's flows; elsewhere
    one grouped query each."""
    scope = engine.Scope(county)
    rows: dict[tuple[Any, ...], dict[str, Any]] = {}

    def key(grouping: int, values: tuple[Any, ...]) -> tuple[Any, ...]:
        named = dict(zip(_by(grouping), values, strict=True))
        return (grouping, named["community"], *(named.get(name) for name in DIMS), named["category"])

    def stock_row(households: int, persons: int) -> dict[str, Any]:
        return {
            **dict.fromkeys(FIGURES, 0),
            "households": households,
            "persons": persons,
            "new_by": {},
            "stopped_by": {},
        }

    pg = connection.vendor == "postgresql"
    if pg:
        stocks = _stock_sets(scope, month)
        for values, (households, persons, fen) in stocks.pop(FULL).items():
            rows[key(FULL, values)] = {**stock_row(households, persons), "fen": fen}
    else:
        stocks = {grouping: _stock_rows(scope, month, _by(grouping)) for grouping in range(FULL)}
    for values, figures in engine.month_rows(scope, month, _by(FULL), stock=not pg).items():
        row = rows.setdefault(key(FULL, values), stock_row(0, 0))
        for name in FIGURES:
            if name not in ("households", "persons"):
                row[name] += getattr(figures, name)
        if not pg:
            row["households"], row["persons"] = figures.households, figures.persons
        row["new_by"] = {k: n for k, n in figures.new_by.items() if n}
        row["stopped_by"] = {k: n for k, n in figures.stopped_by.items() if n}
    for grouping, stock in stocks.items():
        # The amount comes with the other figures that add up, from the full grouping (`_spread`).
        for values, (households, persons, *_fen) in stock.items():
            rows[key(grouping, values)] = stock_row(households, persons)
    _spread(rows, lambda: stock_row(0, 0))
    return Derived(rows)


def stored(snapshot: Snapshot) -> Derived:
    """The snapshot's rows as they are kept, in `derive`'s form."""
    values = SnapshotRow.objects.filter(snapshot=snapshot).values(*KEY_FIELDS, *FIGURES, *COUNTERS)
    return Derived({tuple(row.pop(name) for name in KEY_FIELDS): row for row in values.order_by()})


def county_of(area: Area) -> Area:
    return area if area.level == Level.COUNTY else Area.objects.get(code=area.county_code)


def taken(county_code: str, month_from: datetime.date, month_to: datetime.date) -> dict[datetime.date, int]:
    """The months of the range with a snapshot, and its id (one query)."""
    found = Snapshot.objects.filter(county__code=county_code, month__gte=month_from, month__lte=month_to)
    return dict(found.values_list("month", "id"))


def _column(name: str, street_level: bool) -> str:
    """The snapshot row's column that holds the value of the breakdown `name`."""
    if name == "street" or (name == "area" and street_level):
        return "community__parent_id"
    if name in ("area", "community"):
        return "community_id"
    return name


def range_rows(
    scope: engine.Scope, closed: dict[Any, int], by: tuple[str, ...], *, reasons: bool = True
) -> tuple[dict[Any, engine.MonthRows], dict[Any, tuple[int, int]]]:
    """`engine.month_rows` of each snapshotted month of `closed` (month → snapshot id), summed from
    the snapshots by the database, and each month's whole-scope stock (households, persons): two
    queries for any number of months — the sums of every figure, and the reasons of the flows
    (kept as JSON, read from the rows that have a flow; not read with `reasons=False`).

    Every figure of the breakdown comes from the rows of its own grouping (the stock, and beside it
    the figures that add up: `_spread`), the whole scope's stock from the rows of the grouping of
    nothing (or of the program alone)."""
    by = tuple(name for name in by if name != "month")
    wanted = set(by) | ({"program"} if scope.program else set())
    grouping, whole = grouping_of(wanted), grouping_of({"program"} if scope.program else set())
    month_of = {snapshot_id: month for month, snapshot_id in closed.items()}
    lines = SnapshotRow.objects.filter(snapshot_id__in=month_of, grouping__in={grouping, whole})
    if scope.area.level != Level.COUNTY:  # a county's snapshot holds its communities alone
        lines = within_area(lines, scope.area, "community__code")
    if scope.program:
        lines = lines.filter(program=scope.program)
    street_level = scope.area.level == Level.COUNTY
    keys = {f"k_{i}": F(_column(name, street_level)) for i, name in enumerate(by)}
    names = list(keys)
    mine, all_of = Q(grouping=grouping), Q(grouping=whole)
    sums = (
        lines.annotate(**keys)
        .values("snapshot_id", *names)
        .annotate(
            s_households=Sum("households", filter=mine),
            s_persons=Sum("persons", filter=mine),
            t_households=Sum("households", filter=all_of),
            t_persons=Sum("persons", filter=all_of),
            **{f"s_{name}": Sum(name, filter=mine) for name in ADDED},
        )
    )
    # Without a breakdown the engine always has its one row, the whole scope, if only of zeros.
    found: dict[Any, engine.MonthRows] = {month: ({} if by else {(): Figures()}) for month in closed}
    stock: dict[Any, tuple[int, int]] = dict.fromkeys(closed, (0, 0))
    for row in sums.order_by():
        month = month_of[row["snapshot_id"]]
        households, persons = stock[month]
        stock[month] = (households + (row["t_households"] or 0), persons + (row["t_persons"] or 0))
        if row["s_households"] is None and row["s_fen"] is None:
            continue  # only rows of the whole scope's grouping, which the breakdown does not read
        figures = found[month].setdefault(tuple(row[name] for name in names), Figures())
        figures.households += row["s_households"] or 0
        figures.persons += row["s_persons"] or 0
        for name in ADDED:
            setattr(figures, name, getattr(figures, name) + (row[f"s_{name}"] or 0))
        grants = row["s_grants"] or 0
        figures.household_times = figures.households + grants
        figures.person_times = figures.persons + grants
    if not reasons:
        return found, stock
    flows = lines.filter(mine & (Q(new__gt=0) | Q(stopped__gt=0))).annotate(**keys)
    for row in flows.values("snapshot_id", *names, *COUNTERS).order_by():
        figures = found[month_of[row["snapshot_id"]]][tuple(row[name] for name in names)]
        figures.new_by.update(row["new_by"])
        figures.stopped_by.update(row["stopped_by"])
    return found, stock


def month_rows(scope: engine.Scope, snapshot_id: int, by: tuple[str, ...]) -> engine.MonthRows:
    """`engine.month_rows` of the month, summed from its snapshot (two queries)."""
    return range_rows(scope, {snapshot_id: snapshot_id}, by)[0][snapshot_id]


def _named(key: tuple[Any, ...], codes: dict[int, str]) -> dict[str, Any]:
    named = dict(zip(KEY_FIELDS, key, strict=True))
    named["community"] = codes.get(named.pop("community_id"), "")
    return named


def differences(snapshot: Snapshot) -> list[dict[str, Any]]:
    """Where the snapshot and the ledger now disagree: the row's key, the figure, and each side's
    value (0 or nothing on the side that has no such row)."""
    kept_rows = stored(snapshot).rows
    counted = derive(snapshot.county, snapshot.month).rows
    ids = {key[1] for key in (*kept_rows, *counted)}
    codes = dict(Area.objects.filter(pk__in=ids).values_list("pk", "code"))
    found: list[dict[str, Any]] = []
    for key in sorted(set(kept_rows) | set(counted), key=repr):
        mine, theirs = kept_rows.get(key, {}), counted.get(key, {})
        for figure in (*FIGURES, *COUNTERS):
            empty: Any = {} if figure in COUNTERS else 0
            if mine.get(figure, empty) != theirs.get(figure, empty):
                found.append(
                    {
                        "month": f"{snapshot.month:%Y-%m}",
                        "key": _named(key, codes),
                        "figure": figure,
                        "snapshot": mine.get(figure, empty),
                        "ledger": theirs.get(figure, empty),
                    }
                )
    return found
