"""Writing many households at once: the roster import and the demo data both come through here.

Set-based: numbers and primary keys are reserved in one step each, then households, members and
incomes go in with one statement per table (`core.bulk_insert`: COPY on PostgreSQL, a prepared
executemany on SQLite) and the audit entries, one per household, with `audit.record_many`, all in
the caller's transaction. No model instance is made for a member or an income: a row is the dict
an instance would be given, and takes the same defaults. Values must already be cleaned
(registry.validation) and the ID numbers checked as free; the database's unique constraint is the
last guard, and a violation rolls everything back.
"""

from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction

from dibao.accounts.models import User
from dibao.areas.models import Area
from dibao.core import audit, bulk_insert

from ..inputs import HouseholdFields, IncomeFields, MemberFields
from ..models import Household, HouseholdStatus, Income, Member
from .numbers import take_household_numbers

ANALYZE_AFTER = 10_000
# The household's columns but its timestamps, which the insert stamps as `auto_now` would.
FIELDS = [f for f in Household._meta.concrete_fields if f.name not in ("created_at", "updated_at")]


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
    household_ids = iter(bulk_insert.reserve_ids(Household, len(new)))
    member_ids = iter(bulk_insert.reserve_ids(Member, sum(len(h.members) for h in new)))
    households: list[Household] = []
    members: list[dict[str, Any]] = []
    incomes: list[dict[str, Any]] = []
    entries = []
    for spec in new:
        # An instance for the household alone: its audit entry is made from it.
        household = Household(
            id=next(household_ids),
            county=county,
            community=spec.community,
            status=spec.status,
            **{**spec.values, "number": spec.values.get("number") or next(numbers)},
        )
        households.append(household)
        current = spec.status != HouseholdStatus.TERMINATED
        own = [next(member_ids) for _ in spec.members]
        members.extend(
            {**m, "id": pk, "household_id": household.pk, "is_current": current}
            for pk, m in zip(own, spec.members, strict=True)
        )
        incomes.extend(
            {**values, "household_id": household.pk, "member_id": own[i]} for i, values in spec.incomes
        )
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
    bulk_insert.insert(Household, [{f.attname: getattr(h, f.attname) for f in FIELDS} for h in households])
    bulk_insert.insert(Member, members)
    bulk_insert.insert(Income, incomes)
    audit.record_many(entries)
    if connection.vendor == "postgresql" and len(members) >= ANALYZE_AFTER:
        # A large load leaves the planner's statistics describing the tables before it; searches
        # would then scan instead of using the indexes until autovacuum caught up.
        transaction.on_commit(_analyze)
    return BulkResult(households=len(households), members=len(members), incomes=len(incomes))
