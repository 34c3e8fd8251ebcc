"""Forgiving search: what a worker types, and how it finds a household.

- Chinese text: the start of a member's name (张三, 张), or any part of the address;
- Latin letters: pinyin initials (`zs`) or full pinyin (`zhangsan`, `zhangs`) of a member's name;
- digits (and X): the end of an ID number (4 or more characters), a whole ID number, or the
  start of a household number.
Every branch is an indexed prefix lookup (see core.lookups) except the address, which is short.
"""

import re

from django.db.models import Q, QuerySet
from pypinyin import lazy_pinyin

from .models import Household, Member

_LATIN = re.compile(r"^[a-z]+$")
_DIGITS = re.compile(r"^[0-9]+x?$")
# Shortest tail of an ID number worth searching by: fewer digits match too many people.
MIN_ID_TAIL = 4


def name_keys(name: str) -> tuple[str, str]:
    """Full pinyin and initials of a name: 张三 → ('zhangsan', 'zs'). Latin letters pass through."""
    pieces = (re.sub(r"[^0-9a-z]", "", piece.lower()) for piece in lazy_pinyin(name, errors="default"))
    syllables = [piece for piece in pieces if piece]
    return "".join(syllables)[:120], "".join(s[0] for s in syllables)[:40]


def normalise(query: str) -> str:
    return re.sub(r"\s+", "", query or "").lower()


def household_filter(query: str) -> Q | None:
    """A filter on households for what was typed, or None when there is nothing to search for."""
    q = normalise(query)
    if not q:
        return None
    members: QuerySet[Member]
    condition = Q(number__prefix=q.upper())
    if _DIGITS.match(q):
        q = q.upper()
        if len(q) == 18:
            members = Member.objects.filter(id_number=q)
        elif len(q) >= MIN_ID_TAIL:
            members = Member.objects.filter(id_number_reversed__prefix=q[::-1])
        else:
            return condition
    elif _LATIN.match(q):
        members = Member.objects.filter(Q(name_initials__prefix=q) | Q(name_pinyin__prefix=q))
    else:
        members = Member.objects.filter(name__prefix=query.strip())
        condition |= Q(address__contains=query.strip())
    return condition | Q(pk__in=members.values("household_id"))


def search_households(queryset: QuerySet[Household], query: str) -> QuerySet[Household]:
    condition = household_filter(query)
    return queryset if condition is None else queryset.filter(condition)
