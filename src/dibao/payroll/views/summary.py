"""What the run page and the API's run answer say about a run: the figures people report
(households, persons, amount, 户均, 人均) for the user's area, per street and community, by
urban/rural and by benefit class, with each street's check — in a fixed number of queries
whatever the number of lines (three aggregates, the areas' names and the checks)."""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, cast

from django.utils.translation import gettext_lazy as _

from dibao.accounts.models import User
from dibao.areas.models import Area
from dibao.policy.models import BenefitClass
from dibao.registry.models import UrbanRural

from ..models import Run, StreetCheck
from ..selectors import visible_lines
from ..totals import Figures, figures_by
from .access import actions, may_check

NO_CLASS = _("No class")


def add(a: Figures, b: Figures) -> Figures:
    return Figures(a.households + b.households, a.persons + b.persons, a.total + b.total)


ZERO = Figures(0, 0, Decimal("0.00"))


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
class RunSummary:
    run: Run
    whole: Figures
    streets: list[StreetRow]
    communities: list[CommunityRow]
    urban_rural: list[GroupRow]
    classes: list[GroupRow]
    actions: list[str]

    @property
    def checked_streets(self) -> int:
        return sum(1 for row in self.streets if row.check is not None)


def summarize(user: User, run: Run) -> RunSummary:
    # The county sees every line of its run: no join to the areas to find them.
    own = cast(Area, user.area)  # `page` lets no user without an area through
    lines = run.lines.all() if own.code == run.county.code else visible_lines(user, run)
    by_community = figures_by(lines, "street_id", "community_id")
    names = Area.objects.in_bulk({key[0] for key, _f in by_community} | {key[1] for key, _f in by_community})
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
    )
