"""The dashboard of a county, a street or a community: twelve months of households, persons and
amount by program, the units entering and leaving each month, and the chosen month broken down by
benefit class, by household category and by the areas one level down (a county's streets, a
street's communities), each a click away from its own dashboard.

Every figure is a `selectors.statistics` answer — the engine's, never counted a second way — so
the dashboard reads whatever the engine reads: when closed months are kept as snapshots, it is
served from them. Cost, when the months are snapshotted: one query for which months are, one for
each of the four counts (twelve months by program; the last month by class, by category and by
area: `snapshots.range_rows`, without the reasons of the flows, which the dashboard does not
show), and the names of programs, categories and areas — about a dozen,
whatever the size of the area and the number of months. A month not snapshotted is counted from the
ledger: four grouped queries more."""

import datetime
from decimal import Decimal
from typing import Any

from dibao.areas.models import Area, Level
from dibao.core.months import add_months

from . import snapshots
from .figures import Figures, Row
from .selectors import statistics

MONTHS = 12


def _money(value: Decimal) -> str:
    return f"{value:.2f}"


def _figures(row: Row) -> dict[str, Any]:
    return {
        "households": row.figures.households,
        "persons": row.figures.persons,
        "amount": _money(row.figures.amount),
        "new": row.figures.new,
        "stopped": row.figures.stopped,
    }


def _breakdown(
    area: Area, month: datetime.date, by: str, closed: dict[datetime.date, int]
) -> list[dict[str, Any]]:
    """The month by one breakdown: each row's value and name (as the statistics API names them)
    and its figures."""
    out = []
    for row in statistics(area, month, by=by, closed=closed, with_coverage=False, with_reasons=False).rows:
        body = row.keys[0].as_json()
        body.update(_figures(row))
        out.append(body)
    return out


def _below(area: Area, month: datetime.date, closed: dict[datetime.date, int]) -> list[dict[str, Any]]:
    """The month by the areas one level down, every one of them (an area with nothing on the
    books shows zeros), in the order of their codes. One query more than the engine's."""
    found = {row["area"]: row for row in _breakdown(area, month, "area", closed)}
    zero = {"households": 0, "persons": 0, "amount": "0.00", "new": 0, "stopped": 0}
    return [
        found.get(code) or {"area": code, "area_name": name, **zero}
        for code, name in Area.objects.filter(parent=area).order_by("code").values_list("code", "name")
    ]


def dashboard(area: Area, month: datetime.date) -> dict[str, Any]:
    """The dashboard of `area` (found by `selectors.statistics_area`, which checks the reader)
    for the twelve months up to `month`. Amounts are strings of yuan to the fen."""
    last = month.replace(day=1)
    first = add_months(last, -(MONTHS - 1))
    months = [add_months(first, n) for n in range(MONTHS)]
    at = {m: i for i, m in enumerate(months)}
    # Which months are snapshotted, asked once for the four counts below.
    closed = snapshots.taken(area.county_code, first, last)
    trend = statistics(
        area, first, last, by="program,month", closed=closed, with_coverage=False, with_reasons=False
    )
    programs: dict[str, dict[str, Any]] = {}
    flows = [Figures() for _ in months]
    amounts = [Figures() for _ in months]
    for row in trend.rows:
        program, when = row.keys
        series = programs.setdefault(
            program.code,
            {
                "program": program.code,
                "program_name": program.label,
                "households": [0] * MONTHS,
                "persons": [0] * MONTHS,
                "amount": ["0.00"] * MONTHS,
            },
        )
        i = at[when.value]
        series["households"][i] = row.figures.households
        series["persons"][i] = row.figures.persons
        series["amount"][i] = _money(row.figures.amount)
        flows[i].add_flows(row.figures)
        amounts[i].add_flows(row.figures)
    below = area.level != Level.COMMUNITY
    return {
        "area": area.code,
        "area_name": area.name,
        "level": area.level,
        "month": f"{last:%Y-%m}",
        "months": [f"{m:%Y-%m}" for m in months],
        "programs": list(programs.values()),
        "amount": [_money(f.amount) for f in amounts],
        "new": [f.new for f in flows],
        "stopped": [f.stopped for f in flows],
        "benefit_classes": _breakdown(area, last, "benefit_class", closed),
        "categories": _breakdown(area, last, "category", closed),
        "areas": _below(area, last, closed) if below else [],
        # The areas below have a dashboard of their own (a county's streets); a community's do not.
        "drill": area.level == Level.COUNTY,
    }
