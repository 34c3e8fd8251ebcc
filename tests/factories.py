"""Test data: valid people, households made through the real services, users of every role."""

import datetime
import functools
import itertools
import random
from typing import Any

import factory
from stdnum.cn import ric

from dibao.accounts.models import User
from dibao.areas.models import Area
from dibao.core import idnumbers
from dibao.core.roles import Role
from dibao.registry import services
from dibao.registry.models import Household, Relation, UrbanRural

_sequence = itertools.count(1)


@functools.cache
def _division_codes(area: str) -> list[str]:
    """The GB/T 2260 codes of `area`'s province, in order."""
    candidates = (f"{area[:2]}{k:04d}" for k in range(10000))
    return [code for code in candidates if idnumbers.is_division_code(code)]


def id_number(
    birth: datetime.date = datetime.date(1970, 1, 1), *, male: bool = True, area: str = "210204"
) -> str:
    """A valid ID number, different on every call."""
    n = next(_sequence)
    # 500 sequence numbers per birth date and sex; past them the area code moves on to the next
    # real division of the province (an unknown code is refused), never the birth date, which
    # tests compare.
    codes = _division_codes(area)
    area = codes[(codes.index(area) + n // 500) % len(codes)]
    body = f"{area}{birth:%Y%m%d}{n // 50 % 10}{(n % 50) * 2 + (1 if male else 0):02d}"
    return body + ric.calc_check_digit(body + "0")  # it ignores the last character


def bad_check_digit(number: str) -> str:
    digits = "0123456789X"
    return number[:17] + digits[(digits.index(number[17]) + 1) % 11]


def member_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": "张三",
        "id_number": id_number(),
        "relation": Relation.SPOUSE,
        "hukou": UrbanRural.URBAN,
        "health": "healthy",
        "labour_capacity": "full",
        "employment": "unemployed",
    }
    data.update(overrides)
    return data


def household_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "address": "海州街12号1-2-1",
        "phone": "13800000000",
        "urban_rural": UrbanRural.URBAN,
        "bank_name": "中国农业银行",
        "bank_account": "6228480000000000001",
    }
    data.update(overrides)
    return data


def make_household(
    community: Area, actor: User, *, head: dict[str, Any] | None = None, members: int = 0, **household: Any
) -> Household:
    """A household made by `household_create`, with `members` more members after the head."""
    created = services.household_create(
        community=community, data=household_data(**household), head=member_data(**(head or {})), actor=actor
    )
    for i in range(members):
        services.member_add(
            household=created,
            actor=actor,
            data=member_data(
                name=random.choice(["李四", "王五", "赵六"]),
                relation=Relation.CHILD if i else Relation.SPOUSE,
            ),
        )
    return created


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"user{n}")
    role = Role.COMMUNITY
    password = factory.django.Password("pass-word-123")
