"""Fields of the register's serializers: ID numbers masked, ages."""

import datetime
from typing import Any

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from dibao.core import idnumbers


@extend_schema_field(OpenApiTypes.STR)
class MaskedIdNumberField(serializers.Field):
    """`210204********123X`: lists and records show the area and the last four only. The whole
    number comes from the audited reveal action and nowhere else."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(read_only=True, source="id_number", **kwargs)

    def to_representation(self, value: Any) -> str:
        return idnumbers.mask(str(value))


@extend_schema_field(OpenApiTypes.INT)
class AgeField(serializers.Field):
    """Age in whole years today (Asia/Shanghai). The birth date itself is not shown: with it, a
    masked ID number would be whole again but for three digits."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(read_only=True, source="birth_date", **kwargs)

    def to_representation(self, value: datetime.date) -> int:
        today = timezone.localdate()
        return today.year - value.year - ((today.month, today.day) < (value.month, value.day))
