"""PATCH and the rules that tie two fields together.

registry.validation checks a pair of fields (a disability's type and grade, a bank's name and
account) only when both are in the same call. A PATCH that sends one of them alone would slip past
that check, so the stored partner is sent along and the pair is checked as it will be stored.
"""

from collections.abc import Iterable, Mapping
from typing import Any, TypeVar, cast

HOUSEHOLD_PAIRS = (("bank_name", "bank_account"),)
MEMBER_PAIRS = (("disability_type", "disability_grade"),)


Data = TypeVar("Data", bound=Mapping[str, Any])


def with_stored_partners(data: Data, stored: Any, pairs: Iterable[tuple[str, str]]) -> Data:
    """`data` with the stored partner of each pair it sends one of (the same keys, one more each)."""
    completed = dict(data)
    for pair in pairs:
        if any(name in data for name in pair):
            for name in pair:
                completed.setdefault(name, getattr(stored, name))
    return cast(Data, completed)
