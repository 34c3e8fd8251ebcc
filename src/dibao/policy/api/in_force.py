"""What applies to an area in a month: its standards and rules, each with the area it comes from."""

from typing import Any, cast

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from dibao.accounts.staff import staff
from dibao.areas.models import Area
from dibao.areas.selectors import area_for
from dibao.core.api.fields import AmountField, MonthField
from dibao.core.api.references import resolve
from dibao.core.api.views import validated
from dibao.core.months import this_month
from dibao.registry.models import UrbanRural

from ..selectors import in_force
from .common import NO_SUCH_AREA, StaffAPIView
from .standards import RulesOutput


class AreaMonthQuery(serializers.Serializer):
    area = serializers.CharField(
        required=False, allow_blank=True, help_text="An area the caller sees; their own when not given."
    )
    month = MonthField(
        required=False, help_text="YYYY-MM; this month when not given (an empty value is refused)."
    )


class StandardInForceOutput(serializers.Serializer):
    amount = AmountField(help_text="Monthly amount per person, yuan.")
    area = serializers.CharField(source="area_name", help_text="The name of the area that set it.")
    since = MonthField(source="valid_from", help_text="The month it was set from.")


class StandardsInForceOutput(serializers.Serializer):
    urban = StandardInForceOutput(allow_null=True, help_text="null: no urban standard in force.")
    rural = StandardInForceOutput(allow_null=True, help_text="null: no rural standard in force.")


class RulesInForceOutput(RulesOutput):
    # The national defaults are no stored version: no id, area or months.
    id = serializers.IntegerField(read_only=True, allow_null=True, help_text="null: the national defaults.")
    area: "serializers.SlugRelatedField[Area]" = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True
    )
    area_name = serializers.CharField(source="area.name", read_only=True, allow_null=True)
    valid_from = MonthField(read_only=True, allow_null=True)
    created_at = serializers.DateTimeField(read_only=True, allow_null=True)

    class Meta(RulesOutput.Meta):
        pass


class InForceOutput(serializers.Serializer):
    area = serializers.CharField(help_text="The code of the area asked about.")
    area_name = serializers.CharField()
    month = MonthField()
    standards = StandardsInForceOutput()
    rules_area = serializers.CharField(
        allow_null=True, help_text="The name of the area whose rules apply; null: the national defaults."
    )
    rules = RulesInForceOutput()


class InForceView(StaffAPIView):
    """The standards and the rules in force for an area in a month (an area without its own
    follows its street's, then its county's; rules set nowhere are the national defaults)."""

    @extend_schema(parameters=[AreaMonthQuery], responses=InForceOutput)
    def get(self, request: Request) -> Response:
        user = staff(request)
        query = validated(AreaMonthQuery, request.query_params)
        code = (
            query.get("area") or cast(Area, user.area).code
        )  # `StaffWithArea` lets no user without an area in
        area = resolve("area", lambda: area_for(user, code), NO_SUCH_AREA)
        month = query.get("month") or this_month()
        context = in_force(area, month).context
        body: dict[str, Any] = {
            "area": area.code,
            "area_name": area.name,
            "month": f"{month:%Y-%m}",
            "standards": {
                kind: StandardInForceOutput(context.standards[kind]).data
                if kind in context.standards
                else None
                for kind in UrbanRural.values
            },
            "rules_area": context.rules_area,
            "rules": RulesInForceOutput(context.rules).data,
        }
        return Response(body)
