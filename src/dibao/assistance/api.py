"""The one-off grants API: the ledger per area with its filters, one grant, and cancelling one
(refused, with the day, when it was already sent to the bank)."""

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from dibao.accounts.staff import staff
from dibao.core.api.fields import AmountField, MonthField, NamedChoiceField
from dibao.core.api.permissions import StaffWithArea, roles_may_write
from dibao.core.api.serializers import StrictInput
from dibao.core.api.views import StaffViewSet, validated
from dibao.core.roles import Role

from . import selectors
from .models import GrantForm, GrantState, OneOffGrant
from .services.grants import one_off_grant_cancel


class GrantOutput(serializers.ModelSerializer):
    program = serializers.CharField(source="program_id")
    household = serializers.IntegerField(source="household_id")
    household_number = serializers.CharField(source="household.number")
    member = serializers.IntegerField(source="member_id", allow_null=True)
    community = serializers.CharField(source="community.code")
    amount = AmountField()
    form = NamedChoiceField(GrantForm)
    state = NamedChoiceField(GrantState)
    application = serializers.IntegerField(source="application_id", allow_null=True)

    class Meta:
        model = OneOffGrant
        fields = [
            "id",
            "program",
            "household",
            "household_number",
            "member",
            "community",
            "amount",
            "form",
            "goods",
            "kind",
            "category",
            "reason",
            "months",
            "help_first",
            "repeat_warning",
            "decided_on",
            "state",
            "exported_at",
            "cancelled_reason",
            "application",
        ]


class GrantQuery(serializers.Serializer):
    program = serializers.CharField(required=False, allow_blank=True, help_text="A one-off program's code.")
    state = NamedChoiceField(GrantState, required=False, allow_blank=True)
    month = MonthField(required=False, help_text="Decided in this month, YYYY-MM.")
    area = serializers.CharField(required=False, allow_blank=True, help_text="An area's code.")


class GrantCancelInput(StrictInput):
    reason = serializers.CharField(max_length=300, help_text="Why the grant is cancelled.")


class GrantViewSet(StaffViewSet):
    """One-off grants (临时救助, 医疗救助, …) in the user's area, newest first. The street and the
    county cancel one not yet sent to the bank."""

    permission_classes = [StaffWithArea, roles_may_write(frozenset({Role.STREET, Role.COUNTY}))]
    queryset = OneOffGrant.objects.none()

    def _grants(self, request: Request) -> QuerySet[OneOffGrant]:
        query: dict[str, Any] = validated(GrantQuery, request.query_params)
        return selectors.filtered_grants(
            staff(request),
            program=query.get("program") or None,
            state=query.get("state") or None,
            month=query.get("month"),
            area=query.get("area") or None,
        ).order_by("-decided_on", "-id")

    @extend_schema(parameters=[GrantQuery], responses=GrantOutput(many=True))
    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self._grants(request))
        return self.get_paginated_response(GrantOutput(page, many=True).data)

    @extend_schema(responses=GrantOutput)
    def retrieve(self, request: Request, pk: int) -> Response:
        return Response(GrantOutput(selectors.grant_get(staff(request), pk)).data)

    @extend_schema(
        request=GrantCancelInput,
        responses=GrantOutput,
        summary="Cancel a grant not yet sent to the bank, with the reason (street or county)",
    )
    @action(detail=True, methods=["post"], url_path="cancel")
    def cancel(self, request: Request, pk: int) -> Response:
        user = staff(request)
        grant = selectors.grant_get(user, pk)
        data = validated(GrantCancelInput, request.data)
        one_off_grant_cancel(grant=grant, reason=data["reason"], actor=user)
        return Response(GrantOutput(selectors.grant_get(user, pk)).data)
