"""The cross-checks' API: flags of the user's area (`GET /api/v1/crosschecks/flags/`, filtered by
state, source and area), one flag with its evidence, and working it (`POST …/dismiss/` with a
reason, `POST …/review/` to open a review of the household)."""

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from dibao.accounts.staff import staff
from dibao.core.api.fields import NamedChoiceField
from dibao.core.api.permissions import StaffWithArea, roles_may, roles_may_write
from dibao.core.api.serializers import StrictInput
from dibao.core.api.views import StaffViewSet, validated

from . import selectors, services
from .models import Flag, FlagState, SourceKind
from .rules import READERS, WORKERS


class CrossCheckFlagOutput(serializers.ModelSerializer):
    kind = NamedChoiceField(SourceKind, enum_name="CrossCheckSourceEnum")
    state = NamedChoiceField(FlagState, enum_name="CrossCheckFlagStateEnum")
    household = serializers.IntegerField(source="household_id")
    household_number = serializers.CharField(source="household.number")
    member = serializers.IntegerField(source="member_id")
    name = serializers.CharField(source="member.name")
    community = serializers.CharField(source="community.code")
    evidence = serializers.DictField(
        help_text="What the department's file said: its file and row, and the values."
    )
    to_recover = serializers.DecimalField(max_digits=12, decimal_places=2)
    review = serializers.IntegerField(source="review_id", allow_null=True)

    class Meta:
        model = Flag
        fields = [
            "id",
            "kind",
            "state",
            "household",
            "household_number",
            "member",
            "name",
            "community",
            "rule",
            "rule_text",
            "evidence",
            "to_recover",
            "reason",
            "review",
            "created_at",
        ]


class FlagQuery(serializers.Serializer):
    state = serializers.ChoiceField(choices=FlagState.choices, required=False, allow_blank=True)
    kind = serializers.ChoiceField(choices=SourceKind.choices, required=False, allow_blank=True)
    community = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=12,
        help_text="An area's code: its flags and those below it.",
    )


class DismissInput(StrictInput):
    reason = serializers.CharField(max_length=300, help_text="Why the flag is dismissed.")


class CrossCheckFlagViewSet(StaffViewSet):
    """Cross-check flags of the user's area."""

    permission_classes = [StaffWithArea, roles_may(READERS), roles_may_write(WORKERS)]
    queryset = Flag.objects.none()

    def _flags(self, request: Request) -> QuerySet[Flag]:
        query: dict[str, Any] = validated(FlagQuery, request.query_params)
        return selectors.flags_filtered(
            staff(request),
            state=query.get("state") or "",
            kind=query.get("kind") or "",
            community=(query.get("community") or "").strip(),
        )

    @extend_schema(parameters=[FlagQuery], responses=CrossCheckFlagOutput(many=True))
    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self._flags(request))
        return self.get_paginated_response(CrossCheckFlagOutput(page, many=True).data)

    @extend_schema(responses=CrossCheckFlagOutput)
    def retrieve(self, request: Request, pk: int) -> Response:
        return Response(CrossCheckFlagOutput(selectors.flag_get(staff(request), pk)).data)

    @extend_schema(
        request=DismissInput, responses=CrossCheckFlagOutput, summary="Dismiss a flag with a reason"
    )
    @action(detail=True, methods=["post"], url_path="dismiss")
    def dismiss(self, request: Request, pk: int) -> Response:
        user = staff(request)
        flag = selectors.flag_get(user, pk)
        data = validated(DismissInput, request.data)
        services.flag_dismiss(flag=flag, reason=data["reason"], actor=user)
        return Response(CrossCheckFlagOutput(selectors.flag_get(user, pk)).data)

    @extend_schema(
        request=None,
        responses=CrossCheckFlagOutput,
        summary="Open a review of the household with the evidence",
    )
    @action(detail=True, methods=["post"], url_path="review")
    def review(self, request: Request, pk: int) -> Response:
        user = staff(request)
        flag = selectors.flag_get(user, pk)
        services.flag_review(flag=flag, actor=user)
        return Response(CrossCheckFlagOutput(selectors.flag_get(user, pk)).data)
