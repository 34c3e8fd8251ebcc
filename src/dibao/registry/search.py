"""Forgiving search: what a worker types, and how it finds a household.

- Chinese text: the start of a member's name (张三, 张), or any part of the address;
- Latin letters: pinyin initials (`zs`) or full pinyin (`zhangsan`, `zhangs`) of a member's name;
- digits (and X): a whole ID number, the last 4 to 6 characters of one, or the start of a
  household number.
Every branch is an indexed prefix lookup (see core.lookups) except the address, a part of which
PostgreSQL finds from a trigram index (migration registry 0011) when it is three characters or
longer and from an index of the address's characters and pairs of characters (0012) when shorter
(`HasPart`); on SQLite a part is found by reading the addresses.

An ID number is found by what a person holding it would type, never by a part that a caller builds
up: matching any tail (or head) of it would let someone add one digit at a time and read the whole
number back from whether anything is found — the masked part included, unaudited. The whole number
matches only itself; a tail of 4 to 6 characters reaches at most two digits of the birth day.
"""

import functools
import operator
import re
from itertools import chain
from typing import Any, NamedTuple

from django.db.models import Q, QuerySet
from django.db.models.lookups import Contains
from pypinyin import Style
from pypinyin.converter import UltimateConverter
from pypinyin.core import Pinyin

from .models import Household, Member

_LATIN = re.compile(r"^[a-z]+$")
_DIGITS = re.compile(r"^[0-9]+x?$")
_NOT_KEY = re.compile(r"[^0-9a-z]")
# The tails of an ID number a search matches: fewer than 4 match too many people; more than 6
# would reach into the birth date the mask hides.
MIN_ID_TAIL = 4
MAX_ID_TAIL = 6
ID_LENGTH = 18
# Up to this many matching households are fetched once and filtered by id (see search_households).
MATERIALISE_UP_TO = 2000


# Below this many characters no trigram covers a part of an address (see HasPart).
TRIGRAM = 3


class HasPart(Contains):
    """`address__has_part=x`: the address contains x (LIKE '%x%'), answered from an index on
    PostgreSQL at any length — the trigram index (migration 0011) from three characters, the index
    of one- and two-character pieces (`registry_address_grams`, migration 0012) below that, with
    the LIKE kept to check what the index found. Elsewhere the LIKE alone."""

    def as_postgresql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        sql, params = self.as_sql(compiler, connection)
        part = str(self.rhs)
        if not 0 < len(part) < TRIGRAM:
            return sql, list(params)
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"(registry_address_grams({lhs}) @> ARRAY[%s]::text[] AND {sql})", [*lhs_params, part, *params]


# Registered under its own name; the class keeps `contains` as its lookup_name, by which Django's
# database backends write the LIKE and escape the part.
Household._meta.get_field("address").register_lookup(HasPart, lookup_name="has_part")


# `lazy_pinyin(name, errors="default")` in two steps: pypinyin's own segmentation of the name into
# words (a phrase such as 长孙 is read as one), then each word's reading, remembered per word. The
# converter is the one `lazy_pinyin` builds on every call; a word's reading depends on the word
# alone. A roster of 100,000 people has some 60,000 different names but a few thousand different
# words: converting each name afresh was most of the time of checking a row.
_CONVERTER = UltimateConverter(v_to_u=False, neutral_tone_with_five=False, tone_sandhi=False)
_PINYIN = Pinyin(_CONVERTER)


@functools.lru_cache(maxsize=65536)
def _word_pinyin(word: str) -> tuple[str, ...]:
    return tuple(chain.from_iterable(_CONVERTER.convert(word, Style.NORMAL, False, "default", True)))


def name_pinyin(name: str) -> list[str]:
    """The name's pinyin, a piece per character (or per run of other letters), as `lazy_pinyin`."""
    return [piece for word in _PINYIN.seg(name) for piece in _word_pinyin(word)]


@functools.lru_cache(maxsize=65536)  # a roster repeats names
def name_keys(name: str) -> tuple[str, str]:
    """Full pinyin and initials of a name: 张三 → ('zhangsan', 'zs'). Latin letters pass through."""
    pieces = (_NOT_KEY.sub("", piece.lower()) for piece in name_pinyin(name))
    syllables = [piece for piece in pieces if piece]
    return "".join(syllables)[:120], "".join(s[0] for s in syllables)[:40]


def normalise(query: str) -> str:
    return re.sub(r"\s+", "", query or "").lower()


def member_conditions(query: str, path: str = "") -> list[Q]:
    """The conditions on members for what was typed, one per index that answers it (initials and
    full pinyin are two); empty where no member branch applies (an empty query, digits that are
    neither a whole ID number nor a tail of 4 to 6). `path` reaches the member from another model
    (`members__` from a household)."""
    q = normalise(query)
    if not q:
        return []
    if _DIGITS.match(q):
        q = q.upper()
        if len(q) == ID_LENGTH:
            return [Q(**{f"{path}id_number": q})]
        if MIN_ID_TAIL <= len(q) <= MAX_ID_TAIL:
            return [Q(**{f"{path}id_number_reversed__prefix": q[::-1]})]
        return []
    if _LATIN.match(q):
        return [Q(**{f"{path}name_initials__prefix": q}), Q(**{f"{path}name_pinyin__prefix": q})]
    return [Q(**{f"{path}name__prefix": query.strip()})]


def member_condition(query: str) -> Q | None:
    """The condition on members for what was typed, all branches OR-ed; None where none applies."""
    conditions = member_conditions(query)
    if not conditions:
        return None
    return functools.reduce(operator.or_, conditions)


def member_matches(member: Member, query: str) -> bool:
    """Whether one member matches what was typed, as `member_condition` decides in SQL: for a page's
    few households, whose members are read by household rather than found through the name's index
    (which the planner prefers when it thinks a common name rare)."""
    q = normalise(query)
    if not q:
        return False
    if _DIGITS.match(q):
        q = q.upper()
        if len(q) == ID_LENGTH:
            return member.id_number == q
        if MIN_ID_TAIL <= len(q) <= MAX_ID_TAIL:
            return member.id_number_reversed.startswith(q[::-1])
        return False
    if _LATIN.match(q):
        return member.name_initials.startswith(q) or member.name_pinyin.startswith(q)
    return member.name.startswith(query.strip())


class Branch(NamedTuple):
    households: QuerySet[Household]
    repeats: bool  # a household comes once per matching member (a join with members)


def search_branches(households: QuerySet[Household], query: str) -> list[Branch] | None:
    """The households matching what was typed, as one filter of the given (already scoped)
    households per way it can match, each answered by its own index; None for an empty query.

    For a list that stops once it has found enough (`selectors.household_page`): every branch
    carries the area's scope and the list's filters inside it, so a LIMIT applies to households
    the user may see, and a branch that matches through members yields a household once per
    matching member (a join, not a DISTINCT, which would have to read every match first). Chinese
    text tries names before addresses: an address is the costlier to search, and a name that
    already matches enough never needs it.
    """
    q = normalise(query)
    if not q:
        return None
    by_member = [Branch(households.filter(c), True) for c in member_conditions(query, "members__")]
    if _DIGITS.match(q):
        return [Branch(households.filter(number__prefix=q.upper()), False), *by_member]
    if _LATIN.match(q):
        return by_member
    return [*by_member, Branch(households.filter(address__has_part=query.strip()), False)]


def matching_household_ids(query: str) -> QuerySet[Any] | None:
    """The ids of households that match what was typed, as one subquery; None for an empty query.

    Alternatives are joined with UNION ALL inside the subquery rather than OR-ed in the outer
    query: each branch then runs on its own index and the planner starts from the few matches
    instead of scanning every household in the area.
    """
    q = normalise(query)
    if not q:
        return None
    by_number = Household.objects.filter(number__prefix=q.upper()).order_by().values("id")
    condition = member_condition(query)
    if _DIGITS.match(q):
        if condition is None:
            return by_number
        return Member.objects.order_by().filter(condition).values("household_id").union(by_number, all=True)
    assert condition is not None
    members = Member.objects.order_by().filter(condition).values("household_id")
    if _LATIN.match(q):
        return members
    by_address = Household.objects.filter(address__has_part=query.strip()).order_by().values("id")
    return members.union(by_address, all=True)


def search_households(queryset: QuerySet[Household], query: str) -> QuerySet[Household]:
    ids = matching_household_ids(query)
    if ids is None:
        return queryset
    # A list page runs the filter twice (count, then the page). When the matches are few, find them
    # once — the address branch scans every household — and filter by their ids.
    found = list(
        ids[: MATERIALISE_UP_TO + 1].values_list("household_id" if ids.model is Member else "id", flat=True)
    )
    if len(found) <= MATERIALISE_UP_TO:
        return queryset.filter(pk__in=found)
    return queryset.filter(pk__in=ids)
