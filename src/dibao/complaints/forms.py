"""The complaints pages' forms: they collect input; the services judge it (`core.service_forms`)."""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from dibao.core.service_forms import BLANK, ServiceForm, choice, field_label

from .inputs import ComplaintData
from .models import Channel, Complaint, Finding, Kind, ReplyMethod, State, SubjectKind

DATE = forms.DateInput(attrs={"type": "date"})


class ComplaintForm(ServiceForm[ComplaintData]):
    """The intake form: how it came, what kind, who (if they said), what about, and the summary."""

    required_inputs = ("channel", "kind", "summary")

    channel = choice(Complaint, "channel", Channel)
    kind = choice(Complaint, "kind", Kind)
    received_on = forms.DateField(label=field_label(Complaint, "received_on"), widget=DATE)
    anonymous = forms.BooleanField(label=field_label(Complaint, "anonymous"))
    complainant_name = forms.CharField(label=field_label(Complaint, "complainant_name"), max_length=60)
    complainant_phone = forms.CharField(
        label=field_label(Complaint, "complainant_phone"),
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    complainant_id_number = forms.CharField(
        label=field_label(Complaint, "complainant_id_number"),
        max_length=30,
        widget=forms.TextInput(attrs={"class": "id", "autocomplete": "off"}),
    )
    subject_kind = choice(Complaint, "subject_kind", SubjectKind, blank=False)
    summary = forms.CharField(
        label=field_label(Complaint, "summary"), max_length=2000, widget=forms.Textarea(attrs={"rows": 5})
    )


class SubjectForm(forms.Form):
    """What the complaint is about, found in the user's area before the service is called."""

    household = forms.CharField(label=_("Household number"), max_length=30, required=False)
    worker = forms.CharField(label=_("User name of the member of staff"), max_length=150, required=False)
    application = forms.IntegerField(label=_("Application no."), min_value=1, required=False)
    review = forms.IntegerField(label=_("Review no."), min_value=1, required=False)
    area = forms.ChoiceField(label=_("Area"), required=False)

    def __init__(self, *args: Any, areas: list[tuple[str, str]], **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["area"]).choices = [BLANK, *areas]


class FilterForm(forms.Form):
    area = forms.ChoiceField(label=_("Area"), required=False)
    state = forms.ChoiceField(label=_("State"), required=False, choices=[BLANK, *State.choices])
    channel = forms.ChoiceField(label=_("Channel"), required=False, choices=[BLANK, *Channel.choices])
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[BLANK, *Kind.choices])
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    mine = forms.BooleanField(label=_("Mine to handle"), required=False)

    def __init__(self, *args: Any, areas: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["area"]).choices = [BLANK, *areas]


class OwnerForm(forms.Form):
    owner = forms.ChoiceField(label=field_label(Complaint, "owner"), required=False)

    def __init__(self, *args: Any, owners: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["owner"]).choices = [BLANK, *owners]


class TransferForm(forms.Form):
    transferred_to = forms.CharField(label=field_label(Complaint, "transferred_to"), max_length=100)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class ExtendForm(forms.Form):
    reason = forms.CharField(label=field_label(Complaint, "extension_reason"), max_length=300)


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Note"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    file = forms.FileField(label=_("Evidence file"), required=False)


class FindForm(forms.Form):
    finding = forms.ChoiceField(label=field_label(Complaint, "finding"), choices=[BLANK, *Finding.choices])
    finding_text = forms.CharField(
        label=field_label(Complaint, "finding_text"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ReplyForm(forms.Form):
    reply_method = forms.ChoiceField(label=field_label(Complaint, "reply_method"))
    reply_text = forms.CharField(
        label=field_label(Complaint, "reply_text"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args: Any, anonymous: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        methods = [(m.value, m.label) for m in ReplyMethod if (m == ReplyMethod.NONE) == anonymous]
        cast(forms.ChoiceField, self.fields["reply_method"]).choices = methods


class CorrectionForm(forms.Form):
    correction = forms.CharField(
        label=field_label(Complaint, "correction"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ReportForm(forms.Form):
    area = forms.ChoiceField(label=_("Area"))
    month = forms.CharField(
        label=_("From month"), max_length=7, widget=forms.TextInput(attrs={"type": "month"})
    )
    to = forms.CharField(
        label=_("To month"), max_length=7, required=False, widget=forms.TextInput(attrs={"type": "month"})
    )

    def __init__(self, *args: Any, areas: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["area"]).choices = areas
