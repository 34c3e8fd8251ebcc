"""The forms of the 医疗救助 pages: the claims' filter, a claim, its decision, a settlement upload."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dibao.core.forms import MonthField, date_input
from dibao.core.service_forms import ServiceForm
from dibao.core.sheets.bounds import Limits, too_large
from dibao.core.sheets.reader import SPREADSHEETS, TEXTS
from dibao.core.uploads import upload_limit_text, upload_max_bytes
from dibao.policy.programs.medical import STATUS_ORDER

from ..models import ClaimState, TreatmentKind
from .inputs import ClaimData, DecisionData

ANY = ("", pgettext_lazy("filter", "Any"))
CATEGORY_LABELS = {
    "dibao": _("Dibao (低保)"),
    "extreme_poverty": _("Extreme poverty (特困)"),
    "near_poverty": _("Near poverty (低保边缘)"),
    "rigid_expense": _("Rigid expense (刚性支出困难)"),
    "illness": _("Impoverished by illness (因病致贫)"),
}
CATEGORIES = [(code, CATEGORY_LABELS[code]) for code in (*STATUS_ORDER, "illness")]


def category_label(code: str) -> Any:
    return CATEGORY_LABELS.get(code, code or "—")


class ClaimFilterForm(forms.Form):
    state = forms.ChoiceField(label=_("State"), required=False, choices=[ANY, *ClaimState.choices])
    category = forms.ChoiceField(label=_("Category"), required=False, choices=[ANY, *CATEGORIES])
    kind = forms.ChoiceField(label=_("Treatment"), required=False, choices=[ANY, *TreatmentKind.choices])
    month = MonthField(label=_("Month admitted"), required=False)


class ClaimForm(ServiceForm[ClaimData]):
    required_inputs = ("id_number", "hospital", "admitted_on", "discharged_on", "kind", "in_policy_cost")

    id_number = forms.CharField(label=_("ID number"), max_length=30)
    hospital = forms.CharField(label=_("Hospital"), max_length=100)
    admitted_on = forms.CharField(label=_("Admitted (treated) on"), widget=date_input())
    discharged_on = forms.CharField(label=_("Discharged on"), widget=date_input())
    kind = forms.ChoiceField(label=_("Treatment"), choices=TreatmentKind.choices)
    total_cost = forms.CharField(
        label=_("Total cost"), widget=forms.TextInput(attrs={"inputmode": "decimal"})
    )
    insurance_paid = forms.CharField(
        label=_("Paid by basic medical insurance"), widget=forms.TextInput(attrs={"inputmode": "decimal"})
    )
    serious_insurance_paid = forms.CharField(
        label=_("Paid by serious-illness insurance"), widget=forms.TextInput(attrs={"inputmode": "decimal"})
    )
    in_policy_cost = forms.CharField(
        label=_("In-policy personal cost"),
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        help_text=_("What the patient pays within the policy's list after both insurances."),
    )
    illness = forms.BooleanField(label=_("Impoverished by illness (因病致贫), recognised"))
    note = forms.CharField(label=_("Note"), max_length=200)


class DecisionForm(ServiceForm[DecisionData]):
    required_inputs = ("approve",)

    # Read by the view (`decision_data`): nothing chosen is an error, never a refusal.
    approve = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("refuse", _("Refuse"))],
        widget=forms.RadioSelect,
    )
    amount = forms.CharField(
        label=_("Amount"),
        help_text=_("The amount by the rules when left empty; less only with a note."),
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    note = forms.CharField(label=_("Note"), max_length=200)


class SettlementUploadForm(forms.Form):
    month = MonthField(label=_("Month settled"))
    file = forms.FileField(
        label=_("Settlement file"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xlsm,.csv,.txt"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "The hospital's or the medical-insurance bureau's one-stop settlement file, xlsx or CSV "
            "(UTF-8 or GBK), one row per stay, at most %(size)s."
        ) % {"size": upload_limit_text()}

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(SPREADSHEETS + TEXTS):
            raise forms.ValidationError(_("Only .xlsx and .csv files can be imported."))
        if upload.size > upload_max_bytes():
            raise forms.ValidationError(str(too_large(Limits.current())))
        return upload
