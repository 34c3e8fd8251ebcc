"""Whole numbers (counts of months, days, votes, homes) read against the column they are stored in.

As with money (`core.money`), the bounds are the model field's own: the range Django gives its
integer type, which is what PostgreSQL enforces (SQLite would keep any 64-bit value and so hide a
number PostgreSQL refuses). A rule may narrow them (`minimum`, `maximum`), never widen them.
"""

from django.db import models
from django.db.backends.base.operations import BaseDatabaseOperations
from django.utils.translation import gettext_lazy as _

from .errors import DomainError


def bounds(column: models.Field) -> tuple[int, int]:
    """The smallest and largest value an integer model field holds on every database."""
    ranges = BaseDatabaseOperations.integer_field_ranges
    kind = column.get_internal_type()
    if kind not in ranges:
        raise TypeError(f"{column!r} is not an integer field")
    low, high = ranges[kind]
    return low, high


def parse_count(
    value: object,
    *,
    column: models.Field,
    field: str,
    minimum: int | None = None,
    maximum: int | None = None,
) -> int:
    """A whole number typed or sent ('12', 12, ' 12 '), within the column's bounds and the rule's."""
    low, high = bounds(column)
    low = low if minimum is None else max(low, minimum)
    high = high if maximum is None else min(high, maximum)
    if isinstance(value, bool):
        number = None
    elif isinstance(value, int):
        number = value
    else:
        text = str(value if value is not None else "").strip()
        sign = text[:1] if text[:1] in "+-" else ""
        digits = text[len(sign) :]
        number = int(sign + digits) if digits.isascii() and digits.isdigit() and len(digits) <= 20 else None
    if number is None:
        raise DomainError(_("'%(v)s' is not a whole number.") % {"v": value}, field=field, code="not_a_count")
    if not low <= number <= high:
        raise DomainError(
            _("Enter a whole number from %(low)d to %(high)d.") % {"low": low, "high": high},
            field=field,
            code="count_out_of_range",
        )
    return number
