"""Found, not waited for, through the API: `GET found/` lists who the register shows to qualify
for a categorical program and does not receive it (`direction=due`, 应享未享), or to receive one
and no longer qualify (`direction=stop`, 应退未退) — as the page and `dibao discover`."""

from typing import cast

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from dibao.accounts.staff import staff
from dibao.areas.models import Area
from dibao.areas.selectors import area_for
from dibao.core.api.fields import MonthField
from dibao.core.api.permissions import StaffWithArea, roles_may
from dibao.core.api.references import resolve
from dibao.core.api.views import validated
from dibao.core.disclosure import id_number_for
from dibao.policy.api.common import NO_SUCH_AREA, StaffAPIView

from ..discovery.rules import DUE, DUE_RULES, STOP
from ..discovery.selectors import found
from ..views.access import CASE_READERS


class FoundQuery(serializers.Serializer):
    area = serializers.CharField(
        required=False, allow_blank=True, help_text="An area's code; your own area when not given."
    )
    month = MonthField(required=False, help_text="YYYY-MM (default: this month).")
    program = serializers.ChoiceField(
        choices=list(DUE_RULES),
        required=False,
        allow_blank=True,
        help_text="One categorical program (default, or empty: every one).",
    )
    direction = serializers.ChoiceField(
        choices=[DUE, STOP],
        default=DUE,
        allow_blank=True,
        help_text=(
            "due: qualify and do not receive (应享未享); stop: receive and no longer qualify (应退未退)."
        ),
    )


class FoundRow(serializers.Serializer):
    program = serializers.CharField()
    member = serializers.IntegerField(help_text="The member's id.")
    name = serializers.CharField()
    id_number = serializers.CharField(help_text="Masked unless the caller's role sees whole numbers.")
    household = serializers.CharField(help_text="The household's number.")
    household_id = serializers.IntegerField()
    community = serializers.CharField()
    reason = serializers.CharField(help_text="Why the person was found, in words.")
    entitlement = serializers.IntegerField(allow_null=True, help_text="What is held, for a person to stop.")


class FoundOutput(serializers.Serializer):
    area = serializers.CharField()
    month = serializers.CharField()
    direction = serializers.CharField()
    count = serializers.IntegerField()
    found = FoundRow(many=True)


class FoundView(StaffAPIView):
    permission_classes = [StaffWithArea, roles_may(CASE_READERS)]

    @extend_schema(
        parameters=[FoundQuery], responses=FoundOutput, summary="Found cases (应享未享 / 应退未退)"
    )
    def get(self, request: Request) -> Response:
        user = staff(request)
        query = validated(FoundQuery, request.query_params)
        area = cast(Area, user.area)  # `StaffWithArea` lets no user without an area in
        if query.get("area"):
            area = resolve("area", lambda: area_for(user, query["area"]), NO_SUCH_AREA)
        month = query.get("month") or timezone.localdate().replace(day=1)
        direction = query.get("direction") or DUE
        rows = found(area, month, program=query.get("program"), direction=direction)
        document = {
            "area": area.code,
            "month": f"{month:%Y-%m}",
            "direction": direction,
            "count": len(rows),
            "found": [
                {
                    **row.as_dict(),
                    "id_number": id_number_for(user, row.id_number),
                    "household_id": row.household_id,
                }
                for row in rows
            ],
        }
        return Response(FoundOutput(document).data)
