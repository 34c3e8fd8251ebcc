"""What a statistic says, as plain values: the figures of one group (a row, or the total), the
row's breakdown values with their names, and the whole answer. Built by `engine`; read by the page,
the workbook, the command and the API. See `engine` for the definitions."""

import datetime
from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

from dibao.areas.models import Area
from dibao.benefits.models import Reason, StopReason

FEN = Decimal("0.01")
NO_REASON = _("No reason given")


def yuan(fen: int) -> Decimal:
    """Whole fen as yuan, exactly."""
    return Decimal(fen).scaleb(-2)


def wan(fen: int) -> Decimal:
    """Whole fen as 万元 to four places (one yuan), as the returns show money."""
    return Decimal(fen).scaleb(-6).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


def _share(fen: int, count: int) -> Decimal:
    if not count:
        return Decimal("0.00")
    return (Decimal(fen) / count).scaleb(-2).quantize(FEN, rounding=ROUND_HALF_UP)


def coverage(persons: int, population: int | None) -> Decimal | None:
    """Persons as a percentage of the population, to two places (3.8% is Decimal("3.80"))."""
    if not population:
        return None
    return (Decimal(persons * 100) / population).quantize(FEN, rounding=ROUND_HALF_UP)


def _label(choices: Any, value: str) -> str:
    return str(choices(value).label) if value in choices.values else value


@dataclass
class Figures:
    """The figures of one group.

    `households`, `persons`: on the books in the period's last month (a stock); `fen` (the
    amount), `household_times`, `person_times`, `grants` and the flows: over the whole period
    (they add up month by month)."""

    households: int = 0
    persons: int = 0
    fen: int = 0
    household_times: int = 0
    person_times: int = 0
    grants: int = 0
    new: int = 0
    stopped: int = 0
    raised: int = 0
    lowered: int = 0
    class_changed: int = 0
    new_by: Counter[str] = field(default_factory=Counter)
    stopped_by: Counter[str] = field(default_factory=Counter)
    # 保障面: persons ÷ the area's population that year, in per cent to two places; None where no
    # population is entered or the group is not one area's. Not counted by the engine: the
    # selectors set it from `Population` (`coverage`).
    coverage: Decimal | None = None

    ADDITIVE = ("fen", "household_times", "person_times", "grants", "new", "stopped", "raised", "lowered")

    def add_flows(self, other: "Figures") -> None:
        """Add what adds up over time (everything but the stock) of `other`."""
        for name in (*self.ADDITIVE, "class_changed"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.new_by.update(other.new_by)
        self.stopped_by.update(other.stopped_by)

    def add(self, other: "Figures") -> None:
        self.add_flows(other)
        self.households += other.households
        self.persons += other.persons

    @property
    def amount(self) -> Decimal:
        return yuan(self.fen)

    @property
    def amount_wan(self) -> Decimal:
        return wan(self.fen)

    @property
    def per_household(self) -> Decimal:
        """户均: the amount over the household-times (a month's 户均 for one month)."""
        return _share(self.fen, self.household_times)

    @property
    def per_person(self) -> Decimal:
        """人均: the amount over the person-times."""
        return _share(self.fen, self.person_times)

    def new_reasons(self) -> list[tuple[str, str, int]]:
        order = {value: i for i, value in enumerate(Reason.values)}
        return [
            (value, _label(Reason, value) if value else str(NO_REASON), n)
            for value, n in sorted(self.new_by.items(), key=lambda item: order.get(item[0], len(order)))
            if n
        ]

    def stop_reasons(self) -> list[tuple[str, str, int]]:
        order = {value: i for i, value in enumerate(StopReason.values)}
        return [
            (value, _label(StopReason, value) if value else str(NO_REASON), n)
            for value, n in sorted(self.stopped_by.items(), key=lambda item: order.get(item[0], len(order)))
            if n
        ]

    def as_json(self) -> dict[str, Any]:
        return {
            "households": self.households,
            "persons": self.persons,
            "amount": f"{self.amount:.2f}",
            "amount_wan": f"{self.amount_wan:.4f}",
            "person_times": self.person_times,
            "household_times": self.household_times,
            "per_household": f"{self.per_household:.2f}",
            "per_person": f"{self.per_person:.2f}",
            "grants": self.grants,
            "new": self.new,
            "stopped": self.stopped,
            "raised": self.raised,
            "lowered": self.lowered,
            "class_changed": self.class_changed,
            "coverage": None if self.coverage is None else f"{self.coverage:.2f}",
            "new_by_reason": [
                {"reason": value, "reason_label": label, "count": n} for value, label, n in self.new_reasons()
            ],
            "stopped_by_reason": [
                {"stop_reason": value, "stop_reason_label": label, "count": n}
                for value, label, n in self.stop_reasons()
            ],
        }


@dataclass(frozen=True)
class Key:
    """One breakdown value of a row: what the queries grouped by (`value`: an area's or a
    category's id, a code, a month), what is shown (`code`: an area's code; `label`: a name)."""

    field: str
    value: Any
    code: str
    label: str

    def as_json(self) -> dict[str, Any]:
        if self.field == "month":
            return {"month": self.code}
        name = "name" if self.field in ("area", "street", "community", "program", "category") else "label"
        return {
            self.field: self.code if self.field != "category" else self.value,
            f"{self.field}_{name}": self.label,
        }


@dataclass(frozen=True)
class Row:
    keys: tuple[Key, ...]
    figures: Figures

    def as_json(self) -> dict[str, Any]:
        body: dict[str, Any] = {}
        for key in self.keys:
            body.update(key.as_json())
        body.update(self.figures.as_json())
        return body


@dataclass(frozen=True)
class Statistics:
    area: Area
    month_from: datetime.date
    month_to: datetime.date
    program: str | None  # a program's code; None: every program
    program_name: str
    by: tuple[str, ...]
    rows: list[Row]
    total: Figures

    def as_json(self) -> dict[str, Any]:
        return {
            "area": self.area.code,
            "area_name": self.area.name,
            "month": f"{self.month_from:%Y-%m}",
            "to": f"{self.month_to:%Y-%m}",
            "program": self.program or "",
            "program_name": self.program_name,
            "by": list(self.by),
            "rows": [row.as_json() for row in self.rows],
            "total": self.total.as_json(),
        }
