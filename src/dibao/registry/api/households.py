"""Households: list and search, read with members, create with the head, change, status, audit trail."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from dibao.accounts.staff import staff
from dibao.areas.models import Area
from dibao.areas.selectors import community_for
from dibao.core.api.fields import AccountField
from dibao.core.api.permissions import StaffWithArea, roles_may, roles_may_write
from dibao.core.api.references import resolve
from dibao.core.api.serializers import StrictInput
from dibao.core.api.views import StaffViewSet, validated
from dibao.core.roles import AUDIT_READERS, REGISTRY_WRITERS

from .. import selectors, services
from ..models import Household, HouseholdStatus, Member, UrbanRural
from ..selectors import HouseholdFilters
from .audit import AuditEntryOutput
from .fields import MaskedIdNumberField
from .members import MemberOutput, PersonInput
from .partial import HOUSEHOLD_PAIRS, with_stored_partners

NO_SUCH_COMMUNITY = _("There is no community with this code in your area.")
NO_SUCH_AREA = _("There is no area with this code in your area.")


class HeadOutput(serializers.ModelSerializer):
    id_number_masked = MaskedIdNumberField()

    class Meta:
        model = Member
        fields = ["id", "name", "id_number_masked"]
        read_only_fields = fields


class HouseholdOutput(serializers.ModelSerializer):
    community: "serializers.SlugRelatedField[Area]" = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    community_name = serializers.CharField(source="community.name", read_only=True)
    bank_account = AccountField(help_text="Whole for the street and the county, who pay; `…0001` otherwise.")
    head = serializers.SerializerMethodField()
    size = serializers.SerializerMethodField()

    class Meta:
        model = Household
        fields = [
            "id",
            "number",
            "community",
            "community_name",
            "address",
            "phone",
            "urban_rural",
            "bank_name",
            "bank_account",
            "status",
            "head",
            "size",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    # A list row carries `heads` and `size` from `household_list`; a single household carries its
    # members prefetched (`household_with_members`). Either way no query per row.
    @extend_schema_field(HeadOutput(allow_null=True))
    def get_head(self, household: Household) -> Any:
        heads = getattr(household, "heads", None)
        if heads is None:
            heads = [member for member in household.members.all() if member.is_head]
        return HeadOutput(heads[0], context=self.context).data if heads else None

    def get_size(self, household: Household) -> int:
        if hasattr(household, "size"):
            return household.size or 0
        return len(household.members.all())


class HouseholdDetailOutput(HouseholdOutput):
    members = MemberOutput(many=True, read_only=True)

    class Meta(HouseholdOutput.Meta):
        fields = [*HouseholdOutput.Meta.fields, "members"]
        read_only_fields = fields


class HouseholdListQuery(serializers.Serializer):
    q = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=100,
        help_text="A name or its pinyin (zs, zhangsan), a whole ID number or its last 4 to 6 characters, "
        "part of an address, a household number.",
    )
    area = serializers.CharField(
        required=False, allow_blank=True, help_text="The code of a county, street or community."
    )
    status = serializers.ChoiceField(choices=HouseholdStatus.choices, required=False, allow_blank=True)
    urban_rural = serializers.ChoiceField(choices=UrbanRural.choices, required=False, allow_blank=True)


class HouseholdInput(StrictInput):
    """A household's own fields; their rules are the services' (registry.validation)."""

    address = serializers.CharField(allow_blank=True)
    phone = serializers.CharField(required=False, allow_blank=True)
    urban_rural = serializers.ChoiceField(choices=UrbanRural.choices)
    bank_name = serializers.CharField(required=False, allow_blank=True)
    bank_account = serializers.CharField(required=False, allow_blank=True)


class HouseholdCreateInput(HouseholdInput):
    community = serializers.CharField(help_text="The 12-digit code of the household's community.")
    head = PersonInput(help_text="The head of household (relation 本人).")


class StatusInput(StrictInput):
    status = serializers.ChoiceField(choices=HouseholdStatus.choices)
    note = serializers.CharField(required=False, allow_blank=True)


class HouseholdViewSet(StaffViewSet):
    """Households in the caller's area. ID numbers are masked (see members' reveal-id); bank
    accounts are whole only for those who pay (core.disclosure)."""

    # For the schema's path parameter only; every read goes through the selectors.
    queryset = Household.objects.none()
    permission_classes = [StaffWithArea, roles_may_write(REGISTRY_WRITERS)]

    def _detail(self, request: Request, pk: Any) -> dict[str, Any]:
        household = selectors.household_with_members(staff(request), pk)
        return HouseholdDetailOutput(household, context={"request": request}).data

    @extend_schema(parameters=[HouseholdListQuery], responses=HouseholdOutput(many=True))
    def list(self, request: Request) -> Response:
        query = validated(HouseholdListQuery, request.query_params)
        filters = HouseholdFilters(
            query=query.get("q", ""),
            area_code=query.get("area", ""),
            status=query.get("status", ""),
            urban_rural=query.get("urban_rural", ""),
        )
        households = resolve("area", lambda: selectors.household_list(staff(request), filters), NO_SUCH_AREA)
        page = self.paginate_queryset(households)
        output = HouseholdOutput(page, many=True, context={"request": request})
        return self.get_paginated_response(output.data)

    @extend_schema(responses=HouseholdDetailOutput)
    def retrieve(self, request: Request, pk: int) -> Response:
        return Response(self._detail(request, pk))

    @extend_schema(request=HouseholdCreateInput, responses={201: HouseholdDetailOutput})
    def create(self, request: Request) -> Response:
        user = staff(request)
        data = validated(HouseholdCreateInput, request.data)
        code, head = data.pop("community"), data.pop("head")
        community = resolve("community", lambda: community_for(user, code), NO_SUCH_COMMUNITY)
        household = services.household_create(community=community, data=data, head=head, actor=user)
        return Response(self._detail(request, household.pk), status=status.HTTP_201_CREATED)

    @extend_schema(request=HouseholdInput(partial=True), responses=HouseholdDetailOutput)
    def partial_update(self, request: Request, pk: int) -> Response:
        user = staff(request)
        household = selectors.household_get(user, pk)
        data = with_stored_partners(
            validated(HouseholdInput, request.data, partial=True), household, HOUSEHOLD_PAIRS
        )
        services.household_update(household=household, data=data, actor=user)
        return Response(self._detail(request, pk))

    @extend_schema(request=StatusInput, responses=HouseholdDetailOutput)
    @action(detail=True, methods=["post"], url_path="status")
    def set_status(self, request: Request, pk: int) -> Response:
        user = staff(request)
        household = selectors.household_get(user, pk)
        data = validated(StatusInput, request.data)
        services.household_set_status(
            household=household, status=data["status"], note=data.get("note", ""), actor=user
        )
        return Response(self._detail(request, pk))

    @extend_schema(responses=AuditEntryOutput(many=True))
    @action(
        detail=True,
        methods=["get"],
        url_path="audit",
        permission_classes=[StaffWithArea, roles_may(AUDIT_READERS | REGISTRY_WRITERS)],
    )
    def audit(self, request: Request, pk: int) -> Response:
        user = staff(request)
        household = selectors.household_get(user, pk)
        page = self.paginate_queryset(selectors.household_audit_trail(user, household))
        return self.get_paginated_response(AuditEntryOutput(page, many=True).data)
