"""Households for the page tests, made through the real services.

The ID numbers come from a counter of their own, in an area code the shared factories do not use,
so that these tests neither collide with nor use up `tests.factories.id_number`.
"""

import datetime
import itertools
from dataclasses import dataclass
from typing import Any

from stdnum.cn import ric

from dibao.registry import services
from dibao.registry.models import Asset, Household, Income, Member, Relation

_numbers = itertools.count(1)


def fresh_id_number(birth: datetime.date = datetime.date(1980, 1, 1), *, male: bool = True) -> str:
    n = next(_numbers)
    # 500 people share a birth date (three sequence digits, the last one's parity is the sex)
    born = birth + datetime.timedelta(days=n // 500)
    body = f"370102{born:%Y%m%d}{(n % 500) * 2 + (1 if male else 0):03d}"
    return body + ric.calc_check_digit(body + "0")  # it reads the first 17 characters only


def member_fields(**overrides: Any) -> dict[str, Any]:
    data = {"name": "李四", "id_number": fresh_id_number(), "relation": Relation.CHILD, "hukou": "urban"}
    return {**data, **overrides}


def make_household(
    community: Any, actor: Any, *, head: dict[str, Any] | None = None, members: int = 0, **fields: Any
) -> Household:
    """A household with its head (and `members` children), by `household_create` and `member_add`."""
    data = {"address": "海州街12号1-2-1", "phone": "13800000000", "urban_rural": "urban", **fields}
    head_data = {"name": "张三", "id_number": fresh_id_number(), "hukou": "urban", **(head or {})}
    created = services.household_create(community=community, data=data, head=head_data, actor=actor)
    for _ in range(members):
        services.member_add(household=created, data=member_fields(), actor=actor)
    return created


@dataclass
class Records:
    household: Household
    head: Member
    spouse: Member
    income: Income
    asset: Asset


def household_with_records(community: Any, actor: Any, **fields: Any) -> Records:
    """A household with one of everything a page shows: head, spouse, an income, an asset."""
    created = make_household(community, actor, **fields)
    spouse = services.member_add(household=created, data=member_fields(relation=Relation.SPOUSE), actor=actor)
    income = services.income_add(
        household=created,
        data={"kind": "wage", "amount": "1200.50", "month_from": "2026-01", "member": spouse.pk},
        actor=actor,
    )
    asset = services.asset_add(
        household=created,
        data={"kind": "deposit", "value": "3000", "recorded_on": datetime.date(2026, 1, 5)},
        actor=actor,
    )
    return Records(
        household=created,
        head=created.members.get(relation=Relation.SELF),
        spouse=spouse,
        income=income,
        asset=asset,
    )
