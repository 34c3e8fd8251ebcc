"""Facts and policy contexts built in memory, for calculation tests that need no database."""

import datetime
import itertools
from decimal import Decimal
from typing import Any

from dibao.policy.engine.context import PolicyContext, StandardUsed
from dibao.policy.engine.facts import AssetFacts, HouseholdFacts, IncomeFacts, MemberFacts
from dibao.policy.models import Rules

MONTH = datetime.date(2026, 3, 1)
_ids = itertools.count(1)


def person(*, age: int = 40, **overrides: Any) -> MemberFacts:
    values: dict[str, Any] = {
        "id": next(_ids),
        "name": f"成员{next(_ids)}",
        "birth_date": datetime.date(MONTH.year - age, 1, 1),
        "disability_type": "",
        "disability_grade": 0,
        "health": "healthy",
        "labour_capacity": "full",
        "employment": "unemployed",
    }
    values.update(overrides)
    return MemberFacts(**values)


def income(
    member: MemberFacts | None,
    amount: str,
    *,
    kind: str = "other",
    item: str = "",
    since: datetime.date = datetime.date(2025, 1, 1),
) -> IncomeFacts:
    return IncomeFacts(member.id if member else None, kind, item, Decimal(amount), since)


def asset(member: MemberFacts | None, kind: str, value: str) -> AssetFacts:
    return AssetFacts(member.id if member else None, kind, Decimal(value))


def household(
    members: list[MemberFacts],
    incomes: list[IncomeFacts] | None = None,
    assets: list[AssetFacts] | None = None,
    *,
    urban_rural: str = "urban",
) -> HouseholdFacts:
    return HouseholdFacts(
        id=next(_ids),
        number="21020400000001",
        community_id=1,
        urban_rural=urban_rural,
        status="receiving",
        members=members,
        incomes=incomes or [],
        assets=assets or [],
    )


def context(standard: str = "360", rural: str = "200", **rules: Any) -> PolicyContext:
    since = datetime.date(2026, 1, 1)
    return PolicyContext(
        area_name="海州社区",
        rules=Rules(**rules),
        rules_area="沙河口区" if rules else None,
        standards={
            "urban": StandardUsed(Decimal(standard), "沙河口区", since),
            "rural": StandardUsed(Decimal(rural), "沙河口区", since),
        },
    )
