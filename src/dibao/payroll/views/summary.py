"""What the run page and the API's run answer say about a run: the figures people report
(households, persons, amount, 户均, 人均) for the user's area, per street and community, per
program (and per program in each street and community), by urban/rural and by benefit class, with
each street's check — in a fixed number of queries whatever the number of lines (four aggregates,
the areas' names and the checks). What households and persons count is `payroll.totals`'."""

from dataclasses import dataclass
from typing import Any, cast

from django.utils.translation import gettext_lazy as _

from dibao.accounts.models import User
from dibao.areas.models import Area
from dibao.policy import forms as policy_forms
from dibao.policy.models import BenefitClass
from dibao.registry.models import UrbanRural

from ..models import Run, StreetCheck
from ..selectors import visible_lines
from ..totals import ZERO, Figures, add, figures_by
from .access import actions, may_check

NO_CLASS = _("No class")


@dataclass(frozen=True)
class StreetRow:
    street: Area
    figures: Figures
    check: StreetCheck | None
    may_check: bool


@dataclass(frozen=True)
class CommunityRow:
    community: Area
    street: Area
    figures: Figures


@dataclass(frozen=True)
class GroupRow:
    value: str
    label: Any
    figures: Figures


@dataclass(frozen=True)
class ProgramRow:
    """A program's figures, in the run (or the user's part of it), a street or a community."""

    code: str
    figures: Figures
    name: str = ""
    area: Area | None = None


@dataclass(frozen=True)
class RunSummary:
    run: Run
    whole: Figures
    streets: list[StreetRow]
    communities: list[CommunityRow]
    urban_rural: list[GroupRow]
    classes: list[GroupRow]
    actions: list[str]
    programs: list[ProgramRow]
    street_programs: list[ProgramRow]
    community_programs: list[ProgramRow]

    @property
    def checked_streets(self) -> int:
        return sum(1 for row in self.streets if row.check is not None)


def _by_program(
    rows: list[tuple[tuple[Any, ...], Figures]], names: dict[str, str], areas: dict[int, Area]
) -> tuple[list[ProgramRow], list[ProgramRow], list[ProgramRow]]:
    """The programs of the run, of each street and of each community, from one grouped query by
    street, community and program: a household is in one community, so within a program the
    communities' figures add up to the street's and the streets' to the run's."""
    whole: dict[str, Figures] = {}
    streets: dict[tuple[int, str], Figures] = {}
    communities = []
    for (street_id, community_id, code), figures in rows:
        whole[code] = add(whole.get(code, ZERO), figures)
        streets[(street_id, code)] = add(streets.get((street_id, code), ZERO), figures)
        communities.append(ProgramRow(code, figures, names.get(code, code), areas[community_id]))

    def order(row: ProgramRow) -> tuple[str, str]:
        return (row.area.code if row.area else "", row.code)

    return (
        sorted((ProgramRow(code, f, names.get(code, code)) for code, f in whole.items()), key=order),
        sorted(
            (ProgramRow(code, f, names.get(code, code), areas[s]) for (s, code), f in streets.items()),
            key=order,
        ),
        sorted(communities, key=order),
    )


def summarize(user: User, run: Run, program_names: dict[str, str] | None = None) -> RunSummary:
    """`program_names`: the programs' names by code, when the caller has them already (the page's
    program filter); otherwise read once."""
    # The county sees every line of its run: no join to the areas to find them.
    own = cast(Area, user.area)  # `page` lets no user without an area through
    lines = run.lines.all() if own.code == run.county.code else visible_lines(user, run)
    by_community = figures_by(lines, "street_id", "community_id")
    by_program = figures_by(lines, "street_id", "community_id", "program_id")
    names = Area.objects.in_bulk({key[0] for key, _f in by_community} | {key[1] for key, _f in by_community})
    if program_names is None:
        program_names = policy_forms.program_names({key[2] for key, _f in by_program})
    programs, street_programs, community_programs = _by_program(by_program, program_names, names)
    checks = {check.street_id: check for check in run.checks.select_related("checked_by")}
    streets: dict[int, Figures] = {}
    communities = []
    for (street_id, community_id), figures in by_community:
        streets[street_id] = add(streets.get(street_id, ZERO), figures)
        communities.append(CommunityRow(names[community_id], names[street_id], figures))
    street_rows = [
        StreetRow(names[street_id], figures, checks.get(street_id), may_check(user, run, street_id, checks))
        for street_id, figures in sorted(streets.items(), key=lambda item: names[item[0]].code)
    ]
    communities.sort(key=lambda row: row.community.code)
    whole = ZERO
    for figures in streets.values():
        whole = add(whole, figures)
    kinds = dict(UrbanRural.choices)
    classes = dict(BenefitClass.choices)
    return RunSummary(
        run=run,
        whole=whole,
        streets=street_rows,
        communities=communities,
        urban_rural=[
            GroupRow(key[0], kinds.get(key[0], key[0]), figures)
            for key, figures in figures_by(lines, "urban_rural")
        ],
        classes=[
            GroupRow(key[0], classes.get(key[0], key[0]) if key[0] else NO_CLASS, figures)
            for key, figures in figures_by(lines, "benefit_class")
        ],
        actions=actions(user, run, streets, checks),
        programs=programs,
        street_programs=street_programs,
        community_programs=community_programs,
    )
