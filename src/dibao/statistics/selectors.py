"""Statistics as a user asks for them: an area they see, a range of months, a program, a breakdown
— checked, counted by `engine`, and named for people (areas by name, choices by their labels,
never a raw code)."""

import datetime
from typing import Any

from django.utils.translation import gettext_lazy as _

from dibao.accounts.models import User
from dibao.areas.models import Area
from dibao.areas.selectors import area_for
from dibao.core.errors import DomainError, Forbidden, NotFound
from dibao.core.months import months_between
from dibao.core.roles import Role
from dibao.core.scoping import Operator
from dibao.policy.models import BenefitClass, ManagementClass, Program
from dibao.policy.programs.in_force import display_name
from dibao.registry.models import HouseholdCategory, UrbanRural

from . import engine, ranges
from .fields import AREA_FIELDS, parse_by
from .figures import Figures, Key, Row, Statistics, coverage
from .members import MemberCategory
from .models import Population

# Who reads statistics of their area: the community, the street, the county and the auditor. Not
# the administrator, who manages users and areas, not households.
STATISTICS_READERS = frozenset({Role.COMMUNITY, Role.STREET, Role.COUNTY, Role.AUDITOR})
# The longest range counted at once, in months (ten years).
MAX_MONTHS = 120

ALL_PROGRAMS = _("All programs")
NO_CLASS = _("No class")
NO_CATEGORY = _("No category")
DELETED_CATEGORY = _("A category deleted since")


def statistics_area(user: User | Operator, code: str) -> Area:
    """The area asked for: one the user sees (else NotFound, never a hint), by a role that reads
    statistics (else Forbidden). `scoping.CONSOLE`: the server's operator, whom no area limits."""
    if isinstance(user, Operator):
        area = Area.objects.filter(code=str(code).strip()).first()
        if area is None:
            raise NotFound()
        return area
    if user.role not in STATISTICS_READERS:
        raise Forbidden()
    return area_for(user, str(code).strip())


def program_of(code: str | None) -> Program | None:
    """The program a code names (None or empty: every program); an unknown code is refused on the
    field `program`, naming the codes there are."""
    if code in (None, ""):
        return None
    found = Program.objects.filter(code=str(code).strip()).first()
    if found is None:
        raise DomainError(
            _("No program has the code '%(code)s'; the codes are: %(codes)s.")
            % {"code": code, "codes": ", ".join(Program.objects.values_list("code", flat=True))},
            field="program",
        )
    return found


def check_months(month_from: datetime.date, month_to: datetime.date) -> None:
    if month_to < month_from:
        raise DomainError(_("The period cannot end before it begins."), field="to")
    if months_between(month_from, month_to) >= MAX_MONTHS:
        raise DomainError(
            _("A period of at most %(n)d months is counted at once.") % {"n": MAX_MONTHS}, field="to"
        )


def _choice_label(choices: Any, value: str, empty: Any) -> str:
    if not value:
        return str(empty)
    return str(choices(value).label) if value in choices.values else value


class _Names:
    """The names of every value the rows hold: one query for the areas, one for the programs, one
    for the categories, whatever the number of rows."""

    def __init__(self, by: tuple[str, ...], keys: list[tuple[Any, ...]]) -> None:
        def values_of(name: str) -> set[Any]:
            i = by.index(name)
            return {key[i] for key in keys if key[i] is not None}

        area_ids = set().union(*(values_of(name) for name in by if name in AREA_FIELDS))
        self.areas = {a.pk: a for a in Area.objects.filter(pk__in=area_ids)} if area_ids else {}
        programs = values_of("program") if "program" in by else set()
        self.programs = {p.code: p for p in Program.objects.filter(code__in=programs)} if programs else {}
        categories = values_of("category") if "category" in by else set()
        self.categories = (
            dict(HouseholdCategory.objects.filter(pk__in=categories).values_list("pk", "name"))
            if categories
            else {}
        )

    def key(self, name: str, value: Any) -> Key:
        if name in AREA_FIELDS:
            area = self.areas.get(value)
            return Key(name, value, area.code if area else "", area.name if area else "—")
        if name == "program":
            program = self.programs.get(value)
            return Key(name, value, value, display_name(program) if program else value)
        if name == "urban_rural":
            return Key(name, value, value, _choice_label(UrbanRural, value, "—"))
        if name == "benefit_class":
            return Key(name, value, value, _choice_label(BenefitClass, value, NO_CLASS))
        if name == "management_class":
            return Key(name, value, value, _choice_label(ManagementClass, value, NO_CLASS))
        if name == "member_category":
            return Key(name, value, value, _choice_label(MemberCategory, value, "—"))
        if name == "category":
            # A snapshot of a closed month may still name a category deleted since.
            label = str(NO_CATEGORY) if value is None else self.categories.get(value, str(DELETED_CATEGORY))
            return Key(name, value, "" if value is None else str(value), label)
        return Key(name, value, f"{value:%Y-%m}", f"{value:%Y-%m}")  # month


def _order(name: str, key: Key) -> tuple[Any, ...]:
    """Rows in the order people read them: areas by code, choices in their own order, empty last."""
    if name in ("urban_rural", "benefit_class", "management_class", "member_category"):
        values = {
            "urban_rural": UrbanRural,
            "benefit_class": BenefitClass,
            "management_class": ManagementClass,
            "member_category": MemberCategory,
        }
        order = list(values[name].values)
        return (key.value not in order, order.index(key.value) if key.value in order else 0, key.code)
    if name == "program":
        return (0, key.label)
    if name == "category":
        return (key.value is None, key.label)
    return (key.code == "", key.code)


_DEPTH = {"county": 0, "street": 1, "community": 2}


def _row_place(row: Row, names: "_Names", year: int) -> tuple[int, int] | None:
    """The area (the finest of the row's area values) and the year whose population a row is
    measured against; None for a row that is not one area's."""
    finest: Area | None = None
    for key in row.keys:
        if key.field in AREA_FIELDS and key.value in names.areas:
            area = names.areas[key.value]
            if finest is None or _DEPTH.get(area.level, 0) > _DEPTH.get(finest.level, 0):
                finest = area
        if key.field == "month":
            year = key.value.year
    return (finest.pk, year) if finest is not None else None


def _set_coverage(area: Area, year: int, rows: list[Row], total: Figures, names: "_Names") -> None:
    """保障面 of each row broken down by area and of the total: its persons over the population
    entered for its area and year (one query for them all); None where none is entered."""
    places = {row_place for row in rows if (row_place := _row_place(row, names, year))}
    places.add((area.pk, year))
    found = Population.objects.filter(
        area_id__in={pk for pk, _y in places}, year__in={y for _pk, y in places}
    ).values_list("area_id", "year", "population")
    population = {(pk, y): people for pk, y, people in found}
    for row in rows:
        place = _row_place(row, names, year)
        row.figures.coverage = coverage(row.figures.persons, population.get(place)) if place else None
    total.coverage = coverage(total.persons, population.get((area.pk, year)))


def statistics(
    area: Area,
    month_from: datetime.date,
    month_to: datetime.date | None = None,
    *,
    program: str | Program | None = None,
    by: Any = (),
    closed: dict[datetime.date, int] | None = None,
    with_coverage: bool = True,
    with_reasons: bool = True,
) -> Statistics:
    """The statistics of `area` (found by `statistics_area`, which checks the reader) for the
    months `month_from`..`month_to` (one month when `month_to` is None), of `program` (a code or
    the program; None: every program), broken down by `by` (names of `fields.FIELDS`, or their
    comma-separated list). `closed`: the snapshotted months, when the caller has asked
    (`ranges.figures_by`); `with_coverage=False`: no 保障面 (one query less, for a caller that does
    not show it); `with_reasons=False`: the new and stopped units counted without their reasons (on
    snapshotted months one query less, and no reading of each row's reasons, for a caller that
    shows the counts alone)."""
    fields = parse_by(by)
    month_from = month_from.replace(day=1)
    month_to = (month_to or month_from).replace(day=1)
    check_months(month_from, month_to)
    found = program if isinstance(program, Program) else program_of(program)
    scope = engine.Scope(area=area, program=found.code if found else None)
    groups, total = ranges.figures_by(
        scope, month_from, month_to, fields, closed=closed, reasons=with_reasons
    )
    names = _Names(fields, list(groups))
    rows = [
        Row(tuple(names.key(name, value) for name, value in zip(fields, key, strict=True)), figures)
        for key, figures in groups.items()
    ]
    rows.sort(key=lambda row: tuple(_order(k.field, k) for k in row.keys))
    if with_coverage:
        _set_coverage(area, month_to.year, rows, total, names)
    return Statistics(
        area=area,
        month_from=month_from,
        month_to=month_to,
        program=found.code if found else None,
        program_name=display_name(found) if found else str(ALL_PROGRAMS),
        by=fields,
        rows=rows,
        total=total,
    )


def populations(county: Area, year: int) -> dict[int, int]:
    """The population entered for each of the county's areas in `year`, by area id (one query)."""
    rows = Population.objects.filter(area__code__startswith=county.scope_prefix, year=year)
    return dict(rows.values_list("area_id", "population"))
