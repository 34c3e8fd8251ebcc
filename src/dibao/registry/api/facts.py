"""What the programs beside 低保 read: members' legal supporters and self-care assessments, and
households' rigid spending. Supporters and rigid spending work as incomes do (list by household,
read, add, replace, change, delete); an assessment is history, added or deleted, never changed."""

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from dibao.accounts.models import User
from dibao.accounts.staff import staff
from dibao.core.api.fields import AmountField, IdField
from dibao.core.api.permissions import StaffWithArea, roles_may_write
from dibao.core.api.references import resolve
from dibao.core.api.serializers import StrictInput
from dibao.core.api.views import StaffViewSet, validated
from dibao.core.roles import REGISTRY_WRITERS

from .. import selectors, services
from ..inputs import RigidSpendingData, SupporterData
from ..models import (
    Activity,
    CareAssessment,
    Household,
    Member,
    RigidSpending,
    RigidSpendingKind,
    Supporter,
    SupporterRelation,
)
from .fields import MaskedIdNumberField
from .means import DatedRecordViewSet, _documented
from .members import HouseholdFilterQuery

NO_SUCH_MEMBER = _("There is no member with this id in your area.")


def _member(user: User, member_id: Any) -> Member:
    return resolve("member", lambda: selectors.member_get(user, member_id), NO_SUCH_MEMBER)


class SupporterOutput(serializers.ModelSerializer):
    household = serializers.IntegerField(source="member.household_id", read_only=True)
    id_number_masked = MaskedIdNumberField()
    in_register = serializers.SerializerMethodField(help_text="The supporter is a member of the register.")

    class Meta:
        model = Supporter
        fields = [
            "id",
            "household",
            "member",
            "name",
            "id_number_masked",
            "relation",
            "able",
            "note",
            "in_register",
        ]
        read_only_fields = fields

    def get_in_register(self, supporter: Supporter) -> bool:
        return supporter.supporter_member_id is not None


class SupporterInput(StrictInput):
    member = IdField(help_text="The member supported; a supporter is moved only within the household.")
    name = serializers.CharField(allow_blank=True)
    id_number = serializers.CharField(allow_blank=True)
    relation = serializers.ChoiceField(choices=SupporterRelation.choices)
    able = serializers.BooleanField(help_text="Able to support; when not, the note says why.")
    note = serializers.CharField(required=False, allow_blank=True)


class SupporterCreateInput(SupporterInput):
    member = IdField(help_text="The member supported.")


@_documented(SupporterOutput, SupporterInput, SupporterCreateInput)
class SupporterViewSet(DatedRecordViewSet[SupporterData]):
    """Legal supporters (法定赡养、抚养、扶养义务人) of members, inside or outside the register, with
    their capacity to support. ID numbers are masked."""

    queryset = Supporter.objects.none()  # for the schema's path parameter only
    output = SupporterOutput
    record_input = SupporterInput
    create_input = SupporterCreateInput

    def visible(self, user: User) -> QuerySet[Supporter]:
        return selectors.visible_supporters(user).select_related("member").order_by("member_id", "id")

    def filtered(self, records: QuerySet[Any], household: int) -> QuerySet[Any]:
        return records.filter(member__household_id=household)

    def get_one(self, user: User, pk: Any) -> Supporter:
        return selectors.supporter_get(user, pk)

    def create(self, request: Request) -> Response:
        user = staff(request)
        data = validated(self.create_input, request.data)
        member = _member(user, data["member"])
        data["member"] = member
        supporter = services.supporter_add(household=member.household, data=data, actor=user)
        return Response(self.output(supporter).data, status=status.HTTP_201_CREATED)

    def add(self, household: Household, data: SupporterData, user: User) -> Supporter:
        return services.supporter_add(household=household, data=data, actor=user)

    def change(self, record: Supporter, data: SupporterData, user: User) -> Supporter:
        return services.supporter_update(supporter=record, data=data, actor=user)

    def remove(self, record: Supporter, user: User) -> None:
        services.supporter_delete(supporter=record, actor=user)


class RigidSpendingOutput(serializers.ModelSerializer):
    amount = AmountField(read_only=True)

    class Meta:
        model = RigidSpending
        fields = ["id", "household", "member", "kind", "amount", "spent_on", "note"]
        read_only_fields = fields


class RigidSpendingInput(StrictInput):
    member = IdField(
        required=False, allow_null=True, min_value=1, help_text="Empty for the household as a whole."
    )
    kind = serializers.ChoiceField(choices=RigidSpendingKind.choices)
    amount = AmountField(
        column=RigidSpending._meta.get_field("amount"), help_text="Amount in yuan, to the fen, more than 0."
    )
    spent_on = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True)


class RigidSpendingCreateInput(RigidSpendingInput):
    household = IdField()


@_documented(RigidSpendingOutput, RigidSpendingInput, RigidSpendingCreateInput)
class RigidSpendingViewSet(DatedRecordViewSet[RigidSpendingData]):
    """Rigid spending of a household (medical after insurance, education, rehabilitation): what
    the 刚性支出困难 test adds up over the twelve months before the month assessed."""

    queryset = RigidSpending.objects.none()  # for the schema's path parameter only
    output = RigidSpendingOutput
    record_input = RigidSpendingInput
    create_input = RigidSpendingCreateInput

    def visible(self, user: User) -> QuerySet[RigidSpending]:
        return selectors.visible_rigid_spending(user).order_by("household_id", "-spent_on", "id")

    def get_one(self, user: User, pk: Any) -> RigidSpending:
        return selectors.rigid_spending_get(user, pk)

    def add(self, household: Household, data: RigidSpendingData, user: User) -> RigidSpending:
        return services.rigid_spending_add(household=household, data=data, actor=user)

    def change(self, record: RigidSpending, data: RigidSpendingData, user: User) -> RigidSpending:
        return services.rigid_spending_update(spending=record, data=data, actor=user)

    def remove(self, record: RigidSpending, user: User) -> None:
        services.rigid_spending_delete(spending=record, actor=user)


class CareAssessmentOutput(serializers.ModelSerializer):
    household = serializers.IntegerField(source="member.household_id", read_only=True)
    failed = serializers.ListField(child=serializers.ChoiceField(choices=Activity.choices), read_only=True)

    class Meta:
        model = CareAssessment
        fields = [
            "id",
            "household",
            "member",
            "assessed_on",
            "failed",
            "activities_failed",
            "level",
            "assessor",
            "note",
        ]
        read_only_fields = fields


class CareAssessmentInput(StrictInput):
    member = IdField(help_text="The member assessed.")
    assessed_on = serializers.DateField()
    failed = serializers.ListField(
        child=serializers.ChoiceField(choices=Activity.choices),
        required=False,
        help_text="The activities the person cannot do alone; the level follows from their count.",
    )
    assessor = serializers.CharField(allow_blank=True)
    note = serializers.CharField(required=False, allow_blank=True)


class CareAssessmentViewSet(StaffViewSet):
    """Self-care assessments (生活自理能力评估) of members on six activities, newest first. An
    assessment is history: a new one is added, a mistaken one deleted; the latest by date counts."""

    queryset = CareAssessment.objects.none()  # for the schema's path parameter only
    permission_classes = [StaffWithArea, roles_may_write(REGISTRY_WRITERS)]

    @extend_schema(parameters=[HouseholdFilterQuery], responses=CareAssessmentOutput(many=True))
    def list(self, request: Request) -> Response:
        query = validated(HouseholdFilterQuery, request.query_params)
        records = selectors.visible_care_assessments(staff(request))
        if query.get("household"):
            records = records.filter(member__household_id=query["household"])
        page = self.paginate_queryset(records.select_related("member").order_by("-assessed_on", "-id"))
        return self.get_paginated_response(CareAssessmentOutput(page, many=True).data)

    @extend_schema(responses=CareAssessmentOutput)
    def retrieve(self, request: Request, pk: int) -> Response:
        return Response(CareAssessmentOutput(selectors.care_assessment_get(staff(request), pk)).data)

    @extend_schema(request=CareAssessmentInput, responses={201: CareAssessmentOutput})
    def create(self, request: Request) -> Response:
        user = staff(request)
        data = validated(CareAssessmentInput, request.data)
        member = _member(user, data["member"])
        data["member"] = member
        assessment = services.care_assessment_add(household=member.household, data=data, actor=user)
        return Response(CareAssessmentOutput(assessment).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={204: None})
    def destroy(self, request: Request, pk: int) -> Response:
        user = staff(request)
        services.care_assessment_delete(assessment=selectors.care_assessment_get(user, pk), actor=user)
        return Response(status=status.HTTP_204_NO_CONTENT)
