"""The month every page reads (core.forms.MonthField): the services' rule, on the page's field."""

import datetime

from django import forms
from django.utils import translation

from dibao.core.forms import MonthField, date_input


class MonthForm(forms.Form):
    month = MonthField(required=False)


def test_a_month_is_read_as_the_services_read_it():
    for text in ("2026-03", "2026年3月", "202603"):
        form = MonthForm({"month": text})
        assert form.is_valid() and form.cleaned_data["month"] == datetime.date(2026, 3, 1), text
    empty = MonthForm({"month": ""})
    assert empty.is_valid() and empty.cleaned_data["month"] is None


def test_a_wrong_month_is_refused_beside_the_input_in_the_services_words():
    with translation.override("en"):
        form = MonthForm({"month": "2026-13"})
        assert not form.is_valid()
        assert form.errors["month"] == ["'2026-13' is not a month (YYYY-MM)."]
        far = MonthForm({"month": "9999-12"})
        assert not far.is_valid() and "1900" in far.errors["month"][0]


def test_a_month_given_as_a_date_is_shown_as_yyyy_mm():
    form = MonthForm(initial={"month": datetime.date(2026, 3, 1)})
    assert 'value="2026-03"' in str(form["month"]) and 'type="month"' in str(form["month"])
    assert date_input().format_value(datetime.date(2026, 3, 5)) == "2026-03-05"
