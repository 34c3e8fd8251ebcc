"""The counting rule: weekends, holidays and make-up workdays, on the real 2024–2026 calendars."""

import datetime

import pytest
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from dibao.workdays import calendar
from dibao.workdays.calendar import WorkingCalendar
from dibao.workdays.official import read_official_days

D = datetime.date
# The shipped data as a pure calendar: the rule is tested without a database.
OFFICIAL = WorkingCalendar.from_days((d.date, d.kind) for d in read_official_days())


@pytest.mark.parametrize(
    ("start", "n", "due"),
    [
        # 2026: Wednesday before 国庆 (1–7 Oct): Thu 8, Fri 9, and the make-up Saturday 10 October.
        (D(2026, 9, 30), 3, D(2026, 10, 10)),
        (D(2026, 9, 30), 4, D(2026, 10, 12)),
        # The make-up Sunday before 国庆 counts; the Saturday before it does not.
        (D(2026, 9, 18), 1, D(2026, 9, 20)),
        # 元旦 2026 (1–3 January) across the year's end, then the make-up Sunday 4 January.
        (D(2025, 12, 31), 1, D(2026, 1, 4)),
        (D(2025, 12, 31), 2, D(2026, 1, 5)),
        # 春节 2026: the make-up Saturday 14 February, then nothing until Tuesday 24 February.
        (D(2026, 2, 13), 1, D(2026, 2, 14)),
        (D(2026, 2, 13), 2, D(2026, 2, 24)),
        # The 30 working days of a dibao decision, from an acceptance before 国庆 2026.
        (D(2026, 9, 15), 30, D(2026, 11, 2)),
        # 2025: 国庆 and 中秋 together, 1–8 October, make-up Saturday 11 October.
        (D(2025, 9, 30), 1, D(2025, 10, 9)),
        (D(2025, 9, 30), 3, D(2025, 10, 11)),
        # 春节 2025 (28 January – 4 February) with the make-up Sunday 26 January before it.
        (D(2025, 1, 24), 1, D(2025, 1, 26)),
        (D(2025, 1, 24), 3, D(2025, 2, 5)),
        # 劳动节 2025: make-up Sunday 27 April, holiday 1–5 May.
        (D(2025, 4, 30), 1, D(2025, 5, 6)),
        # 2024: 国庆 1–7 October with make-up days Sunday 29 September and Saturday 12 October.
        (D(2024, 9, 27), 1, D(2024, 9, 29)),
        (D(2024, 9, 30), 1, D(2024, 10, 8)),
        (D(2024, 9, 30), 5, D(2024, 10, 12)),
        # 除夕 2024 (9 February) was not a holiday; 春节 was 10–17 February, Sunday 18 a workday.
        (D(2024, 2, 8), 1, D(2024, 2, 9)),
        (D(2024, 2, 9), 1, D(2024, 2, 18)),
        # A plain week: Friday + 1 is Monday.
        (D(2024, 3, 8), 1, D(2024, 3, 11)),
    ],
)
def test_due_dates_on_the_official_calendar(start, n, due):
    assert OFFICIAL.due_date(start, n) == due
    assert OFFICIAL.add_working_days(start, n) == due
    assert OFFICIAL.working_days_between(start, due) == n


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (D(2026, 10, 10), True),  # Saturday, make-up workday
        (D(2026, 10, 11), False),  # Sunday
        (D(2026, 10, 5), False),  # Monday in 国庆
        (D(2026, 2, 28), True),  # Saturday, make-up workday after 春节
        (D(2025, 5, 2), False),  # the new 劳动节 day of 2025
        (D(2025, 1, 28), False),  # 除夕 2025, a holiday since the 2024 revision
        (D(2024, 2, 9), True),  # 除夕 2024 was not
        (D(2024, 6, 10), False),  # 端午 2024
        (D(2024, 6, 11), True),
    ],
)
def test_is_working_day(day, working):
    assert OFFICIAL.is_working_day(day) is working


@pytest.mark.parametrize(("year", "days"), [(2024, 251), (2025, 248), (2026, 248)])
def test_working_days_in_a_year(year, days):
    # 2024's 251 is the figure published with its notice; the others follow from theirs.
    assert OFFICIAL.working_days_between(D(year - 1, 12, 31), D(year, 12, 31)) == days


def test_the_start_day_does_not_count_and_zero_is_the_start():
    assert OFFICIAL.add_working_days(D(2026, 10, 3), 0) == D(2026, 10, 3)
    assert OFFICIAL.working_days_between(D(2026, 10, 9), D(2026, 10, 9)) == 0
    assert OFFICIAL.working_days_between(D(2026, 10, 8), D(2026, 10, 9)) == 1  # the end counts


def test_between_is_negative_when_the_end_is_earlier():
    # "Overdue by two working days": due Thursday 8 October 2026, today Saturday 10 October.
    assert OFFICIAL.working_days_between(D(2026, 10, 10), D(2026, 10, 8)) == -2


def test_bad_arguments_are_refused():
    with pytest.raises(ValueError):
        OFFICIAL.due_date(D(2026, 1, 5), 0)
    with pytest.raises(ValueError):
        OFFICIAL.add_working_days(D(2026, 1, 5), -1)
    # A moment is not a day: its date depends on the time zone, so it must be made one explicitly.
    moment = timezone.make_aware(datetime.datetime(2026, 10, 9, 23, 30))
    with pytest.raises(TypeError):
        OFFICIAL.is_working_day(moment)
    with pytest.raises(TypeError):
        OFFICIAL.add_working_days("2026-10-09", 1)  # type: ignore[arg-type]


def test_a_year_without_data_follows_the_weekend_rule():
    assert OFFICIAL.is_working_day(D(2030, 1, 1))  # 元旦 in fact, but no notice is stored
    assert not OFFICIAL.is_working_day(D(2030, 1, 5))  # Saturday
    assert OFFICIAL.due_date(D(2030, 1, 4), 1) == D(2030, 1, 7)
    assert OFFICIAL.working_days_between(D(2029, 12, 31), D(2030, 12, 31)) == 261
    assert OFFICIAL.uncovered_years(D(2026, 12, 20), D(2027, 1, 20)) == [2027]
    assert OFFICIAL.uncovered_years(D(2026, 9, 30), D(2026, 10, 10)) == []
    assert WorkingCalendar().covered_years == frozenset()


@given(
    start=st.dates(min_value=D(2019, 6, 1), max_value=D(2027, 6, 30)),
    n=st.integers(min_value=1, max_value=80),
)
def test_counting_forward_and_back_agree(start, n):
    due = OFFICIAL.due_date(start, n)
    assert due > start and OFFICIAL.is_working_day(due)
    assert OFFICIAL.working_days_between(start, due) == n
    assert OFFICIAL.working_days_between(start, due - datetime.timedelta(days=1)) == n - 1
    assert OFFICIAL.working_days_between(due, start) == -n


# The database-backed wrappers read the rows the data migration loaded.


@pytest.mark.django_db
def test_wrappers_read_the_loaded_calendar(django_assert_num_queries):
    with django_assert_num_queries(1):
        assert calendar.is_working_day(D(2026, 10, 10))
    assert calendar.is_working_day(D(2026, 10, 9))
    assert not calendar.is_working_day(D(2026, 10, 7))
    assert not calendar.is_working_day(D(2026, 10, 11))
    with django_assert_num_queries(1):
        assert calendar.add_working_days(D(2026, 9, 30), 3) == D(2026, 10, 10)
    assert calendar.due_date(D(2024, 9, 30), 5) == D(2024, 10, 12)
    assert calendar.working_days_between(D(2025, 9, 30), D(2025, 10, 11)) == 3
    assert calendar.covered_years() == list(range(2020, 2027))


@pytest.mark.django_db
def test_one_query_counts_any_number_of_deadlines(django_assert_num_queries):
    with django_assert_num_queries(1):
        cal = calendar.load_calendar()
    starts = [D(2026, 1, 1) + datetime.timedelta(days=i) for i in range(365)]
    with django_assert_num_queries(0):
        dues = [cal.due_date(start, 30) for start in starts]
    assert dues[starts.index(D(2026, 9, 15))] == D(2026, 11, 2)
    assert cal.covered_years == frozenset(range(2020, 2027))
