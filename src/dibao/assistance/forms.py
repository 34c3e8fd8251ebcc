"""Forms of the one-off assistance pages. They render inputs and parse what was typed; the services
judge it (`core.service_forms`), so each rule of 临时救助 is written once, in `assistance.temporary`."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dibao.cases.forms import StepForm, text_area
from dibao.core.forms import MonthField
from dibao.core.service_forms import BLANK, ServiceForm
from dibao.policy.models import Program, ProgramKind
from dibao.policy.programs.in_force import display_name
from dibao.registry.models import UrbanRural

from . import temporary
from .inputs import TemporaryApplicationData, TemporaryDecisionData
from .models import GrantState

AMOUNT = forms.TextInput(attrs={"inputmode": "decimal"})


def _options(choices: dict[str, Any]) -> list[tuple[str, Any]]:
    return [BLANK, *choices.items()]


def one_off_programs() -> list[tuple[str, str]]:
    rows = Program.objects.filter(kind=ProgramKind.ONE_OFF)
    return [("", str(_("All programs"))), *((p.code, display_name(p)) for p in rows)]


class TemporaryApplyForm(ServiceForm[TemporaryApplicationData]):
    """An application for 临时救助: a household on the register (its number filled in from its page),
    or a person not yet on it, registered with the application."""

    required_inputs = ("kind",)

    kind = forms.ChoiceField(label=_("Kind of hardship"), choices=_options(temporary.KINDS))
    household = forms.CharField(widget=forms.HiddenInput)
    applicant_name = forms.CharField(label=_("Applicant"), max_length=40)
    reason = forms.CharField(label=_("What happened"), widget=text_area(3))
    name = forms.CharField(label=pgettext_lazy("person", "Name"), max_length=40)
    id_number = forms.CharField(label=_("ID number"), max_length=18)
    hukou = forms.ChoiceField(label=_("Hukou"), choices=[BLANK, *UrbanRural.choices])
    urban_rural = forms.ChoiceField(label=_("Urban or rural household"), choices=[BLANK, *UrbanRural.choices])
    phone = forms.CharField(label=_("Phone"), max_length=20)
    address = forms.CharField(label=_("Address"), max_length=200)


class TemporaryDecisionFields(forms.Form):
    """The fields a 临时救助 decision takes, on the help-first page and the case's approval."""

    category = forms.ChoiceField(label=_("Reason category"), choices=_options(temporary.CATEGORIES))
    level = forms.CharField(
        label=_("Hardship level"), max_length=5, help_text=_("Its tier in months of the local standard.")
    )
    amount = forms.CharField(
        label=_("Or an amount (yuan)"), max_length=20, widget=AMOUNT, help_text=_("Needs a written reason.")
    )
    goods = forms.CharField(
        label=_("In kind: the goods given"),
        max_length=200,
        help_text=_("Empty for cash; in kind the amount is the goods' value."),
    )


class HelpFirstForm(ServiceForm[TemporaryDecisionData]):
    """先行救助 for an emergency: granted at once, up to the county's help-first limit."""

    required_inputs = ("category",)

    category = TemporaryDecisionFields.base_fields["category"]
    level = TemporaryDecisionFields.base_fields["level"]
    amount = TemporaryDecisionFields.base_fields["amount"]
    amount_reason = forms.CharField(label=_("Reason for the amount"), max_length=300)
    goods = TemporaryDecisionFields.base_fields["goods"]
    reason = forms.CharField(label=_("Reason"), widget=text_area(2))


class TemporaryApproveForm(StepForm):
    """The case page's approval of a 临时救助 application (registered in `cases.programs`): the
    kind and category, a tier or an amount with its reason, cash or goods. After help first, empty
    level and amount confirm what was given."""

    field_order = ("assistance_kind", "category", "level", "amount", "override_reason", "goods", "note")

    assistance_kind = forms.ChoiceField(label=_("Kind of hardship"), choices=_options(temporary.KINDS))
    category = TemporaryDecisionFields.base_fields["category"]
    level = TemporaryDecisionFields.base_fields["level"]
    amount = TemporaryDecisionFields.base_fields["amount"]
    override_reason = forms.CharField(label=_("Reason for the amount"), max_length=500, widget=text_area())
    goods = TemporaryDecisionFields.base_fields["goods"]


class GrantFilterForm(forms.Form):
    program = forms.ChoiceField(label=_("Program"), required=False)
    state = forms.ChoiceField(label=_("State"), required=False, choices=[BLANK, *GrantState.choices])
    month = MonthField(label=_("Month"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["program"].choices = one_off_programs()  # type: ignore[attr-defined]


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason for cancelling"), max_length=300, widget=text_area(2))


class PostingForm(forms.Form):
    community = forms.ChoiceField(label=_("Community"), required=False)
    month = MonthField(label=_("Month"), required=False)


class ReportForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    month = forms.IntegerField(
        label=_("Month (empty: the whole year)"), required=False, min_value=1, max_value=12
    )
    program = forms.ChoiceField(label=_("Program"), required=False)
    area = forms.ChoiceField(label=_("Area"), required=False)

    def __init__(self, *args: Any, areas: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["program"].choices = one_off_programs()  # type: ignore[attr-defined]
        self.fields["area"].choices = [BLANK, *areas]  # type: ignore[attr-defined]
