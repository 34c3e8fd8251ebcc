"""The figures of one-off assistance, counted from the grants themselves: per area, month (or
year) and program — 人次 (person-times: the grants), households, the amount in 元 and 万元 — whole
and by kind and category. Cancelled grants are not counted. Sums are in whole fen, so a year's
figures are exactly the sum of its months'."""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, IntegerField, QuerySet, Sum
from django.db.models.functions import Cast, Round

from dibao.areas.models import Area
from dibao.core.scoping import within_area

from .models import GrantState, OneOffGrant

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


def _figures(rows: QuerySet[OneOffGrant]) -> Figures:
    got = rows.aggregate(
        times=Count("id"),
        households=Count("household_id", distinct=True),
        fen=Sum(Cast(Round("amount", 2) * 100, IntegerField())),
    )
    return Figures(got["times"], got["households"], (Decimal(got["fen"] or 0) / 100).quantize(FEN))


def report(area: Area, *, year: int, month: int | None = None, program: str | None = None) -> dict[str, Any]:
    rows = grants_of(area, year=year, month=month, program=program)
    out: dict[str, Any] = {
        "area": area.code,
        "year": year,
        "month": month,
        "program": program,
        "total": _figures(rows).as_json(),
    }
    for key in ("program_id", "kind", "category", "form"):
        values = sorted(set(rows.values_list(key, flat=True)))
        out["by_" + key.removesuffix("_id")] = {
            v: _figures(rows.filter(**{key: v})).as_json() for v in values
        }
    return out
