"""The figures of one-off assistance, counted from the grants themselves: per area, month (or
year) and program — 人次 (person-times: the grants), households, the amount in 元 and 万元 — whole
and by kind and category. Cancelled grants are not counted. Sums are in whole fen, so a year's
figures are exactly the sum of its months'.

医疗救助's one-stop settlement (一站式) is paid by the hospital at discharge, not as grants: its
figures are counted from the settlement files' rows of the period (the month each file settles) —
the matched rows, which the county pays the hospital, and the disputed ones to follow up — and
shown beside the grants, never added into them."""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, IntegerField, QuerySet, Sum
from django.db.models.functions import Cast, Round

from dibao.areas.models import Area
from dibao.core.scoping import within_area
from dibao.policy.programs import codes

from .models import GrantState, OneOffGrant, SettlementOutcome, SettlementRow

FEN, WAN = Decimal("0.01"), Decimal("10000")


@dataclass(frozen=True)
class Figures:
    times: int  # 人次
    households: int
    amount: Decimal  # 元

    @property
    def wan(self) -> Decimal:
        return (self.amount / WAN).quantize(FEN)

    def as_json(self) -> dict[str, Any]:
        return {
            "times": self.times,
            "households": self.households,
            "amount": str(self.amount),
            "amount_wan": str(self.wan),
        }


def grants_of(
    area: Area, *, year: int, month: int | None = None, program: str | None = None
) -> QuerySet[OneOffGrant]:
    """The area's counted grants of the year (or month) and program (or every one-off program)."""
    start = datetime.date(year, month or 1, 1)
    end = datetime.date(year + (1 if not month or month == 12 else 0), (month % 12 + 1) if month else 1, 1)
    rows = within_area(OneOffGrant.objects.all(), area, "community__code").filter(
        decided_on__gte=start, decided_on__lt=end
    )
    rows = rows.exclude(state=GrantState.CANCELLED)
    return rows if program is None else rows.filter(program_id=program)


def _figures(rows: QuerySet[Any], household: str = "household_id", amount: str = "amount") -> Figures:
    got = rows.aggregate(
        times=Count("id"),
        households=Count(household, distinct=True),
        fen=Sum(Cast(Round(amount, 2) * 100, IntegerField())),
    )
    return Figures(got["times"], got["households"], (Decimal(got["fen"] or 0) / 100).quantize(FEN))


def settlement_rows_of(area: Area, *, year: int, month: int | None = None) -> QuerySet[SettlementRow]:
    """The one-stop settlement rows of the area's county for the months of the period; below a
    county, the rows of people of the area (a row matched to no one belongs to the county only)."""
    rows = SettlementRow.objects.filter(settlement__county__code=area.code[:6], settlement__month__year=year)
    if month:
        rows = rows.filter(settlement__month__month=month)
    if len(area.scope_prefix) > 6:
        rows = rows.filter(community_code__prefix=area.scope_prefix)
    return rows


def one_stop(area: Area, *, year: int, month: int | None = None) -> dict[str, Any]:
    rows = settlement_rows_of(area, year=year, month=month)
    figures = {
        "matched": rows.filter(outcome=SettlementOutcome.MATCHED),
        "disputed": rows.exclude(outcome=SettlementOutcome.MATCHED),
    }
    return {
        name: _figures(found, household="member__household_id", amount="paid").as_json()
        for name, found in figures.items()
    }


def report(area: Area, *, year: int, month: int | None = None, program: str | None = None) -> dict[str, Any]:
    rows = grants_of(area, year=year, month=month, program=program)
    out: dict[str, Any] = {
        "area": area.code,
        "year": year,
        "month": month,
        "program": program,
        "total": _figures(rows).as_json(),
    }
    if program in (None, codes.MEDICAL):
        out["one_stop"] = one_stop(area, year=year, month=month)
    for key in ("program_id", "kind", "category", "form"):
        values = sorted(set(rows.values_list(key, flat=True)))
        out["by_" + key.removesuffix("_id")] = {
            v: _figures(rows.filter(**{key: v})).as_json() for v in values
        }
    return out
