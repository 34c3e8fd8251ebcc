"""A household's audit trail as the API shows it: raw values, ID numbers and accounts masked.

Entries keep the whole ID number a member was written with; shown in full here, the trail would
be a way round the audited reveal (core.disclosure.masked_values).
"""

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from dibao.accounts.models import User
from dibao.core import disclosure
from dibao.core.models import AuditEntry


@extend_schema_field({"type": "object", "additionalProperties": {}, "nullable": True})
class MaskedValuesField(serializers.Field):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value: Any) -> Any:
        return disclosure.masked_values(value)


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

    def to_representation(self, entry: AuditEntry) -> dict[str, Any]:
        data = super().to_representation(entry)
        # A note may quote what was typed: an export's search for a whole ID number.
        data["note"] = disclosure.mask_in_text(data["note"] or "")
        data["object_repr"] = disclosure.mask_in_text(data["object_repr"] or "")
        return data

    def get_actor_name(self, entry: AuditEntry) -> str:
        return str(entry.actor) if entry.actor is not None else ""
