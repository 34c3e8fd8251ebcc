"""A household's audit trail as the API shows it: raw values, ID numbers masked.

Entries keep the whole ID number a member was written with; shown in full here, the trail would
be a way round the audited reveal.
"""

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from dibao.accounts.models import User
from dibao.core import idnumbers
from dibao.core.models import AuditEntry

MASKED_KEYS = frozenset({"id_number"})


def masked(value: Any) -> Any:
    """`value` with every ID number in it masked, at any depth (an import lists its members)."""
    if isinstance(value, dict):
        return {
            key: idnumbers.mask(str(item)) if key in MASKED_KEYS and item else masked(item)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [masked(item) for item in value]
    return value


@extend_schema_field({"type": "object", "additionalProperties": {}, "nullable": True})
class MaskedValuesField(serializers.Field):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value: Any) -> Any:
        return masked(value)


class AuditEntryOutput(serializers.ModelSerializer):
    actor: "serializers.SlugRelatedField[User]" = serializers.SlugRelatedField(
        slug_field="username", read_only=True
    )
    actor_name = serializers.SerializerMethodField()
    before = MaskedValuesField()
    after = MaskedValuesField()

    class Meta:
        model = AuditEntry
        fields = [
            "id",
            "at",
            "action",
            "object_type",
            "object_id",
            "object_repr",
            "actor",
            "actor_name",
            "before",
            "after",
            "note",
        ]
        read_only_fields = fields

    def get_actor_name(self, entry: AuditEntry) -> str:
        return str(entry.actor) if entry.actor is not None else ""
