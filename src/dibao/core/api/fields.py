"""Fields shared by the apps' serializers."""

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers


# Answered as a string; a JSON number is accepted on input too, and the schema says both.
@extend_schema_field(
    {
        "oneOf": [{"type": "string", "format": "decimal"}, {"type": "number"}],
        "example": "1234.50",
    }
)
class AmountField(serializers.Field):
    """Money in yuan: "1234.50" out; a string or a number in, read by `core.money.parse_amount` in
    the services, so that the API and the roster import accept and refuse the same amounts."""

    default_error_messages = {"invalid": _("'%(v)s' is not a number.")}

    def to_internal_value(self, data: Any) -> Any:
        # bool is an int to Python, and a list or an object is never an amount.
        if isinstance(data, bool) or not isinstance(data, str | int | float | Decimal):
            raise serializers.ValidationError(self.error_messages["invalid"] % {"v": data}, code="invalid")
        return data

    def to_representation(self, value: Any) -> str:
        return f"{Decimal(value):.2f}"
