"""The forms of labour's pages: they collect input for the services, which judge it."""

from collections.abc import Iterable
from typing import Any, ClassVar

from django import forms
from django.utils.translation import gettext_lazy as _

from dibao.core.forms import MonthField, date_input, month_input
from dibao.core.service_forms import ServiceForm, choice, field_label
from dibao.policy.programs import codes
from dibao.registry.models import Member

from .inputs import ExemptionData, GroupData, RuleData, ScheduleData
from .models import Exemption, ExemptionReason, Group, LabourRule, Session, Task

WEEKDAYS = (
    ("0", _("Monday")),
    ("1", _("Tuesday")),
    ("2", _("Wednesday")),
    ("3", _("Thursday")),
    ("4", _("Friday")),
    ("5", _("Saturday")),
    ("6", _("Sunday")),
)


def _person(member: Member) -> str:
    return f"{member.name}（{member.household.number}）"


class ExemptionForm(ServiceForm[ExemptionData]):
    required_inputs: ClassVar[tuple[str, ...]] = ("reason", "month_from")

    reason = choice(Exemption, "reason", ExemptionReason)
    note = forms.CharField(label=field_label(Exemption, "note"), max_length=200)
    month_from = forms.CharField(label=field_label(Exemption, "month_from"), widget=month_input())
    month_to = forms.CharField(label=field_label(Exemption, "month_to"), widget=month_input())

    def __init__(self, *args: Any, members: Iterable[Member] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The person is the page's to find among the household's members, not the service's input.
        person = forms.ChoiceField(label=_("Person"), choices=[(str(m.pk), m.name) for m in members])
        self.fields = {"member": person, **self.fields}


class GroupForm(ServiceForm[GroupData]):
    required_inputs: ClassVar[tuple[str, ...]] = ("name",)

    name = forms.CharField(label=field_label(Group, "name"), max_length=40)
    task = choice(Group, "task", Task, blank=False)
    leader = forms.CharField(label=field_label(Group, "leader"), max_length=40)


class JoinForm(forms.Form):
    member = forms.ChoiceField(label=_("Person"))

    def __init__(self, *args: Any, people: Iterable[Member] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].choices = [(str(m.pk), _person(m)) for m in people]  # type: ignore[attr-defined]


class ScheduleForm(ServiceForm[ScheduleData]):
    required_inputs: ClassVar[tuple[str, ...]] = ("weekdays", "date_from", "date_to", "starts_at", "ends_at")

    weekdays = forms.MultipleChoiceField(
        label=_("Days of the week"), choices=WEEKDAYS, widget=forms.CheckboxSelectMultiple
    )
    date_from = forms.CharField(label=_("From"), widget=date_input())
    date_to = forms.CharField(label=_("To"), widget=date_input())
    starts_at = forms.CharField(
        label=field_label(Session, "starts_at"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    ends_at = forms.CharField(
        label=field_label(Session, "ends_at"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    task = choice(Session, "task", Task, blank=False)
    place = forms.CharField(label=field_label(Session, "place"), max_length=60)
    working_days_only = forms.BooleanField(label=_("Working days only"), initial=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["weekdays"].widget.attrs.pop("required", None)  # a box each: the service says it


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Card code"),
        max_length=40,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "inputmode": "text",
                "autofocus": True,
            }
        ),
    )


class AbsenceForm(forms.Form):
    member = forms.IntegerField(widget=forms.HiddenInput)
    excused = forms.ChoiceField(
        label=_("Absence"), choices=[("yes", _("Excused")), ("no", _("Unexcused"))], initial="yes"
    )
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)


class MonthForm(forms.Form):
    month = MonthField(label=_("Month"), required=False)


class CheckForm(forms.Form):
    month = MonthField(label=_("Month"))


class RuleForm(ServiceForm[RuleData]):
    required_inputs: ClassVar[tuple[str, ...]] = ("valid_from",)

    valid_from = forms.CharField(label=field_label(LabourRule, "valid_from"), widget=month_input())
    programs = forms.MultipleChoiceField(
        label=field_label(LabourRule, "programs"),
        choices=[(c, c) for c in codes.RECURRING],
        widget=forms.CheckboxSelectMultiple,
    )
    min_age = forms.CharField(label=field_label(LabourRule, "min_age"))
    max_age_men = forms.CharField(label=field_label(LabourRule, "max_age_men"))
    max_age_women = forms.CharField(label=field_label(LabourRule, "max_age_women"))
    exempt_disability_grade = forms.CharField(label=field_label(LabourRule, "exempt_disability_grade"))
    sessions_per_month = forms.CharField(label=field_label(LabourRule, "sessions_per_month"))
    reminder_after = forms.CharField(label=field_label(LabourRule, "reminder_after"))
    review_after = forms.CharField(label=field_label(LabourRule, "review_after"))

    def __init__(self, *args: Any, program_names: dict[str, str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        names = program_names or {}
        self.fields["programs"].choices = [  # type: ignore[attr-defined]
            (c, names.get(c, c)) for c in codes.RECURRING
        ]
