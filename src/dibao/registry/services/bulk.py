"""Writing many households at once: the roster import and the demo data both come through here.

Set-based: numbers and primary keys are reserved in one step each, then households, members and
incomes go in with one statement per table (`core.bulk_insert`: COPY on PostgreSQL, a prepared
executemany on SQLite) and the audit entries, one per household, with `audit.record_rows`, all in
the caller's transaction. No model instance is made for a household, a member, an income or an
audit entry: a row is the dict an instance would be given, with the same defaults. Values must
already be cleaned (registry.validation) and the ID numbers checked as free; the database's unique
constraint is the last guard, and a violation rolls everything back.
"""

from dataclasses import dataclass, field
from typing import Any

from django.db import connection, models, transaction

from dibao.accounts.models import User
from dibao.areas.models import Area
from dibao.core import audit, bulk_insert

from ..inputs import HouseholdFields, IncomeFields, MemberFields
from ..models import Household, HouseholdStatus, Income, Member
from .numbers import take_household_numbers

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


def _defaults(model: type[models.Model], skip: tuple[str, ...] = ()) -> dict[str, Any]:
    """What an instance of `model` takes for each field it is not given (but its key, its `auto_now`
    timestamps and `skip`), by attname: every row then carries every key, as `bulk_insert` wants."""
    return {
        f.attname: f.get_default()
        for f in model._meta.concrete_fields
        if not f.primary_key
        and f.name not in skip
        and not getattr(f, "auto_now", False)
        and not getattr(f, "auto_now_add", False)
    }


def households_bulk_create(
    *, county: Area, new: list[NewHousehold], actor: User | None, note: str, action: str = audit.Action.IMPORT
) -> BulkResult:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("Bulk writes run inside the caller's transaction.")
    wanted = sum(1 for h in new if not h.values.get("number"))
    numbers = iter(take_household_numbers(county, wanted))
    household_ids = iter(bulk_insert.reserve_ids(Household, len(new)))
    member_ids = iter(bulk_insert.reserve_ids(Member, sum(len(h.members) for h in new)))
    # Rows as the instances would hold them, built from the cleaned values directly: no instance
    # per household, member or income (at a county's 100,000 members, making them and reading
    # them back was most of the write).
    household_defaults = _defaults(Household)
    member_defaults = _defaults(Member)
    income_defaults = _defaults(Income)
    allowed = household_defaults.keys()
    label = Household._meta.label_lower
    households: list[dict[str, Any]] = []
    members: list[dict[str, Any]] = []
    incomes: list[dict[str, Any]] = []
    entries: list[dict[str, Any]] = []
    for spec in new:
        if not spec.values.keys() <= allowed:
            raise TypeError(f"Not a household's field: {sorted(spec.values.keys() - allowed)}")
        pk = next(household_ids)
        household = {
            **household_defaults,
            **spec.values,
            "id": pk,
            "number": spec.values.get("number") or next(numbers),
            "county_id": county.pk,
            "community_id": spec.community.pk,
            "status": spec.status,
        }
        households.append(household)
        current = spec.status != HouseholdStatus.TERMINATED
        own = [next(member_ids) for _ in spec.members]
        members.extend(
            {**member_defaults, **m, "id": member_pk, "household_id": pk, "is_current": current}
            for member_pk, m in zip(own, spec.members, strict=True)
        )
        incomes.extend(
            {**income_defaults, **values, "household_id": pk, "member_id": own[i]}
            for i, values in spec.incomes
        )
        entries.append(
            audit.entry_row(
                actor=actor,
                action=action,
                object_type=label,
                object_id=str(pk),
                object_repr=household["number"],  # str(household)
                area_code=spec.community.code,
                household_id=pk,
                note=note,
                after={**_snapshot(household), "members": [audit.json_safe(m) for m in spec.members]},
            )
        )
    bulk_insert.insert(Household, households)
    bulk_insert.insert(Member, members)
    bulk_insert.insert(Income, incomes)
    audit.record_rows(entries)
    if connection.vendor == "postgresql" and len(members) >= ANALYZE_AFTER:
        # A large load leaves the planner's statistics describing the tables before it; searches
        # would then scan instead of using the indexes until autovacuum caught up.
        transaction.on_commit(_analyze)
    return BulkResult(households=len(households), members=len(members), incomes=len(incomes))


# `audit.snapshot` of a household, from its row: (the snapshot's key, the row's attname).
_SNAPSHOT = [
    (f.attname if f.is_relation else f.name, f.attname)
    for f in Household._meta.concrete_fields
    if f.name not in audit.SKIPPED_FIELDS
]


def _snapshot(household: dict[str, Any]) -> dict[str, Any]:
    return audit.json_safe({key: household[attname] for key, attname in _SNAPSHOT})
