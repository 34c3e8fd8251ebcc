"""Form inputs every app's pages share — a month, a date — and the audit page's filter.

A month is typed as YYYY-MM (the browser's month input) and read by `core.months.parse_month`,
the rule of the services, the API, the imports and the commands, so a page refuses what they
refuse, in the same words. Forms that only collect input for a service (`core.service_forms`)
leave the month as typed, for the service to read; forms that read a month themselves (which
month a page shows, which month to draft) use `MonthField`.
"""

import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .errors import DomainError
from .form_errors import validation_error
from .models import AuditEntry
from .months import parse_month

DATE_FORMAT = "%Y-%m-%d"


def month_input() -> forms.TextInput:
    return forms.TextInput(attrs={"type": "month", "placeholder": "2026-01"})


def date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format=DATE_FORMAT)


class MonthField(forms.CharField):
    """A month typed as YYYY-MM (or as `parse_month` reads one: 2026年3月, 202603), cleaned to the
    month's first day; nothing typed is None."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", month_input())
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> datetime.date | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        try:
            return parse_month(text)
        except DomainError as exc:
            raise validation_error(exc) from None

    def prepare_value(self, value: Any) -> Any:
        return f"{value:%Y-%m}" if isinstance(value, datetime.date) else value


class CameraInput(forms.FileInput):
    """Several photos at once, taken with the phone's back camera where there is one (`capture`)
    and chosen from the gallery or the disk elsewhere."""

    allow_multiple_selected = True

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({"accept": "image/*", "capture": "environment", "multiple": True, **(attrs or {})})


class PhotosField(forms.FileField):
    """Any number of files from a `CameraInput`, cleaned to a list (empty when none was sent). What
    they are is the service's to judge (`core.uploads.images_check`), by their content."""

    widget = CameraInput

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        one = super().clean
        return [one(file, initial) for file in (data if isinstance(data, list | tuple) else [data]) if file]


def _kinds() -> list[tuple[str, Any]]:
    """Every kind of object of dibao's apps, by its name, for the audit page's filter."""
    from django.apps import apps

    kinds = [
        (model._meta.label_lower, model._meta.verbose_name)
        for model in apps.get_models()
        if model.__module__.startswith("dibao.") and model is not AuditEntry
    ]
    return sorted(kinds, key=lambda kind: str(kind[1]))


class AuditFilterForm(forms.Form):
    person = forms.CharField(
        label=_("Person"),
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"placeholder": _("ID number or name")}),
    )
    household = forms.CharField(label=_("Household number"), required=False, max_length=20)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    action = forms.ChoiceField(
        label=_("Action"), required=False, choices=[("", _("All actions")), *AuditEntry.Action.choices]
    )
    date_from = forms.DateField(label=_("From"), required=False, widget=date_input())
    date_to = forms.DateField(label=_("To"), required=False, widget=date_input())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All kinds")), *_kinds()]  # type: ignore[attr-defined]
