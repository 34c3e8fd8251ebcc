"""The outreach API: the county's services, registrations for them (list, one, record, a step)
and job referrals (list, one, record, the outcome), each limited to the caller's area, ID numbers
masked."""

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from dibao.accounts.staff import staff
from dibao.areas.selectors import area_for
from dibao.core.api.fields import AmountField, IdField, IdNumberField, NamedChoiceField
from dibao.core.api.permissions import StaffWithArea, roles_may, roles_may_write
from dibao.core.api.serializers import StrictInput
from dibao.core.api.views import StaffViewSet, validated
from dibao.core.errors import DomainError

from . import selectors, services
from .access import READERS, WRITERS
from .models import Entry, EntryState, Referral, ReferralKind, ReferralOutcome, Service


class ServiceOutput(serializers.ModelSerializer):
    county = serializers.CharField(source="county.code")
    steps = serializers.ListField(child=serializers.CharField())

    class Meta:
        model = Service
        fields = ["id", "county", "code", "name", "office", "steps", "community_delivers", "active", "notes"]
        read_only_fields = fields


class _Person(serializers.Serializer):
    person = serializers.IntegerField(source="member_id", read_only=True)
    name = serializers.CharField(source="member.name", read_only=True)
    id_number = IdNumberField(source="member.id_number")
    household = serializers.IntegerField(source="household_id", read_only=True)
    household_number = serializers.CharField(source="household.number", read_only=True)
    community = serializers.CharField(source="community.code", read_only=True)
    community_name = serializers.CharField(source="community.name", read_only=True)


class EntryOutput(_Person, serializers.ModelSerializer):
    service = serializers.CharField(source="service.code", read_only=True)
    service_name = serializers.CharField(source="service.name", read_only=True)
    step_name = serializers.CharField(read_only=True)
    state = NamedChoiceField(EntryState, enum_name="ServiceEntryStateEnum", read_only=True)

    class Meta:
        model = Entry
        fields = [
            "id",
            "service",
            "service_name",
            "person",
            "name",
            "id_number",
            "household",
            "household_number",
            "community",
            "community_name",
            "registered_on",
            "step",
            "step_name",
            "step_on",
            "state",
            "outcome",
            "note",
        ]
        read_only_fields = fields


class ReferralOutput(_Person, serializers.ModelSerializer):
    kind = NamedChoiceField(ReferralKind, read_only=True)
    outcome = NamedChoiceField(ReferralOutcome, read_only=True)
    wage = AmountField(read_only=True, allow_null=True)
    review = serializers.IntegerField(source="review_id", read_only=True, allow_null=True)

    class Meta:
        model = Referral
        fields = [
            "id",
            "person",
            "name",
            "id_number",
            "household",
            "household_number",
            "community",
            "community_name",
            "kind",
            "employer",
            "job",
            "referred_on",
            "outcome",
            "outcome_on",
            "start_on",
            "wage",
            "disregard_months",
            "review",
            "note",
        ]
        read_only_fields = fields


class ServiceViewSet(StaffViewSet):
    """The county's services a community registers people for (the county edits them on its page)."""

    queryset = Service.objects.none()
    permission_classes = [StaffWithArea, roles_may(READERS)]

    @extend_schema(responses=ServiceOutput(many=True))
    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(selectors.visible_services(staff(request)).order_by("code", "id"))
        return self.get_paginated_response(ServiceOutput(page, many=True).data)

    @extend_schema(responses=ServiceOutput)
    def retrieve(self, request: Request, pk: int) -> Response:
        return Response(ServiceOutput(selectors.service_get(staff(request), pk)).data)


class EntryQuery(serializers.Serializer):
    service = serializers.CharField(required=False, allow_blank=True, help_text="A service's code.")
    area = serializers.CharField(required=False, allow_blank=True, help_text="An area's code.")
    state = NamedChoiceField(EntryState, enum_name="ServiceEntryStateEnum", required=False, allow_blank=True)


class EntryInput(StrictInput):
    service = serializers.CharField(max_length=24, help_text="The service's code.")
    person = IdField(help_text="A current member of the register in the caller's area.")
    registered_on = serializers.CharField(
        max_length=30, required=False, allow_blank=True, help_text="YYYY-MM-DD; empty: today."
    )
    note = serializers.CharField(max_length=300, required=False, allow_blank=True)


class EntryStepInput(StrictInput):
    step = serializers.IntegerField(
        min_value=0, max_value=100, help_text="The step reached, 0 being the first."
    )
    on = serializers.CharField(
        max_length=30, required=False, allow_blank=True, help_text="YYYY-MM-DD; empty: today."
    )
    outcome = serializers.CharField(max_length=200, required=False, allow_blank=True)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True)


def _member(user: Any, pk: Any) -> Any:
    try:
        return selectors.person(user, member_id=pk, field="person")
    except DomainError as exc:
        raise serializers.ValidationError(
            {"person": [str(m) for m in exc.errors.get("person", [])]}
        ) from None


class EntryViewSet(StaffViewSet):
    """People registered for the county's services, in the caller's area: newest first."""

    queryset = Entry.objects.none()
    permission_classes = [StaffWithArea, roles_may(READERS), roles_may_write(WRITERS)]

    @extend_schema(parameters=[EntryQuery], responses=EntryOutput(many=True))
    def list(self, request: Request) -> Response:
        user = staff(request)
        query = validated(EntryQuery, request.query_params)
        service = selectors.service_by_code(user, query["service"]) if query.get("service") else None
        area = area_for(user, query["area"]) if query.get("area") else None
        rows = selectors.entries(user, service=service, area=area, state=query.get("state") or "")
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(EntryOutput(page, many=True, context={"request": request}).data)

    @extend_schema(responses=EntryOutput)
    def retrieve(self, request: Request, pk: int) -> Response:
        entry = selectors.entry_get(staff(request), pk)
        return Response(EntryOutput(entry, context={"request": request}).data)

    @extend_schema(request=EntryInput, responses={201: EntryOutput})
    def create(self, request: Request) -> Response:
        user = staff(request)
        data = validated(EntryInput, request.data)
        try:
            service = selectors.service_by_code(user, data["service"])
        except DomainError:
            raise serializers.ValidationError({"service": ["No such service in your county."]}) from None
        member = _member(user, data["person"])
        entry = services.entry_register(
            service=service,
            member=member,
            data={"registered_on": data.get("registered_on"), "note": data.get("note")},
            actor=user,
        )
        body = EntryOutput(selectors.entry_get(user, entry.pk), context={"request": request}).data
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=EntryStepInput, responses=EntryOutput, summary="Record a later step of a registration"
    )
    @action(detail=True, methods=["post"], url_path="step")
    def step(self, request: Request, pk: int) -> Response:
        user = staff(request)
        entry = selectors.entry_get(user, pk)
        data = validated(EntryStepInput, request.data)
        services.entry_step(entry=entry, data=data, actor=user)
        return Response(EntryOutput(selectors.entry_get(user, pk), context={"request": request}).data)


class ReferralQuery(serializers.Serializer):
    area = serializers.CharField(required=False, allow_blank=True, help_text="An area's code.")
    outcome = NamedChoiceField(ReferralOutcome, required=False, allow_blank=True)
    year = serializers.IntegerField(
        required=False, min_value=2000, max_value=2100, help_text="Referred in this year."
    )


class ReferralInput(StrictInput):
    person = IdField(help_text="A current member of the register in the caller's area.")
    kind = NamedChoiceField(ReferralKind)
    employer = serializers.CharField(max_length=100)
    job = serializers.CharField(max_length=60, required=False, allow_blank=True)
    referred_on = serializers.CharField(
        max_length=30, required=False, allow_blank=True, help_text="YYYY-MM-DD; empty: today."
    )
    note = serializers.CharField(max_length=300, required=False, allow_blank=True)


class ReferralOutcomeInput(StrictInput):
    outcome = NamedChoiceField(
        [(o.value, o.label) for o in (ReferralOutcome.HIRED, ReferralOutcome.NOT_TAKEN)],
        enum_name="ReferralOutcomeRecordedEnum",
    )
    start_on = serializers.CharField(
        max_length=30, required=False, allow_blank=True, help_text="Hired: YYYY-MM-DD, not after today."
    )
    wage = serializers.CharField(
        max_length=30, required=False, allow_blank=True, help_text="Hired: the monthly wage, yuan."
    )
    note = serializers.CharField(max_length=300, required=False, allow_blank=True)


class ReferralViewSet(StaffViewSet):
    """People referred to an employer or a job fair, in the caller's area: newest first. A job
    taken (`outcome`) puts the wage on the register and reports a receiving household's change."""

    queryset = Referral.objects.none()
    permission_classes = [StaffWithArea, roles_may(READERS), roles_may_write(WRITERS)]

    @extend_schema(parameters=[ReferralQuery], responses=ReferralOutput(many=True))
    def list(self, request: Request) -> Response:
        user = staff(request)
        query = validated(ReferralQuery, request.query_params)
        area = area_for(user, query["area"]) if query.get("area") else None
        rows = selectors.referrals(
            user, area=area, outcome=query.get("outcome") or "", year=query.get("year")
        )
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(ReferralOutput(page, many=True, context={"request": request}).data)

    @extend_schema(responses=ReferralOutput)
    def retrieve(self, request: Request, pk: int) -> Response:
        referral = selectors.referral_get(staff(request), pk)
        return Response(ReferralOutput(referral, context={"request": request}).data)

    @extend_schema(request=ReferralInput, responses={201: ReferralOutput})
    def create(self, request: Request) -> Response:
        user = staff(request)
        data = validated(ReferralInput, request.data)
        member = _member(user, data.pop("person"))
        referral = services.referral_record(member=member, data=data, actor=user)
        body = ReferralOutput(selectors.referral_get(user, referral.pk), context={"request": request}).data
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=ReferralOutcomeInput, responses=ReferralOutput, summary="Record a referral's outcome"
    )
    @action(detail=True, methods=["post"], url_path="outcome")
    def outcome(self, request: Request, pk: int) -> Response:
        user = staff(request)
        referral = selectors.referral_get(user, pk)
        data = validated(ReferralOutcomeInput, request.data)
        services.referral_outcome(referral=referral, data=data, actor=user)
        return Response(ReferralOutput(selectors.referral_get(user, pk), context={"request": request}).data)
