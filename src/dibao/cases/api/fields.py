"""Fields of the applications API: choices with a name of their own in the schema, masked numbers.

The register's serializers already use `kind` and `relation` for other choice sets; drf-spectacular
names a choice set after its field, and several sets under one name in several components is a
warning (the schema test turns warnings into failures). A `NamedChoiceField` therefore brings its
own component name, registered here, instead of settings-wide overrides.
"""

from typing import Any

from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import ResolvedComponent, build_choice_description_list
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from dibao.core.api.fields import IdNumberField


class NamedChoiceField(serializers.ChoiceField):
    """A choice field documented as the schema component `enum_name` (e.g. `ApplicationKindEnum`)."""

    def __init__(self, choices: Any, *, enum_name: str, **kwargs: Any) -> None:
        self.enum_name = enum_name
        super().__init__(choices, **kwargs)


class NamedChoiceFieldExtension(OpenApiSerializerFieldExtension):
    target_class = NamedChoiceField
    match_subclasses = True

    def map_serializer_field(self, auto_schema: Any, direction: Any) -> Any:
        field: NamedChoiceField = self.target
        values = [value for value in field.choices if value not in ("", None)]
        component = ResolvedComponent(
            name=field.enum_name,
            type=ResolvedComponent.SCHEMA,
            schema={
                "type": "string",
                "enum": values,
                "description": build_choice_description_list(
                    (value, label) for value, label in field.choices.items() if value in values
                ),
            },
            object=field.enum_name,
        )
        auto_schema.registry.register_on_missing(component)
        alternatives = [component.ref]
        if field.allow_blank:
            alternatives.append({"type": "string", "enum": [""]})
        return alternatives[0] if len(alternatives) == 1 else {"oneOf": alternatives}


class MaskedField(IdNumberField):
    """An ID number shown as `210204********123X`, like every ID number the API answers with."""


@extend_schema_field(OpenApiTypes.STR)
class UsernameField(serializers.Field):
    """A user as their username; null when it was done by the system (no user)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(read_only=True, allow_null=True, **kwargs)

    def to_representation(self, value: Any) -> str:
        return getattr(value, "username", "") or ""
