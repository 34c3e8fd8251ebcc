"""Disbursement batches over the API: the county's batches (its officers and auditors), one batch
and its grants, and the county's actions as POSTs, as on the page — make a batch of a program's
waiting grants, approve it (another officer), write its bank file (a job, 202)."""

from typing import Any, cast

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from dibao.accounts.models import User
from dibao.accounts.staff import staff
from dibao.areas.models import Area, Level
from dibao.core.api.fields import AccountField, AmountField, IdNumberField, NamedChoiceField
from dibao.core.api.permissions import StaffWithArea, roles_may, roles_may_write
from dibao.core.api.serializers import StrictInput
from dibao.core.api.views import StaffViewSet, validated
from dibao.core.errors import DomainError
from dibao.core.jobs.api import JobOutput, accepted

from ..models import BatchState, DisbursementBatch, GrantState, OneOffGrant
from . import selectors, services
from .jobs import batch_bank_file_start
from .views import READERS


class BatchOutput(serializers.ModelSerializer):
    county = serializers.CharField(source="county.code")
    program = serializers.CharField(source="program_id")
    state = NamedChoiceField(BatchState, enum_name="DisbursementBatchStateEnum")
    amount = AmountField()
    created_by: "serializers.SlugRelatedField[User]" = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )
    approved_by: "serializers.SlugRelatedField[User]" = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )

    class Meta:
        model = DisbursementBatch
        fields = [
            "id",
            "county",
            "program",
            "number",
            "title",
            "state",
            "households",
            "persons",
            "amount",
            "created_at",
            "created_by",
            "approved_at",
            "approved_by",
            "exported_at",
        ]


class BatchGrantOutput(serializers.ModelSerializer):
    household = serializers.IntegerField(source="household_id")
    household_number = serializers.CharField(source="household.number")
    community = serializers.CharField(source="community.code")
    head_name = serializers.CharField(help_text="The head of the household, whom the bank pays.")
    head_id_number = IdNumberField(help_text="Masked.")
    bank_account = AccountField(source="household.bank_account")
    bank_name = serializers.CharField(source="household.bank_name")
    amount = AmountField()
    state = NamedChoiceField(GrantState)

    class Meta:
        model = OneOffGrant
        fields = [
            "id",
            "household",
            "household_number",
            "community",
            "head_name",
            "head_id_number",
            "bank_account",
            "bank_name",
            "amount",
            "kind",
            "category",
            "decided_on",
            "state",
        ]


class BatchQuery(serializers.Serializer):
    program = serializers.CharField(required=False, allow_blank=True, help_text="A one-off program's code.")
    state = NamedChoiceField(
        BatchState, enum_name="DisbursementBatchStateEnum", required=False, allow_blank=True
    )


class BatchCreateInput(StrictInput):
    program = serializers.CharField(help_text="The one-off program whose waiting grants the batch pays.")
    title = serializers.CharField(
        max_length=100, required=False, allow_blank=True, help_text="Empty: the usual title."
    )


def _county(user: User) -> Area:
    area = cast(Area, user.area)
    if area.level != Level.COUNTY:
        raise DomainError(_("A disbursement batch is made for a county."), field="county")
    return area


class BatchViewSet(StaffViewSet):
    """The county's disbursement batches of one-off grants paid outside the monthly run. Its
    officers make, approve (another officer than the maker) and send them; its auditors read."""

    queryset = DisbursementBatch.objects.none()
    permission_classes = [StaffWithArea, roles_may(READERS), roles_may_write(services.BATCHERS)]

    @extend_schema(parameters=[BatchQuery], responses=BatchOutput(many=True))
    def list(self, request: Request) -> Response:
        query: dict[str, Any] = validated(BatchQuery, request.query_params)
        rows = selectors.visible_batches(staff(request))
        if query.get("program"):
            rows = rows.filter(program_id=query["program"])
        if query.get("state"):
            rows = rows.filter(state=query["state"])
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(BatchOutput(page, many=True).data)

    @extend_schema(responses=BatchOutput)
    def retrieve(self, request: Request, pk: int) -> Response:
        return Response(BatchOutput(selectors.batch_get(staff(request), pk)).data)

    @extend_schema(
        request=BatchCreateInput,
        responses={201: BatchOutput},
        summary="Make a batch of every granted, unpaid cash grant of a program the county pays in batches",
    )
    def create(self, request: Request) -> Response:
        user = cast(User, staff(request))
        data = validated(BatchCreateInput, request.data)
        batch = services.batch_create(
            county=_county(user), program=data["program"], title=data.get("title", ""), actor=user
        )
        return Response(BatchOutput(selectors.batch_get(user, batch.pk)).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        responses=BatchGrantOutput(many=True), summary="The batch's grants, in the bank file's order"
    )
    @action(detail=True, methods=["get"], url_path="grants")
    def grants(self, request: Request, pk: int) -> Response:
        user = staff(request)
        batch = selectors.batch_get(user, pk)
        page = self.paginate_queryset(selectors.batch_grants(user, batch))
        return self.get_paginated_response(
            BatchGrantOutput(page, many=True, context={"request": request}).data
        )

    @extend_schema(
        request=None,
        responses=BatchOutput,
        summary="Approve a draft batch (a county officer other than the one who made it)",
    )
    @action(detail=True, methods=["post"], url_path="approve")
    def approve(self, request: Request, pk: int) -> Response:
        user = cast(User, staff(request))
        batch = selectors.batch_get(user, pk)
        services.batch_approve(batch=batch, actor=user)
        return Response(BatchOutput(selectors.batch_get(user, pk)).data)

    @extend_schema(
        request=None,
        responses={202: JobOutput},
        summary="Write the bank file of an approved batch, as a job; its grants are then paid",
        description="A job (202): when it has succeeded, its `file_url` downloads the file (the "
        "county's bank layout, as the payroll's) and the batch is `exported`. A batch not approved "
        "is refused at once.",
    )
    @action(detail=True, methods=["post"], url_path="bank-file")
    def bank_file(self, request: Request, pk: int) -> Response:
        user = cast(User, staff(request))
        batch = selectors.batch_get(user, pk)
        return accepted(request, batch_bank_file_start(batch=batch, actor=user))
