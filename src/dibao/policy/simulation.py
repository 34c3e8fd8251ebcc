""" "What if": every registered household of an area under the policy now and under a new standard.

It writes nothing. Facts are loaded once and calculated twice, so the whole county is a handful of
queries and two passes of the calculation, shared out among the cores (`comparison`;
bench/assess_households.py measures it).
"""

import datetime
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import xlsxwriter
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from dibao.areas.models import Area
from dibao.core.scoping import within_area
from dibao.registry.models import Household, HouseholdStatus, Member, Relation

from .assessment import contexts_of
from .comparison import Pair, compare, compare_plain
from .engine.context import StandardOverride
from .engine.facts import load_facts

ZERO = Decimal("0.00")


class Change:
    ENTERING = "entering"
    LEAVING = "leaving"
    GAINING = "gaining"
    LOSING = "losing"
    UNCHANGED = "unchanged"
    NOT_ASSESSABLE = "not_assessable"

    LABELS = {
        ENTERING: _("Entering"),
        LEAVING: _("Leaving"),
        GAINING: _("Gaining"),
        LOSING: _("Losing"),
        UNCHANGED: _("Unchanged"),
        NOT_ASSESSABLE: _("Cannot be assessed"),
    }


@dataclass
class Row:
    household_id: int
    number: str
    community_id: int
    persons: int
    now: Decimal | None  # None: not eligible
    new: Decimal | None
    change: str
    problem: str = ""

    @property
    def difference(self) -> Decimal:
        return (self.new or ZERO) - (self.now or ZERO)


@dataclass
class Tally:
    households: int = 0
    persons: int = 0

    def add(self, persons: int) -> None:
        self.households += 1
        self.persons += persons


@dataclass
class Simulation:
    area: Area
    kind: str
    standard: Decimal
    month: datetime.date
    rows: list[Row]
    tallies: dict[str, Tally] = field(default_factory=dict)
    total_now: Decimal = ZERO
    total_new: Decimal = ZERO
    households: QuerySet[Household] | None = None  # what was read, for names in the export

    @property
    def monthly_change(self) -> Decimal:
        return self.total_new - self.total_now

    @property
    def annual_change(self) -> Decimal:
        return self.monthly_change * 12

    @property
    def changed(self) -> list[Row]:
        return [r for r in self.rows if r.change != Change.UNCHANGED]

    def as_json(self) -> dict[str, Any]:
        return {
            "area": self.area.code,
            "kind": self.kind,
            "standard": str(self.standard),
            "month": f"{self.month:%Y-%m}",
            "households": len(self.rows),
            "total_now": str(self.total_now),
            "total_new": str(self.total_new),
            "monthly_change": str(self.monthly_change),
            "annual_change": str(self.annual_change),
            "changes": {
                k: {"households": t.households, "persons": t.persons} for k, t in self.tallies.items()
            },
        }


def _change(pair: Pair) -> str:
    if not pair.assessable:
        return Change.NOT_ASSESSABLE
    a, b = pair.now, pair.new
    if a is None and b is None:
        return Change.UNCHANGED
    if a is None:
        return Change.ENTERING
    if b is None:
        return Change.LEAVING
    if b > a:
        return Change.GAINING
    if b < a:
        return Change.LOSING
    return Change.UNCHANGED


def simulate(
    *,
    households: QuerySet[Household],
    area: Area,
    kind: str,
    standard: Decimal,
    month: datetime.date,
    processes: int | None = None,
    plain: bool = False,
) -> Simulation:
    """`households`: the user's visible households; only those of `area` not terminated are read.

    `processes`: how many to share the calculation among (default: one per core); `plain`: two
    whole passes in this process, what the shared-out calculation must agree with."""
    month = month.replace(day=1)
    scoped = within_area(households, area).exclude(status=HouseholdStatus.TERMINATED)
    facts = load_facts(scoped, month)
    override = StandardOverride(area=area, kind=kind, amount=standard)
    now, new = contexts_of(facts, month), contexts_of(facts, month, override)
    # Only amounts are compared, so no explanation is built (about half the time of a pass).
    if plain:
        pairs = compare_plain(facts, month, now, new)
    else:
        pairs = compare(facts, month, now, new, processes=processes)
    result = Simulation(area=area, kind=kind, standard=standard, month=month, rows=[], households=scoped)
    result.tallies = {key: Tally() for key in Change.LABELS}
    for item, pair in zip(facts, pairs, strict=True):
        row = Row(
            household_id=item.id,
            number=item.number,
            community_id=item.community_id,
            persons=pair.persons,
            now=pair.now,
            new=pair.new,
            change=_change(pair),
            problem=pair.problem,
        )
        result.rows.append(row)
        result.tallies[row.change].add(pair.persons)
        result.total_now += row.now or ZERO
        result.total_new += row.new or ZERO
    return result


def changed_rows_with_names(result: Simulation) -> Iterator[tuple[Row, str, str]]:
    """The changed rows with head and community names, two queries for the whole area."""
    changed = result.changed
    heads: dict[int, str] = {}
    if changed and result.households is not None:
        members = Member.objects.filter(household__in=result.households.values("id"), relation=Relation.SELF)
        heads = dict(members.values_list("household_id", "name"))
    communities = dict(within_area(Area.objects.all(), result.area, "code").values_list("id", "name"))
    for row in changed:
        yield row, heads.get(row.household_id, ""), communities.get(row.community_id, "")


def simulation_xlsx(result: Simulation) -> bytes:
    """The differences, one row per household whose amount or eligibility changes, with totals."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False})
    sheet = workbook.add_worksheet(str(_("Differences")))
    bold = workbook.add_format({"bold": True, "bg_color": "#F2F2F2", "border": 1})
    money = workbook.add_format({"num_format": "#,##0.00"})
    columns = (
        (_("Household number"), 16),
        (_("Head of household"), 12),
        (_("Community"), 16),
        (_("Persons"), 8),
        (_("Monthly amount now"), 14),
        (_("Monthly amount new"), 14),
        (_("Difference"), 12),
        (_("Change"), 12),
    )
    for col, (title, width) in enumerate(columns):
        sheet.write_string(0, col, str(title), bold)
        sheet.set_column(col, col, width)
    line = 0
    for line, (row, head, community) in enumerate(changed_rows_with_names(result), start=1):
        sheet.write_string(line, 0, row.number)
        sheet.write_string(line, 1, head)
        sheet.write_string(line, 2, community)
        sheet.write_number(line, 3, row.persons)
        for col, value in ((4, row.now), (5, row.new)):
            if value is None:
                sheet.write_string(line, col, "—")
            else:
                sheet.write_number(line, col, float(value), money)  # xlsx stores numbers as doubles
        sheet.write_number(line, 6, float(row.difference), money)
        sheet.write_string(line, 7, str(Change.LABELS[row.change]))
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(1, line), len(columns) - 1)
    summary = workbook.add_worksheet(str(_("Summary")))
    summary.set_column(0, 0, 24)
    summary.set_column(1, 2, 16)
    facts: tuple[tuple[Any, str | int], ...] = (
        (_("Area"), result.area.name),
        (_("Month"), f"{result.month:%Y-%m}"),
        (_("New standard"), str(result.standard)),
        (_("Households assessed"), len(result.rows)),
        (_("Monthly total now"), str(result.total_now)),
        (_("Monthly total new"), str(result.total_new)),
        (_("Monthly change"), str(result.monthly_change)),
        (_("Annual change"), str(result.annual_change)),
    )
    for index, (label, shown) in enumerate(facts):
        summary.write_string(index, 0, str(label), bold)
        if isinstance(shown, int):
            summary.write_number(index, 1, shown)
        else:
            summary.write_string(index, 1, shown)  # never write(): it would read "=…" as a formula
    base = len(facts) + 1
    summary.write_string(base, 0, str(_("Change")), bold)
    summary.write_string(base, 1, str(_("Households")), bold)
    summary.write_string(base, 2, str(_("Persons")), bold)
    for offset, (key, tally) in enumerate(result.tallies.items(), start=1):
        summary.write_string(base + offset, 0, str(Change.LABELS[key]))
        summary.write_number(base + offset, 1, tally.households)
        summary.write_number(base + offset, 2, tally.persons)
    workbook.close()
    return buffer.getvalue()
