"""The outreach pages' forms: they collect input; the services judge it (`core.service_forms`)."""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dibao.core.service_forms import ServiceForm, choice, field_label

from .inputs import EntryData, EntryStepData, ReferralData, ReferralOutcomeData, ServiceData
from .models import Entry, EntryState, Referral, ReferralKind, ReferralOutcome, Service

DATE = forms.DateInput(attrs={"type": "date"})


class ServiceEditForm(ServiceForm[ServiceData]):
    required_inputs = ("code", "name", "steps")

    code = forms.CharField(
        label=_("Code"), max_length=24, help_text=_("e.g. senior_card; files and the API name it.")
    )
    name = forms.CharField(label=field_label(Service, "name"), max_length=60)
    office = forms.CharField(label=field_label(Service, "office"), max_length=100)
    steps = forms.CharField(
        label=_("Steps"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One step a line, in order; a registration is done at the last."),
    )
    community_delivers = forms.BooleanField(label=field_label(Service, "community_delivers"))
    active = forms.BooleanField(label=field_label(Service, "active"), initial=True)
    notes = forms.CharField(label=field_label(Service, "notes"), max_length=300)

    @classmethod
    def of(cls, service: Service) -> dict[str, Any]:
        return {
            "code": service.code,
            "name": service.name,
            "office": service.office,
            "steps": "\n".join(service.steps),
            "community_delivers": service.community_delivers,
            "active": service.active,
            "notes": service.notes,
        }


class PersonForm(forms.Form):
    """The person, by ID number, in the user's area: the page finds them before the service."""

    id_number = forms.CharField(
        label=_("ID number"), max_length=30, widget=forms.TextInput(attrs={"class": "id"})
    )
    member = forms.CharField(required=False, widget=forms.HiddenInput)


class EntryForm(ServiceForm[EntryData]):
    registered_on = forms.DateField(label=field_label(Entry, "registered_on"), widget=DATE)
    note = forms.CharField(label=field_label(Entry, "note"), max_length=300)


class EntryStepForm(ServiceForm[EntryStepData]):
    required_inputs = ("step",)

    step = forms.ChoiceField(label=_("Step reached"))
    on = forms.DateField(label=_("On"), widget=DATE)
    outcome = forms.CharField(label=field_label(Entry, "outcome"), max_length=200)
    note = forms.CharField(label=field_label(Entry, "note"), max_length=300)

    def __init__(self, *args: Any, entry: Entry, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        service = entry.service
        cast(forms.ChoiceField, self.fields["step"]).choices = [
            (str(i), name) for i, name in enumerate(service.steps) if i > entry.step
        ]


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Why"), max_length=200)


class EntryFilterForm(forms.Form):
    community = forms.ChoiceField(label=_("Community"), required=False)
    state = choice(Entry, "state", EntryState)
    step = forms.ChoiceField(label=_("Step"), required=False)

    def __init__(
        self, *args: Any, communities: list[tuple[str, str]], service: Service, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["community"]).choices = [("", _("All")), *communities]
        cast(forms.ChoiceField, self.fields["step"]).choices = [
            ("", _("All")),
            *[(str(i), s) for i, s in enumerate(service.steps)],
        ]
        self.fields["state"].required = False


class ReferralForm(ServiceForm[ReferralData]):
    required_inputs = ("kind", "employer")

    kind = choice(Referral, "kind", ReferralKind)
    employer = forms.CharField(label=field_label(Referral, "employer"), max_length=100)
    job = forms.CharField(label=field_label(Referral, "job"), max_length=60)
    referred_on = forms.DateField(label=field_label(Referral, "referred_on"), widget=DATE)
    note = forms.CharField(label=field_label(Referral, "note"), max_length=300)


class ReferralOutcomeForm(ServiceForm[ReferralOutcomeData]):
    required_inputs = ("outcome",)

    outcome = forms.ChoiceField(
        label=field_label(Referral, "outcome"),
        choices=[
            ("", "---------"),
            (ReferralOutcome.HIRED, ReferralOutcome.HIRED.label),
            (ReferralOutcome.NOT_TAKEN, ReferralOutcome.NOT_TAKEN.label),
        ],
    )
    start_on = forms.DateField(label=field_label(Referral, "start_on"), widget=DATE)
    wage = forms.CharField(label=pgettext_lazy("outreach", "Monthly wage (yuan)"), max_length=20)
    note = forms.CharField(label=field_label(Referral, "note"), max_length=300)


class ReferralFilterForm(forms.Form):
    community = forms.ChoiceField(label=_("Community"), required=False)
    outcome = choice(Referral, "outcome", ReferralOutcome)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)

    def __init__(self, *args: Any, communities: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["community"]).choices = [("", _("All")), *communities]
        self.fields["outcome"].required = False


class FiguresForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    area = forms.ChoiceField(label=_("Area"), required=False)

    def __init__(self, *args: Any, areas: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["area"]).choices = areas
