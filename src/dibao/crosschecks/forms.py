from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from dibao.core.sheets.reader import SPREADSHEETS, TEXTS
from dibao.core.uploads import upload_limit_text

from .models import FlagState, SourceKind


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("Source"), choices=SourceKind.choices)
    file = forms.FileField(
        label=_("Source file"), widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xlsm,.csv,.txt"})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "The department's file, xlsx or CSV (UTF-8 or GBK), one row per person and fact, "
            "at most %(size)s."
        ) % {"size": upload_limit_text()}

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(SPREADSHEETS + TEXTS):
            raise forms.ValidationError(_("Only .xlsx and .csv files can be imported."))
        return upload


class FilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("State"), required=False, choices=[("", _("Any state")), *FlagState.choices]
    )
    kind = forms.ChoiceField(
        label=_("Source"), required=False, choices=[("", _("Any source")), *SourceKind.choices]
    )
    community = forms.CharField(label=_("Area code"), required=False, max_length=12)
    q = forms.CharField(label=_("Household number or name"), required=False, max_length=40)
    source = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)


class DismissForm(forms.Form):
    reason = forms.CharField(
        label=_("Why it is dismissed"), max_length=300, widget=forms.Textarea(attrs={"rows": 2})
    )


class RuleForm(forms.Form):
    exempt_mobility_vehicle = forms.BooleanField(
        label=_("A disabled member's mobility vehicle is allowed"), required=False
    )
    homes_allowed = forms.IntegerField(label=_("Homes a household may own"), min_value=0, max_value=20)
    income_share = forms.IntegerField(
        label=_("Pension or contribution base above, per cent of the standard"), min_value=1, max_value=1000
    )
