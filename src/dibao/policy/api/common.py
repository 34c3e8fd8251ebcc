"""What the policy and benefits endpoints share: a base for views outside a router, areas named in
input, and amounts to the fen."""

from decimal import Decimal
from typing import Any, cast

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import generics, serializers
from rest_framework.parsers import JSONParser
from rest_framework.renderers import JSONRenderer

from dibao.accounts.models import User
from dibao.areas.models import Area
from dibao.areas.selectors import visible_areas
from dibao.core.api.permissions import StaffWithArea
from dibao.core.api.references import resolve
from dibao.core.errors import NotFound

NO_SUCH_AREA = _("There is no area with this code in your area.")

# A JSON object of decimal strings, by urban/rural and class: {"urban": {"A": "420.00"}}.
CLASS_AMOUNTS_SCHEMA = {
    "type": "object",
    "additionalProperties": {
        "type": "object",
        "additionalProperties": {"type": "string", "format": "decimal", "example": "420.00"},
    },
    "example": {"urban": {"A": "420.00", "B": "360.00", "C": "300.00"}},
}


class StaffAPIView(generics.GenericAPIView):
    # A view outside the router, as the view sets are: logged-in staff with an area, JSON in and out.
    permission_classes = [StaffWithArea]
    parser_classes = [JSONParser]
    renderer_classes = [JSONRenderer]


def fen(value: Any) -> str:
    """An amount as the API answers it: yuan with two decimals."""
    return f"{Decimal(str(value)):.2f}"


def _policy_area(user: User, code: str) -> Area:
    """An area the user sees, or one above their own (whose policy reaches them)."""
    own = cast(Area, user.area).code  # `StaffWithArea` lets no user without an area in
    above = {own[:6]} | ({own[:9] + "000"} if len(own) == 12 else set())
    code = str(code).strip()
    area = (
        Area.objects.filter(Q(pk__in=visible_areas(user).values("id")) | Q(code__in=above))
        .filter(code=code)
        .first()
    )
    if area is None:
        raise NotFound()
    return area


def policy_area(user: User, code: str, field: str = "area") -> Area:
    """The area a request names; one the user may not know of is an input error on `field`."""
    return resolve(field, lambda: _policy_area(user, code), NO_SUCH_AREA)


@extend_schema_field({"type": "string", "format": "decimal", "example": "1.50"})
class DecimalText(serializers.Field):
    """A decimal that is not money (a share, a multiple) answered as a string with two decimals."""

    def to_representation(self, value: Any) -> str:
        return fen(value)


@extend_schema_field(CLASS_AMOUNTS_SCHEMA)
class ClassAmountsField(serializers.Field):
    def to_representation(self, value: Any) -> dict[str, dict[str, str]]:
        return {
            kind: {cls: fen(amount) for cls, amount in (classes or {}).items()}
            for kind, classes in (value or {}).items()
        }
