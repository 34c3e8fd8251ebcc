"""The complaints API, /api/v1/complaints/: list (filters, overdue), one with its timeline, intake,
and each step (accept, transfer, assign, investigate, extend, notes, find, reply, review, correct,
close). Limited to the caller's area, never showing a complaint about the caller; the complainant
masked as `complainant.py` says."""

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from dibao.accounts.staff import staff
from dibao.areas.selectors import area_for
from dibao.core.api.fields import IdField, NamedChoiceField
from dibao.core.api.permissions import StaffWithArea, roles_may
from dibao.core.api.serializers import StrictInput
from dibao.core.api.views import StaffViewSet, validated
from dibao.core.disclosure import NOBODY
from dibao.core.errors import DomainError

from . import selectors, services
from .access import READERS, RECEIVERS
from .complainant import complainant_for
from .models import Channel, Complaint, Finding, Kind, ReplyMethod, State, SubjectKind

CHANNEL = "ComplaintChannelEnum"
KIND = "ComplaintKindEnum"
STATE = "ComplaintStateEnum"


class ComplainantOutput(serializers.Serializer):
    anonymous = serializers.BooleanField()
    name = serializers.CharField(help_text="Whole for its owner, the street and the county; else masked.")
    phone = serializers.CharField(help_text="Whole for its owner, the street and the county; else masked.")
    id_number = serializers.CharField(help_text="Masked for every role.")


@extend_schema_field(ComplainantOutput)
class ComplainantField(serializers.Field):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value: Complaint) -> dict[str, Any]:
        user = getattr(self.context.get("request"), "user", None)
        shown = complainant_for(user if user is not None else NOBODY, value)
        return {
            "anonymous": shown.anonymous,
            "name": shown.name,
            "phone": shown.phone,
            "id_number": shown.id_number,
        }


class ComplaintOutput(serializers.ModelSerializer):
    channel = NamedChoiceField(Channel, enum_name=CHANNEL, read_only=True)
    kind = NamedChoiceField(Kind, enum_name=KIND, read_only=True)
    subject_kind = NamedChoiceField(SubjectKind, enum_name="ComplaintSubjectEnum", read_only=True)
    state = NamedChoiceField(State, enum_name=STATE, read_only=True)
    finding = NamedChoiceField(Finding, enum_name="ComplaintFindingEnum", read_only=True, allow_blank=True)
    reply_method = NamedChoiceField(
        ReplyMethod, enum_name="ComplaintReplyMethodEnum", read_only=True, allow_blank=True
    )
    complainant = ComplainantField()
    household = serializers.IntegerField(source="household_id", read_only=True, allow_null=True)
    household_number = serializers.SerializerMethodField()
    worker = serializers.CharField(source="worker.username", read_only=True, allow_null=True, default=None)
    application = serializers.IntegerField(source="application_id", read_only=True, allow_null=True)
    review = serializers.IntegerField(source="review_id", read_only=True, allow_null=True)
    area = serializers.CharField(source="area.code", read_only=True)
    area_name = serializers.CharField(source="area.name", read_only=True)
    owner = serializers.CharField(source="owner.username", read_only=True, allow_null=True, default=None)
    overdue = serializers.SerializerMethodField()
    resulting_review = serializers.IntegerField(source="resulting_review_id", read_only=True, allow_null=True)

    class Meta:
        model = Complaint
        fields = [
            "id",
            "channel",
            "kind",
            "received_on",
            "complainant",
            "subject_kind",
            "household",
            "household_number",
            "worker",
            "application",
            "review",
            "area",
            "area_name",
            "summary",
            "state",
            "owner",
            "accept_due_on",
            "accepted_on",
            "transferred_on",
            "transferred_to",
            "handle_due_on",
            "extended",
            "extension_reason",
            "due_on",
            "overdue",
            "finding",
            "finding_text",
            "found_on",
            "reply_method",
            "reply_text",
            "replied_on",
            "resulting_review",
            "correction",
            "closed_on",
            "version",
        ]
        read_only_fields = fields

    def get_household_number(self, obj: Complaint) -> str:
        return obj.household.number if obj.household_id and obj.household else ""

    def get_overdue(self, obj: Complaint) -> bool:
        return obj.is_open and obj.due_on is not None and obj.due_on < timezone.localdate()


class ComplaintStepOutput(serializers.Serializer):
    at = serializers.DateTimeField()
    action = serializers.CharField()
    step_name = serializers.CharField()
    by = serializers.CharField(allow_null=True)
    from_state = serializers.CharField()
    to_state = serializers.CharField()
    note = serializers.CharField()
    file = serializers.BooleanField(help_text="The note has an evidence file (downloaded on its page).")


class ComplaintDetailOutput(ComplaintOutput):
    timeline = serializers.SerializerMethodField()

    class Meta(ComplaintOutput.Meta):
        fields = [*ComplaintOutput.Meta.fields, "timeline"]
        read_only_fields = fields

    @extend_schema_field(ComplaintStepOutput(many=True))
    def get_timeline(self, obj: Complaint) -> list[dict[str, Any]]:
        return [
            {
                "at": step.at,
                "action": step.action,
                "step_name": step.label,
                "by": str(step.actor) if step.actor else None,
                "from_state": step.from_state,
                "to_state": step.to_state,
                "note": step.note,
                "file": bool(step.file),
            }
            for step in selectors.timeline(obj)
        ]


class ComplaintQuery(serializers.Serializer):
    area = serializers.CharField(required=False, allow_blank=True, help_text="An area's code.")
    state = NamedChoiceField(State, enum_name=STATE, required=False, allow_blank=True)
    channel = NamedChoiceField(Channel, enum_name=CHANNEL, required=False, allow_blank=True)
    kind = NamedChoiceField(Kind, enum_name=KIND, required=False, allow_blank=True)
    overdue = serializers.BooleanField(
        required=False, default=False, help_text="Still open past the deadline."
    )
    mine = serializers.BooleanField(required=False, default=False, help_text="Those the caller handles.")


class JsonFlag(serializers.BooleanField):
    """A JSON true or false only: a string or a number is refused, as the schema says."""

    def to_internal_value(self, data: Any) -> bool:
        if isinstance(data, bool):
            return data
        self.fail("invalid", input=data)


class ComplaintInput(StrictInput):
    channel = NamedChoiceField(Channel, enum_name=CHANNEL)
    kind = NamedChoiceField(Kind, enum_name=KIND)
    received_on = serializers.CharField(
        max_length=30, required=False, allow_blank=True, help_text="YYYY-MM-DD; empty: today."
    )
    anonymous = JsonFlag(required=False, default=False)
    complainant_name = serializers.CharField(max_length=60, required=False, allow_blank=True)
    complainant_phone = serializers.CharField(max_length=30, required=False, allow_blank=True)
    complainant_id_number = serializers.CharField(max_length=30, required=False, allow_blank=True)
    subject_kind = NamedChoiceField(SubjectKind, enum_name="ComplaintSubjectEnum", required=False)
    household = IdField(required=False, help_text="A household of the caller's area (about a household).")
    worker = serializers.CharField(
        max_length=150, required=False, allow_blank=True, help_text="A user name of the caller's county."
    )
    application = IdField(required=False, help_text="An application of the caller's area (about a decision).")
    review = IdField(required=False, help_text="A review of the caller's area (about a decision).")
    area = serializers.CharField(
        max_length=12,
        required=False,
        allow_blank=True,
        help_text="An area's code, when about something else.",
    )
    summary = serializers.CharField(max_length=2000)


class OwnerInput(StrictInput):
    owner = serializers.CharField(max_length=150, required=False, allow_blank=True, help_text="A user name.")
    version = serializers.IntegerField(required=False, min_value=1, help_text="The version the caller saw.")


class TransferInput(StrictInput):
    transferred_to = serializers.CharField(max_length=100)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True)
    version = serializers.IntegerField(required=False, min_value=1)


class ReasonInput(StrictInput):
    reason = serializers.CharField(max_length=300)
    version = serializers.IntegerField(required=False, min_value=1)


class VersionInput(StrictInput):
    version = serializers.IntegerField(required=False, min_value=1)


class ComplaintNoteInput(StrictInput):
    text = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    file = serializers.FileField(required=False, help_text="At most 20 MB; send multipart/form-data.")


class FindInput(StrictInput):
    finding = NamedChoiceField(Finding, enum_name="ComplaintFindingEnum")
    finding_text = serializers.CharField(max_length=2000)
    version = serializers.IntegerField(required=False, min_value=1)


class ReplyInput(StrictInput):
    reply_method = NamedChoiceField(ReplyMethod, enum_name="ComplaintReplyMethodEnum")
    reply_text = serializers.CharField(max_length=2000)
    version = serializers.IntegerField(required=False, min_value=1)


class CorrectionInput(StrictInput):
    correction = serializers.CharField(max_length=2000)


def _on_field(name: str, exc: DomainError) -> serializers.ValidationError:
    return serializers.ValidationError({name: [str(m) for msgs in exc.errors.values() for m in msgs]})


class ComplaintViewSet(StaffViewSet):
    """Complaints, reports and petitions of the caller's area, newest first."""

    queryset = Complaint.objects.none()
    permission_classes = [StaffWithArea, roles_may(READERS)]

    def _detail(self, request: Request, pk: Any) -> dict[str, Any]:
        complaint = selectors.complaint_get(staff(request), pk)
        return dict(ComplaintDetailOutput(complaint, context={"request": request}).data)

    @extend_schema(parameters=[ComplaintQuery], responses=ComplaintOutput(many=True))
    def list(self, request: Request) -> Response:
        user = staff(request)
        query = validated(ComplaintQuery, request.query_params)
        area = area_for(user, query["area"]) if query.get("area") else None
        rows = selectors.complaints(
            user,
            area=area,
            state=query.get("state") or "",
            channel=query.get("channel") or "",
            kind=query.get("kind") or "",
            overdue=query.get("overdue", False),
            mine=query.get("mine", False),
            today=timezone.localdate(),
        )
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(
            ComplaintOutput(page, many=True, context={"request": request}).data
        )

    @extend_schema(responses=ComplaintDetailOutput)
    def retrieve(self, request: Request, pk: int) -> Response:
        return Response(self._detail(request, pk))

    @extend_schema(request=ComplaintInput, responses={201: ComplaintDetailOutput})
    def create(self, request: Request) -> Response:
        user: Any = staff(request)
        if user.role not in RECEIVERS:
            self.permission_denied(request)
        data = validated(ComplaintInput, request.data)
        found: dict[str, Any] = {}
        try:
            if data.get("household"):
                found["household"] = selectors.household_for(user, pk=data["household"])
            if data.get("worker"):
                found["worker"] = selectors.worker_for(user, data["worker"])
            if data.get("application"):
                found["application"] = selectors.application_for(user, data["application"])
            if data.get("review"):
                found["review"] = selectors.review_for(user, data["review"])
        except DomainError as exc:
            raise serializers.ValidationError(exc.messages()) from None
        if data.get("area"):
            found["area"] = area_for(user, data["area"])
        fields = ("channel", "kind", "received_on", "anonymous", "complainant_name", "complainant_phone")
        values: Any = {
            name: data.get(name) for name in (*fields, "complainant_id_number", "subject_kind", "summary")
        }
        complaint = services.complaint_receive(data=values, actor=user, **found)
        return Response(self._detail(request, complaint.pk), status=status.HTTP_201_CREATED)

    def _owner(self, request: Request, name: str) -> Any:
        try:
            return selectors.owner_for(staff(request), name)
        except DomainError as exc:
            raise _on_field("owner", exc) from None

    @extend_schema(
        request=OwnerInput, responses=ComplaintDetailOutput, summary="Accept, naming who handles it"
    )
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: int) -> Response:
        user: Any = staff(request)
        complaint = selectors.complaint_get(user, pk)
        data = validated(OwnerInput, request.data)
        owner = self._owner(request, data["owner"]) if data.get("owner") else None
        services.complaint_accept(complaint=complaint, owner=owner, actor=user, version=data.get("version"))
        return Response(self._detail(request, pk))

    @extend_schema(
        request=TransferInput, responses=ComplaintDetailOutput, summary="Transfer to the body it belongs to"
    )
    @action(detail=True, methods=["post"])
    def transfer(self, request: Request, pk: int) -> Response:
        user: Any = staff(request)
        complaint = selectors.complaint_get(user, pk)
        data = validated(TransferInput, request.data)
        services.complaint_transfer(
            complaint=complaint,
            to=data["transferred_to"],
            note=data.get("note", ""),
            actor=user,
            version=data.get("version"),
        )
        return Response(self._detail(request, pk))

    @extend_schema(request=OwnerInput, responses=ComplaintDetailOutput, summary="Name who handles it")
    @action(detail=True, methods=["post"])
    def assign(self, request: Request, pk: int) -> Response:
        user: Any = staff(request)
        complaint = selectors.complaint_get(user, pk)
        data = validated(OwnerInput, request.data)
        owner = self._owner(request, data.get("owner") or "")
        services.complaint_assign(complaint=complaint, owner=owner, actor=user, version=data.get("version"))
        return Response(self._detail(request, pk))

    @extend_schema(request=VersionInput, responses=ComplaintDetailOutput, summary="Begin the investigation")
    @action(detail=True, methods=["post"])
    def investigate(self, request: Request, pk: int) -> Response:
        user: Any = staff(request)
        complaint = selectors.complaint_get(user, pk)
        data = validated(VersionInput, request.data)
        services.complaint_investigate(complaint=complaint, actor=user, version=data.get("version"))
        return Response(self._detail(request, pk))

    @extend_schema(request=ReasonInput, responses=ComplaintDetailOutput, summary="Extend the deadline, once")
    @action(detail=True, methods=["post"])
    def extend(self, request: Request, pk: int) -> Response:
        user: Any = staff(request)
        complaint = selectors.complaint_get(user, pk)
        data = validated(ReasonInput, request.data)
        services.complaint_extend(
            complaint=complaint, reason=data["reason"], actor=user, version=data.get("version")
        )
        return Response(self._detail(request, pk))

    @extend_schema(
        request={"multipart/form-data": ComplaintNoteInput, "application/json": ComplaintNoteInput},
        responses={201: ComplaintDetailOutput},
        summary="Add an investigation note, with an evidence file",
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser, JSONParser])
    def notes(self, request: Request, pk: int) -> Response:
        user: Any = staff(request)
        complaint = selectors.complaint_get(user, pk)
        data = validated(ComplaintNoteInput, request.data)
        services.note_add(complaint=complaint, text=data.get("text", ""), file=data.get("file"), actor=user)
        return Response(self._detail(request, pk), status=status.HTTP_201_CREATED)

    @extend_schema(request=FindInput, responses=ComplaintDetailOutput, summary="Record the finding")
    @action(detail=True, methods=["post"])
    def find(self, request: Request, pk: int) -> Response:
        user: Any = staff(request)
        complaint = selectors.complaint_get(user, pk)
        data = validated(FindInput, request.data)
        services.complaint_find(
            complaint=complaint,
            finding=data["finding"],
            text=data["finding_text"],
            actor=user,
            version=data.get("version"),
        )
        return Response(self._detail(request, pk))

    @extend_schema(request=ReplyInput, responses=ComplaintDetailOutput, summary="Record the reply")
    @action(detail=True, methods=["post"])
    def reply(self, request: Request, pk: int) -> Response:
        user: Any = staff(request)
        complaint = selectors.complaint_get(user, pk)
        data = validated(ReplyInput, request.data)
        services.complaint_reply(
            complaint=complaint,
            method=data["reply_method"],
            text=data["reply_text"],
            actor=user,
            version=data.get("version"),
        )
        return Response(self._detail(request, pk))

    @extend_schema(request=None, responses=ComplaintDetailOutput, summary="Open a review of the household")
    @action(detail=True, methods=["post"])
    def review(self, request: Request, pk: int) -> Response:
        user: Any = staff(request)
        complaint = selectors.complaint_get(user, pk)
        services.complaint_open_review(complaint=complaint, actor=user)
        return Response(self._detail(request, pk))

    @extend_schema(request=CorrectionInput, responses=ComplaintDetailOutput, summary="Record the correction")
    @action(detail=True, methods=["post"])
    def correct(self, request: Request, pk: int) -> Response:
        user: Any = staff(request)
        complaint = selectors.complaint_get(user, pk)
        data = validated(CorrectionInput, request.data)
        services.complaint_correct(complaint=complaint, text=data["correction"], actor=user)
        return Response(self._detail(request, pk))

    @extend_schema(request=VersionInput, responses=ComplaintDetailOutput, summary="Close the complaint")
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: int) -> Response:
        user: Any = staff(request)
        complaint = selectors.complaint_get(user, pk)
        data = validated(VersionInput, request.data)
        services.complaint_close(complaint=complaint, actor=user, version=data.get("version"))
        return Response(self._detail(request, pk))
