"""What the calculation reads about a household, loaded for many households at once.

Three queries whatever the number of households (members, incomes valid in the month, assets
recorded by its end), each streamed in household order, so assessing a county is a handful of
scans rather than a query per household.
"""

import calendar
import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, QuerySet

from dibao.registry.models import Asset, Household, Income, Member


@dataclass(frozen=True)
class MemberFacts:
    id: int
    name: str
    birth_date: datetime.date
    disability_type: str
    disability_grade: int
    health: str
    labour_capacity: str
    employment: str

    def age_on(self, day: datetime.date) -> int:
        years = day.year - self.birth_date.year
        return years - ((day.month, day.day) < (self.birth_date.month, self.birth_date.day))


@dataclass(frozen=True)
class IncomeFacts:
    member_id: int | None
    kind: str
    item: str
    amount: Decimal
    month_from: datetime.date


@dataclass(frozen=True)
class AssetFacts:
    member_id: int | None
    kind: str
    value: Decimal


@dataclass
class HouseholdFacts:
    id: int
    number: str
    community_id: int
    urban_rural: str
    status: str
    members: list[MemberFacts] = field(default_factory=list)
    incomes: list[IncomeFacts] = field(default_factory=list)
    assets: list[AssetFacts] = field(default_factory=list)


def month_end(month: datetime.date) -> datetime.date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


_MEMBER_FIELDS = (
    "household_id",
    "id",
    "name",
    "birth_date",
    "disability_type",
    "disability_grade",
    "health",
    "labour_capacity",
    "employment",
)


def _grouped(rows: Iterator[tuple], key_index: int = 0) -> Iterator[tuple[int, list[tuple]]]:
    """(household id, its rows) from rows sorted by household id."""
    current: int | None = None
    bucket: list[tuple] = []
    for row in rows:
        if row[key_index] != current:
            if bucket:
                yield current, bucket  # type: ignore[misc]
            current, bucket = row[key_index], []
        bucket.append(row)
    if bucket:
        yield current, bucket  # type: ignore[misc]


def load_facts(households: QuerySet[Household], month: datetime.date) -> list[HouseholdFacts]:
    """Facts for every household of `households` (any filtered queryset), for `month`."""
    month = month.replace(day=1)
    facts: dict[int, HouseholdFacts] = {
        row[0]: HouseholdFacts(*row)
        for row in households.order_by("id").values_list(
            "id", "number", "community_id", "urban_rural", "status"
        )
    }
    if not facts:
        return []
    ids = households.values("id")
    chunk = 5000
    members = (
        Member.objects.filter(household__in=ids).order_by("household_id", "id").values_list(*_MEMBER_FIELDS)
    )
    for household_id, rows in _grouped(members.iterator(chunk_size=chunk)):
        facts[household_id].members = [MemberFacts(*row[1:]) for row in rows]
    incomes = (
        Income.objects.filter(household__in=ids, month_from__lte=month)
        .filter(Q(month_to__isnull=True) | Q(month_to__gte=month))
        .order_by("household_id", "member_id", "id")
        .values_list("household_id", "member_id", "kind", "item", "amount", "month_from")
    )
    for household_id, rows in _grouped(incomes.iterator(chunk_size=chunk)):
        facts[household_id].incomes = [IncomeFacts(*row[1:]) for row in rows]
    assets = (
        Asset.objects.filter(household__in=ids, recorded_on__lte=month_end(month))
        .order_by("household_id", "id")
        .values_list("household_id", "member_id", "kind", "value")
    )
    for household_id, rows in _grouped(assets.iterator(chunk_size=chunk)):
        facts[household_id].assets = [AssetFacts(*row[1:]) for row in rows]
    return list(facts.values())
