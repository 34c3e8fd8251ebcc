"""Ids of rows, as they come in a URL, a body or a query, bounded by what the id columns hold.

Every primary key is a `BigAutoField` (settings.DEFAULT_AUTO_FIELD): a signed 64-bit integer on
SQLite and PostgreSQL alike. A larger number can name no row, but sent to the database it is an
error there (SQLite: "Python int too large", PostgreSQL: out of range) rather than "not found".
So ids are checked here, before any query: in a URL the `id` path converter does not match one
(a 404, as for any other unknown path), and in a body or a query `parse_id` and the API's
`IdField` refuse it as a wrong value of its field (a 400).
"""

import argparse

from django.db.backends.base.operations import BaseDatabaseOperations
from django.utils.translation import gettext_lazy as _

from .errors import DomainError

# The range Django itself gives the column type, the same for every backend.
LARGEST: int = BaseDatabaseOperations.integer_field_ranges["BigIntegerField"][1]


class IdConverter:
    """`<id:pk>`: a row id in a path. Out of range, the path simply does not match (404)."""

    regex = "[0-9]+"

    def to_python(self, value: str) -> int:
        number = int(value)
        if not 1 <= number <= LARGEST:
            raise ValueError(value)  # Django reads this as "no match"
        return number

    def to_url(self, value: int) -> str:
        return str(value)


def parse_id(value: object, field: str) -> int:
    """The id a form or a query names, or a `DomainError` on `field`."""
    text = str(value if value is not None else "").strip()
    number = int(text) if text.isascii() and text.isdigit() else 0
    if not 1 <= number <= LARGEST:
        raise DomainError(
            _("'%(v)s' is not the id of a record.") % {"v": value}, field=field, code="invalid_id"
        )
    return number


def id_argument(text: str) -> int:
    """`type=` of a command's id option (`--run ID`): argparse's refusal, naming the option, otherwise."""
    try:
        return parse_id(text, "id")
    except DomainError:
        raise argparse.ArgumentTypeError(f"{text!r} is not the id of a record") from None
