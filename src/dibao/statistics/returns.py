"""The standard returns: the monthly return a county sends upward (民政统计月报) and the year-end
figures of a community, street or county. Every figure of the ledger is the engine's
(`engine.month_rows`, `ranges.figures_by`); what the engine does not count — applications, labour
sessions, holiday visits — is counted here from those apps' rows, scoped by `core.scoping`.

The monthly return: one row per program that pays money, households and persons on the books in
the month by urban/rural, the funds of the month and of the year up to it, and the persons on the
books by member category (`members`: 老年人, 成年人 by employment, 未成年人 by schooling — which add up
to the persons where every covered person is a current member — and 残疾人, 重度残疾, counted again).

The year end: the program's households and persons on the books in the year's last month (the
month under way for the year under way) by benefit class with their monthly amount; the year's
flows (new, stopped by reason, raised, lowered); the year's amount with its 户均 and 人均 annual
amounts (the amount over the average households, or persons, on the books a month: amount × months
÷ household-times); the one-off grants of every one-off program (人次, 元); applications received
(submitted in the year), approved and rejected (decided in the year); public-welfare labour
sessions held and attendance; holiday visits delivered."""

import datetime
from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Cast, Coalesce, Round
from django.utils.translation import gettext as _

from dibao.accounts.models import User
from dibao.areas.models import Area, Level
from dibao.assistance.models import HolidayRecipient, RecipientState
from dibao.benefits.models import Movement, StopReason
from dibao.cases.models import Application, State
from dibao.core.errors import DomainError
from dibao.core.months import add_months, this_month
from dibao.core.scoping import Operator, within_area
from dibao.labour.models import Attendance, Presence, Session
from dibao.policy.models import BenefitClass, Program, ProgramKind
from dibao.policy.programs import codes
from dibao.policy.programs.in_force import display_name

from . import engine, members, ranges
from .figures import FEN, NO_REASON, Figures, yuan
from .members import MemberCategory
from .selectors import NO_CLASS, program_of, statistics_area

URBAN, RURAL = "urban", "rural"


# ---- the monthly return -------------------------------------------------------------------------


@dataclass
class ReturnLine:
    """One line of the monthly return: a program's (or, `program` None, every program's)."""

    program: str | None
    name: str
    households: dict[str, int] = field(default_factory=lambda: {URBAN: 0, RURAL: 0})
    persons: dict[str, int] = field(default_factory=lambda: {URBAN: 0, RURAL: 0})
    month_fen: int = 0
    year_fen: int = 0
    # Persons on the books by member category, in `MemberCategory` order.
    members: dict[str, int] = field(default_factory=lambda: dict.fromkeys(MemberCategory.values, 0))

    @property
    def total_households(self) -> int:
        return sum(self.households.values())

    @property
    def total_persons(self) -> int:
        return sum(self.persons.values())

    @property
    def month_amount(self) -> Decimal:
        return yuan(self.month_fen)

    @property
    def year_amount_wan(self) -> Decimal:
        return Decimal(self.year_fen).scaleb(-6).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)

    def cells(self) -> list[Any]:
        """The figures in the return's column order."""
        return [
            self.total_households,
            self.households[URBAN],
            self.households[RURAL],
            self.total_persons,
            self.persons[URBAN],
            self.persons[RURAL],
            self.month_amount,
            self.year_amount_wan,
            *self.members.values(),
        ]

    def as_json(self) -> dict[str, Any]:
        return {
            "program": self.program or "",
            "program_name": self.name,
            "households": self.total_households,
            "households_urban": self.households[URBAN],
            "households_rural": self.households[RURAL],
            "persons": self.total_persons,
            "persons_urban": self.persons[URBAN],
            "persons_rural": self.persons[RURAL],
            "month_amount": f"{self.month_amount:.2f}",
            "year_amount_wan": f"{self.year_amount_wan:.4f}",
            "members": [
                {
                    "member_category": value,
                    "member_category_label": str(MemberCategory(value).label),
                    "persons": n,
                }
                for value, n in self.members.items()
            ],
        }


@dataclass(frozen=True)
class MonthlyReturn:
    area: Area
    month: datetime.date
    lines: list[ReturnLine]
    total: ReturnLine
    program: Program | None = None  # the one program returned; None: every program that pays money

    def as_json(self) -> dict[str, Any]:
        return {
            "area": self.area.code,
            "area_name": self.area.name,
            "month": f"{self.month:%Y-%m}",
            "program": self.program.code if self.program else "",
            "program_name": display_name(self.program) if self.program else "",
            "lines": [line.as_json() for line in self.lines],
            "total": self.total.as_json(),
        }


def _fill(line: ReturnLine, urban_rural: str, figures: Figures) -> None:
    side = RURAL if urban_rural == RURAL else URBAN  # a version without the mark counts as urban
    line.households[side] += figures.households
    line.persons[side] += figures.persons
    line.month_fen += figures.fen


def monthly_return(area: Area, month: datetime.date, program: Program | None = None) -> MonthlyReturn:
    """The return of `area` (found by `selectors.statistics_area`) for `month`: the engine's month
    by program and urban/rural, and its year to date by program — of every program that pays
    money, or of `program` alone (its line and the total are then the same)."""
    month = month.replace(day=1)
    scope = engine.Scope(area=area, program=program.code if program else None)
    programs = [program] if program else list(Program.objects.filter(pays_cash=True))
    lines = {p.code: ReturnLine(p.code, display_name(p)) for p in programs}
    total = ReturnLine(None, "")
    for (code, urban_rural), figures in engine.month_rows(scope, month, ("program", "urban_rural")).items():
        line = lines.setdefault(code, ReturnLine(code, code))
        _fill(line, urban_rural, figures)
    for (urban_rural,), figures in engine.month_rows(scope, month, ("urban_rural",)).items():
        _fill(total, urban_rural, figures)
    for (code, category), figures in engine.month_rows(scope, month, ("program", members.FIELD)).items():
        line = lines.setdefault(code, ReturnLine(code, code))
        line.members[category] = line.members.get(category, 0) + figures.persons
    for (category,), figures in engine.month_rows(scope, month, (members.FIELD,)).items():
        total.members[category] = total.members.get(category, 0) + figures.persons
    year, whole = ranges.figures_by(scope, month.replace(month=1), month, ("program",))
    for (code,), figures in year.items():
        lines.setdefault(code, ReturnLine(code, code)).year_fen = figures.fen
    total.year_fen = whole.fen
    return MonthlyReturn(area=area, month=month, lines=list(lines.values()), total=total, program=program)


def return_inputs(
    user: User | Operator, county: str, month: datetime.date, program: str | None
) -> tuple[Area, datetime.date, Program | None]:
    """The county, month and program of a monthly return asked for by the command or the API,
    checked: a county the user sees (else NotFound, as `selectors.statistics_area`), a month begun,
    a program that pays money (None or empty: every such program)."""
    area = statistics_area(user, county)
    if area.level != Level.COUNTY:
        raise DomainError(
            _("The monthly return is a county's: %(name)s (%(code)s) is not a county.")
            % {"name": area.name, "code": area.code},
            field="county",
        )
    month = month.replace(day=1)
    if month > this_month():
        raise DomainError(
            _("%(month)s has not begun: a return is made of a month under way or past.")
            % {"month": f"{month:%Y-%m}"},
            field="month",
        )
    found = program_of(program)
    if found is not None and not found.pays_cash:
        raise DomainError(
            _("%(name)s pays no money: it has no line in the monthly return.")
            % {"name": display_name(found)},
            field="program",
        )
    return area, month, found


# ---- the year end -------------------------------------------------------------------------------


def annual_share(fen: int, times: int, months: int) -> Decimal:
    """户均/人均年发放额: the year's amount over the average number on the books a month."""
    if not times:
        return Decimal("0.00")
    return (Decimal(fen) * months / times).scaleb(-2).quantize(FEN, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class ClassLine:
    benefit_class: str
    label: str
    households: int
    persons: int
    month_fen: int

    @property
    def month_amount(self) -> Decimal:
        return yuan(self.month_fen)


@dataclass(frozen=True)
class StopLine:
    """Units stopped (of one reason, or all): how many, their persons and their monthly amount as
    the ledger had them in the month before the stop took effect."""

    stop_reason: str
    label: str
    households: int
    persons: int
    month_fen: int

    @property
    def month_amount(self) -> Decimal:
        return yuan(self.month_fen)

    def as_json(self) -> dict[str, Any]:
        return {
            "stop_reason": self.stop_reason,
            "stop_reason_label": self.label,
            "count": self.households,
            "persons": self.persons,
            "month_amount": f"{self.month_amount:.2f}",
        }


def _stopped(
    scope: engine.Scope, first: datetime.date, last: datetime.date
) -> tuple[StopLine, list[StopLine]]:
    """The units stopped in the months `first`..`last` — each counted in the month its stop takes
    effect, as the engine counts `stopped`: on the books the month before, not in the month — with
    the covered persons and the full monthly amount of the version that ended, by stop reason. One
    grouped query a month."""
    units: Counter[str] = Counter()
    persons: Counter[str] = Counter()
    fen: Counter[str] = Counter()
    stop = Movement.objects.filter(entitlement_id=OuterRef("pk"), kind__in=engine.STOP_KINDS).order_by("id")
    for month in engine.months(first, last):
        before = add_months(month, -1)
        rows = (
            engine.entitlements(scope)
            .filter(engine.in_force(before), month_to=before)
            # the engine's own test of a unit still on the books, so the count is its `stopped`
            .exclude(Exists(engine._same_unit(month)))
            .annotate(why=Coalesce(Subquery(stop.values("stop_reason")[:1]), Value("")))
            .values("why")
            .annotate(
                n=Count("id"),
                covered=Sum("persons", filter=Q(member__isnull=True)),
                paid=Count("member_id"),
                fen=Sum(Cast(Round(F("amount") * 100), IntegerField())),
            )
        )
        for row in rows.order_by():
            units[row["why"]] += row["n"]
            persons[row["why"]] += (row["covered"] or 0) + row["paid"]
            fen[row["why"]] += row["fen"] or 0
    order = {value: i for i, value in enumerate(StopReason.values)}
    reasons = [
        StopLine(
            why,
            str(StopReason(why).label) if why in StopReason.values else (why or str(NO_REASON)),
            n,
            persons[why],
            fen[why],
        )
        for why, n in sorted(units.items(), key=lambda item: order.get(item[0], len(order)))
        if n
    ]
    whole = StopLine("", "", sum(units.values()), sum(persons.values()), sum(fen.values()))
    return whole, reasons


def _stopping_later(scope: engine.Scope, last: datetime.date) -> StopLine:
    """Already decided, effective later: the units on the books in `last` whose version a stop
    already ends (a stop recorded now, taking effect after `last`) — still in the year's figures,
    listed apart so the closing stock is not read as next year's. One query."""
    stop = Movement.objects.filter(entitlement_id=OuterRef("pk"), kind__in=engine.STOP_KINDS)
    row = (
        engine.entitlements(scope)
        .filter(engine.in_force(last), month_to__gte=last)
        .filter(Exists(stop))
        .aggregate(
            n=Count("id"),
            covered=Sum("persons", filter=Q(member__isnull=True)),
            paid=Count("member_id"),
            fen=Sum(Cast(Round(F("amount") * 100), IntegerField())),
        )
    )
    return StopLine("", "", row["n"], (row["covered"] or 0) + row["paid"], row["fen"] or 0)


@dataclass(frozen=True)
class YearEnd:
    area: Area
    year: int
    last_month: datetime.date
    program: str
    program_name: str
    classes: list[ClassLine]
    at_end: ClassLine  # every class together, on the books in the last month
    figures: Figures  # the program's year: flows, amount, times
    months: int
    applications: dict[str, int]
    one_off_times: int
    one_off_fen: int
    labour_sessions: int
    labour_present: int
    labour_recorded: int
    holiday_households: int
    holiday_persons: int
    holiday_fen: int
    stopped: StopLine  # the year's stops: households, persons, monthly amount
    stopped_by_reason: list[StopLine]
    stopping_later: StopLine  # on the books at the end, their stop already decided for later

    @property
    def per_household_year(self) -> Decimal:
        return annual_share(self.figures.fen, self.figures.household_times, self.months)

    @property
    def per_person_year(self) -> Decimal:
        return annual_share(self.figures.fen, self.figures.person_times, self.months)

    @property
    def one_off_amount(self) -> Decimal:
        return yuan(self.one_off_fen)

    @property
    def holiday_amount(self) -> Decimal:
        return yuan(self.holiday_fen)

    def as_json(self) -> dict[str, Any]:
        f = self.figures
        return {
            "area": self.area.code,
            "area_name": self.area.name,
            "year": self.year,
            "last_month": f"{self.last_month:%Y-%m}",
            "program": self.program,
            "program_name": self.program_name,
            "households": self.at_end.households,
            "persons": self.at_end.persons,
            "month_amount": f"{self.at_end.month_amount:.2f}",
            "classes": [
                {
                    "benefit_class": c.benefit_class,
                    "benefit_class_label": c.label,
                    "households": c.households,
                    "persons": c.persons,
                    "month_amount": f"{c.month_amount:.2f}",
                }
                for c in self.classes
            ],
            "new": f.new,
            "stopped": f.stopped,
            "stopped_persons": self.stopped.persons,
            "stopped_month_amount": f"{self.stopped.month_amount:.2f}",
            "stopped_by_reason": [line.as_json() for line in self.stopped_by_reason],
            "stopping_later": {
                "households": self.stopping_later.households,
                "persons": self.stopping_later.persons,
                "month_amount": f"{self.stopping_later.month_amount:.2f}",
            },
            "raised": f.raised,
            "lowered": f.lowered,
            "class_changed": f.class_changed,
            "amount": f"{f.amount:.2f}",
            "amount_wan": f"{f.amount_wan:.4f}",
            "per_household_year": f"{self.per_household_year:.2f}",
            "per_person_year": f"{self.per_person_year:.2f}",
            "applications": dict(self.applications),
            "one_off_person_times": self.one_off_times,
            "one_off_amount": f"{self.one_off_amount:.2f}",
            "labour_sessions": self.labour_sessions,
            "labour_present": self.labour_present,
            "labour_recorded": self.labour_recorded,
            "holiday_households": self.holiday_households,
            "holiday_persons": self.holiday_persons,
            "holiday_amount": f"{self.holiday_amount:.2f}",
        }


def _applications(area: Area, program: str, first: datetime.date, after: datetime.date) -> dict[str, int]:
    rows = within_area(Application.objects.filter(program_id=program), area, "community__code")
    return rows.aggregate(
        received=Count("id", filter=Q(submitted_on__gte=first, submitted_on__lt=after)),
        approved=Count("id", filter=Q(state=State.APPROVED, decided_on__gte=first, decided_on__lt=after)),
        rejected=Count("id", filter=Q(state=State.REJECTED, decided_on__gte=first, decided_on__lt=after)),
    )


def year_end(area: Area, year: int, program: str | None = None) -> YearEnd:
    """The year-end figures of `area` (found by `selectors.statistics_area`) for `year`, of
    `program` (a code; default 低保)."""
    found = program_of(program or codes.DIBAO)
    assert found is not None
    first = datetime.date(year, 1, 1)
    after = datetime.date(year + 1, 1, 1)
    last = min(datetime.date(year, 12, 1), max(this_month(), first))
    scope = engine.Scope(area=area, program=found.code)
    by_class, whole = ranges.figures_by(scope, first, last, ("benefit_class",))
    month_fen = {key: f.fen for key, f in engine.month_rows(scope, last, ("benefit_class",)).items()}
    order = list(BenefitClass.values)
    classes = [
        ClassLine(
            value,
            str(BenefitClass(value).label) if value in order else (value or str(NO_CLASS)),
            f.households,
            f.persons,
            month_fen.get((value,), 0),
        )
        for (value,), f in sorted(
            by_class.items(),
            key=lambda item: (item[0][0] not in order, order.index(item[0][0]) if item[0][0] in order else 0),
        )
        if f.households or f.persons
    ]
    at_end = ClassLine("", "", whole.households, whole.persons, sum(c.month_fen for c in classes))
    one_off, _all = ranges.figures_by(engine.Scope(area=area), first, last, ("program",))
    one_off_codes = set(Program.objects.filter(kind=ProgramKind.ONE_OFF).values_list("code", flat=True))
    grants = [f for (code,), f in one_off.items() if code in one_off_codes]
    sessions = within_area(Session.objects.filter(date__gte=first, date__lt=after), area, "community__code")
    attendance = Attendance.objects.filter(session__in=sessions).aggregate(
        recorded=Count("id"), present=Count("id", filter=Q(status=Presence.PRESENT))
    )
    visits = within_area(
        HolidayRecipient.objects.filter(
            state=RecipientState.DELIVERED, campaign__held_on__gte=first, campaign__held_on__lt=after
        ),
        area,
        "community__code",
    ).aggregate(
        households=Count("household_id", distinct=True),
        persons=Sum("persons"),
        fen=Sum(Cast(Round(F("value") * 100), IntegerField())),
    )
    stopped, stopped_by_reason = _stopped(scope, first, last)
    stopping_later = _stopping_later(scope, last)
    return YearEnd(
        area=area,
        stopped=stopped,
        stopped_by_reason=stopped_by_reason,
        stopping_later=stopping_later,
        year=year,
        figures=whole,
        last_month=last,
        program=found.code,
        program_name=display_name(found),
        classes=classes,
        at_end=at_end,
        months=last.month,
        applications=_applications(area, found.code, first, after),
        one_off_times=sum(f.grants for f in grants),
        one_off_fen=sum(f.fen for f in grants),
        labour_sessions=sessions.count(),
        labour_present=attendance["present"],
        labour_recorded=attendance["recorded"],
        holiday_households=visits["households"],
        holiday_persons=visits["persons"] or 0,
        holiday_fen=visits["fen"] or 0,
    )
