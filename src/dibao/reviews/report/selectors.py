"""The change report (变更情况) of an area for a period: who entered, changed and left, and what
the books held before and after, per community and per benefit class.

Streets ask every community for it for a period they set (communities send it on the 5th and the
10th). It is counted from the ledger, `benefits.Movement`: every change to what a household
receives wrote exactly one movement, with the persons, amount and benefit class before and after,
the day it was decided (`recorded_on`) and the month it takes effect (`month`). A change counts
by the month it takes effect, never by the day it was typed: the period takes the movements whose
month begins in it (`date_from` ≤ month ≤ `date_to`, both days included), so a suspension decided
in December that starts in January is January's, and a year's closing amount is what December's
payroll pays. Changes already decided (recorded by `date_to`) that take effect after the period
are listed apart (`later`: "already decided, effective later") and counted in none of its figures.

Definitions
-----------
- **Opening** (at the start of `date_from`), per community and benefit class, over the movements
  taking effect before `date_from`:
  households = count(brought in) + count(new) − count(terminated);
  persons = Σ(persons_after − persons_before); amount = Σ(amount_after − amount_before).
  By class, a movement's before-part counts in `class_before` and its after-part in `class_after`,
  so a class change moves a household between classes: households +1 to `class_after` for a new
  one, −1 to `class_before` for a termination, and for any other kind whose class changed, −1 to
  `class_before` and +1 to `class_after`. A suspended household stays on the books with its persons
  and an amount of 0 (a suspension's amount after is 0; a resumption's amount before is 0).
- **Closing** (at the end of `date_to`): the same over the movements taking effect up to `date_to`.
- **In the period** (`date_from` ≤ month ≤ `date_to`), per kind of movement: the households
  it concerns (counted in the class after the change; a termination in the class before), and its
  persons and amount deltas (Σ after − before, split between the classes as above); the households
  a class change moved into (+) or out of (−) each class; the terminations, suspensions and gradual
  exits by their reason; and the list of movements.

A household taken over from an earlier roster is *brought in* (`MovementKind.OPENING`) in its
first month paid: a stock like a new one, but never counted as new, so a period after that month
has it in its opening balance and a period covering that month shows it in its own column.

So, per community, per class and in total, and computed independently of each other:
opening + brought in + new − terminated (+ class changes, by class) = closing households, and
opening + Σ every kind's delta = closing persons and amount.

Each program has its report: the movements of one program's ledger (`program`, by default 低保,
whose report is what it was before programs). For a program that pays a person, each of its
entitlements is one row of the books: what the report counts as households are then the persons
the program pays (a household whose two members receive it counts twice).

Everything is aggregated by the database, grouped by community and classes: the report is the
same four queries (the communities, the figures, the reasons, the movements) for ten movements or
a million. Amounts are summed in whole fen, as the payroll's totals are (SQLite sums decimals as
floating point).
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Cast, Round
from django.utils.translation import gettext_lazy as _

from dibao.accounts.models import User
from dibao.areas.models import Area, Level
from dibao.areas.selectors import area_for
from dibao.benefits.models import Movement, MovementKind, StopReason
from dibao.core.errors import DomainError, Forbidden, NotFound
from dibao.core.roles import Role
from dibao.core.scoping import Operator, area_q, within_area
from dibao.policy.models import Program
from dibao.policy.programs.codes import DIBAO
from dibao.policy.programs.in_force import display_name
from dibao.registry.models import Member, Relation

from .figures import (
    CLASSES,
    KINDS,
    ChangeReport,
    ClassRow,
    CommunityRow,
    Figures,
    Flow,
    MovementRow,
    ReasonRow,
    Stock,
    class_label,
    fen_of,
    label_of,
)

# Who may read the change report of their area: the community that sends it, the street that asks
# for it and compiles its communities', the county, and the auditor who checks them. Not the
# administrator, who manages users and areas, not households. (Kept here rather than in
# core.roles while the report is the only reader; move it there with the next change to roles.)
CHANGE_REPORT_READERS = frozenset({Role.COMMUNITY, Role.STREET, Role.COUNTY, Role.AUDITOR})

STOP_KINDS = (MovementKind.TERMINATE, MovementKind.SUSPEND, MovementKind.GRADUAL_EXIT)
# What puts a household on the books: a new one, or one brought in from an earlier roster.
ENTRY_KINDS = (MovementKind.OPENING, MovementKind.NEW)
NO_REASON = _("No reason given")

# Reading -------------------------------------------------------------------------------------


def report_area(user: User | Operator, code: str) -> Area:
    """The area whose report is asked for: one the user sees (else NotFound, never a hint), by a
    role that reads reports (else Forbidden). `scoping.CONSOLE`: the server's operator, whom no
    area limits."""
    if isinstance(user, Operator):  # CONSOLE
        area = Area.objects.filter(code=str(code).strip()).first()
        if area is None:
            raise NotFound()
        return area
    if user.role not in CHANGE_REPORT_READERS:
        raise Forbidden()
    return area_for(user, code)


def check_period(date_from: datetime.date, date_to: datetime.date) -> None:
    if date_from > date_to:
        raise DomainError(_("The period cannot end before it begins."), field="to")


DIBAO_NAME = _("Minimum living guarantee")


def report_program(code: str) -> Program:
    """The program whose report is asked for, by its code; an unknown code is refused on the
    field `program`, naming the codes there are."""
    found = Program.objects.filter(code=str(code).strip()).first()
    if found is None:
        raise DomainError(
            _("No program has the code '%(code)s'; the codes are: %(codes)s.")
            % {"code": code, "codes": ", ".join(Program.objects.values_list("code", flat=True))},
            field="program",
        )
    return found


def in_scope(area: Area, program: str = DIBAO) -> Q:
    """One program's movements (低保's by default), counted where the household was then, in the
    area or below it (each program's ledger is a report of its own)."""
    of_program = Q(program_id=program)
    if area.level == Level.COMMUNITY:
        return Q(community_id=area.pk) & of_program  # the ledger's own index, no join
    return area_q(area.scope_prefix, "community__code") & of_program


def _fen(column: str) -> Any:
    return Cast(Round(F(column) * 100), IntegerField())


def _aggregates(date_from: datetime.date) -> dict[str, Any]:
    # The windows of the ledger: opening (before the period), in the period, closing (to its end).
    conditions: dict[str, Q | None] = {
        "open": Q(month__lt=date_from),
        "range": Q(month__gte=date_from),
        "all": None,  # every row the query reads: taking effect by the period's end
    }
    values: dict[str, Any] = {}
    for window, condition in conditions.items():
        values[f"n_{window}"] = Count("id", filter=condition)
        values[f"pb_{window}"] = Sum("persons_before", filter=condition)
        values[f"pa_{window}"] = Sum("persons_after", filter=condition)
        values[f"ab_{window}"] = Sum(_fen("amount_before"), filter=condition)
        values[f"aa_{window}"] = Sum(_fen("amount_after"), filter=condition)
    return values


@dataclass
class _Tally:
    households: int = 0
    persons: int = 0
    fen: int = 0


@dataclass
class _Cell:
    """The figures of one community and class being added up, in whole fen."""

    opening: _Tally = field(default_factory=_Tally)
    closing: _Tally = field(default_factory=_Tally)
    flows: dict[str, _Tally] = field(default_factory=lambda: {kind: _Tally() for kind in KINDS})
    reclassified: int = 0

    def add(self, other: "_Cell") -> None:
        for mine, theirs in ((self.opening, other.opening), (self.closing, other.closing)):
            mine.households += theirs.households
            mine.persons += theirs.persons
            mine.fen += theirs.fen
        for kind in KINDS:
            flow, theirs = self.flows[kind], other.flows[kind]
            flow.households += theirs.households
            flow.persons += theirs.persons
            flow.fen += theirs.fen
        self.reclassified += other.reclassified

    def figures(self) -> Figures:
        return Figures(
            opening=Stock(self.opening.households, self.opening.persons, fen_of(self.opening.fen)),
            flows={k: Flow(t.households, t.persons, fen_of(t.fen)) for k, t in self.flows.items()},
            reclassified=self.reclassified,
            closing=Stock(self.closing.households, self.closing.persons, fen_of(self.closing.fen)),
        )


def _stock_households(kind: str, class_changed: bool) -> tuple[int, int]:
    """What one movement adds to the households of its class after and its class before."""
    if kind in ENTRY_KINDS:
        return 1, 0
    if kind == MovementKind.TERMINATE:
        return 0, -1
    return (1, -1) if class_changed else (0, 0)


def _cells(groups: Iterable[dict[str, Any]]) -> dict[tuple[int, str], _Cell]:
    """Spread each group of movements (one community, kind, class before and after) over the
    cells of its class before and its class after."""
    cells: dict[tuple[int, str], _Cell] = {}

    def cell(community_id: int, benefit_class: str) -> _Cell:
        return cells.setdefault((community_id, benefit_class), _Cell())

    for g in groups:
        kind, community_id = g["kind"], g["community_id"]
        class_changed = g["class_before"] != g["class_after"]
        after, before = cell(community_id, g["class_after"]), cell(community_id, g["class_before"])
        plus, minus = _stock_households(kind, class_changed)
        for window, stock in (("open", "opening"), ("all", "closing")):
            n = g[f"n_{window}"]
            add_to, take_from = getattr(after, stock), getattr(before, stock)
            add_to.households += plus * n
            take_from.households += minus * n
            add_to.persons += g[f"pa_{window}"] or 0
            take_from.persons -= g[f"pb_{window}"] or 0
            add_to.fen += g[f"aa_{window}"] or 0
            take_from.fen -= g[f"ab_{window}"] or 0
        n = g["n_range"]
        if not n:
            continue
        (before if kind == MovementKind.TERMINATE else after).flows[kind].households += n
        after.flows[kind].persons += g["pa_range"] or 0
        before.flows[kind].persons -= g["pb_range"] or 0
        after.flows[kind].fen += g["aa_range"] or 0
        before.flows[kind].fen -= g["ab_range"] or 0
        if plus and minus:  # a class change of a household that stays on the books
            after.reclassified += n
            before.reclassified -= n
    return cells


def _reasons(movements: QuerySet[Movement]) -> list[ReasonRow]:
    rows = (
        movements.filter(kind__in=STOP_KINDS)
        .values("stop_reason", "kind")
        .annotate(n=Count("id"), persons=Sum("persons_before"), fen=Sum(_fen("amount_before")))
        .order_by()
    )
    found: dict[str, dict[str, Any]] = {}
    for row in rows:
        entry = found.setdefault(row["stop_reason"], {"n": {}, "persons": 0, "fen": 0})
        entry["n"][row["kind"]] = row["n"]
        if row["kind"] == MovementKind.TERMINATE:
            entry["persons"], entry["fen"] = row["persons"] or 0, row["fen"] or 0
    order = {value: i for i, value in enumerate(StopReason.values)}
    return [
        ReasonRow(
            value=value,
            label=label_of(StopReason, value) if value else NO_REASON,
            terminated=entry["n"].get(MovementKind.TERMINATE, 0),
            terminated_persons=entry["persons"],
            terminated_amount=fen_of(entry["fen"]),
            suspended=entry["n"].get(MovementKind.SUSPEND, 0),
            gradual_exits=entry["n"].get(MovementKind.GRADUAL_EXIT, 0),
        )
        for value, entry in sorted(found.items(), key=lambda item: order.get(item[0], len(order)))
    ]


def movements_in(
    area: Area, date_from: datetime.date, date_to: datetime.date, program: str = DIBAO
) -> QuerySet[Movement]:
    """The movements taking effect in the period in the area, in the report's order, with the
    head's name."""
    return _listed(Movement.objects.filter(in_scope(area, program), month__gte=date_from, month__lte=date_to))


def decided_later(area: Area, date_to: datetime.date, program: str = DIBAO) -> QuerySet[Movement]:
    """The movements already decided by the end of the period (recorded by `date_to`) that take
    effect after it: listed apart, in none of the period's figures."""
    return _listed(
        Movement.objects.filter(in_scope(area, program), recorded_on__lte=date_to, month__gt=date_to)
    )


def _listed(movements: QuerySet[Movement]) -> QuerySet[Movement]:
    head = Member.objects.filter(household_id=OuterRef("household_id"), relation=Relation.SELF)
    return movements.annotate(
        head_name=Subquery(head.order_by("id").values("name")[:1]),
        number=F("household__number"),
        community_code=F("community__code"),
        community_name=F("community__name"),
    ).order_by("community_code", "month", "recorded_on", "id")


def movement_rows(movements: Iterable[Movement]) -> list[MovementRow]:
    """Rows of `movements_in` (or a page of it)."""
    return [
        MovementRow(
            id=m.pk,
            recorded_on=m.recorded_on,
            household_id=m.household_id,
            number=m.number,  # type: ignore[attr-defined]
            head=m.head_name or "",  # type: ignore[attr-defined]
            community_code=m.community_code,  # type: ignore[attr-defined]
            community_name=m.community_name,  # type: ignore[attr-defined]
            kind=m.kind,
            month=m.month,
            reason=m.reason,
            stop_reason=m.stop_reason,
            note=m.note,
            urban_rural=m.urban_rural,
            persons_before=m.persons_before,
            persons_after=m.persons_after,
            amount_before=m.amount_before,
            amount_after=m.amount_after,
            class_before=m.class_before,
            class_after=m.class_after,
        )
        for m in movements
    ]


def change_report(
    area: Area,
    date_from: datetime.date,
    date_to: datetime.date,
    *,
    program: str | Program = DIBAO,
    movements: bool = True,
) -> ChangeReport:
    """The report of `area` (found by `report_area`, which checks the reader) for the period, of
    `program` (its code, or the program found by `report_program`; 低保 by default).

    Three queries (the communities, the figures, the reasons), and two more for the lists of the
    period's changes and of those decided for later when `movements` is asked for; another finds a
    program other than 低保 given by its code (and refuses an unknown one)."""
    check_period(date_from, date_to)
    if isinstance(program, str) and program.strip() != DIBAO:
        program = report_program(program)
    if isinstance(program, Program):
        code, name = program.code, display_name(program)
    else:
        code, name = DIBAO, str(DIBAO_NAME)
    communities = list(
        within_area(Area.objects.filter(level=Level.COMMUNITY), area, "code")
        .select_related("parent")
        .order_by("code")
    )
    ledger = Movement.objects.filter(in_scope(area, code), month__lte=date_to)
    groups = (
        ledger.values("community_id", "class_before", "class_after", "kind")
        .annotate(**_aggregates(date_from))
        .order_by()
    )
    cells = _cells(groups)
    in_period = ledger.filter(month__gte=date_from)

    total = _Cell()
    by_class = {value: _Cell() for value in CLASSES}
    community_rows = []
    for community in communities:
        whole = _Cell()
        class_rows = []
        for value in CLASSES:
            found = cells.get((community.pk, value))
            if found is None:
                continue
            whole.add(found)
            by_class[value].add(found)
            figures = found.figures()
            if not figures.is_empty:
                class_rows.append(ClassRow(value, class_label(value), figures))
        total.add(whole)
        community_rows.append(CommunityRow(community, community.parent, whole.figures(), class_rows))
    total_figures = total.figures()
    rows = movement_rows(movements_in(area, date_from, date_to, code)) if movements else None
    return ChangeReport(
        area=area,
        program=code,
        program_name=name,
        date_from=date_from,
        date_to=date_to,
        total=total_figures,
        communities=community_rows,
        classes=[ClassRow(value, class_label(value), by_class[value].figures()) for value in CLASSES],
        reasons=_reasons(in_period),
        movement_count=total_figures.movements,
        movements=rows,
        later=movement_rows(decided_later(area, date_to, code)) if movements else None,
    )
