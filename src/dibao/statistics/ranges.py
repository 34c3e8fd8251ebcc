"""The figures of a range of months: a month with a snapshot is read from it (`snapshots`: two
queries for any number of months), the others are counted from the ledger (`engine`). Above both,
so that the snapshots, which are the engine's own count kept, and the engine do not import each
other."""

import datetime
from contextlib import nullcontext
from typing import Any

from dibao.core.months import months_between

from . import engine, members, snapshots
from .figures import Figures


def figures_by(
    scope: engine.Scope,
    month_from: datetime.date,
    month_to: datetime.date,
    by: tuple[str, ...],
    *,
    closed: dict[datetime.date, int] | None = None,
    reasons: bool = True,
) -> tuple[dict[tuple[Any, ...], Figures], Figures]:
    """The figures of each breakdown value over the months (keys in `by`'s order, a month as its
    first day), and the total (counted without the breakdown when its rows overlap:
    `member_category`). `closed`: the county's snapshotted months (`snapshots.taken`) when the
    caller has asked already (a dashboard asks once for its several counts). `reasons=False`: the
    snapshotted months' flows without their reasons (the ledger's months keep theirs)."""
    if closed is None:
        closed = snapshots.taken(scope.area.county_code, month_from, month_to)
    closed = {month: kept for month, kept in closed.items() if month_from <= month <= month_to}
    # Snapshots are small tables: room for the ledger's grouped scans only when it is read.
    whole = len(closed) == months_between(month_from, month_to) + 1 and members.FIELD not in by
    with nullcontext() if whole else engine.roomy():
        return _figures_by(scope, month_from, month_to, by, closed, reasons)


def _figures_by(
    scope: engine.Scope,
    month_from: datetime.date,
    month_to: datetime.date,
    by: tuple[str, ...],
    closed: dict[datetime.date, int],
    reasons: bool,
) -> tuple[dict[tuple[Any, ...], Figures], Figures]:
    rows: dict[tuple[Any, ...], Figures] = {}
    total = Figures()
    plain = tuple(name for name in by if name != "month")
    at = by.index("month") if "month" in by else None
    # The snapshotted months in two queries, whatever their number (member categories excepted:
    # a snapshot does not keep them).
    read = closed and members.FIELD not in plain
    kept, kept_stock = snapshots.range_rows(scope, closed, plain, reasons=reasons) if read else ({}, {})
    last_stock: tuple[int, int] | None = kept_stock.get(month_to)
    for month in engine.months(month_from, month_to):
        last = month == month_to
        # A month read from its snapshot gives the same figures; an open month, or member
        # categories (which a snapshot does not keep), are counted from the ledger — the last
        # with the whole scope's stock beside it.
        if month in kept:
            found = kept[month]
        elif last and last_stock is None:
            found, last_stock = engine.month_rows_and_stock(scope, month, plain)
        else:
            found = engine.month_rows(scope, month, plain)
        # Member categories overlap: the month's flows are counted once, without them.
        for figures in (engine.month_rows(scope, month, ()) if members.FIELD in plain else found).values():
            total.add_flows(figures)
        for key, figures in found.items():
            if at is not None:
                rows[(*key[:at], month, *key[at:])] = figures
                continue
            into = rows.setdefault(key, Figures())
            into.add_flows(figures)
            if last:
                into.households, into.persons = figures.households, figures.persons
    total.households, total.persons = last_stock if last_stock is not None else engine.stock(scope, month_to)
    return rows, total
