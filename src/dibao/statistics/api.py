"""Statistics over the API: the figures of an area the caller sees, for a month or a range, of one
program or all, broken down by `by`. `?format=xlsx` (or `Accept:` the xlsx media type) answers the
workbook; refusals are JSON in the one error shape either way. An area outside the caller's is not
found (404)."""

from typing import cast

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from dibao.accounts.staff import staff
from dibao.areas.models import Area, Level
from dibao.core.api.fields import AmountField, MonthField
from dibao.core.api.permissions import StaffWithArea, roles_may
from dibao.core.api.renderers import RefusalStaysJson, XlsxRenderer
from dibao.core.api.views import validated
from dibao.core.downloads import XLSX, content_disposition
from dibao.core.months import this_month
from dibao.policy.programs import codes

from .dashboard import dashboard
from .fields import FIELDS
from .selectors import STATISTICS_READERS, statistics, statistics_area
from .workbook import filename, statistics_xlsx


class StatisticsQuery(serializers.Serializer):
    area = serializers.CharField(
        required=False, allow_blank=True, help_text="The area's code; your own area when not given."
    )
    month = MonthField(help_text="YYYY-MM: the month, or the first month of a range.")
    to = MonthField(
        required=False, allow_blank=True, help_text="YYYY-MM: the last month of a range (included)."
    )
    program = serializers.ChoiceField(
        choices=list(codes.ALL),
        required=False,
        allow_blank=True,
        help_text="One program, by its code; every program when not given.",
    )
    by = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=200,
        help_text="Breakdowns, comma-separated, freely combined: " + ", ".join(FIELDS) + ".",
    )


class ReasonCountOutput(serializers.Serializer):
    reason = serializers.CharField()
    reason_label = serializers.CharField()
    count = serializers.IntegerField()


class StopReasonCountOutput(serializers.Serializer):
    stop_reason = serializers.CharField()
    stop_reason_label = serializers.CharField()
    count = serializers.IntegerField()


class StatisticsFiguresOutput(serializers.Serializer):
    households = serializers.IntegerField(help_text="Distinct households on the books in the last month.")
    persons = serializers.IntegerField(help_text="Persons on the books in the last month.")
    amount = AmountField(help_text="Yuan over the period: the months' amounts and the one-off grants.")
    amount_wan = serializers.CharField(help_text="The amount in 万元, four places.")
    person_times = serializers.IntegerField(help_text="人次: each month's persons added up, and the grants.")
    household_times = serializers.IntegerField(
        help_text="户次: each month's households added up, and the grants."
    )
    per_household = AmountField(help_text="户均: amount ÷ household-times.")
    per_person = AmountField(help_text="人均: amount ÷ person-times.")
    grants = serializers.IntegerField(help_text="One-off grants decided in the period.")
    new = serializers.IntegerField(help_text="Units on the books in a month and not in the month before.")
    stopped = serializers.IntegerField(help_text="Units on the books in a month and not in the month after.")
    raised = serializers.IntegerField()
    lowered = serializers.IntegerField()
    class_changed = serializers.IntegerField()
    coverage = serializers.CharField(
        allow_null=True,
        help_text="保障面: persons ÷ the area's population in the year of the last month (the row's month "
        "with `month`), in per cent to two places ('3.80' is 3.8%); null where no population is entered "
        "or the row is not one area's.",
    )
    new_by_reason = ReasonCountOutput(many=True)
    stopped_by_reason = StopReasonCountOutput(many=True)


class RowOutput(StatisticsFiguresOutput):
    """The row's breakdown values (only those asked for), then its figures."""

    area = serializers.CharField(required=False, help_text="An area's code (by `area`).")
    area_name = serializers.CharField(required=False)
    street = serializers.CharField(required=False)
    street_name = serializers.CharField(required=False)
    community = serializers.CharField(required=False)
    community_name = serializers.CharField(required=False)
    program = serializers.CharField(required=False)
    program_name = serializers.CharField(required=False)
    urban_rural = serializers.CharField(required=False)
    urban_rural_label = serializers.CharField(required=False)
    benefit_class = serializers.CharField(required=False, help_text="A, B, C; empty: no class.")
    benefit_class_label = serializers.CharField(required=False)
    management_class = serializers.CharField(required=False, help_text="1, 2, 3; empty: no class.")
    management_class_label = serializers.CharField(required=False)
    category = serializers.IntegerField(required=False, allow_null=True, help_text="The category's id.")
    category_name = serializers.CharField(required=False)
    member_category = serializers.CharField(
        required=False,
        help_text="Persons only (households: those with a member in it; amount and flows not split): "
        "elderly, employed, flexible, unemployed, unreg, adult_other, preschool, in_school, minor_other, "
        "disabled, severe.",
    )
    member_category_label = serializers.CharField(required=False)
    month = serializers.CharField(required=False, help_text="YYYY-MM.")


class StatisticsOutput(serializers.Serializer):
    area = serializers.CharField()
    area_name = serializers.CharField()
    month = serializers.CharField()
    to = serializers.CharField()
    program = serializers.CharField(help_text="The program's code; empty: every program.")
    program_name = serializers.CharField()
    by = serializers.ListField(child=serializers.CharField())
    rows = RowOutput(many=True)
    total = StatisticsFiguresOutput()


class StatisticsView(RefusalStaysJson, APIView):
    """Households, persons, amount, person-times and the flows of an area, counted from the ledger
    by the month each takes effect, by any breakdown."""

    permission_classes = [StaffWithArea, roles_may(STATISTICS_READERS)]
    renderer_classes = [JSONRenderer, XlsxRenderer]

    @extend_schema(
        parameters=[
            StatisticsQuery,
            OpenApiParameter(
                "format",
                str,
                enum=["json", "xlsx"],
                description=f"xlsx: the same rows and total as a workbook (as `Accept: {XLSX}`).",
            ),
        ],
        responses={(200, "application/json"): StatisticsOutput, (200, XLSX): OpenApiTypes.BINARY},
        summary="Statistics of an area for a month or a range, by any breakdown",
    )
    def get(self, request: Request, format: str | None = None) -> Response:
        user = staff(request)
        query = validated(StatisticsQuery, request.query_params)
        code = query.get("area") or cast(Area, user.area).code
        area = statistics_area(user, code)  # NotFound: 404
        result = statistics(
            area,
            query["month"],
            query.get("to") or None,
            program=query.get("program") or None,
            by=query.get("by") or "",
        )
        if getattr(request.accepted_renderer, "format", None) == "xlsx":
            return Response(
                statistics_xlsx(result),
                headers={"Content-Disposition": content_disposition(filename(result))},
            )
        return Response(result.as_json())


class DashboardQuery(serializers.Serializer):
    area = serializers.CharField(
        required=False, allow_blank=True, help_text="The area's code; your own area when not given."
    )
    month = MonthField(
        required=False,
        help_text="YYYY-MM: the last of the twelve months; this month when not given.",
    )


class DashboardProgramOutput(serializers.Serializer):
    program = serializers.CharField()
    program_name = serializers.CharField()
    households = serializers.ListField(child=serializers.IntegerField(), help_text="One a month.")
    persons = serializers.ListField(child=serializers.IntegerField(), help_text="One a month.")
    amount = serializers.ListField(child=AmountField(), help_text="Yuan, one a month.")


class DashboardFiguresOutput(serializers.Serializer):
    households = serializers.IntegerField()
    persons = serializers.IntegerField()
    amount = AmountField()
    new = serializers.IntegerField()
    stopped = serializers.IntegerField()


class DashboardClassOutput(DashboardFiguresOutput):
    benefit_class = serializers.CharField(help_text="A, B, C; empty: no class.")
    benefit_class_label = serializers.CharField()


class DashboardCategoryOutput(DashboardFiguresOutput):
    category = serializers.IntegerField(allow_null=True, help_text="The category's id.")
    category_name = serializers.CharField()


class DashboardAreaOutput(DashboardFiguresOutput):
    area = serializers.CharField(help_text="The area's code.")
    area_name = serializers.CharField()


class DashboardOutput(serializers.Serializer):
    area = serializers.CharField()
    area_name = serializers.CharField()
    level = serializers.ChoiceField(choices=Level.choices)
    month = serializers.CharField(help_text="YYYY-MM: the last month.")
    months = serializers.ListField(child=serializers.CharField(), help_text="The twelve months, YYYY-MM.")
    programs = DashboardProgramOutput(many=True)
    amount = serializers.ListField(child=AmountField(), help_text="Yuan, every program, one a month.")
    new = serializers.ListField(child=serializers.IntegerField(), help_text="Units entering, one a month.")
    stopped = serializers.ListField(child=serializers.IntegerField(), help_text="Units leaving, one a month.")
    benefit_classes = DashboardClassOutput(many=True, help_text="The last month by benefit class.")
    categories = DashboardCategoryOutput(many=True, help_text="The last month by household category.")
    areas = DashboardAreaOutput(many=True, help_text="The last month by the areas one level down.")
    drill = serializers.BooleanField(help_text="Whether the areas below have a dashboard of their own.")


class DashboardView(APIView):
    """The figures of an area's dashboard: twelve months by program, the flows, and the last month
    by benefit class, household category and the areas one level down — the statistics engine's."""

    permission_classes = [StaffWithArea, roles_may(STATISTICS_READERS)]

    @extend_schema(
        parameters=[DashboardQuery],
        responses=DashboardOutput,
        summary="An area's dashboard: twelve months by program, the flows and the month's breakdowns",
    )
    def get(self, request: Request) -> Response:
        user = staff(request)
        query = validated(DashboardQuery, request.query_params)
        area = statistics_area(user, query.get("area") or cast(Area, user.area).code)  # NotFound: 404
        return Response(dashboard(area, query.get("month") or this_month()))
