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
  by community × that subset × category. A breakdown reads the stock of its own subset.

So any breakdown of any area of the county, for all programs or one, is summed from the snapshot
to the same figures as the ledger gives (tests/statistics/test_snapshots.py). The community and
category are the household's at the time of writing; a household that moves afterwards, or a
change dated back into a closed month, is a difference `dibao statistics-check` reports and a
new snapshot of the month removes."""

import datetime
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import Q

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
# What the full grouping alone holds: it adds up to any breakdown.
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


def derive(county: Area, month: datetime.date) -> Derived:
    """What the snapshot of `county`'s `month` holds, counted now from the ledger: one grouped pass
    of the engine for the full grouping, one grouped query of the stock for each other subset."""
    scope = engine.Scope(county)
    rows: dict[tuple[Any, ...], dict[str, Any]] = {}

    def key(grouping: int, values: tuple[Any, ...]) -> tuple[Any, ...]:
        named = dict(zip(_by(grouping), values, strict=True))
        return (grouping, named["community"], *(named.get(name) for name in DIMS), named["category"])

    for values, figures in engine.month_rows(scope, month, _by(FULL)).items():
        rows[key(FULL, values)] = {
            **{name: getattr(figures, name) for name in FIGURES},
            "new_by": {k: n for k, n in figures.new_by.items() if n},
            "stopped_by": {k: n for k, n in figures.stopped_by.items() if n},
        }
    for grouping in range(FULL):
        for values, (households, persons) in _stock_rows(scope, month, _by(grouping)).items():
            rows[key(grouping, values)] = {
                **dict.fromkeys(FIGURES, 0),
                "households": households,
                "persons": persons,
                "new_by": {},
                "stopped_by": {},
            }
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


def month_rows(scope: engine.Scope, snapshot_id: int, by: tuple[str, ...]) -> engine.MonthRows:
    """`engine.month_rows` of the month, summed from its snapshot (one query)."""
    by = tuple(name for name in by if name != "month")
    wanted = set(by) | ({"program"} if scope.program else set())
    grouping = grouping_of(wanted)
    lines = within_area(SnapshotRow.objects.filter(snapshot_id=snapshot_id), scope.area, "community__code")
    lines = lines.filter(Q(grouping=grouping) | Q(grouping=FULL))
    if scope.program:
        lines = lines.filter(program=scope.program)
    street_level = scope.area.level == Level.COUNTY

    def value(row: dict[str, Any], name: str) -> Any:
        if name == "area":
            return row["community__parent_id"] if street_level else row["community_id"]
        if name == "street":
            return row["community__parent_id"]
        if name == "community":
            return row["community_id"]
        return row[name]

    # Without a breakdown the engine always has its one row, the whole scope, if only of zeros.
    found: engine.MonthRows = {} if by else {(): Figures()}
    grants_of: Counter[tuple[Any, ...]] = Counter()
    columns = ("grouping", "community_id", "community__parent_id", *DIMS, "category", *FIGURES, *COUNTERS)
    for row in lines.values(*columns).order_by():
        key = tuple(value(row, name) for name in by)
        figures = found.setdefault(key, Figures())
        if row["grouping"] == grouping:
            figures.households += row["households"]
            figures.persons += row["persons"]
        if row["grouping"] == FULL:
            for name in ADDED:
                setattr(figures, name, getattr(figures, name) + row[name])
            figures.new_by.update(row["new_by"])
            figures.stopped_by.update(row["stopped_by"])
            grants_of[key] += row["grants"]
    for key, figures in found.items():
        figures.household_times = figures.households + grants_of[key]
        figures.person_times = figures.persons + grants_of[key]
    return found


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
