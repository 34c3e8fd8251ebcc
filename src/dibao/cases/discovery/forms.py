"""What the found page is asked (GET): the area, the month, a program, and which list."""

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from dibao.areas.forms import area_choices
from dibao.areas.models import Area
from dibao.core.forms import MonthField
from dibao.policy.forms import program_names

from .rules import DUE, DUE_RULES, STOP


class FoundFilterForm(forms.Form):
    area = forms.ChoiceField(label=_("Area"), required=False)
    month = MonthField(label=_("Month"), required=False)
    program = forms.ChoiceField(label=_("Program"), required=False)
    direction = forms.ChoiceField(
        label=_("List"),
        required=False,
        choices=[
            (DUE, _("Qualify and do not receive (应享未享)")),
            (STOP, _("Receive and no longer qualify (应退未退)")),
        ],
    )

    def __init__(self, *args: Any, areas: QuerySet[Area], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["area"]).choices = area_choices(list(areas))
        names = program_names(set(DUE_RULES))
        cast(forms.ChoiceField, self.fields["program"]).choices = [
            ("", _("Every categorical program")),
            *((code, names.get(code, code)) for code in DUE_RULES),
        ]
