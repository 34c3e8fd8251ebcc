from decimal import Decimal

import pytest

from dibao.core.errors import DomainError
from dibao.core.money import parse_amount


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1,234.5", "1234.50"),
        ("￥300", "300.00"),
        ("300元", "300.00"),
        (300, "300.00"),
        (0.1, "0.10"),
        (Decimal("12.3"), "12.30"),
        ("0", "0.00"),
    ],
)
def test_amounts_are_read_to_the_fen(value, expected):
    assert parse_amount(value) == Decimal(expected)


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("", "amount_missing"),
        ("abc", "amount_not_number"),
        ("-5", "amount_negative"),
        ("1.234", "amount_precision"),
        ("NaN", "amount_not_number"),
        ("1e20", "amount_too_large"),
    ],
)
def test_bad_amounts_are_refused(value, code):
    with pytest.raises(DomainError) as caught:
        parse_amount(value, field="月收入")
    assert caught.value.code == code
    assert "月收入" in caught.value.errors


def test_negative_allowed_when_asked():
    assert parse_amount("-5.5", allow_negative=True) == Decimal("-5.50")
