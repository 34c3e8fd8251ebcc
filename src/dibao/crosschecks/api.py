"""The cross-checks' API: a source file imported by the county (`POST /api/v1/crosschecks/imports/`,
a job: 202, its `outcome` the rows, matches and flags; a malformed file its refusal by row and
column) and the county's imports; flags of the user's area (`GET /api/v1/crosschecks/flags/`, filtered by
state, source and area), one flag with its evidence, and working it (`POST …/dismiss/` with a
reason, `POST …/review/` to open a review of the household)."""

from typing import Any, cast

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from dibao.accounts.models import User
from dibao.accounts.staff import staff
from dibao.areas.models import Area
from dibao.areas.selectors import county_of
from dibao.core.api.fields import NamedChoiceField
from dibao.core.api.permissions import StaffWithArea, roles_may, roles_may_write
from dibao.core.api.serializers import StrictInput
from dibao.core.api.views import StaffViewSet, validated
from dibao.core.errors import Forbidden
from dibao.core.jobs.api import JobOutput, accepted
from dibao.core.sheets.reader import read_upload
from dibao.registry.api.imports import UploadField, checked_upload

from . import selectors, services
from .forms import UploadForm
from .jobs import crosscheck_start
from .models import Flag, FlagState, SourceImport, SourceKind
from .rules import IMPORTERS, READERS, WORKERS


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


class CrossCheckImportOutput(serializers.ModelSerializer):
    kind = NamedChoiceField(SourceKind, enum_name="CrossCheckSourceEnum")

    class Meta:
        model = SourceImport
        fields = ["id", "kind", "file_name", "rows", "matched", "flags", "created_at"]
        read_only_fields = fields


class CrossCheckImportInput(StrictInput):
    kind = serializers.ChoiceField(choices=SourceKind.choices, help_text="What the file is.")
    file = UploadField(
        help_text="The department's file: xlsx or CSV (UTF-8 or GBK), at most the server's "
        "UPLOAD_MAX_BYTES, within its import limits (docs/operations.md)."
    )


class CrossCheckImportViewSet(StaffViewSet):
    """Source files the caller's county imported; the county uploads one (a job)."""

    queryset = SourceImport.objects.none()
    permission_classes = [StaffWithArea, roles_may(READERS)]
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(responses=CrossCheckImportOutput(many=True))
    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(selectors.visible_imports(staff(request)))
        return self.get_paginated_response(CrossCheckImportOutput(page, many=True).data)

    @extend_schema(request={"multipart/form-data": CrossCheckImportInput}, responses={202: JobOutput})
    def create(self, request: Request) -> Response:
        user = cast(User, staff(request))
        if user.role not in IMPORTERS:
            raise Forbidden()
        data = validated(CrossCheckImportInput, request.data)
        upload = checked_upload(UploadForm(data={"kind": data["kind"]}, files={"file": data["file"]}))
        job = crosscheck_start(
            county=county_of(cast(Area, user.area)),
            kind=data["kind"],
            file_name=upload.name,
            content=read_upload(upload),
            actor=user,
        )
        return accepted(request, job)
