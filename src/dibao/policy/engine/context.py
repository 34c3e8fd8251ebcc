"""Which standard and which rules apply to a community in a month.

An area without its own row inherits its parent's: the community's row valid in the month, else
its street's, else its county's. Rules missing everywhere fall back to the national defaults (the
field defaults of `Rules`); a missing standard is an error, since no default amount is right.
Resolved once per community, not per household.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q

from dibao.areas.models import Area
from dibao.core.scoping import areas_above

from ..models import Rules, Standard


@dataclass(frozen=True)
class StandardUsed:
    amount: Decimal
    area_name: str
    valid_from: datetime.date


@dataclass(frozen=True)
class StandardOverride:
    """A standard as if it were set (for "what if"): this area, this kind, this amount."""

    area: Area
    kind: str
    amount: Decimal


@dataclass(frozen=True)
class PolicyContext:
    area_name: str
    rules: Rules
    rules_area: str | None  # None: national defaults
    standards: dict[str, StandardUsed]  # by urban/rural


def _valid_in(month: datetime.date) -> Q:
    return Q(valid_from__lte=month) & (Q(valid_to__isnull=True) | Q(valid_to__gte=month))


def _chain(area: Area, by_id: dict[int, Area]) -> list[Area]:
    chain = [area]
    while chain[-1].parent_id is not None and chain[-1].parent_id in by_id:
        chain.append(by_id[chain[-1].parent_id])
    return chain


def contexts_for(
    communities: list[Area], month: datetime.date, override: StandardOverride | None = None
) -> dict[int, PolicyContext]:
    """The policy context of each community (by id); three queries for any number of communities."""
    month = month.replace(day=1)
    # Each community and the areas above it: all that its policy can come from.
    codes = {code for c in communities for code in [c.code, *areas_above(c.code)]}
    areas = {a.pk: a for a in Area.objects.filter(code__in=codes)} if codes else {}
    standards: dict[tuple[int, str], StandardUsed] = {}
    for row in Standard.objects.filter(_valid_in(month), area__in=list(areas)).order_by("valid_from"):
        standards[(row.area_id, row.kind)] = StandardUsed(row.amount, areas[row.area_id].name, row.valid_from)
    if override is not None:
        standards[(override.area.pk, override.kind)] = StandardUsed(
            override.amount, override.area.name, month
        )
    rules = {r.area_id: r for r in Rules.objects.filter(_valid_in(month), area__in=list(areas))}
    result: dict[int, PolicyContext] = {}
    for community in communities:
        chain = _chain(areas.get(community.pk, community), areas)
        found_rules = next((rules[a.pk] for a in chain if a.pk in rules), None)
        used: dict[str, StandardUsed] = {}
        for kind in ("urban", "rural"):
            match = next((standards[(a.pk, kind)] for a in chain if (a.pk, kind) in standards), None)
            if match is not None:
                used[kind] = match
        result[community.pk] = PolicyContext(
            area_name=community.name,
            rules=found_rules or Rules(),
            rules_area=areas[found_rules.area_id].name if found_rules else None,
            standards=used,
        )
    return result
