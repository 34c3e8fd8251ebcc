"""Fields shared by the apps' serializers."""

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from dibao.core import disclosure


# Documented as the string it is answered as; a JSON number is accepted on input too.
@extend_schema_field({"type": "string", "format": "decimal", "example": "1234.50"})
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


def _viewer(field: serializers.Field) -> Any:
    """The user the answer is for: the serializer's request's. Without one, numbers are masked."""
    user = getattr(field.context.get("request"), "user", None)
    return user if user is not None else disclosure.NOBODY


@extend_schema_field(OpenApiTypes.STR)
class IdNumberField(serializers.Field):
    """An ID number as an API answer shows it (core.disclosure): `210204********123X` for every
    role. The whole number comes from the audited reveal action and nowhere else."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value: Any) -> str:
        return disclosure.id_number_for(_viewer(self), str(value or ""), disclosure.Use.SCREEN)


@extend_schema_field(OpenApiTypes.STR)
class AccountField(serializers.Field):
    """A bank account as the caller sees it (core.disclosure): whole for those who pay (street,
    county), `…0001` for anyone else — and for an answer built without its request."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value: Any) -> str:
        return disclosure.account_for(_viewer(self), str(value or ""), disclosure.Use.SCREEN)
