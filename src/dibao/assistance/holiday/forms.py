"""The holiday pages' forms: what is typed, handed as is to the services, which judge it."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import HolidayItemKind
from . import criteria
from .inputs import HolidayCampaignData, HolidayItemData

CRITERIA_OFFERED = (
    *criteria.PROGRAMS,
    "70plus",
    "80plus",
    "90plus",
    "disability",
    "disability2",
    "military",
    "party_hardship",
)
ITEM_KINDS = (HolidayItemKind.CASH, HolidayItemKind.RICE, HolidayItemKind.FLOUR, HolidayItemKind.OIL)


class CampaignForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=60, help_text=_("e.g. 2026 Spring Festival visits"))
    held_on = forms.CharField(
        label=_("Date"), max_length=10, widget=forms.DateInput(attrs={"type": "date"}), required=False
    )
    criteria = forms.MultipleChoiceField(
        label=_("Who is visited"), required=False, widget=forms.CheckboxSelectMultiple
    )
    cash = forms.CharField(label=_("Cash per household (yuan)"), max_length=12, required=False)
    rice = forms.CharField(label=_("Rice: value (yuan)"), max_length=12, required=False)
    flour = forms.CharField(label=_("Flour: value (yuan)"), max_length=12, required=False)
    oil = forms.CharField(label=_("Cooking oil: value (yuan)"), max_length=12, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["criteria"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [(code, criteria.label(code)) for code in CRITERIA_OFFERED]

    def values(self) -> HolidayCampaignData:
        items: list[HolidayItemData] = [
            {"kind": str(kind), "unit_value": self.cleaned_data[str(kind)], "quantity": 1}
            for kind in ITEM_KINDS
            if str(self.cleaned_data.get(str(kind)) or "").strip()
        ]
        return {
            "name": self.cleaned_data["name"],
            "held_on": self.cleaned_data.get("held_on"),
            "criteria": list(self.cleaned_data.get("criteria") or []),
            "items": items,
        }


class AddForm(forms.Form):
    household = forms.CharField(label=_("Household number"), max_length=20)
    reason = forms.CharField(label=_("Reason"), max_length=200)


class DeliverForm(forms.Form):
    delivered = forms.ChoiceField(
        label=_("Delivered"), choices=[("yes", _("Handed over")), ("no", _("Not handed over"))]
    )
    delivered_on = forms.CharField(
        label=_("Delivered on"), max_length=10, required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    delivered_by = forms.CharField(label=_("Delivered by"), max_length=60, required=False)
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)


class RemoveForm(forms.Form):
    reason = forms.CharField(label=_("Reason for removing"), max_length=200)
