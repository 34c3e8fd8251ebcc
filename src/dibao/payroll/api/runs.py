"""Payroll runs (低保金发放) over the API: the same reads and the same services as the pages, so a
step the page does not offer is refused here too. A street or a community reads the runs of its
county with the figures and lines of its own area only."""

from typing import Any, cast

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import BasePermission
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from dibao.accounts.staff import staff
from dibao.areas.models import Area, Level
from dibao.areas.selectors import area_for
from dibao.core.api.fields import MonthField
from dibao.core.api.permissions import StaffWithArea
from dibao.core.api.references import resolve
from dibao.core.api.renderers import BytesRenderer, RefusalStaysJson
from dibao.core.api.serializers import StrictInput
from dibao.core.api.views import StaffViewSet, validated
from dibao.core.errors import DomainError, NotFound
from dibao.core.jobs.api import JobOutput, accepted
from dibao.core.scoping import within_area
from dibao.policy.api.program_fields import program_filter
from dibao.policy.programs import codes

from .. import results, selectors, services
from ..jobs import bank_file_export_start, payroll_draft_start
from ..models import Run, RunState, run_program_is
from ..services import APPROVERS, CHECKERS, DRAFTERS
from ..views.access import PAYERS, READERS
from ..views.detail import searched
from ..views.files import import_bank_results
from ..views.summary import ProgramRow, RunSummary, summarize
from .outputs import (
    PayrollLineOutput,
    PayrollResultsOutput,
    PayrollResultsRefusedOutput,
    PayrollRunDetailOutput,
    PayrollRunOutput,
)

NO_SUCH_AREA = _("There is no area with this code in your area.")
SHARED = "shared"  # the runs filter's word for the county's runs (`program` null)
NO_SUCH_STREET = _("There is no street with this code in your area.")

# Who may call each action; reading is for every role that reads runs.
ACTION_ROLES = {
    "create": DRAFTERS,
    "check": CHECKERS,
    "approve": APPROVERS,
    "close": PAYERS,
    "bank_file": PAYERS,
    "results": PAYERS,
}


class PayrollRoles(BasePermission):
    message = _("Your role may not do this.")

    def has_permission(self, request: Request, view: Any) -> bool:
        return getattr(request.user, "role", None) in ACTION_ROLES.get(view.action, READERS)


class PayrollRunListQuery(serializers.Serializer):
    month = MonthField(required=False, help_text="YYYY-MM: that month's runs only.")
    program = serializers.ChoiceField(
        choices=[SHARED, *codes.ALL],
        required=False,
        allow_blank=True,
        help_text="A program's code: its own runs only; `shared`: the county's runs only (those "
        "with `program` null).",
    )


class PayrollDraftInput(StrictInput):
    county = serializers.CharField(
        required=False, allow_blank=True, help_text="The county's code; yours when not given."
    )
    month = MonthField(help_text="YYYY-MM.")
    program = serializers.ChoiceField(
        choices=list(codes.ALL),
        required=False,
        allow_blank=True,
        help_text="A program the county pays apart (its `run` term is `own`): that program's own run "
        "of the month. Not given: the county's run, which pays every other program.",
    )


class PayrollCheckInput(StrictInput):
    street = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="The street's code; the street officer's own when not given.",
    )


class PayrollApproveInput(StrictInput):
    version = serializers.IntegerField(help_text="The run's version you saw (`version` of the run).")


class PayrollLinesQuery(serializers.Serializer):
    program = program_filter()
    q = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="The start of a household number, or part of the head's name.",
    )
    area = serializers.CharField(
        required=False, allow_blank=True, help_text="A street's or community's code: its lines only."
    )


class PayrollBankFileInput(StrictInput):
    program = serializers.ChoiceField(
        choices=list(codes.ALL),
        required=False,
        allow_blank=True,
        help_text="Only this program's lines, with their own count and control total (a file per "
        "program); every line when not given.",
    )


class PayrollResultsInput(serializers.Serializer):
    file = serializers.FileField(
        help_text="The bank's results file (xlsx or CSV, at most the server's UPLOAD_MAX_BYTES, 50 MB unless "
        "set otherwise); send multipart/form-data."
    )


def _programs(rows: list[ProgramRow], area: Area | None = None) -> dict[str, Any]:
    return {row.code: row.figures.program_json() for row in rows if area is None or row.area == area}


def detail_body(summary: RunSummary) -> dict[str, Any]:
    run = summary.run
    body = {
        "id": run.pk,
        "county": run.county.code,
        "county_name": run.county.name,
        "month": run.month,
        "program": run.program_id,
        "state": run.state,
        "state_label": run.get_state_display(),
        "version": run.version,
        "drafted_at": run.drafted_at,
        "approved_at": run.approved_at,
        "approved_by": run.approved_by.username if run.approved_by else None,
        "figures": summary.whole.as_json(),
        "programs": _programs(summary.programs),
        "streets": [
            {
                "street": row.street.code,
                "street_name": row.street.name,
                "figures": row.figures.as_json(),
                "programs": _programs(summary.street_programs, row.street),
                "checked": row.check is not None,
                "checked_at": row.check.checked_at if row.check else None,
                "checked_by": row.check.checked_by.username if row.check and row.check.checked_by else None,
            }
            for row in summary.streets
        ],
        "communities": [
            {
                "community": row.community.code,
                "community_name": row.community.name,
                "street": row.street.code,
                "figures": row.figures.as_json(),
                "programs": _programs(summary.community_programs, row.community),
            }
            for row in summary.communities
        ],
        "urban_rural": [
            {"urban_rural": row.value, "urban_rural_label": str(row.label), "figures": row.figures.as_json()}
            for row in summary.urban_rural
        ],
        "benefit_classes": [
            {
                "benefit_class": row.value,
                "benefit_class_label": str(row.label),
                "figures": row.figures.as_json(),
            }
            for row in summary.classes
        ],
        "actions": summary.actions,
    }
    return dict(PayrollRunDetailOutput(body).data)


class PayrollRunViewSet(RefusalStaysJson, StaffViewSet):
    """Monthly payroll runs: drafted by the county from the entitlements in force, checked by every
    street, approved by the county (from then on neither the run nor its lines change), exported to
    the bank, paid (the bank's results) and closed. A county has one run a month (`program` null)
    and, for each program it pays apart, that program's own run."""

    queryset = Run.objects.none()  # for the schema's path parameter only
    permission_classes = [StaffWithArea, PayrollRoles]

    def _detail(self, request: Request, pk: int) -> dict[str, Any]:
        user = staff(request)
        return detail_body(summarize(user, selectors.run_get(user, pk)))

    @extend_schema(parameters=[PayrollRunListQuery], responses=PayrollRunOutput(many=True))
    def list(self, request: Request) -> Response:
        user = staff(request)
        query = validated(PayrollRunListQuery, request.query_params)
        runs = selectors.visible_runs(user)
        if query.get("month"):
            runs = runs.filter(month=query["month"])
        if query.get("program"):
            chosen = query["program"]
            runs = runs.filter(program__isnull=True) if chosen == SHARED else runs.filter(program=chosen)
        page = list(self.paginate_queryset(runs) or [])
        output = PayrollRunOutput(page, many=True, context={"figures": selectors.area_figures(user, page)})
        return self.get_paginated_response(output.data)

    @extend_schema(
        request=PayrollDraftInput,
        responses={202: JobOutput},
        summary="Draft a month's run for a county, or draft a draft again (county only)",
        description="Runs as a job: the answer is 202 with the job, whose `url` is polled until its "
        "`state` is `succeeded` (its `outcome` names the `run`) or `failed` (`error` says why). "
        "Refusals that can be told at once (a run already approved, another draft of the same "
        "month under way) are answered at once.",
    )
    def create(self, request: Request) -> Response:
        user = staff(request)
        data = validated(PayrollDraftInput, request.data)
        code = (
            data.get("county") or cast(Area, user.area).county_code
        )  # `StaffWithArea` lets no user without an area in
        county = resolve("county", lambda: area_for(user, code), NO_SUCH_AREA)
        month = data["month"]
        program = data.get("program") or None
        existed = (
            selectors.visible_runs(user).filter(run_program_is(program), county=county, month=month).exists()
        )
        job = payroll_draft_start(county=county, month=month, actor=user, again=existed, program=program)
        return accepted(request, job)

    @extend_schema(responses=PayrollRunDetailOutput)
    def retrieve(self, request: Request, pk: int) -> Response:
        return Response(self._detail(request, pk))

    @extend_schema(parameters=[PayrollLinesQuery], responses=PayrollLineOutput(many=True))
    @action(detail=True, methods=["get"], url_path="lines")
    def lines(self, request: Request, pk: int) -> Response:
        user = staff(request)
        run = selectors.run_get(user, pk)
        query = validated(PayrollLinesQuery, request.query_params)
        lines = searched(selectors.visible_lines(user, run), query.get("q") or "")
        if query.get("program"):
            lines = lines.filter(program_id=query["program"])
        if query.get("area"):
            area = resolve("area", lambda: area_for(user, query["area"]), NO_SUCH_AREA)
            lines = within_area(lines, area)
        page = self.paginate_queryset(lines)
        return self.get_paginated_response(PayrollLineOutput(page, many=True).data)

    @extend_schema(
        request=PayrollCheckInput,
        responses=PayrollRunDetailOutput,
        summary="A street confirms its part of a draft (its street officer, or the county)",
    )
    @action(detail=True, methods=["post"], url_path="check")
    def check(self, request: Request, pk: int) -> Response:
        user = staff(request)
        run = selectors.run_get(user, pk)
        data = validated(PayrollCheckInput, request.data)
        own = cast(Area, user.area)  # `StaffWithArea` lets no user without an area in
        code = data.get("street") or (own.code if own.level == Level.STREET else "")
        if not code:
            raise DomainError(_("Name the street that checks."), field="street")

        def street_for() -> Any:
            area = area_for(user, code)
            if area.level != Level.STREET:
                raise NotFound()
            return area

        street = resolve("street", street_for, NO_SUCH_STREET)
        services.run_check(run=run, street=street, actor=user)
        return Response(self._detail(request, pk))

    @extend_schema(
        request=PayrollApproveInput,
        responses=PayrollRunDetailOutput,
        summary="The county approves a checked run, as of the version it saw",
    )
    @action(detail=True, methods=["post"], url_path="approve")
    def approve(self, request: Request, pk: int) -> Response:
        user = staff(request)
        run = selectors.run_get(user, pk)
        data = validated(PayrollApproveInput, request.data)
        services.run_approve(run=run, actor=user, version=data["version"])
        return Response(self._detail(request, pk))

    @extend_schema(request=None, responses=PayrollRunDetailOutput, summary="Close a paid run (county only)")
    @action(detail=True, methods=["post"], url_path="close")
    def close(self, request: Request, pk: int) -> Response:
        user = staff(request)
        run = selectors.run_get(user, pk)
        services.run_advance(run=run, to=RunState.CLOSED, actor=user)
        return Response(self._detail(request, pk))

    # A POST, as on the page: taking the file marks an approved run sent to the bank, and a GET
    # (a prefetch, a crawler, a retried link) must never change a run's state.
    @extend_schema(
        request=PayrollBankFileInput,
        responses={202: JobOutput},
        summary="Write the bank file of an approved run, as a job; the run becomes sent to the bank",
        description="A job (202): when it has succeeded, its `file_url` downloads the file (the "
        "county's bank layout: CSV or xlsx) and the run is `exported`. A draft is refused at once. "
        "With `program`, the file holds that program's lines only, with their own control total, "
        "and its name ends with the program's code.",
    )
    # Any Accept is taken (a client asking for the file it used to get): the answer is the job's JSON.
    @action(
        detail=True, methods=["post"], url_path="bank-file", renderer_classes=[JSONRenderer, BytesRenderer]
    )
    def bank_file(self, request: Request, pk: int) -> Response:
        user = staff(request)
        run = selectors.run_get(user, pk)
        data = validated(PayrollBankFileInput, request.data)
        return accepted(
            request, bank_file_export_start(run=run, actor=user, program=data.get("program") or None)
        )

    @extend_schema(
        request={"multipart/form-data": PayrollResultsInput},
        responses={200: PayrollResultsOutput, 400: PayrollResultsRefusedOutput},
        summary="Import the bank's results: each line paid or failed (county only)",
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="results",
        parser_classes=[MultiPartParser, FormParser, JSONParser],
    )
    def results(self, request: Request, pk: int) -> Response:
        user = staff(request)
        run = selectors.run_get(user, pk)
        data = validated(PayrollResultsInput, request.data)
        try:
            outcome = import_bank_results(run, data["file"], user)
        except results.Refused as exc:
            # The one error shape, with the report row by row besides: nothing was imported.
            errors = exc.messages()
            body = {"code": exc.code, "detail": errors["file"][0], "errors": errors}
            return Response({**body, "report": exc.outcome.as_dict()}, status=status.HTTP_400_BAD_REQUEST)
        return Response(PayrollResultsOutput(outcome.as_dict()).data)
