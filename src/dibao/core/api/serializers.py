"""Input serializers that refuse what they do not know.

DRF drops unknown fields silently; for a register that would turn a misspelt `adress`, or an
attempt to set `status` or `number` by PATCH, into a 200 that changed nothing. Here such a field
is a 400 naming it. A number where the schema says text is refused too, as the schema promises.
"""

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers


def _not_text(field: serializers.Field, value: Any) -> bool:
    """A number sent for a text field: DRF would take `0` as `"0"`; the schema says a string."""
    if isinstance(field, serializers.CharField):
        return value is not None and not isinstance(value, str)
    if isinstance(field, serializers.ListField) and isinstance(value, list):
        return any(_not_text(field.child, item) for item in value)
    return False


class StrictInput(serializers.Serializer):
    def to_internal_value(self, data: Any) -> Any:
        unknown: dict[str, list[Any]] = {}
        if isinstance(data, Mapping):
            writable = {name for name, field in self.fields.items() if not field.read_only}
            unknown = {
                name: [_("Unknown field, or one that cannot be set here.")]
                for name in data
                if name not in writable
            }
            # Sent as JSON, text is a string; a form (multipart) sends nothing else.
            unknown.update(
                {
                    name: [_("Not a valid string.")]
                    for name, value in data.items()
                    if name in writable and _not_text(self.fields[name], value)
                }
            )
        try:
            value = super().to_internal_value(data)
        except serializers.ValidationError as exc:
            if unknown and isinstance(exc.detail, dict):
                raise serializers.ValidationError({**unknown, **exc.detail}) from None
            raise
        if unknown:
            raise serializers.ValidationError(unknown)
        return value
