"""Objects named in a request body (a community code, a household id) are looked up through the
selectors, so a body cannot reach outside the user's area either. Not finding one is an input
error on that field, answered like any other: the same for "no such" and "not yours"."""

from collections.abc import Callable
from typing import Any, TypeVar

from ..errors import DomainError, NotFound

T = TypeVar("T")


def resolve(field: str, lookup: Callable[[], T], message: Any) -> T:
    try:
        return lookup()
    except NotFound:
        raise DomainError(message, field=field, code="not_found") from None
