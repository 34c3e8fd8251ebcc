"""Fields of the register's serializers: ID numbers masked, ages."""

import datetime
from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from dibao.core import disclosure
from dibao.core.api.fields import IdNumberField


class MaskedIdNumberField(IdNumberField):
    """A member's ID number, `210204********123X` (core.disclosure). The whole number comes from
    the audited reveal action and nowhere else."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(source="id_number", **kwargs)


@extend_schema_field(OpenApiTypes.INT)
class AgeField(serializers.Field):
    """Age in whole years today (Asia/Shanghai). The birth date itself is not shown: with it, a
    masked ID number would be whole again (core.disclosure.age_of)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(read_only=True, source="birth_date", **kwargs)

    def to_representation(self, value: datetime.date) -> int:
        return disclosure.age_of(value)
