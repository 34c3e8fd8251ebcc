"""The change report (变更情况) over the API: the same figures as the page and the xlsx, for an
area the caller sees and a period. `?format=xlsx` (or `Accept:` the xlsx media type) answers the
workbook; refusals are JSON in the one error shape either way. An area outside the caller's is
not found (404), as on the page."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from dibao.accounts.staff import staff
from dibao.core.api.fields import AmountField
from dibao.core.api.permissions import StaffWithArea, roles_may
from dibao.core.api.renderers import RefusalStaysJson
from dibao.core.api.views import validated
from dibao.core.jobs.api import JobOutput, accepted
from dibao.policy.programs import codes

from ..report.jobs import change_report_xlsx_start
from ..report.selectors import CHANGE_REPORT_READERS, change_report, report_area


class ChangeReportQuery(serializers.Serializer):
    area = serializers.CharField(
        help_text="The area's code (county, street or community); one the caller sees."
    )
    program = serializers.ChoiceField(
        choices=list(codes.ALL),
        required=False,
        default=codes.DIBAO,
        help_text="The program whose ledger is reported, by its code; dibao (低保) when not given.",
    )

    def get_fields(self) -> dict[str, serializers.Field]:
        # `from` is a Python keyword, so the period's fields are added here rather than declared.
        fields = super().get_fields()
        fields["from"] = serializers.DateField(help_text="YYYY-MM-DD: the period's first day (included).")
        fields["to"] = serializers.DateField(help_text="YYYY-MM-DD: the period's last day (included).")
        return fields


class ChangeReportStockOutput(serializers.Serializer):
    households = serializers.IntegerField()
    persons = serializers.IntegerField()
    amount = AmountField(help_text="The monthly amount on the books, yuan.")


class ChangeReportFlowOutput(serializers.Serializer):
    households = serializers.IntegerField(help_text="Households this kind of change concerns.")
    persons = serializers.IntegerField(help_text="What it did to the persons: after − before.")
    amount = AmountField(help_text="What it did to the monthly amount: after − before, yuan.")


class ChangeReportFiguresOutput(serializers.Serializer):
    """Opening + brought_in + new − terminate (+ reclassified, by class) = closing households;
    opening + every kind's delta = closing persons and amount. One member per kind of change
    (MovementKind)."""

    opening = ChangeReportStockOutput(help_text="On the books at the start of `from`.")
    brought_in = ChangeReportFlowOutput(
        help_text="Taken over from an earlier roster (期初结转), recorded the day before their first "
        "month paid: on the books like new ones, never counted as new."
    )
    new = ChangeReportFlowOutput()
    lower = ChangeReportFlowOutput(help_text="Lowered (调减).")
    change = ChangeReportFlowOutput(help_text="Changed with the same amount (persons, class).")
    suspend = ChangeReportFlowOutput()
    resume = ChangeReportFlowOutput()
    gradual_exit = ChangeReportFlowOutput()
    terminate = ChangeReportFlowOutput()
    reclassified = serializers.IntegerField(
        help_text="Households a class change moved into (+) or out of (−) a class; 0 otherwise."
    )
    closing = ChangeReportStockOutput(help_text="On the books at the end of `to`.")

    def get_fields(self) -> dict[str, serializers.Field]:
        # `raise` is a Python keyword: added here, after `new` as in the ledger's order.
        fields = super().get_fields()
        ordered: dict[str, serializers.Field] = {}
        for name, value in fields.items():
            ordered[name] = value
            if name == "new":
                ordered["raise"] = ChangeReportFlowOutput(help_text="Raised (调增).")
        return ordered


class ChangeReportClassOutput(serializers.Serializer):
    benefit_class = serializers.CharField(help_text="A, B or C; empty: no class (the gap only).")
    benefit_class_label = serializers.CharField()
    figures = ChangeReportFiguresOutput()


class ChangeReportCommunityOutput(serializers.Serializer):
    community = serializers.CharField(help_text="The community's code.")
    community_name = serializers.CharField()
    street = serializers.CharField(help_text="Its street's code.")
    street_name = serializers.CharField()
    figures = ChangeReportFiguresOutput()
    classes = ChangeReportClassOutput(many=True, help_text="The community's classes with any figure.")


class ChangeReportReasonOutput(serializers.Serializer):
    stop_reason = serializers.CharField()
    stop_reason_label = serializers.CharField()
    terminated = serializers.IntegerField()
    terminated_persons = serializers.IntegerField(help_text="On the books before the termination.")
    terminated_amount = AmountField(help_text="Monthly amount on the books before the termination.")
    suspended = serializers.IntegerField()
    gradual_exits = serializers.IntegerField()


class ChangeReportMovementOutput(serializers.Serializer):
    id = serializers.IntegerField()
    recorded_on = serializers.DateField(help_text="The day the change was decided.")
    household = serializers.IntegerField(help_text="The household's id.")
    number = serializers.CharField()
    head = serializers.CharField(help_text="The head of household's name.")
    community = serializers.CharField()
    community_name = serializers.CharField()
    kind = serializers.CharField()
    kind_label = serializers.CharField()
    month = serializers.CharField(help_text="YYYY-MM: the month it takes effect.")
    reason = serializers.CharField()
    reason_label = serializers.CharField()
    stop_reason = serializers.CharField()
    stop_reason_label = serializers.CharField()
    note = serializers.CharField()
    urban_rural = serializers.CharField()
    persons_before = serializers.IntegerField()
    persons_after = serializers.IntegerField()
    amount_before = AmountField()
    amount_after = AmountField()
    class_before = serializers.CharField()
    class_after = serializers.CharField()


class ChangeReportOutput(serializers.Serializer):
    area = serializers.CharField()
    area_name = serializers.CharField()
    program = serializers.CharField(help_text="The program's code.")
    program_name = serializers.CharField(help_text="The program's name, in the answer's language.")
    totals = ChangeReportFiguresOutput(help_text="The whole area.")
    movement_count = serializers.IntegerField()
    communities = ChangeReportCommunityOutput(many=True)
    classes = ChangeReportClassOutput(many=True, help_text="The whole area by class: A, B, C, no class.")
    reasons = ChangeReportReasonOutput(many=True, help_text="Terminations, suspensions, gradual exits.")
    movements = ChangeReportMovementOutput(many=True, help_text="The changes taking effect in the period.")
    later = ChangeReportMovementOutput(
        many=True,
        help_text="Already decided, effective later: recorded by `to`, taking effect after it; in "
        "none of the figures.",
    )

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        fields["from"] = serializers.DateField()
        fields["to"] = serializers.DateField()
        return fields


class ChangeReportView(RefusalStaysJson, APIView):
    """The change report (变更情况) of an area for a period (both days included), counted by the
    month each change takes effect: opening, every kind of change and closing — households,
    persons, amount — per community and benefit class,
    the terminations by reason and every change of the period. Its workbook is a job (POST)."""

    permission_classes = [StaffWithArea, roles_may(CHANGE_REPORT_READERS)]

    @extend_schema(
        parameters=[ChangeReportQuery],
        responses={200: ChangeReportOutput},
        summary="The change report (变更情况) of an area for a period",
    )
    def get(self, request: Request) -> Response:
        user = staff(request)
        query = validated(ChangeReportQuery, request.query_params)
        area = report_area(user, query["area"])  # NotFound: 404
        report = change_report(area, query["from"], query["to"], program=query["program"])
        return Response(report.as_json())

    @extend_schema(
        request=ChangeReportQuery,
        responses={202: JobOutput},
        summary="Write the change report's workbook (xlsx), as a job",
        description="A job (202): when it has succeeded, its `file_url` downloads the workbook.",
    )
    def post(self, request: Request) -> Response:
        user = staff(request)
        data = validated(ChangeReportQuery, request.data)
        area = report_area(user, data["area"])  # NotFound: 404
        job = change_report_xlsx_start(
            area=area, date_from=data["from"], date_to=data["to"], actor=user, program=data["program"]
        )
        return accepted(request, job)
