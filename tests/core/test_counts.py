"""The one definition of a count: `core.counts`, bounded by the integer column it is stored in."""

import pytest
from django.db import models

from dibao.core.counts import bounds, parse_count
from dibao.core.errors import DomainError
from dibao.policy.models import Rules

NOTICE_DAYS = Rules._meta.get_field("notice_days")  # PositiveSmallIntegerField


@pytest.mark.parametrize(
    ("column", "expected"),
    [
        (models.PositiveSmallIntegerField(), (0, 32767)),
        (models.SmallIntegerField(), (-32768, 32767)),
        (models.PositiveIntegerField(), (0, 2147483647)),
        (models.IntegerField(), (-2147483648, 2147483647)),
        (models.BigIntegerField(), (-(2**63), 2**63 - 1)),
    ],
)
def test_bounds_are_the_columns_on_every_database(column, expected):
    assert bounds(column) == expected


@pytest.mark.parametrize(("value", "expected"), [("7", 7), (" 12 ", 12), (0, 0), ("+3", 3), (32767, 32767)])
def test_counts_are_read(value, expected):
    assert parse_count(value, column=NOTICE_DAYS, field="notice_days") == expected


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("", "not_a_count"),
        (None, "not_a_count"),
        ("seven", "not_a_count"),
        ("1.5", "not_a_count"),
        ("1e3", "not_a_count"),
        ("١٢", "not_a_count"),  # digits Python's int() would read, no person types here
        (True, "not_a_count"),
        ("-1", "count_out_of_range"),
        (32768, "count_out_of_range"),
        ("99999999999999999999", "count_out_of_range"),
        ("9" * 40, "not_a_count"),
    ],
)
def test_bad_counts_are_refused_on_their_field(value, code):
    with pytest.raises(DomainError) as caught:
        parse_count(value, column=NOTICE_DAYS, field="notice_days")
    assert caught.value.code == code and list(caught.value.errors) == ["notice_days"]


def test_a_rule_narrows_the_column_never_widens_it():
    assert parse_count("999", column=NOTICE_DAYS, field="n", maximum=999) == 999
    with pytest.raises(DomainError) as caught:
        parse_count("1000", column=NOTICE_DAYS, field="n", maximum=999)
    assert caught.value.code == "count_out_of_range" and " 999 " in str(caught.value)
    with pytest.raises(DomainError):
        parse_count("40000", column=NOTICE_DAYS, field="n", maximum=10**6)
    with pytest.raises(DomainError):
        parse_count("-1", column=NOTICE_DAYS, field="n", minimum=-5)


def test_a_column_that_is_not_an_integer_is_a_programming_error():
    with pytest.raises(TypeError):
        bounds(Rules._meta.get_field("note"))
