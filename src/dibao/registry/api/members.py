"""Members: list, read, add, change, remove, and the audited reveal of a whole ID number."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from dibao.accounts.staff import staff
from dibao.core.api.fields import IdField
from dibao.core.api.permissions import StaffWithArea, roles_may_write
from dibao.core.api.references import resolve
from dibao.core.api.serializers import StrictInput
from dibao.core.api.views import StaffViewSet, validated
from dibao.core.roles import REGISTRY_WRITERS

from .. import selectors, services
from ..models import (
    DisabilityGrade,
    DisabilityType,
    Employment,
    Health,
    LabourCapacity,
    Member,
    Relation,
    UrbanRural,
)
from .fields import AgeField, MaskedIdNumberField
from .partial import MEMBER_PAIRS, with_stored_partners

NO_SUCH_HOUSEHOLD = _("There is no household with this id in your area.")


class MemberOutput(serializers.ModelSerializer):
    id_number_masked = MaskedIdNumberField()
    age = AgeField()

    class Meta:
        model = Member
        fields = [
            "id",
            "household",
            "name",
            "id_number_masked",
            "sex",
            "age",
            "relation",
            "hukou",
            "disability_type",
            "disability_grade",
            "health",
            "labour_capacity",
            "employment",
            "phone",
            "notes",
            "is_current",
        ]
        read_only_fields = fields


class PersonInput(StrictInput):
    """A person's fields. Lengths, patterns and the ID number's check digit are the services'
    rules (registry.validation); here only the shape: strings, known choices, what is required."""

    name = serializers.CharField(allow_blank=True)
    id_number = serializers.CharField(allow_blank=True)
    hukou = serializers.ChoiceField(choices=UrbanRural.choices)
    disability_type = serializers.ChoiceField(
        choices=DisabilityType.choices, required=False, allow_blank=True
    )
    disability_grade = serializers.ChoiceField(choices=DisabilityGrade.choices, required=False)
    health = serializers.ChoiceField(choices=Health.choices, required=False)
    labour_capacity = serializers.ChoiceField(choices=LabourCapacity.choices, required=False)
    employment = serializers.ChoiceField(choices=Employment.choices, required=False)
    phone = serializers.CharField(required=False, allow_blank=True)
    notes = serializers.CharField(required=False, allow_blank=True)


class MemberInput(PersonInput):
    relation = serializers.ChoiceField(choices=Relation.choices)


class MemberCreateInput(MemberInput):
    household = IdField()


class HouseholdFilterQuery(serializers.Serializer):
    household = IdField(required=False, help_text="Only the members of this household.")


class RevealedIdNumber(serializers.Serializer):
    id = serializers.IntegerField()
    id_number = serializers.CharField()


class MemberViewSet(StaffViewSet):
    """Members of the households in the caller's area. ID numbers are masked except in reveal-id."""

    # For the schema's path parameter only; every read goes through the selectors.
    queryset = Member.objects.none()
    permission_classes = [StaffWithArea, roles_may_write(REGISTRY_WRITERS)]

    @extend_schema(parameters=[HouseholdFilterQuery], responses=MemberOutput(many=True))
    def list(self, request: Request) -> Response:
        query = validated(HouseholdFilterQuery, request.query_params)
        members = selectors.visible_members(staff(request))
        if query.get("household"):
            members = members.filter(household_id=query["household"])
        page = self.paginate_queryset(members.order_by("household_id", "id"))
        return self.get_paginated_response(MemberOutput(page, many=True).data)

    @extend_schema(responses=MemberOutput)
    def retrieve(self, request: Request, pk: int) -> Response:
        return Response(MemberOutput(selectors.member_get(staff(request), pk)).data)

    @extend_schema(request=MemberCreateInput, responses={201: MemberOutput})
    def create(self, request: Request) -> Response:
        user = staff(request)
        data = validated(MemberCreateInput, request.data)
        household_id = data.pop("household")
        household = resolve(
            "household", lambda: selectors.household_get(user, household_id), NO_SUCH_HOUSEHOLD
        )
        member = services.member_add(household=household, data=data, actor=user)
        return Response(MemberOutput(member).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=MemberInput(partial=True), responses=MemberOutput)
    def partial_update(self, request: Request, pk: int) -> Response:
        user = staff(request)
        member = selectors.member_get(user, pk)
        data = with_stored_partners(validated(MemberInput, request.data, partial=True), member, MEMBER_PAIRS)
        return Response(MemberOutput(services.member_update(member=member, data=data, actor=user)).data)

    @extend_schema(responses={204: None})
    def destroy(self, request: Request, pk: int) -> Response:
        user = staff(request)
        services.member_remove(member=selectors.member_get(user, pk), actor=user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        request=None,
        responses=RevealedIdNumber,
        description="The whole ID number. Every reveal is written to the household's audit trail.",
    )
    # Not a write to the register: the roles that may reveal are the service's to decide.
    @action(detail=True, methods=["post"], url_path="reveal-id", permission_classes=[StaffWithArea])
    def reveal_id(self, request: Request, pk: int) -> Response:
        user = staff(request)
        member = selectors.member_get(user, pk)
        number = services.id_number_reveal(member=member, actor=user)
        return Response({"id": member.pk, "id_number": number})
