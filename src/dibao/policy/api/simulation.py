""" "What if" (调标测算): every household the caller sees in an area, now and under a new standard.
Writes nothing. JSON with the first changed households, or all of them as xlsx."""

from decimal import Decimal
from itertools import islice
from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from dibao.accounts.staff import staff
from dibao.areas.selectors import area_for
from dibao.core.api.fields import AmountField, MonthField
from dibao.core.api.references import resolve
from dibao.core.api.renderers import RefusalStaysJson, XlsxRenderer
from dibao.core.api.serializers import StrictInput
from dibao.core.api.views import validated
from dibao.core.downloads import XLSX
from dibao.core.jobs.api import JobOutput, accepted
from dibao.core.months import this_month
from dibao.registry.models import UrbanRural
from dibao.registry.selectors import visible_households

from ..jobs import simulation_xlsx_start
from ..simulation import Change, Simulation, changed_rows_with_names, simulate
from ..validation import PER_PERSON, parse_standard
from .common import NO_SUCH_AREA, StaffAPIView

SHOWN_ROWS = 100


class SimulateInput(StrictInput):
    area = serializers.CharField(help_text="The area whose standard would change (one the caller sees).")
    kind = serializers.ChoiceField(choices=UrbanRural.choices)
    standard = AmountField(column=PER_PERSON, help_text="The new monthly standard per person, yuan.")
    month = MonthField(
        required=False, help_text="YYYY-MM; this month when not given (an empty value is refused)."
    )


class TallyOutput(serializers.Serializer):
    households = serializers.IntegerField()
    persons = serializers.IntegerField()


class ChangesOutput(serializers.Serializer):
    entering = TallyOutput(help_text="Not eligible now, eligible under the new standard.")
    leaving = TallyOutput(help_text="Eligible now, not under the new standard.")
    gaining = TallyOutput()
    losing = TallyOutput()
    unchanged = TallyOutput()
    not_assessable = TallyOutput(help_text="Cannot be assessed (no members, no standard).")


class SimulationRowOutput(serializers.Serializer):
    household = serializers.IntegerField(help_text="The household's id.")
    number = serializers.CharField()
    head = serializers.CharField()
    community = serializers.CharField(help_text="The community's name.")
    persons = serializers.IntegerField()
    now = AmountField(allow_null=True, help_text="null: not eligible now.")
    new = AmountField(allow_null=True, help_text="null: not eligible under the new standard.")
    difference = AmountField()
    change = serializers.ChoiceField(choices=list(Change.LABELS))
    change_label = serializers.CharField()
    problem = serializers.CharField(help_text="Why it cannot be assessed, when it cannot.")


class SimulationOutput(serializers.Serializer):
    area = serializers.CharField()
    kind = serializers.ChoiceField(choices=UrbanRural.choices)
    standard = AmountField()
    month = MonthField()
    households = serializers.IntegerField(help_text="Households assessed.")
    total_now = AmountField(help_text="Monthly total now, yuan.")
    total_new = AmountField(help_text="Monthly total under the new standard, yuan.")
    monthly_change = AmountField()
    annual_change = AmountField()
    changes = ChangesOutput()
    changed = serializers.IntegerField(help_text="Households whose amount or eligibility changes.")
    rows = SimulationRowOutput(
        many=True, help_text=f"The first {SHOWN_ROWS} changed households; the xlsx lists every one."
    )


def _money(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def _json(result: Simulation) -> dict[str, Any]:
    body = result.as_json()
    for key in ("standard", "total_now", "total_new", "monthly_change", "annual_change"):
        body[key] = _money(Decimal(body[key]))
    body["changed"] = len(result.changed)
    body["rows"] = [
        {
            "household": row.household_id,
            "number": row.number,
            "head": head,
            "community": community,
            "persons": row.persons,
            "now": _money(row.now),
            "new": _money(row.new),
            "difference": _money(row.difference),
            "change": row.change,
            "change_label": str(Change.LABELS[row.change]),
            "problem": row.problem,
        }
        for row, head, community in islice(changed_rows_with_names(result), SHOWN_ROWS)
    ]
    return body


class SimulateView(RefusalStaysJson, StaffAPIView):
    """What a new standard would cost: every household of the area the caller sees, assessed under
    the policy now and under the new standard. Writes nothing (setting it is `POST standards/`)."""

    renderer_classes = [JSONRenderer, XlsxRenderer]

    @extend_schema(
        request=SimulateInput,
        parameters=[
            OpenApiParameter(
                "format",
                str,
                enum=["json", "xlsx"],
                description="xlsx: every changed household as a workbook, written by a job (202, "
                f"as `Accept: {XLSX}`): its `file_url` downloads it when it has succeeded.",
            )
        ],
        responses={(200, "application/json"): SimulationOutput, (202, "application/json"): JobOutput},
    )
    def post(self, request: Request) -> Response:
        user = staff(request)
        data = validated(SimulateInput, request.data)
        area = resolve("area", lambda: area_for(user, data["area"]), NO_SUCH_AREA)
        standard = parse_standard(data["standard"])
        month = data.get("month") or this_month()
        if getattr(request.accepted_renderer, "format", None) == "xlsx":
            job = simulation_xlsx_start(
                area=area, kind=data["kind"], standard=standard, month=month, actor=user
            )
            return accepted(request, job)
        result = simulate(
            households=visible_households(user), area=area, kind=data["kind"], standard=standard, month=month
        )
        return Response(_json(result))
