"""The payroll pages' forms. They only collect input: the services judge it (the version seen,
the street, the bank's file) and their messages are shown beside the input. The month to draft is
read by the form (`core.forms.MonthField`): the draft is queued for a month, not a text."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from dibao.core.forms import MonthField
from dibao.core.service_forms import ServiceForm


class DraftForm(ServiceForm):
    required_inputs = ("month",)

    month = MonthField(
        label=_("Month"),
        help_text=_("Drafted from the entitlements in force in that month; a draft is drafted again."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["month"].required = True


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
