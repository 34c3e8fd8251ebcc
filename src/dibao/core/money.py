"""Money is Decimal yuan with two places (the fen), never float."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext_lazy as _

from .errors import DomainError

FEN = Decimal("0.01")
ZERO = Decimal("0.00")
# Largest amount a DecimalField(max_digits=14, decimal_places=2) holds.
LIMIT = Decimal("999999999999.99")


def parse_amount(value: object, *, field: str = "amount", allow_negative: bool = False) -> Decimal:
    """Read an amount typed by a person or a spreadsheet: '1,234.5', '￥300', 300 → Decimal('…').

    Floats from spreadsheets are read through their shortest repr, so 0.1 stays 0.10. More than two
    decimal places is an error rather than a silent rounding: money is to the fen.
    """
    if isinstance(value, Decimal):
        amount = value
    else:
        text = str(value if value is not None else "").strip()
        for sign in (",", "，", "¥", "￥", "元", " "):
            text = text.replace(sign, "")
        if not text:
            raise DomainError(_("An amount is required."), field=field, code="amount_missing")
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise DomainError(
                _("'%(v)s' is not a number.") % {"v": value}, field=field, code="amount_not_number"
            ) from None
    if not amount.is_finite():
        raise DomainError(_("'%(v)s' is not a number.") % {"v": value}, field=field, code="amount_not_number")
    if amount != amount.quantize(FEN, rounding=ROUND_HALF_UP):
        raise DomainError(
            _("Amounts are to the fen: at most two decimal places."), field=field, code="amount_precision"
        )
    if amount < 0 and not allow_negative:
        raise DomainError(_("An amount cannot be negative."), field=field, code="amount_negative")
    if abs(amount) > LIMIT:
        raise DomainError(_("The amount is too large."), field=field, code="amount_too_large")
    return amount.quantize(FEN)
