"""The labour API: sessions of the user's area (`GET /api/v1/labour/sessions/`, filtered by month,
group or community), one session, its attendance, and signing in (`POST …/sign-in/`: a card's
code, or the list of who is present, as on the phone's page)."""

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from dibao.accounts.staff import staff
from dibao.core.api.fields import IdField, MonthField, NamedChoiceField
from dibao.core.api.permissions import StaffWithArea, roles_may, roles_may_write
from dibao.core.api.serializers import StrictInput
from dibao.core.api.views import StaffViewSet, validated
from dibao.core.errors import DomainError
from dibao.core.months import add_months
from dibao.core.roles import LABOUR_READERS, LABOUR_WORKERS

from . import selectors, services
from .models import Presence, Session, Task


class SessionOutput(serializers.ModelSerializer):
    group = serializers.IntegerField(source="group_id")
    group_name = serializers.CharField(source="group.name")
    community = serializers.CharField(source="community.code")
    task = NamedChoiceField(Task, enum_name="LabourTaskEnum")
    present = serializers.IntegerField()

    class Meta:
        model = Session
        fields = [
            "id",
            "group",
            "group_name",
            "community",
            "date",
            "starts_at",
            "ends_at",
            "task",
            "place",
            "present",
        ]


class AttendanceOutput(serializers.Serializer):
    member = serializers.IntegerField()
    name = serializers.CharField()
    household_number = serializers.CharField()
    must = serializers.BooleanField(help_text="Must take part this month (not exempt, household receiving).")
    exempt = serializers.ListField(child=serializers.CharField(), help_text="The reasons of any exemption.")
    status = NamedChoiceField(Presence, enum_name="LabourPresenceEnum", allow_blank=True)
    reason = serializers.CharField(allow_blank=True)


class SessionQuery(serializers.Serializer):
    month = MonthField(required=False, help_text="Sessions in this month, YYYY-MM.")
    group = IdField(required=False, help_text="A group's id.")
    community = serializers.CharField(required=False, allow_blank=True, help_text="A community's code.")


class SignInInput(StrictInput):
    code = serializers.CharField(
        required=False, max_length=40, help_text="The code on the person's card (or their whole ID number)."
    )
    present = serializers.ListField(
        child=IdField(),
        required=False,
        max_length=1000,
        help_text="Every person present (member ids): the whole list, saved at once, as ticked on the page.",
    )


def _attendance(session: Session) -> list[dict[str, Any]]:
    return [
        {
            "member": row.member.pk,
            "name": row.member.name,
            "household_number": row.member.household.number,
            "must": row.obligation.must,
            "exempt": [e.label for e in row.obligation.exempt],
            "status": row.attendance.status if row.attendance else "",
            "reason": row.attendance.reason if row.attendance else "",
        }
        for row in selectors.sign_list(session)
    ]


class LabourSessionViewSet(StaffViewSet):
    """Sessions of public-welfare labour in the user's area, by date."""

    permission_classes = [StaffWithArea, roles_may(LABOUR_READERS), roles_may_write(LABOUR_WORKERS)]
    queryset = Session.objects.none()

    def _sessions(self, request: Request) -> QuerySet[Session]:
        query: dict[str, Any] = validated(SessionQuery, request.query_params)
        rows = selectors.visible_sessions(staff(request)).annotate(
            present=Count("attendance", filter=Q(attendance__status=Presence.PRESENT))
        )
        if month := query.get("month"):
            rows = rows.filter(date__gte=month, date__lt=add_months(month, 1))
        if group := query.get("group"):
            rows = rows.filter(group_id=group)
        if community := (query.get("community") or "").strip():
            rows = rows.filter(community__code=community)
        return rows.order_by("date", "starts_at", "id")

    @extend_schema(parameters=[SessionQuery], responses=SessionOutput(many=True))
    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self._sessions(request))
        return self.get_paginated_response(SessionOutput(page, many=True).data)

    @extend_schema(responses=SessionOutput)
    def retrieve(self, request: Request, pk: int) -> Response:
        found = self._one(request, pk)
        return Response(SessionOutput(found).data)

    def _one(self, request: Request, pk: int) -> Session:
        session = selectors.session_get(staff(request), pk)
        return (
            Session.objects.filter(pk=session.pk)
            .select_related("group", "community")
            .annotate(present=Count("attendance", filter=Q(attendance__status=Presence.PRESENT)))
            .get()
        )

    @extend_schema(
        responses=AttendanceOutput(many=True), summary="Who is in the session's group, and who came"
    )
    @action(detail=True, methods=["get"], url_path="attendance")
    def attendance(self, request: Request, pk: int) -> Response:
        return Response(
            AttendanceOutput(_attendance(selectors.session_get(staff(request), pk)), many=True).data
        )

    @extend_schema(
        request=SignInInput,
        responses=AttendanceOutput(many=True),
        summary="Sign people in: one by their card's code, or the whole list of who is present",
    )
    @action(detail=True, methods=["post"], url_path="sign-in")
    def sign_in(self, request: Request, pk: int) -> Response:
        user = staff(request)
        session = selectors.session_get(user, pk)
        data = validated(SignInInput, request.data)
        if ("code" in data) == ("present" in data):
            raise DomainError(_("Send either a code or the list of who is present."), field="code")
        if "code" in data:
            services.attendance_sign_code(session=session, code=data["code"], actor=user)
        else:
            services.attendance_sign_list(session=session, present=data["present"], actor=user)
        return Response(AttendanceOutput(_attendance(session), many=True).data)
