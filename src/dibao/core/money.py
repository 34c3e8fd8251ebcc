"""Money is Decimal yuan with two places (the fen), never float — and never more than its column holds.

Every amount that comes in (a form, the API, a roster, a bank's result file, a command) is read by
`parse_amount` against the model field it will be stored in or compared with: the limits are the
column's own `max_digits` and `decimal_places`, so a column made wider or narrower moves every
check with it, and no accepted amount can fail to be written or, on SQLite, to be read back.
"""

import re
from decimal import Decimal, InvalidOperation

from django.db import models
from django.utils.translation import gettext_lazy as _

from .errors import DomainError

FEN = Decimal("0.01")
ZERO = Decimal("0.00")

# What people and spreadsheets write around a number: currency signs, 元, spaces.
_DECORATION = re.compile(r"[¥￥元\s]")
# Commas are thousands separators only where they group threes: 1,234.50 is read, 12,5 (a decimal
# comma, as some spreadsheets write it) is refused rather than taken for 125.
_GROUPED = re.compile(r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?$")


def largest(column: models.Field) -> Decimal:
    """The largest value a `DecimalField(max_digits, decimal_places)` holds: 12, 2 → 9999999999.99."""
    digits, places = _digits_and_places(column)
    return Decimal(10) ** (digits - places) - Decimal(10) ** -places


def _digits_and_places(column: models.Field) -> tuple[int, int]:
    digits = getattr(column, "max_digits", None)
    places = getattr(column, "decimal_places", None)
    if not isinstance(column, models.DecimalField) or digits is None or places is None:
        raise TypeError(f"{column!r} is not a DecimalField with max_digits and decimal_places")
    return digits, places


def _read(value: object, field: str) -> Decimal:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool):  # an int to Python, never an amount
        raise DomainError(_("'%(v)s' is not a number.") % {"v": value}, field=field, code="amount_not_number")
    text = _DECORATION.sub("", str(value if value is not None else "")).replace("，", ",")
    if not text:
        raise DomainError(_("An amount is required."), field=field, code="amount_missing")
    if "," in text:
        if not _GROUPED.match(text):
            raise DomainError(
                _("'%(v)s': write the decimal point as '.', not ','.") % {"v": value},
                field=field,
                code="amount_decimal_comma",
            )
        text = text.replace(",", "")
    try:
        return Decimal(text)
    except InvalidOperation:
        raise DomainError(
            _("'%(v)s' is not a number.") % {"v": value}, field=field, code="amount_not_number"
        ) from None


def parse_amount(
    value: object, *, column: models.Field, field: str = "amount", allow_negative: bool = False
) -> Decimal:
    """Read an amount typed by a person or a spreadsheet ('1,234.5', '￥300', 300, 0.1) for `column`.

    Floats from spreadsheets are read through their shortest repr, so 0.1 stays 0.10. More places
    than the column keeps is an error rather than a silent rounding; so is a value the column
    cannot hold. Negative amounts only where `allow_negative` (a recovery); -0 is 0.
    """
    _digits, places = _digits_and_places(column)
    amount = _read(value, field)
    if not amount.is_finite():
        raise DomainError(_("'%(v)s' is not a number.") % {"v": value}, field=field, code="amount_not_number")
    if amount < 0 and not allow_negative:
        raise DomainError(_("An amount cannot be negative."), field=field, code="amount_negative")
    # Compared before any arithmetic: quantizing 1E+999999 would itself fail.
    limit = largest(column)
    if abs(amount) > limit:
        raise DomainError(
            _("The amount is too large: at most %(max)s.") % {"max": f"{limit:,}"},
            field=field,
            code="amount_too_large",
        )
    step = Decimal(10) ** -places
    if amount != amount.quantize(step):
        raise DomainError(
            _("Amounts are to the fen: at most two decimal places.")
            if places == 2
            else _("At most %(n)d decimal places.") % {"n": places},
            field=field,
            code="amount_precision",
        )
    if amount == 0:
        amount = Decimal(0)  # -0 and 0E+5 are plain 0
    return amount.quantize(step)
