"""The recipients import asks payroll, above it, for the last paid month through `benefits.paid`."""

import datetime

import pytest

from dibao.benefits import paid
from dibao.payroll.selectors import county_paid_through


def test_payroll_answers_the_last_paid_month():
    assert paid._answers == [county_paid_through]


@pytest.mark.django_db
def test_a_county_without_an_approved_payroll_has_paid_nothing(areas):
    assert paid.paid_through(areas.county) is None


def test_the_latest_answer_is_the_last_paid_month(monkeypatch):
    monkeypatch.setattr(
        paid,
        "_answers",
        [lambda county, program=None: datetime.date(2026, 3, 1), lambda county, program=None: None],
    )
    assert paid.paid_through(object()) == datetime.date(2026, 3, 1)


def test_the_program_is_passed_on(monkeypatch):
    asked = []
    monkeypatch.setattr(paid, "_answers", [lambda county, program=None: asked.append(program)])
    paid.paid_through(object(), "elderly_allowance")
    assert asked == ["elderly_allowance"]
