"""PATCH and the rules that tie two fields together.

registry.validation checks a pair of fields (a disability's type and grade, a bank's name and
account) only when both are in the same call. A PATCH that sends one of them alone would slip past
that check, so the stored partner is sent along and the pair is checked as it will be stored.
"""

from collections.abc import Iterable
from typing import Any

HOUSEHOLD_PAIRS = (("bank_name", "bank_account"),)
MEMBER_PAIRS = (("disability_type", "disability_grade"),)


def with_stored_partners(
    data: dict[str, Any], stored: Any, pairs: Iterable[tuple[str, str]]
) -> dict[str, Any]:
    completed = dict(data)
    for pair in pairs:
        if any(name in data for name in pair):
            for name in pair:
                completed.setdefault(name, getattr(stored, name))
    return completed
