from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from dibao.core.service_forms import ServiceForm, field_label

from .models import NAME_LENGTH, NOTE_LENGTH, CalendarDay, Kind


class DueDateForm(forms.Form):
    """Count working days: a start date and n give the due date. Read from the query string."""

    start = forms.DateField(
        label=_("Start date"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("The day of the event, such as acceptance; it does not count itself."),
    )
    n = forms.IntegerField(label=_("Working days"), min_value=1, max_value=366, initial=3)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")  # as ServiceForm: the layout sets labels apart
        super().__init__(*args, **kwargs)


class CalendarDayForm(ServiceForm):
    required_inputs = ("day", "kind", "name")

    # Text, not a DateField: the service judges the date, so its message is the one shown.
    day = forms.CharField(
        label=field_label(CalendarDay, "date"), widget=forms.TextInput(attrs={"type": "date"})
    )
    kind = forms.ChoiceField(
        label=field_label(CalendarDay, "kind"), choices=[("", "---------"), *Kind.choices]
    )
    name = forms.CharField(
        label=field_label(CalendarDay, "name"),
        max_length=NAME_LENGTH,
        help_text=_("The festival: 元旦, 春节, 清明节, 劳动节, 端午节, 中秋节, 国庆节."),
    )
    note = forms.CharField(label=field_label(CalendarDay, "note"), max_length=NOTE_LENGTH)
