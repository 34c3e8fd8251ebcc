"""医疗救助 over the API: claims (list with filters, record, read, decide), the quote (writes
nothing, as `dibao assistance-quote`), and one-stop settlement files (uploaded as a job, listed,
read with their disputed rows). Scoped as the pages are: another area's claim or file is a 404."""

from typing import Any, cast

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from dibao.accounts.models import User
from dibao.accounts.staff import staff
from dibao.areas.models import Area
from dibao.areas.selectors import county_of
from dibao.benefits.api import ExplanationField
from dibao.core.api.fields import AmountField, IdNumberField, MonthField, NamedChoiceField
from dibao.core.api.permissions import StaffWithArea, roles_may
from dibao.core.api.serializers import StrictInput
from dibao.core.api.views import StaffViewSet, validated
from dibao.core.errors import DomainError, Forbidden
from dibao.core.jobs.api import JobOutput, accepted
from dibao.core.months import parse_date
from dibao.core.roles import REVIEW_APPROVERS, REVIEW_WORKERS, Role
from dibao.core.sheets.reader import read_upload
from dibao.policy.api.common import StaffAPIView
from dibao.policy.engine.explanation import render
from dibao.policy.programs import codes
from dibao.policy.programs.medical import INPATIENT, KINDS
from dibao.registry.api.imports import UploadField, checked_upload

from ..models import (
    ClaimState,
    MedicalClaim,
    SettlementImport,
    SettlementOutcome,
    SettlementRow,
    TreatmentKind,
)
from . import selectors
from .forms import CATEGORIES, SettlementUploadForm
from .jobs import settlement_import_start
from .quote import parse_cost, parse_kind, quote
from .services import claim_decide, claim_record

READERS = frozenset({Role.COMMUNITY, Role.STREET, Role.COUNTY, Role.AUDITOR})
SETTLEMENT_ROLES = frozenset({Role.COUNTY, Role.AUDITOR})
CATEGORY_CODES = [code for code, _label in CATEGORIES]


class ClaimOutput(serializers.ModelSerializer):
    person = serializers.IntegerField(source="member_id", read_only=True)
    name = serializers.CharField(source="member.name", read_only=True)
    id_number = IdNumberField(source="member.id_number")
    household = serializers.IntegerField(source="member.household_id", read_only=True)
    community = serializers.CharField(source="community.code", read_only=True)
    community_name = serializers.CharField(source="community.name", read_only=True)
    kind = NamedChoiceField(TreatmentKind, enum_name="TreatmentKindEnum", read_only=True)
    state = NamedChoiceField(ClaimState, enum_name="MedicalClaimStateEnum", read_only=True)
    category = serializers.CharField(
        read_only=True, help_text=f"One of {', '.join(CATEGORY_CODES)}; empty when not eligible."
    )
    total_cost = AmountField(read_only=True)
    insurance_paid = AmountField(read_only=True)
    serious_insurance_paid = AmountField(read_only=True)
    in_policy_cost = AmountField(read_only=True)
    deductible = AmountField(read_only=True)
    ratio = serializers.DecimalField(max_digits=4, decimal_places=2, read_only=True)
    amount = AmountField(read_only=True, help_text="The amount by the rules when recorded.")
    cap_left = AmountField(read_only=True)
    decided_amount = AmountField(read_only=True, allow_null=True)
    decided_by: "serializers.SlugRelatedField[User]" = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )

    class Meta:
        model = MedicalClaim
        fields = [
            "id",
            "person",
            "name",
            "id_number",
            "household",
            "community",
            "community_name",
            "hospital",
            "admitted_on",
            "discharged_on",
            "kind",
            "total_cost",
            "insurance_paid",
            "serious_insurance_paid",
            "in_policy_cost",
            "illness",
            "eligible",
            "category",
            "deductible",
            "ratio",
            "amount",
            "cap_left",
            "state",
            "decided_amount",
            "decided_at",
            "decided_by",
            "note",
            "created_at",
        ]
        read_only_fields = fields


class ClaimDetailOutput(ClaimOutput):
    explanation = ExplanationField(help_text="The calculation when recorded, line by line.")

    class Meta(ClaimOutput.Meta):
        fields = [*ClaimOutput.Meta.fields, "explanation"]
        read_only_fields = fields


def _blank_choice(choices: list[str], help_text: str) -> serializers.ChoiceField:
    return serializers.ChoiceField(choices=choices, required=False, allow_blank=True, help_text=help_text)


class ClaimListQuery(serializers.Serializer):
    state = _blank_choice(list(ClaimState.values), "Empty or absent: any.")
    category = _blank_choice(CATEGORY_CODES, "Empty or absent: any.")
    kind = _blank_choice(list(TreatmentKind.values), "Empty or absent: any.")
    month = MonthField(required=False, help_text="Admitted in this month, YYYY-MM; left out: any.")


class ClaimInput(StrictInput):
    id_number = serializers.CharField(max_length=30, help_text="The person's, in the caller's area.")
    hospital = serializers.CharField(max_length=200)
    admitted_on = serializers.CharField(max_length=30, help_text="YYYY-MM-DD, the date of treatment.")
    discharged_on = serializers.CharField(max_length=30, help_text="YYYY-MM-DD.")
    kind = serializers.CharField(max_length=30, help_text=f"One of {', '.join(KINDS)}.")
    total_cost = serializers.CharField(max_length=30, required=False, allow_blank=True, help_text="Yuan.")
    insurance_paid = serializers.CharField(max_length=30, required=False, allow_blank=True, help_text="Yuan.")
    serious_insurance_paid = serializers.CharField(
        max_length=30, required=False, allow_blank=True, help_text="Yuan."
    )
    in_policy_cost = serializers.CharField(max_length=30, help_text="In-policy personal cost, yuan.")
    illness = serializers.BooleanField(
        required=False, default=False, help_text="Recognised as impoverished by illness (因病致贫)."
    )
    note = serializers.CharField(max_length=400, required=False, allow_blank=True)


class DecisionInput(StrictInput):
    approve = serializers.BooleanField(help_text="true: approve; false: refuse.")
    amount = serializers.CharField(
        max_length=30,
        required=False,
        allow_blank=True,
        help_text="Yuan; the amount by the rules when absent. Less only with a note.",
    )
    note = serializers.CharField(max_length=400, required=False, allow_blank=True)


class ClaimViewSet(StaffViewSet):
    """医疗救助 claims: one treatment each, with the amount the rules give (counting the person's
    earlier claims of the year against the deductible and cap); decided by the street or county at
    that amount or less. An approved claim becomes a one-off grant, paid once by payroll."""

    queryset = MedicalClaim.objects.none()  # for the schema's path parameter only
    permission_classes = [StaffWithArea, roles_may(READERS)]

    @extend_schema(parameters=[ClaimListQuery], responses=ClaimOutput(many=True))
    def list(self, request: Request) -> Response:
        query = validated(ClaimListQuery, request.query_params)
        filters = selectors.ClaimFilters(
            state=query.get("state") or "",
            category=query.get("category") or "",
            kind=query.get("kind") or "",
            month=query.get("month") or None,
        )
        page = self.paginate_queryset(selectors.claim_list(staff(request), filters))
        return self.get_paginated_response(ClaimOutput(page, many=True, context={"request": request}).data)

    @extend_schema(request=ClaimInput, responses={201: ClaimDetailOutput})
    def create(self, request: Request) -> Response:
        user = cast(User, staff(request))
        if user.role not in REVIEW_WORKERS:
            raise Forbidden()
        data = validated(ClaimInput, request.data)
        selectors.person_in_area(user, data.get("id_number"))
        claim = claim_record(data=data, actor=user)
        body = ClaimDetailOutput(selectors.claim_get(user, claim.pk), context={"request": request}).data
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(responses=ClaimDetailOutput)
    def retrieve(self, request: Request, pk: int) -> Response:
        claim = selectors.claim_get(staff(request), pk)
        return Response(ClaimDetailOutput(claim, context={"request": request}).data)

    @extend_schema(request=DecisionInput, responses=ClaimDetailOutput)
    @action(detail=True, methods=["post"], url_path="decide")
    def decide(self, request: Request, pk: int) -> Response:
        user = cast(User, staff(request))
        claim = selectors.claim_get(user, pk)
        if user.role not in REVIEW_APPROVERS:
            raise Forbidden()
        data = validated(DecisionInput, request.data)
        decided = claim_decide(claim=claim, data=data, actor=user)
        return Response(
            ClaimDetailOutput(selectors.claim_get(user, decided.pk), context={"request": request}).data
        )


class QuoteInput(StrictInput):
    id_number = serializers.CharField(max_length=30, help_text="The person's, in the caller's area.")
    date = serializers.CharField(max_length=30, help_text="Date of treatment, YYYY-MM-DD.")
    in_policy_cost = serializers.CharField(max_length=30, help_text="In-policy personal cost, yuan.")
    kind = serializers.CharField(
        max_length=30, required=False, default=INPATIENT, help_text=f"One of {', '.join(KINDS)}."
    )
    illness = serializers.BooleanField(required=False, default=False, help_text="因病致贫, recognised.")


class QuoteOutput(serializers.Serializer):
    """`dibao assistance-quote --program medical --json`."""

    program = serializers.CharField()
    date = serializers.DateField()
    kind = serializers.CharField()
    in_policy_cost = serializers.CharField()
    eligible = serializers.BooleanField()
    category = serializers.CharField()
    deductible = serializers.CharField()
    ratio = serializers.CharField()
    amount = serializers.CharField()
    cap_left = serializers.CharField()
    explanation = serializers.ListField(child=serializers.CharField())


class QuoteView(StaffAPIView):
    """What 医疗救助 a person of the caller's area would receive for one treatment by the rules in
    force, counting their year so far: written nowhere (GET with a query string, or POST a body)."""

    permission_classes = [StaffWithArea, roles_may(READERS)]
    parser_classes = [JSONParser]

    def _answer(self, request: Request, data: Any) -> Response:
        user = staff(request)
        person = selectors.person_in_area(user, data.get("id_number"))
        day = parse_date(data.get("date"), "date")
        if day is None:
            raise DomainError(_("This field is required."), field="date")
        kind = parse_kind(data.get("kind") or INPATIENT)
        cost = parse_cost(data.get("in_policy_cost"), "in_policy_cost")
        result = quote(person=person, day=day, kind=kind, cost=cost, illness=bool(data.get("illness")))
        return Response(
            {
                "program": codes.MEDICAL,
                "date": day.isoformat(),
                "kind": kind,
                "in_policy_cost": f"{cost:.2f}",
                "eligible": result.eligible,
                "category": result.category,
                "deductible": f"{result.deductible:.2f}",
                "ratio": f"{result.ratio:.2f}",
                "amount": f"{result.amount:.2f}",
                "cap_left": f"{result.cap_left:.2f}",
                "explanation": render(result.lines),
            }
        )

    @extend_schema(parameters=[QuoteInput], responses=QuoteOutput, summary="Quote 医疗救助 (writes nothing)")
    def get(self, request: Request) -> Response:
        return self._answer(request, validated(QuoteInput, request.query_params))

    @extend_schema(request=QuoteInput, responses=QuoteOutput, summary="Quote 医疗救助 (writes nothing)")
    def post(self, request: Request) -> Response:
        return self._answer(request, validated(QuoteInput, request.data))


class SettlementOutput(serializers.ModelSerializer):
    county = serializers.CharField(source="county.code", read_only=True)
    month = MonthField(read_only=True)
    matched_total = AmountField(read_only=True, help_text="What the county pays the hospital.")
    disputed_total = AmountField(read_only=True)
    actor: "serializers.SlugRelatedField[User]" = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )

    class Meta:
        model = SettlementImport
        fields = [
            "id",
            "county",
            "month",
            "file_name",
            "rows",
            "matched",
            "matched_total",
            "disputed",
            "disputed_total",
            "created_at",
            "actor",
        ]
        read_only_fields = fields


class SettlementRowOutput(serializers.ModelSerializer):
    id_number = IdNumberField()
    kind = NamedChoiceField(TreatmentKind, enum_name="TreatmentKindEnum", read_only=True)
    outcome = NamedChoiceField(SettlementOutcome, enum_name="SettlementOutcomeEnum", read_only=True)
    in_policy_cost = AmountField(read_only=True)
    paid = AmountField(read_only=True, help_text="Paid by the hospital at discharge.")
    expected = AmountField(read_only=True, help_text="The amount by the rules.")

    class Meta:
        model = SettlementRow
        fields = [
            "row",
            "name",
            "id_number",
            "community_code",
            "hospital",
            "admitted_on",
            "discharged_on",
            "kind",
            "in_policy_cost",
            "paid",
            "expected",
            "category",
            "outcome",
        ]
        read_only_fields = fields


class SettlementDetailOutput(SettlementOutput):
    disputed_rows = SettlementRowOutput(
        many=True, read_only=True, help_text="Every disputed row, by row number."
    )

    class Meta(SettlementOutput.Meta):
        fields = [*SettlementOutput.Meta.fields, "disputed_rows"]
        read_only_fields = fields


class SettlementInput(StrictInput):
    month = MonthField(help_text="The month settled, YYYY-MM.")
    file = UploadField(
        help_text="The one-stop settlement file: xlsx or CSV (UTF-8 or GBK), at most the server's "
        "UPLOAD_MAX_BYTES, within its import limits (docs/operations.md)."
    )


class SettlementViewSet(StaffViewSet):
    """One-stop settlement files (一站式结算) of the caller's county: the county uploads one (a job:
    202, its `outcome` the command's `--json` document, a malformed file its refusal by row and
    column); the county and its auditors read them with their disputed rows."""

    queryset = SettlementImport.objects.none()
    permission_classes = [StaffWithArea, roles_may(SETTLEMENT_ROLES)]
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(responses=SettlementOutput(many=True))
    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(selectors.visible_settlements(staff(request)))
        return self.get_paginated_response(SettlementOutput(page, many=True).data)

    @extend_schema(responses=SettlementDetailOutput)
    def retrieve(self, request: Request, pk: int) -> Response:
        record = selectors.settlement_get(staff(request), pk)
        body = SettlementOutput(record).data
        rows = selectors.disputed_rows(record)
        body["disputed_rows"] = SettlementRowOutput(rows, many=True, context={"request": request}).data
        return Response(body)

    @extend_schema(request={"multipart/form-data": SettlementInput}, responses={202: JobOutput})
    def create(self, request: Request) -> Response:
        user = cast(User, staff(request))
        if user.role != Role.COUNTY:
            raise Forbidden()
        data = validated(SettlementInput, request.data)
        upload = checked_upload(
            SettlementUploadForm(data={"month": f"{data['month']:%Y-%m}"}, files={"file": data["file"]})
        )
        job = settlement_import_start(
            county=county_of(cast(Area, user.area)),
            month=data["month"],
            file_name=upload.name,
            content=read_upload(upload),
            actor=user,
        )
        return accepted(request, job)
