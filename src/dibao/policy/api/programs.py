"""Programs: the catalogue as the caller's area (or one it names) runs it in a month — in use or
not, under which name, on which terms — and a new version of an area's terms for a program."""

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from dibao.accounts.staff import staff
from dibao.core.api.fields import MonthField, NamedChoiceField
from dibao.core.api.permissions import StaffWithArea, roles_may_write
from dibao.core.api.serializers import StrictInput
from dibao.core.api.views import StaffViewSet, validated
from dibao.core.months import this_month
from dibao.core.roles import POLICY_EDITORS

from .. import selectors, services
from ..models import Payee, Program, ProgramKind, ProgramRules, Test
from ..programs.in_force import program_in_force, programs_in_force
from .common import policy_area

TERMS_HELP = (
    "The program's terms in force: its defaults with the area's settings over them (amounts are "
    "decimal strings). Empty for dibao, whose terms are its standards and rules."
)


class ProgramOutput(serializers.Serializer):
    code = serializers.CharField(
        source="program.code", help_text="The stable code: dibao, extreme_poverty, near_poverty, …"
    )
    name = serializers.CharField(help_text="The name the area uses (its local name, or the program's).")
    short_name = serializers.CharField(source="program.short_name")
    kind = NamedChoiceField(ProgramKind, source="program.kind")
    pays = NamedChoiceField(Payee, source="program.pays", help_text="Who is paid: the household or a person.")
    test = NamedChoiceField(Test, source="program.test")
    pays_cash = serializers.BooleanField(
        source="program.pays_cash", help_text="False for a recognised status that pays no money itself."
    )
    funding_line = serializers.CharField(source="program.funding_line")
    enabled = serializers.BooleanField(help_text="Whether the area runs it in the month.")
    terms = serializers.JSONField(help_text=TERMS_HELP)
    set_by = serializers.CharField(
        allow_null=True, help_text="The area whose terms apply; null: the national defaults."
    )


class ProgramQuery(serializers.Serializer):
    area = serializers.CharField(
        required=False, allow_blank=True, help_text="An area's code (default: the caller's own)."
    )
    month = MonthField(required=False, help_text="YYYY-MM (default: this month).")


class ProgramRulesInput(StrictInput):
    area = serializers.CharField(
        help_text="The code of the area that sets them (the county, a street or a community)."
    )
    valid_from = MonthField(help_text="The first month; after the start of every version before it.")
    enabled = serializers.BooleanField(
        required=False, help_text="Whether the area runs the program (default: yes)."
    )
    local_name = serializers.CharField(required=False, allow_blank=True, max_length=40)
    terms = serializers.JSONField(
        required=False, help_text="Only the terms the area changes; the rest keep the program's defaults."
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=200)


class ProgramRulesOutput(serializers.ModelSerializer):
    area = serializers.CharField(source="area.code")
    program = serializers.CharField(source="program.code")
    valid_from = MonthField()
    valid_to = MonthField(allow_null=True)

    class Meta:
        model = ProgramRules
        fields = ["id", "area", "program", "valid_from", "valid_to", "enabled", "local_name", "terms", "note"]
        read_only_fields = fields


def _where(request: Request) -> tuple[Any, Any]:
    user = staff(request)
    query = validated(ProgramQuery, request.query_params)
    area = policy_area(user, query["area"]) if query.get("area") else user.area
    return area, query.get("month") or this_month()


class ProgramViewSet(StaffViewSet):
    """The programs (低保 and those beside it) as an area runs them in a month. Policy editors set
    an area's terms for a program from a month, as they set its standards and rules."""

    queryset = Program.objects.none()  # for the schema's path parameter only
    permission_classes = [StaffWithArea, roles_may_write(POLICY_EDITORS)]
    lookup_field = "code"
    lookup_value_converter = "slug"
    pagination_class = None  # the catalogue is short and whole

    @extend_schema(parameters=[ProgramQuery], responses=ProgramOutput(many=True))
    def list(self, request: Request) -> Response:
        area, month = _where(request)
        return Response(ProgramOutput(programs_in_force(area, month), many=True).data)

    @extend_schema(parameters=[ProgramQuery], responses=ProgramOutput)
    def retrieve(self, request: Request, code: str) -> Response:
        program = selectors.program_by_code(code)
        area, month = _where(request)
        return Response(ProgramOutput(program_in_force(area, month, program.code)).data)

    @extend_schema(
        request=ProgramRulesInput,
        responses={201: ProgramRulesOutput},
        parameters=[OpenApiParameter("code", str, OpenApiParameter.PATH)],
    )
    @action(detail=True, methods=["post"], url_path="terms")
    def terms(self, request: Request, code: str) -> Response:
        user = staff(request)
        program = selectors.program_by_code(code)
        data = validated(ProgramRulesInput, request.data)
        area = policy_area(user, data.pop("area"))
        row = services.program_rules_set(area=area, program=program, data=data, actor=user)
        return Response(ProgramRulesOutput(row).data, status=status.HTTP_201_CREATED)
