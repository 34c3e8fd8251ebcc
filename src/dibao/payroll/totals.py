"""The figures of a run people report: households, persons, amount, 户均 and 人均 — for the run,
per street and community, by urban/rural and by benefit class. Summed in whole fen so that
SQLite's floating sums cannot lose a fen: the run total equals the sum of its lines exactly."""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, IntegerField, QuerySet, Sum
from django.db.models.functions import Cast, Round

from .models import Line, Run

FEN = Decimal("0.01")


@dataclass(frozen=True)
class Figures:
    households: int
    persons: int
    total: Decimal

    @property
    def per_household(self) -> Decimal:
        return (self.total / self.households).quantize(FEN) if self.households else Decimal("0.00")

    @property
    def per_person(self) -> Decimal:
        return (self.total / self.persons).quantize(FEN) if self.persons else Decimal("0.00")

    def as_json(self) -> dict[str, Any]:
        return {
            "households": self.households,
            "persons": self.persons,
            "total_amount": str(self.total),
            "per_household": str(self.per_household),
            "per_person": str(self.per_person),
        }


def _fen() -> Any:
    return Sum(Cast(Round(F("total") * 100), IntegerField()))


def _figures(row: dict[str, Any]) -> Figures:
    return Figures(
        row["households"] or 0, row["persons"] or 0, (Decimal(row["fen"] or 0) / 100).quantize(FEN)
    )


def figures(lines: QuerySet[Line]) -> Figures:
    return _figures(lines.aggregate(households=Count("id"), persons=Sum("persons"), fen=_fen()))


def figures_by(lines: QuerySet[Line], *fields: str) -> list[tuple[tuple[Any, ...], Figures]]:
    rows = (
        lines.values(*fields)
        .annotate(households=Count("id"), persons=Sum("persons"), fen=_fen())
        .order_by(*fields)
    )
    return [(tuple(row[f] for f in fields), _figures(row)) for row in rows]


def store(run: Run) -> Run:
    """Write the run's own totals from its lines."""
    whole = figures(run.lines.all())
    run.households, run.persons, run.total = whole.households, whole.persons, whole.total
    return run
