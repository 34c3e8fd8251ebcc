"""The one definition of a month (and a date): `core.months`, read the same on every path."""

import datetime

import pytest
from django.utils import timezone

from dibao.core import months
from dibao.core.errors import DomainError
from dibao.core.months import add_months, months_between, parse_date, parse_month, parse_month_or_none


@pytest.mark.parametrize(
    ("text", "month"),
    [
        ("2026-03", "2026-03"),
        ("2026-3", "2026-03"),
        ("2026/03", "2026-03"),
        ("2026.03", "2026-03"),
        ("2026年3月", "2026-03"),
        ("2026 年 3 月份", "2026-03"),
        ("２０２６年３月", "2026-03"),
        ("202603", "2026-03"),
        ("2026-03-15", "2026-03"),
        ("2026/3/15", "2026-03"),
        ("2026年3月15日", "2026-03"),
        ("20260315", "2026-03"),
        ("2026-03-15T00:00:00", "2026-03"),
        (" 2026-03 ", "2026-03"),
        ("1900-01", "1900-01"),
        ("2100-12", "2100-12"),
        (datetime.date(2026, 3, 15), "2026-03"),
        (datetime.datetime(2026, 3, 15, 8, 30), "2026-03"),
    ],
)
def test_months_are_read_in_the_ways_offices_write_them(text, month):
    parsed = parse_month(text)
    assert f"{parsed:%Y-%m}" == month and parsed.day == 1


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("", "not_a_month"),
        (None, "not_a_month"),
        ("2026-13", "not_a_month"),
        ("2026-00", "not_a_month"),
        ("2026-02-30", "not_a_month"),
        ("去年三月", "not_a_month"),
        ("3/2026", "not_a_month"),
        ("46082", "not_a_month"),  # an Excel serial number typed as text
        ("20263", "not_a_month"),
        ("0000-01", "year_out_of_range"),
        ("1899-12", "year_out_of_range"),
        ("2101-01", "year_out_of_range"),
        ("9999-12", "year_out_of_range"),
        (datetime.date(9999, 12, 1), "year_out_of_range"),
        (datetime.date(1, 1, 1), "year_out_of_range"),
    ],
)
def test_what_is_no_month_is_refused_on_its_field(value, code):
    with pytest.raises(DomainError) as caught:
        parse_month(value, "起始年月")
    assert caught.value.code == code
    assert list(caught.value.errors) == ["起始年月"]


def test_nothing_given_is_no_month_only_where_asked():
    assert parse_month_or_none(None) is None
    assert parse_month_or_none("") is None
    assert parse_month_or_none("  ") is None
    assert parse_month_or_none("2026-07") == datetime.date(2026, 7, 1)
    with pytest.raises(DomainError):
        parse_month_or_none("9999-12")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-03-15", datetime.date(2026, 3, 15)),
        (" 2026-03-15 ", datetime.date(2026, 3, 15)),
        (datetime.date(2026, 3, 15), datetime.date(2026, 3, 15)),
        (datetime.datetime(2026, 3, 15, 9, 0), datetime.date(2026, 3, 15)),
        (None, None),
        ("", None),
    ],
)
def test_dates(value, expected):
    assert parse_date(value, "visited_on") == expected


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("15 March", "not_a_date"),
        ("2026-02-30", "not_a_date"),
        ("0000-01-01", "not_a_date"),
        ("9999-12-31", "year_out_of_range"),
        (datetime.date(1899, 12, 31), "year_out_of_range"),
    ],
)
def test_bad_dates_are_refused_on_their_field(value, code):
    with pytest.raises(DomainError) as caught:
        parse_date(value, "visited_on")
    assert caught.value.code == code and list(caught.value.errors) == ["visited_on"]


def test_month_arithmetic():
    assert add_months(datetime.date(2026, 11, 1), 3) == datetime.date(2027, 2, 1)
    assert add_months(datetime.date(2026, 1, 1), -1) == datetime.date(2025, 12, 1)
    assert months_between(datetime.date(2025, 11, 1), datetime.date(2026, 2, 1)) == 3
    # The last month any input may name still has a next month and a year of them after it.
    assert add_months(parse_month("2100-12"), 12) == datetime.date(2101, 12, 1)


def test_this_month_and_the_next_are_todays_in_china(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda: datetime.date(2026, 12, 31))
    assert months.this_month() == datetime.date(2026, 12, 1)
    assert months.next_month() == datetime.date(2027, 1, 1)
