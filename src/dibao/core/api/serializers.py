"""Input serializers that refuse what they do not know.

DRF drops unknown fields silently; for a register that would turn a misspelt `adress`, or an
attempt to set `status` or `number` by PATCH, into a 200 that changed nothing. Here such a field
is a 400 naming it.
"""

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers


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
        try:
            value = super().to_internal_value(data)
        except serializers.ValidationError as exc:
            if unknown and isinstance(exc.detail, dict):
                raise serializers.ValidationError({**unknown, **exc.detail}) from None
            raise
        if unknown:
            raise serializers.ValidationError(unknown)
        return value
