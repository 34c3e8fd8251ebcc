"""The one definition of money: `core.money.parse_amount` against the column an amount goes in."""

from decimal import Decimal

import pytest
from django.db import models

from dibao.core.errors import DomainError
from dibao.core.money import largest, parse_amount
from dibao.policy.models import Rules, Standard
from dibao.registry.models import Asset, Income

INCOME = Income._meta.get_field("amount")  # DecimalField(max_digits=12, decimal_places=2)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1,234.5", "1234.50"),
        ("1,234,567.89", "1234567.89"),
        ("1，234.50", "1234.50"),
        ("12,500", "12500.00"),
        ("￥300", "300.00"),
        ("¥ 300", "300.00"),
        ("300元", "300.00"),
        (" 12.5 ", "12.50"),
        (300, "300.00"),
        (0.1, "0.10"),
        (Decimal("12.3"), "12.30"),
        ("0", "0.00"),
        ("1e2", "100.00"),
        ("9999999999.99", "9999999999.99"),  # the largest the column holds
        ("9,999,999,999.99", "9999999999.99"),
    ],
)
def test_amounts_are_read_to_the_fen(value, expected):
    amount = parse_amount(value, column=INCOME)
    assert amount == Decimal(expected)
    assert str(amount) == expected


@pytest.mark.parametrize("value", ["-0", "-0.00", Decimal("-0"), "0E+5", -0.0])
def test_minus_zero_is_stored_as_zero(value):
    amount = parse_amount(value, column=INCOME)
    assert str(amount) == "0.00" and not amount.is_signed()


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("", "amount_missing"),
        (None, "amount_missing"),
        ("  ", "amount_missing"),
        ("abc", "amount_not_number"),
        (True, "amount_not_number"),
        ("NaN", "amount_not_number"),
        ("Infinity", "amount_not_number"),
        (float("inf"), "amount_not_number"),
        ("-5", "amount_negative"),
        ("-0.01", "amount_negative"),
        ("1.234", "amount_precision"),
        ("0.001", "amount_precision"),
        ("1e-9", "amount_precision"),
        ("12,5", "amount_decimal_comma"),  # a decimal comma: not 125
        ("1,23", "amount_decimal_comma"),
        ("1,2345", "amount_decimal_comma"),
        ("12,50", "amount_decimal_comma"),
        ("1，5", "amount_decimal_comma"),
        ("99999999999.99", "amount_too_large"),  # 14 digits for a 12-digit column
        ("10000000000", "amount_too_large"),
        ("9999999999.995", "amount_too_large"),
        ("1e20", "amount_too_large"),
        ("1e999999", "amount_too_large"),  # compared before anything is quantized
        (10**30, "amount_too_large"),
    ],
)
def test_bad_amounts_are_refused_on_their_field(value, code):
    with pytest.raises(DomainError) as caught:
        parse_amount(value, column=INCOME, field="月收入")
    assert caught.value.code == code
    assert list(caught.value.errors) == ["月收入"]


@pytest.mark.parametrize(
    ("column", "limit"),
    [
        (Income._meta.get_field("amount"), "9999999999.99"),
        (Asset._meta.get_field("value"), "999999999999.99"),
        (Standard._meta.get_field("amount"), "99999999.99"),
        (Rules._meta.get_field("near_poverty_multiple"), "99.99"),
        (models.DecimalField(max_digits=5, decimal_places=3), "99.999"),
    ],
)
def test_the_limits_are_the_columns_own(column, limit):
    assert largest(column) == Decimal(limit)
    assert parse_amount(limit, column=column) == Decimal(limit)
    one_more = Decimal(limit) + Decimal(10) ** -column.decimal_places
    with pytest.raises(DomainError) as caught:
        parse_amount(one_more, column=column)
    assert caught.value.code == "amount_too_large"
    assert f"{Decimal(limit):,}" in str(caught.value)  # the message says the largest allowed


def test_places_follow_the_column():
    three = models.DecimalField(max_digits=6, decimal_places=3)
    assert parse_amount("1.234", column=three) == Decimal("1.234")
    with pytest.raises(DomainError) as caught:
        parse_amount("1.2345", column=three)
    assert caught.value.code == "amount_precision"


def test_negative_only_when_asked_and_bounded_alike():
    assert parse_amount("-5.5", column=INCOME, allow_negative=True) == Decimal("-5.50")
    assert parse_amount("-9999999999.99", column=INCOME, allow_negative=True) == Decimal("-9999999999.99")
    with pytest.raises(DomainError) as caught:
        parse_amount("-10000000000", column=INCOME, allow_negative=True)
    assert caught.value.code == "amount_too_large"


def test_a_column_that_is_not_a_decimal_is_a_programming_error():
    with pytest.raises(TypeError):
        parse_amount("1", column=Income._meta.get_field("notes"))
