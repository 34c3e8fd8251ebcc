"""Long lists asked of the database a slice at a time: an `IN (…)` of 100,000 ID numbers passes
SQLite's and PostgreSQL's limits on the parameters of one statement, a slice of a few thousand
never does. Each caller says its size (how much one query or UPDATE may carry)."""

from collections.abc import Iterator
from typing import TypeVar

T = TypeVar("T")


def chunks(items: list[T], size: int) -> Iterator[list[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
