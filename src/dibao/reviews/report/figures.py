"""What the change report says, as plain values: stocks (what the books hold at a moment), flows
(what one kind of change did in the period), the figures of a row, and the report's rows. Built by
`selectors.change_report`; read by the page, the workbook, the command and the API. See
`selectors` for the definitions."""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

from dibao.areas.models import Area
from dibao.benefits.models import MovementKind, Reason, StopReason
from dibao.policy.models import BenefitClass

KINDS: tuple[str, ...] = tuple(MovementKind.values)  # the columns, in the ledger's order
# The benefit classes a report shows, "" (no class: the gap only) last.
CLASSES: tuple[str, ...] = (*BenefitClass.values, "")

NO_CLASS = _("No class")


def fen_of(value: int | None) -> Decimal:
    """Whole fen as yuan, exactly."""
    return Decimal(value or 0).scaleb(-2)


@dataclass(frozen=True)
class Stock:
    """What the books hold at a moment: households, persons, monthly amount (yuan)."""

    households: int
    persons: int
    amount: Decimal

    def as_json(self) -> dict[str, Any]:
        return {"households": self.households, "persons": self.persons, "amount": f"{self.amount:.2f}"}


@dataclass(frozen=True)
class Flow:
    """One kind of movement in the period: the households it concerns, and what it did to the
    persons and the monthly amount (after − before; negative for a lowering, a termination …)."""

    households: int
    persons: int
    amount: Decimal

    def as_json(self) -> dict[str, Any]:
        return {"households": self.households, "persons": self.persons, "amount": f"{self.amount:.2f}"}


@dataclass(frozen=True)
class Figures:
    """The report's figures for a community, a class, a community's class, or the whole area."""

    opening: Stock
    flows: dict[str, Flow]  # every MovementKind, in KINDS' order
    # Households a class change moved into (+) or out of (−) the class; 0 for anything not a class.
    reclassified: int
    closing: Stock

    @property
    def brought_in(self) -> Flow:
        return self.flows[MovementKind.OPENING]

    @property
    def new(self) -> Flow:
        return self.flows[MovementKind.NEW]

    @property
    def raised(self) -> Flow:
        return self.flows[MovementKind.RAISE]

    @property
    def lowered(self) -> Flow:
        return self.flows[MovementKind.LOWER]

    @property
    def changed(self) -> Flow:
        return self.flows[MovementKind.CHANGE]

    @property
    def suspended(self) -> Flow:
        return self.flows[MovementKind.SUSPEND]

    @property
    def resumed(self) -> Flow:
        return self.flows[MovementKind.RESUME]

    @property
    def gradual_exits(self) -> Flow:
        return self.flows[MovementKind.GRADUAL_EXIT]

    @property
    def terminated(self) -> Flow:
        return self.flows[MovementKind.TERMINATE]

    @property
    def ordered_flows(self) -> list[tuple[str, Any, Flow]]:
        """(kind, label, flow) for every kind, in the ledger's order: a table's columns."""
        return [(kind, MovementKind(kind).label, self.flows[kind]) for kind in KINDS]

    @property
    def movements(self) -> int:
        return sum(flow.households for flow in self.flows.values())

    @property
    def is_empty(self) -> bool:
        parts: list[Stock | Flow] = [self.opening, self.closing, *self.flows.values()]
        return not self.reclassified and all((p.households, p.persons, p.amount) == (0, 0, 0) for p in parts)

    def balances(self) -> bool:
        """The report's identities: households, persons and amount carry from opening to closing."""
        entered = self.brought_in.households + self.new.households
        households = self.opening.households + entered - self.terminated.households
        persons = self.opening.persons + sum(flow.persons for flow in self.flows.values())
        amount = self.opening.amount + sum((flow.amount for flow in self.flows.values()), Decimal(0))
        return (households + self.reclassified, persons, amount) == (
            self.closing.households,
            self.closing.persons,
            self.closing.amount,
        )

    def as_json(self) -> dict[str, Any]:
        return {
            "opening": self.opening.as_json(),
            **{kind: self.flows[kind].as_json() for kind in KINDS},
            "reclassified": self.reclassified,
            "closing": self.closing.as_json(),
        }


@dataclass(frozen=True)
class ClassRow:
    value: str  # "A", "B", "C" or "" (no class)
    label: Any
    figures: Figures


@dataclass(frozen=True)
class CommunityRow:
    community: Area
    street: Area | None
    figures: Figures
    classes: list[ClassRow]  # the community's classes with anything to show


@dataclass(frozen=True)
class ReasonRow:
    """Terminations (with the persons and amount they took off the books), suspensions and gradual
    exits in the period, for one stop reason."""

    value: str
    label: Any
    terminated: int
    terminated_persons: int
    terminated_amount: Decimal
    suspended: int
    gradual_exits: int

    def as_json(self) -> dict[str, Any]:
        return {
            "stop_reason": self.value,
            "stop_reason_label": str(self.label),
            "terminated": self.terminated,
            "terminated_persons": self.terminated_persons,
            "terminated_amount": f"{self.terminated_amount:.2f}",
            "suspended": self.suspended,
            "gradual_exits": self.gradual_exits,
        }


@dataclass(frozen=True)
class MovementRow:
    id: int
    recorded_on: datetime.date
    household_id: int
    number: str
    head: str
    community_code: str
    community_name: str
    kind: str
    month: datetime.date
    reason: str
    stop_reason: str
    note: str
    urban_rural: str
    persons_before: int
    persons_after: int
    amount_before: Decimal
    amount_after: Decimal
    class_before: str
    class_after: str

    @property
    def kind_label(self) -> Any:
        return label_of(MovementKind, self.kind)

    @property
    def reason_label(self) -> Any:
        return label_of(Reason, self.reason)

    @property
    def stop_reason_label(self) -> Any:
        return label_of(StopReason, self.stop_reason) if self.stop_reason else ""

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "recorded_on": self.recorded_on.isoformat(),
            "household": self.household_id,
            "number": self.number,
            "head": self.head,
            "community": self.community_code,
            "community_name": self.community_name,
            "kind": self.kind,
            "kind_label": str(self.kind_label),
            "month": f"{self.month:%Y-%m}",
            "reason": self.reason,
            "reason_label": str(self.reason_label),
            "stop_reason": self.stop_reason,
            "stop_reason_label": str(self.stop_reason_label),
            "note": self.note,
            "urban_rural": self.urban_rural,
            "persons_before": self.persons_before,
            "persons_after": self.persons_after,
            "amount_before": f"{self.amount_before:.2f}",
            "amount_after": f"{self.amount_after:.2f}",
            "class_before": self.class_before,
            "class_after": self.class_after,
        }


@dataclass(frozen=True)
class ChangeReport:
    area: Area
    program: str  # the program's code: 低保 (`dibao`) unless another was asked for
    program_name: str
    date_from: datetime.date
    date_to: datetime.date
    total: Figures
    communities: list[CommunityRow]
    classes: list[ClassRow]  # the whole area by class: A, B, C and no class, always all four
    reasons: list[ReasonRow]
    movement_count: int
    movements: list[MovementRow] | None  # None: not asked for (the page lists them a page at a time)
    # Decided by the end of the period, taking effect after it: in none of the figures (None: not
    # asked for, as `movements`).
    later: list[MovementRow] | None = None

    def balances(self) -> bool:
        rows = [self.total, *(r.figures for r in self.communities), *(r.figures for r in self.classes)]
        rows += [c.figures for r in self.communities for c in r.classes]
        return all(figures.balances() for figures in rows)

    def as_json(self, *, movements: bool = True) -> dict[str, Any]:
        body: dict[str, Any] = {
            "area": self.area.code,
            "area_name": self.area.name,
            "program": self.program,
            "program_name": self.program_name,
            "from": self.date_from.isoformat(),
            "to": self.date_to.isoformat(),
            "totals": self.total.as_json(),
            "movement_count": self.movement_count,
            "communities": [
                {
                    "community": row.community.code,
                    "community_name": row.community.name,
                    "street": row.street.code if row.street else "",
                    "street_name": row.street.name if row.street else "",
                    "figures": row.figures.as_json(),
                    "classes": [class_json(c) for c in row.classes],
                }
                for row in self.communities
            ],
            "classes": [class_json(c) for c in self.classes],
            "reasons": [row.as_json() for row in self.reasons],
        }
        if movements and self.movements is not None:
            body["movements"] = [row.as_json() for row in self.movements]
        if movements and self.later is not None:
            body["later"] = [row.as_json() for row in self.later]
        return body


def class_json(row: ClassRow) -> dict[str, Any]:
    return {
        "benefit_class": row.value,
        "benefit_class_label": str(row.label),
        "figures": row.figures.as_json(),
    }


def label_of(choices: Any, value: str) -> Any:
    return choices(value).label if value in choices.values else value


def class_label(value: str) -> Any:
    return label_of(BenefitClass, value) if value else NO_CLASS
