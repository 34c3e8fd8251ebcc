"""Recalculations after a standard change (the county confirms or discards them) and a
household's entitlements, version by version, with the explanation in the caller's language.

A street or a community sees the recalculations that reach it, and only its own households' lines."""

from collections.abc import Iterable
from typing import Any

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from dibao.accounts.models import User
from dibao.accounts.staff import staff
from dibao.areas.models import Area
from dibao.core.api.fields import AmountField, MonthField, NamedChoiceField
from dibao.core.api.permissions import StaffWithArea, roles_may_write
from dibao.core.api.views import StaffViewSet, validated
from dibao.core.jobs.api import JobOutput, accepted
from dibao.core.roles import POLICY_EDITORS
from dibao.policy.api import standards as policy_standards
from dibao.policy.api.common import StaffAPIView
from dibao.policy.api.program_fields import program_field, program_filter
from dibao.policy.api.standards import StandardCreatedOutput, StandardInput, StandardOutput, policy_area
from dibao.policy.engine.explanation import Line, render
from dibao.registry.models import Household, Relation
from dibao.registry.selectors import household_get, visible_members

from . import selectors, services
from .jobs import recalculation_confirm_start
from .models import Entitlement, Reason, Recalculation, RecalculationLine


@extend_schema_field({"type": "array", "items": {"type": "string"}})
class ExplanationField(serializers.Field):
    """Stored lines (message ids and parameters) rendered in the language of the request."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value: Any) -> list[str]:
        return render([Line.from_json(item) for item in value or []])


class RecalculationOutput(serializers.ModelSerializer):
    area: "serializers.SlugRelatedField[Area]" = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    area_name = serializers.CharField(source="area.name", read_only=True)
    kind = serializers.CharField(source="standard.kind", read_only=True, help_text="urban or rural.")
    standard = AmountField(source="standard.amount", read_only=True, help_text="The new standard, yuan.")
    standard_id = serializers.IntegerField(read_only=True)
    month = MonthField(read_only=True, help_text="The new amounts apply from this month.")
    state = NamedChoiceField(Recalculation.State, enum_name="RecalculationStateEnum", read_only=True)
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    total_before = AmountField(read_only=True, help_text="Monthly total of the households listed, before.")
    total_after = AmountField(
        read_only=True, help_text="…after (households no longer eligible keep their amount until reviewed)."
    )
    created_by: "serializers.SlugRelatedField[User]" = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )
    decided_by: "serializers.SlugRelatedField[User]" = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )

    class Meta:
        model = Recalculation
        fields = [
            "id",
            "area",
            "area_name",
            "kind",
            "standard",
            "standard_id",
            "month",
            "state",
            "state_label",
            "households",
            "raised",
            "lowered",
            "no_longer_eligible",
            "total_before",
            "total_after",
            "created_at",
            "created_by",
            "decided_at",
            "decided_by",
        ]
        read_only_fields = fields


class RecalculationLineOutput(serializers.ModelSerializer):
    number = serializers.CharField(source="household.number", read_only=True)
    community = serializers.CharField(source="household.community.code", read_only=True)
    community_name = serializers.CharField(source="household.community.name", read_only=True)
    head = serializers.SerializerMethodField()
    amount_before = AmountField(read_only=True)
    amount_after = AmountField(read_only=True, help_text="0.00 when no longer eligible.")
    difference = serializers.SerializerMethodField()
    standard = AmountField(read_only=True)
    per_capita_income = AmountField(read_only=True)

    class Meta:
        model = RecalculationLine
        fields = [
            "household",
            "number",
            "head",
            "community",
            "community_name",
            "amount_before",
            "amount_after",
            "difference",
            "eligible",
            "persons",
            "benefit_class",
            "management_class",
            "standard",
            "per_capita_income",
            "next_review",
        ]
        read_only_fields = fields

    def get_head(self, line: RecalculationLine) -> str:
        return str(self.context.get("heads", {}).get(line.household_id, ""))

    @extend_schema_field({"type": "string", "format": "decimal", "example": "40.00"})
    def get_difference(self, line: RecalculationLine) -> str:
        return f"{line.amount_after - line.amount_before:.2f}"


class RecalculationLineDetailOutput(RecalculationLineOutput):
    explanation = ExplanationField(help_text="The new assessment, line by line.")

    class Meta(RecalculationLineOutput.Meta):
        fields = [*RecalculationLineOutput.Meta.fields, "explanation"]
        read_only_fields = fields


class RecalculationDetailOutput(RecalculationOutput):
    lines = RecalculationLineOutput(
        many=True,
        read_only=True,
        help_text="Every household of the caller's area the recalculation lists, by household number "
        "(explanations: the lines/ endpoint).",
    )

    class Meta(RecalculationOutput.Meta):
        fields = [*RecalculationOutput.Meta.fields, "lines"]
        read_only_fields = fields


class RecalculationListQuery(serializers.Serializer):
    state = NamedChoiceField(
        Recalculation.State, enum_name="RecalculationStateEnum", required=False, allow_blank=True
    )


def _heads(user: User, lines: Iterable[RecalculationLine]) -> dict[int, str]:
    """The heads' names of the lines' households, in one query."""
    ids = [line.household_id for line in lines]
    return dict(
        visible_members(user)
        .filter(household_id__in=ids, relation=Relation.SELF)
        .values_list("household_id", "name")
    )


class RecalculationViewSet(StaffViewSet):
    """Recalculations (调标复核): what a new standard does to every receiving household it reaches.
    Nothing changes until the county confirms one; then every listed eligible household gets a new
    entitlement from its month, all at once. Households no longer eligible keep their amount."""

    queryset = Recalculation.objects.none()  # for the schema's path parameter only
    permission_classes = [StaffWithArea, roles_may_write(POLICY_EDITORS)]

    @extend_schema(parameters=[RecalculationListQuery], responses=RecalculationOutput(many=True))
    def list(self, request: Request) -> Response:
        query = validated(RecalculationListQuery, request.query_params)
        rows = selectors.visible_recalculations(staff(request))
        if query.get("state"):
            rows = rows.filter(state=query["state"])
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(RecalculationOutput(page, many=True).data)

    @extend_schema(responses=RecalculationDetailOutput)
    def retrieve(self, request: Request, pk: int) -> Response:
        user = staff(request)
        recalculation = selectors.recalculation_get(user, pk)
        lines = list(selectors.recalculation_lines(user, recalculation).defer("explanation"))
        body = RecalculationOutput(recalculation).data
        body["lines"] = RecalculationLineOutput(lines, many=True, context={"heads": _heads(user, lines)}).data
        return Response(body)

    @extend_schema(responses=RecalculationLineDetailOutput(many=True))
    @action(detail=True, methods=["get"], url_path="lines")
    def lines(self, request: Request, pk: int) -> Response:
        user = staff(request)
        recalculation = selectors.recalculation_get(user, pk)
        page = self.paginate_queryset(selectors.recalculation_lines(user, recalculation))
        lines = list(page or [])
        output = RecalculationLineDetailOutput(lines, many=True, context={"heads": _heads(user, lines)})
        return self.get_paginated_response(output.data)

    @extend_schema(
        request=None,
        responses={202: JobOutput},
        description="Runs as a job (202, see docs/api.md): its `outcome` has the recalculation's new "
        "`state`. A recalculation already decided is a 400 at once.",
    )
    @action(detail=True, methods=["post"], url_path="confirm")
    def confirm(self, request: Request, pk: int) -> Response:
        user = staff(request)
        recalculation = selectors.recalculation_get(user, pk)
        return accepted(request, recalculation_confirm_start(recalculation=recalculation, actor=user))

    @extend_schema(request=None, responses=RecalculationOutput)
    @action(detail=True, methods=["post"], url_path="discard")
    def discard(self, request: Request, pk: int) -> Response:
        user = staff(request)
        recalculation = selectors.recalculation_get(user, pk)
        done = services.recalculation_discard(recalculation=recalculation, actor=user)
        return Response(RecalculationOutput(selectors.recalculation_get(user, done.pk)).data)


class EntitlementOutput(serializers.ModelSerializer):
    month_from = MonthField(read_only=True)
    month_to = MonthField(read_only=True, allow_null=True, help_text="The last month; null: open-ended.")
    void = serializers.SerializerMethodField(
        help_text="Replaced before it began: in force in no month.",
    )
    amount = AmountField(read_only=True, help_text="Monthly amount, yuan.")
    standard = AmountField(read_only=True, allow_null=True)
    per_capita_income = AmountField(read_only=True, allow_null=True)
    program = program_field(read_only=True)
    reason = NamedChoiceField(Reason, enum_name="EntitlementReasonEnum", read_only=True)
    reason_label = serializers.CharField(source="get_reason_display", read_only=True)
    explanation = ExplanationField(help_text="The assessment it was granted on, line by line.")

    class Meta:
        model = Entitlement
        fields = [
            "id",
            "program",
            "member",
            "month_from",
            "month_to",
            "void",
            "amount",
            "persons",
            "urban_rural",
            "benefit_class",
            "management_class",
            "standard",
            "per_capita_income",
            "single_member",
            "next_review",
            "reason",
            "reason_label",
            "recalculation",
            "created_at",
            "explanation",
        ]
        read_only_fields = fields

    def get_void(self, entitlement: Entitlement) -> bool:
        return entitlement.month_to is not None and entitlement.month_to < entitlement.month_from


class EntitlementQuery(serializers.Serializer):
    program = program_filter()


class HouseholdEntitlementsView(StaffAPIView):
    """A household's entitlements (what it is granted), every version, newest first."""

    queryset = Household.objects.none()  # for the schema's path parameter only

    @extend_schema(parameters=[EntitlementQuery], responses=EntitlementOutput(many=True))
    def get(self, request: Request, pk: int) -> Response:
        user = staff(request)
        household = household_get(user, pk)
        query = validated(EntitlementQuery, request.query_params)
        entitlements = selectors.entitlement_history(user, household)
        if query.get("program"):
            entitlements = entitlements.filter(program_id=query["program"])
        page = self.paginate_queryset(entitlements)
        return self.get_paginated_response(EntitlementOutput(page, many=True).data)


class StandardViewSet(policy_standards.StandardViewSet):
    """Dibao standards (低保标准): the monthly line per person, urban or rural, from a month.

    Setting one opens the recalculation of every receiving household it reaches; no amount
    changes until the county confirms it (recalculations/)."""

    @extend_schema(request=StandardInput, responses={201: StandardCreatedOutput})
    def create(self, request: Request) -> Response:
        user = staff(request)
        data = validated(StandardInput, request.data)
        area = policy_area(user, data.pop("area"))
        standard, recalculation = services.standard_change(area=area, data=data, actor=user)
        body = {
            **StandardOutput(standard).data,
            "recalculation": recalculation.pk if recalculation else None,
        }
        return Response(body, status=status.HTTP_201_CREATED)
