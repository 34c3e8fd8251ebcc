"""Standards and rules: the versions the caller may see (their area's, those below it and those
above it that reach it), and a new version from a month, set by the county."""

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from dibao.accounts.models import User
from dibao.accounts.staff import staff
from dibao.areas.models import Area
from dibao.core.api.fields import AmountField, CountField, MonthField, NamedChoiceField
from dibao.core.api.permissions import StaffWithArea, roles_may_write
from dibao.core.api.serializers import StrictInput
from dibao.core.api.views import StaffViewSet, validated
from dibao.core.errors import NotFound
from dibao.core.roles import POLICY_EDITORS
from dibao.core.scoping import within_area
from dibao.registry.models import IncomeItem, UrbanRural

from .. import selectors, services
from ..models import (
    AddOnBasis,
    AddOnCriterion,
    BenefitMode,
    DeductionBasis,
    RoundingMethod,
    RoundingUnit,
    Rules,
    Standard,
    StopMonthPay,
)
from ..validation import PER_PERSON, RULE_FIELDS
from .common import ClassAmountsField, DecimalText, policy_area

AREA_HELP = "The code of the area that sets it (the county, a street or a community)."
LIST_AREA_HELP = "Only versions set by this area or an area below it (a code the caller may see, or above)."


class StandardOutput(serializers.ModelSerializer):
    area: "serializers.SlugRelatedField[Area]" = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    area_name = serializers.CharField(source="area.name", read_only=True)
    amount = AmountField(read_only=True, help_text="Monthly amount per person, yuan.")
    valid_from = MonthField(read_only=True)
    valid_to = MonthField(read_only=True, allow_null=True, help_text="The last month; null: open-ended.")

    class Meta:
        model = Standard
        fields = ["id", "area", "area_name", "kind", "amount", "valid_from", "valid_to", "note", "created_at"]
        read_only_fields = fields


class StandardCreatedOutput(StandardOutput):
    recalculation = serializers.IntegerField(
        read_only=True,
        allow_null=True,
        help_text="The recalculation opened for the receiving households whose amount would change "
        "(confirm or discard it under recalculations/); null when no amount changes.",
    )

    class Meta(StandardOutput.Meta):
        fields = [*StandardOutput.Meta.fields, "recalculation"]
        read_only_fields = fields


class StandardListQuery(serializers.Serializer):
    area = serializers.CharField(required=False, allow_blank=True, help_text=LIST_AREA_HELP)
    kind = serializers.ChoiceField(choices=UrbanRural.choices, required=False, allow_blank=True)


class StandardInput(StrictInput):
    area = serializers.CharField(help_text=AREA_HELP)
    kind = serializers.ChoiceField(choices=UrbanRural.choices)
    amount = AmountField(column=PER_PERSON, help_text="Monthly amount per person, yuan, more than zero.")
    valid_from = MonthField(help_text="The first month; after the start of every version before it.")
    note = serializers.CharField(required=False, allow_blank=True, max_length=200)


class AddOnOutput(serializers.Serializer):
    criterion = serializers.ChoiceField(choices=AddOnCriterion.choices)
    basis = serializers.ChoiceField(choices=AddOnBasis.choices)
    value = DecimalText(help_text="Yuan (fixed) or a percentage of the standard (standard_share).")


class RulesOutput(serializers.ModelSerializer):
    area: "serializers.SlugRelatedField[Area]" = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    area_name = serializers.CharField(source="area.name", read_only=True)
    valid_from = MonthField(read_only=True)
    valid_to = MonthField(read_only=True, allow_null=True, help_text="The last month; null: open-ended.")
    excluded_items = serializers.ListField(
        child=NamedChoiceField(IncomeItem),
        read_only=True,
        help_text="The income items the means test does not count.",
    )
    urban_benefit_mode = NamedChoiceField(BenefitMode, read_only=True)
    rural_benefit_mode = NamedChoiceField(BenefitMode, read_only=True)
    deduction_value = DecimalText(read_only=True, help_text="A percentage, or yuan (deduction_basis fixed).")
    class_amounts = ClassAmountsField(read_only=True)
    add_ons = AddOnOutput(many=True, read_only=True)
    minimum_per_person = AmountField(read_only=True)
    near_poverty_multiple = DecimalText(read_only=True)

    class Meta:
        model = Rules
        fields = ["id", "area", "area_name", "valid_from", "valid_to", "note", *RULE_FIELDS, "created_at"]
        read_only_fields = fields


class RulesListQuery(serializers.Serializer):
    area = serializers.CharField(required=False, allow_blank=True, help_text=LIST_AREA_HELP)


class AddOnInput(StrictInput):
    criterion = serializers.ChoiceField(choices=AddOnCriterion.choices)
    basis = serializers.ChoiceField(choices=AddOnBasis.choices, required=False, help_text="Default fixed.")
    value = AmountField(
        column=PER_PERSON, help_text="Yuan (fixed) or a percentage of the standard (standard_share)."
    )


def _rules_column(name: str) -> Any:
    return Rules._meta.get_field(name)


def _optional_count(name: str, help_text: str, *, allow_null: bool = False) -> serializers.IntegerField:
    return CountField(column=_rules_column(name), required=False, allow_null=allow_null, help_text=help_text)


class RulesInput(StrictInput):
    """A whole rule set from a month. Fields not sent take the national defaults (not the values
    in force): to change one value, send the others as `policy/in-force/` answers them."""

    area = serializers.CharField(help_text=AREA_HELP)
    valid_from = MonthField(help_text="The first month; after the start of every version before it.")
    note = serializers.CharField(required=False, allow_blank=True, max_length=200)
    excluded_items = serializers.ListField(
        child=serializers.CharField(), required=False, help_text="Income item codes not counted."
    )
    deduction_basis = serializers.ChoiceField(choices=DeductionBasis.choices, required=False)
    deduction_value = AmountField(
        column=_rules_column("deduction_value"),
        required=False,
        help_text="A percentage (0–100), or yuan when fixed.",
    )
    new_job_disregard_months = _optional_count(
        "new_job_disregard_months", "Months a new job's wages are not counted."
    )
    financial_asset_months = _optional_count(
        "financial_asset_months",
        "Deposits and securities allowed per person, in months of the standard; null: no limit.",
        allow_null=True,
    )
    vehicle_rule = serializers.BooleanField(required=False)
    max_homes = _optional_count("max_homes", "Most homes allowed; null: no limit.", allow_null=True)
    business_rule = serializers.BooleanField(required=False)
    urban_benefit_mode = NamedChoiceField(BenefitMode, required=False)
    rural_benefit_mode = NamedChoiceField(BenefitMode, required=False)
    class_amounts = serializers.DictField(
        child=serializers.DictField(child=AmountField(column=PER_PERSON)),
        required=False,
        help_text='Per urban/rural and class (A, B, C): {"urban": {"A": "420", "B": "360", "C": "300"}}; '
        "every class of a kind whose mode is not gap needs one.",
    )
    add_ons = AddOnInput(many=True, required=False)
    minimum_per_person = AmountField(column=_rules_column("minimum_per_person"), required=False)
    rounding_unit = serializers.ChoiceField(choices=RoundingUnit.choices, required=False)
    rounding_method = serializers.ChoiceField(choices=RoundingMethod.choices, required=False)
    review_months_first = _optional_count(
        "review_months_first", "Months between reviews, management class 1."
    )
    review_months_second = _optional_count(
        "review_months_second", "Months between reviews, management class 2."
    )
    review_months_third = _optional_count(
        "review_months_third", "Months between reviews, management class 3."
    )
    single_person_enabled = serializers.BooleanField(required=False)
    near_poverty_multiple = AmountField(
        column=_rules_column("near_poverty_multiple"),
        required=False,
        help_text="The near-poverty line ÷ the standard.",
    )
    notice_days = _optional_count("notice_days", "Days of the public notice.")
    decision_working_days = _optional_count("decision_working_days", "Working days to decide an application.")
    extension_working_days = _optional_count("extension_working_days", "Working days an extension adds.")
    appraisal_required = serializers.BooleanField(required=False)
    street_decides = serializers.BooleanField(required=False)
    gradual_exit_months = _optional_count("gradual_exit_months", "Months of gradual exit.")
    review_approval_threshold = AmountField(
        column=_rules_column("review_approval_threshold"),
        required=False,
        help_text="A review's raise or lower above this (yuan) needs the street's approval.",
    )
    stop_month_pay = serializers.ChoiceField(
        choices=StopMonthPay.choices, required=False, help_text="How the month a stop takes effect is paid."
    )
    resume_back_pay = serializers.BooleanField(required=False)


def _in_area(rows: QuerySet[Any], user: User, code: str) -> QuerySet[Any]:
    if not code:
        return rows
    return within_area(rows, policy_area(user, code), "area__code")


class StandardViewSet(StaffViewSet):
    """Dibao standards (低保标准): the monthly line per person, urban or rural, from a month.

    Read only here: setting one opens a recalculation, so `benefits.api.StandardViewSet` adds it."""

    queryset = Standard.objects.none()  # for the schema's path parameter only
    permission_classes = [StaffWithArea, roles_may_write(POLICY_EDITORS)]

    @extend_schema(parameters=[StandardListQuery], responses=StandardOutput(many=True))
    def list(self, request: Request) -> Response:
        user = staff(request)
        query = validated(StandardListQuery, request.query_params)
        rows = _in_area(selectors.visible_standards(user), user, query.get("area", ""))
        if query.get("kind"):
            rows = rows.filter(kind=query["kind"])
        page = self.paginate_queryset(rows.order_by("area__code", "kind", "-valid_from", "-id"))
        return self.get_paginated_response(StandardOutput(page, many=True).data)

    @extend_schema(responses=StandardOutput)
    def retrieve(self, request: Request, pk: int) -> Response:
        standard = selectors.visible_standards(staff(request)).filter(pk=pk).first()
        if standard is None:
            raise NotFound()
        return Response(StandardOutput(standard).data)


class RulesViewSet(StaffViewSet):
    """Policy rules: everything else the means test and the benefit read, versioned by month.

    An area without its own rules follows its parent's; none anywhere: the national defaults."""

    queryset = Rules.objects.none()  # for the schema's path parameter only
    permission_classes = [StaffWithArea, roles_may_write(POLICY_EDITORS)]

    @extend_schema(parameters=[RulesListQuery], responses=RulesOutput(many=True))
    def list(self, request: Request) -> Response:
        user = staff(request)
        query = validated(RulesListQuery, request.query_params)
        rows = _in_area(selectors.visible_rules(user), user, query.get("area", ""))
        page = self.paginate_queryset(rows.order_by("area__code", "-valid_from", "-id"))
        return self.get_paginated_response(RulesOutput(page, many=True).data)

    @extend_schema(responses=RulesOutput)
    def retrieve(self, request: Request, pk: int) -> Response:
        rules = selectors.visible_rules(staff(request)).filter(pk=pk).first()
        if rules is None:
            raise NotFound()
        return Response(RulesOutput(rules).data)

    @extend_schema(request=RulesInput, responses={201: RulesOutput})
    def create(self, request: Request) -> Response:
        user = staff(request)
        data = validated(RulesInput, request.data)
        area = policy_area(user, data.pop("area"))
        rules = services.rules_set(area=area, data=data, actor=user)  # not sent: the national default
        return Response(RulesOutput(rules).data, status=status.HTTP_201_CREATED)
