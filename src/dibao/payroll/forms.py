"""The payroll pages' forms. They only collect input: the services judge it (the version seen,
the street, the bank's file) and their messages are shown beside the input. The month to draft is
read by the form (`core.forms.MonthField`): the draft is queued for a month, not a text."""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dibao.core.forms import MonthField
from dibao.core.service_forms import ServiceForm

from .programs import separable


class DraftForm(ServiceForm):
    required_inputs = ("month",)

    month = MonthField(
        label=_("Month"),
        help_text=_("Drafted from the entitlements in force in that month; a draft is drafted again."),
    )
    program = forms.ChoiceField(
        label=pgettext_lazy("payroll", "Run"),
        required=False,
        help_text=_(
            "The county's run pays every program the county pays together; a program the county "
            "pays apart (its payroll run term) has a run of its own."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["month"].required = True
        cast(forms.ChoiceField, self.fields["program"]).choices = [
            ("", _("The county's run")),
            *separable(),
        ]


class ApproveForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    # The approver has read what changed since the month before (`payroll.changes`).
    confirmed = forms.BooleanField(label=_("I have checked what changed since the last run"), required=False)


class CheckForm(forms.Form):
    street = forms.IntegerField(widget=forms.HiddenInput)


class ResultsForm(ServiceForm):
    required_inputs = ("file",)

    file = forms.FileField(
        label=_("The bank's results"),
        help_text=_("The file the bank sent back: which payments were made and which failed."),
    )


class LineSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Household number or head's name")}),
    )
