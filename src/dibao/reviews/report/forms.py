"""Which area and period the change report shows (GET: it writes nothing, so it may be bookmarked
and the xlsx link carries the same inputs)."""

import datetime
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dibao.areas.forms import area_choices
from dibao.areas.models import Area
from dibao.core.forms import DATE_FORMAT, date_input
from dibao.core.months import add_months
from dibao.policy.forms import program_choices


def program_choices_of(form: forms.Form) -> list[tuple[str, str]]:
    return cast(list[tuple[str, str]], cast(forms.ChoiceField, form.fields["program"]).choices)


def default_period(today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    """From the 6th of last month to the 5th of this month.

    Communities send their report to the street on the 5th of the month, so each report covers
    what was decided since the day after the last one was sent: the 6th of last month up to and
    including the 5th of this. (A street that asks again on the 10th sets its own dates.)"""
    today = today or timezone.localdate()
    first = today.replace(day=1)
    return add_months(first, -1).replace(day=6), first.replace(day=5)


class ChangeReportForm(forms.Form):
    """The area (a code among the user's areas), the program (低保 unless another is chosen) and
    the period, both ends included. The fields are named `area`, `program`, `from` and `to`, as
    the API's and the command's inputs are."""

    area = forms.ChoiceField(label=_("Area"))
    program = forms.ChoiceField(label=_("Program"))

    def __init__(self, *args: Any, areas: QuerySet[Area] | list[Area], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # `from` is a Python keyword, so these two are added here rather than declared.
        self.fields["from"] = forms.DateField(
            label=_("From"), input_formats=[DATE_FORMAT], widget=date_input()
        )
        self.fields["to"] = forms.DateField(label=_("To"), input_formats=[DATE_FORMAT], widget=date_input())
        cast(forms.ChoiceField, self.fields["area"]).choices = area_choices(list(areas))
        # The recurring programs, without the lists' "all programs": a report is one program's.
        cast(forms.ChoiceField, self.fields["program"]).choices = program_choices()[1:]

    def program_name(self) -> str:
        code = self.data.get("program", "")
        return next((str(name) for value, name in program_choices_of(self) if value == code), "")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        date_from, date_to = cleaned.get("from"), cleaned.get("to")
        if date_from and date_to and date_from > date_to:
            self.add_error("to", _("The period cannot end before it begins."))
        return cleaned

    @property
    def date_from(self) -> forms.BoundField:
        return self["from"]

    @property
    def date_to(self) -> forms.BoundField:
        return self["to"]
