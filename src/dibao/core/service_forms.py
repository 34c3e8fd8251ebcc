"""Forms that only collect input for a service.

The service is the one judge of what is valid (the same rules for pages, the API and imports),
so the fields here are all optional to Django and every message comes from the service, all at
once. Inputs the service requires are still marked `required` so the browser says so first.

A form is typed by the data its service takes (`ServiceForm[HouseholdData]`): its fields are named
as that data's keys, so `values()` is that data (tests/core/test_service_forms.py checks the names).
"""

from collections.abc import Mapping
from typing import Any, ClassVar, Generic, TypeVar, cast

from django import forms
from django.db import models
from django.utils.text import capfirst

Data = TypeVar("Data", bound=Mapping[str, Any])


class ServiceForm(forms.Form, Generic[Data]):
    required_inputs: ClassVar[tuple[str, ...]] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")  # the layout sets labels apart; no colon needed
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.required = False
            if name in self.required_inputs:
                field.widget.attrs["required"] = True

    def values(self, *names: str) -> Data:
        """Cleaned values for the service: the named fields, or all of them."""
        return cast(Data, {name: self.cleaned_data.get(name) for name in (names or self.fields)})


def field_label(model: type[models.Model], name: str) -> Any:
    """The model field's translated name, so that a page and the model say the same thing."""
    return capfirst(cast(models.Field, model._meta.get_field(name)).verbose_name)


BLANK = ("", "---------")


def choice(
    model: type[models.Model], name: str, choices: type[models.Choices], *, blank: bool = True
) -> forms.ChoiceField:
    """A choice among `choices`, labelled as the model's field `name` is, with an empty first
    option unless `blank` is False."""
    options: list[tuple[str, Any]] = [(str(value), text) for value, text in choices.choices]
    if blank and "" not in dict(options):
        options.insert(0, BLANK)
    return forms.ChoiceField(label=field_label(model, name), choices=options)
