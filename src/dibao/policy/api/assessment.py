"""One household's assessment for a month, with its explanation in the caller's language."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from dibao.accounts.staff import staff
from dibao.core.api.fields import AmountField, IdField, MonthField
from dibao.core.api.views import validated
from dibao.core.errors import DomainError
from dibao.core.months import this_month
from dibao.registry.models import Household, Member, UrbanRural
from dibao.registry.selectors import household_get

from ..assessment import assess
from ..engine import explanation as ex
from ..models import BenefitClass, ManagementClass
from ..presentation import assessment_json
from .common import StaffAPIView

NOT_ASSESSABLE = (
    "The household cannot be assessed at all (no member to cover, no standard in force, the person "
    'chosen for single-person inclusion not a member): the error shape with code "not_assessable" and '
    "the reason, in the caller's language, under `__all__`."
)


class AssessmentQuery(serializers.Serializer):
    month = MonthField(
        required=False, help_text="YYYY-MM; this month when not given (an empty value is refused)."
    )
    single_member = IdField(
        required=False,
        help_text="A member's id: assess that person alone (单人保) rather than the whole household.",
    )


class AssessedIncomeOutput(serializers.Serializer):
    member = serializers.IntegerField(allow_null=True, help_text="null: the household's as a whole.")
    name = serializers.CharField()
    counted = AmountField()
    excluded = AmountField()
    disregarded = AmountField()
    deduction = AmountField()


class AssessmentOutput(serializers.Serializer):
    household = serializers.CharField(help_text="The household's number.")
    month = MonthField()
    assessable = serializers.BooleanField(help_text="Always true here (see the 400 answer).")
    eligible = serializers.BooleanField()
    reasons = serializers.ListField(child=serializers.CharField(), help_text="Why not eligible.")
    covered_members = serializers.IntegerField()
    single_member = serializers.IntegerField(allow_null=True)
    urban_rural = serializers.ChoiceField(choices=UrbanRural.choices)
    standard = AmountField()
    standard_area = serializers.CharField(help_text="The name of the area whose standard applies.")
    rules_area = serializers.CharField(allow_null=True, help_text="null: the national default rules.")
    incomes = AssessedIncomeOutput(many=True)
    counted_income = AmountField()
    excluded_income = AmountField()
    deductions = AmountField()
    per_capita_income = AmountField()
    gap = AmountField()
    benefit_class = serializers.ChoiceField(choices=BenefitClass.choices)
    benefit_class_label = serializers.CharField()
    member_classes = serializers.DictField(
        child=serializers.ChoiceField(choices=BenefitClass.choices), help_text="By member id."
    )
    add_ons = AmountField()
    before_rounding = AmountField()
    monthly_amount = AmountField()
    management_class = serializers.ChoiceField(choices=ManagementClass.choices)
    management_class_label = serializers.CharField()
    review_months = serializers.IntegerField()
    next_review = serializers.DateField()
    explanation = serializers.ListField(child=serializers.CharField(), help_text="Line by line.")


class HouseholdAssessmentView(StaffAPIView):
    """The means test and the benefit of a household for a month, with every reason and the
    explanation line by line, in the language of the request."""

    queryset = Household.objects.none()  # for the schema's path parameter only

    @extend_schema(
        parameters=[AssessmentQuery],
        responses={200: AssessmentOutput, 400: OpenApiResponse(description=NOT_ASSESSABLE)},
    )
    def get(self, request: Request, pk: int) -> Response:
        household = household_get(staff(request), pk)
        query = validated(AssessmentQuery, request.query_params)
        month = query.get("month") or this_month()
        single = None
        if query.get("single_member"):
            single = Member.objects.filter(household=household, pk=query["single_member"]).first()
            if single is None:
                raise DomainError(_(ex.NOT_A_MEMBER), field="single_member")
        result = assess(household, month, single_member=single)  # NotAssessable: a 400 (the handler)
        return Response(assessment_json(result, household))
