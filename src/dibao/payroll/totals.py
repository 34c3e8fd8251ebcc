"""The figures of a run people report: households, persons, amount, 户均 and 人均 — for the run,
per program, per street and community, by urban/rural and by benefit class. Summed in whole fen so
that SQLite's floating sums cannot lose a fen: the run total equals the sum of its lines exactly.

A run pays one line per entitlement, so a household holding 低保 and a member's disability
subsidy has two lines. What is counted, in any group of lines:
- **households**: the distinct households paid (a household with lines in two programs is one);
- **persons**: the covered persons of the lines that pay a household (低保: its entitlement's
  covered persons, as before programs), plus the distinct persons paid by the lines that pay a
  person (a person receiving both disability subsidies is one). The covered persons of a household
  line name nobody, so a covered member of a 低保 household who also receives a subsidy of their own
  counts once in each part: the persons 低保 covers and the persons the subsidies pay;
- **amount** (`total`): the sum of the lines' totals;
- **lines**: the payments (what a bank file and the bank's results count).
Per program a group holds one program's lines only, so its households are those the program pays
and its persons either its covered persons or the persons it pays; the programs' amounts add up to
the run's total to the fen (each line is in exactly one program), while their households need not
add up to the run's (a household in two programs is in both).
"""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, IntegerField, Q, QuerySet, Sum
from django.db.models.functions import Cast, Round

from .models import Line, Run

FEN = Decimal("0.01")


@dataclass(frozen=True)
class Figures:
    households: int
    persons: int
    total: Decimal
    lines: int = 0

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

    def program_json(self) -> dict[str, Any]:
        """A program's entry of a run's `programs`."""
        return {"households": self.households, "persons": self.persons, "amount": str(self.total)}


def _fen() -> Any:
    return Sum(Cast(Round(F("total") * 100), IntegerField()))


def _aggregates() -> dict[str, Any]:
    return {
        "households": Count("household_id", distinct=True),
        "covered": Sum("persons", filter=Q(member__isnull=True)),
        "paid_persons": Count("member_id", distinct=True),
        "fen": _fen(),
        "n": Count("id"),
    }


def _figures(row: dict[str, Any]) -> Figures:
    return Figures(
        row["households"] or 0,
        (row["covered"] or 0) + (row["paid_persons"] or 0),
        (Decimal(row["fen"] or 0) / 100).quantize(FEN),
        row["n"] or 0,
    )


def figures(lines: QuerySet[Line]) -> Figures:
    return _figures(lines.aggregate(**_aggregates()))


def figures_by(lines: QuerySet[Line], *fields: str) -> list[tuple[tuple[Any, ...], Figures]]:
    rows = lines.values(*fields).annotate(**_aggregates()).order_by(*fields)
    return [(tuple(row[f] for f in fields), _figures(row)) for row in rows]


def by_program(lines: QuerySet[Line]) -> dict[str, Figures]:
    """Each program's figures, by its code: one grouped query."""
    return {key[0]: found for key, found in figures_by(lines, "program_id")}


def programs_json(lines: QuerySet[Line]) -> dict[str, dict[str, Any]]:
    """`programs` of a run's JSON: `{code: {"households", "persons", "amount"}}`."""
    return {code: found.program_json() for code, found in by_program(lines).items()}


def add(a: Figures, b: Figures) -> Figures:
    """Figures of two groups no household is in both of (two streets, two communities)."""
    return Figures(a.households + b.households, a.persons + b.persons, a.total + b.total, a.lines + b.lines)


ZERO = Figures(0, 0, Decimal("0.00"))


def store(run: Run) -> Run:
    """Write the run's own totals from its lines."""
    whole = figures(run.lines.all())
    run.households, run.persons, run.total = whole.households, whole.persons, whole.total
    return run
