"""Writing many households at once: the roster import and the demo data both come through here.

Set-based: numbers are reserved in one step, then households, members, incomes and audit entries
go in with `bulk_create` in batches, all in the caller's transaction. Values must already be
cleaned (registry.validation) and the ID numbers checked as free; the database's unique
constraint is the last guard, and a violation rolls everything back.
"""

from dataclasses import dataclass, field

from django.db import connection, transaction

from dibao.accounts.models import User
from dibao.areas.models import Area
from dibao.core import audit

from ..inputs import HouseholdFields, IncomeFields, MemberFields
from ..models import Household, HouseholdStatus, Income, Member
from .numbers import take_household_numbers

BATCH = 2000
ANALYZE_AFTER = 10_000


def _analyze() -> None:
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE registry_household, registry_member, registry_income")


@dataclass
class NewHousehold:
    community: Area
    values: HouseholdFields  # cleaned; "number" optional
    members: list[MemberFields]  # cleaned, head included
    # (index into members, cleaned income fields)
    incomes: list[tuple[int, IncomeFields]] = field(default_factory=list)
    status: str = HouseholdStatus.REGISTERED


@dataclass(frozen=True)
class BulkResult:
    households: int
    members: int
    incomes: int


def households_bulk_create(
    *, county: Area, new: list[NewHousehold], actor: User | None, note: str, action: str = audit.Action.IMPORT
) -> BulkResult:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("Bulk writes run inside the caller's transaction.")
    wanted = sum(1 for h in new if not h.values.get("number"))
    numbers = iter(take_household_numbers(county, wanted))
    households = [
        Household(
            county=county,
            community=h.community,
            status=h.status,
            **{**h.values, "number": h.values.get("number") or next(numbers)},
        )
        for h in new
    ]
    # Both PostgreSQL and SQLite ≥ 3.35 return the new primary keys from a bulk insert.
    Household.objects.bulk_create(households, batch_size=BATCH)

    members: list[Member] = []
    incomes: list[Income] = []
    entries = []
    for household, spec in zip(households, new, strict=True):
        current = spec.status != HouseholdStatus.TERMINATED
        own = [Member(household=household, is_current=current, **m) for m in spec.members]
        members.extend(own)
        entries.append(
            audit.entry(
                actor=actor,
                action=action,
                obj=household,
                area_code=spec.community.code,
                household_id=household.pk,
                note=note,
                after={**audit.snapshot(household), "members": [audit.json_safe(m) for m in spec.members]},
            )
        )
        incomes.extend(Income(household=household, member=own[i], **values) for i, values in spec.incomes)
    Member.objects.bulk_create(members, batch_size=BATCH)
    Income.objects.bulk_create(incomes, batch_size=BATCH)
    audit.record_many(entries)
    if connection.vendor == "postgresql" and len(members) >= ANALYZE_AFTER:
        # A large load leaves the planner's statistics describing the tables before it; searches
        # would then scan instead of using the indexes until autovacuum caught up.
        transaction.on_commit(_analyze)
    return BulkResult(households=len(households), members=len(members), incomes=len(incomes))
