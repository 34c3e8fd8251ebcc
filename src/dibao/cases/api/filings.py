"""The filing report (近亲属备案) and the county's random spot-check draws.

The report lists the filings the county's register of staff and cadres made by itself beside the
ones filed by hand, ID numbers masked. A draw is made by the county, read by it and its auditors;
each drawn decision's check is recorded against the draw."""

from typing import Any, cast

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from dibao.accounts.staff import staff
from dibao.areas.models import Area
from dibao.areas.selectors import county_of
from dibao.core.api.fields import IdNumberField, MonthField, UsernameField
from dibao.core.api.permissions import StaffWithArea, roles_may, roles_may_write
from dibao.core.api.serializers import StrictInput
from dibao.core.api.views import StaffViewSet, validated
from dibao.core.errors import NotFound
from dibao.policy.api.program_fields import program_field

from .. import selectors
from ..models import Application, RelativeFiling, SpotCheckDraw
from ..services.spot_check_draws import drawn_check_record, spot_check_draw, spot_check_redraw
from ..views.access import SPOT_CHECK_READERS, SPOT_CHECKERS
from .community import CLOSE_RELATIVE_READERS
from .inputs import SpotCheckInput
from .outputs import SpotCheckOutput


class FilingLineOutput(serializers.Serializer):
    filed_by = serializers.ChoiceField(
        source="source",
        choices=["register", "manual"],
        help_text="Filed by the register of staff and cadres, or by hand.",
    )
    staff_name = serializers.CharField()
    staff_post = serializers.CharField()
    relation = serializers.CharField(
        help_text="In words; the staff member themself when they are the one found."
    )
    person_name = serializers.CharField()
    id_number_masked = IdNumberField(source="id_number")
    household = serializers.IntegerField(source="household_id", allow_null=True)
    application = serializers.IntegerField(source="application_id", allow_null=True)
    filed_at = serializers.DateTimeField()
    lapsed = serializers.BooleanField(help_text="The filing's reason has left the register.")


class RelativeFilingViewSet(StaffViewSet):
    """The filing report: automatic and manual close-relative filings, the newest first."""

    queryset = RelativeFiling.objects.none()
    permission_classes = [StaffWithArea, roles_may(CLOSE_RELATIVE_READERS)]

    @extend_schema(responses=FilingLineOutput(many=True))
    def list(self, request: Request) -> Response:
        user = staff(request)
        page = self.paginate_queryset(selectors.filing_report(user))  # type: ignore[arg-type]
        return self.get_paginated_response(FilingLineOutput(page, many=True, context={"user": user}).data)


class CoverageOutput(serializers.Serializer):
    drawn = serializers.IntegerField()
    checked = serializers.IntegerField()
    outstanding = serializers.IntegerField()
    confirmed = serializers.IntegerField()
    not_confirmed = serializers.IntegerField()


class SpotCheckDrawOutput(serializers.ModelSerializer):
    county = serializers.CharField(source="county.code", read_only=True)
    program = program_field(read_only=True)
    month_from = serializers.DateField(format="%Y-%m", read_only=True)
    month_to = serializers.DateField(format="%Y-%m", read_only=True)
    seed = serializers.CharField(read_only=True, help_text="Kept as text: it may pass 2⁵³.")
    drawn = serializers.SerializerMethodField()
    coverage = serializers.SerializerMethodField()
    drawn_by = UsernameField()

    class Meta:
        model = SpotCheckDraw
        fields = [
            "id",
            "county",
            "program",
            "month_from",
            "month_to",
            "share",
            "seed",
            "decisions",
            "digest",
            "drawn",
            "coverage",
            "drawn_at",
            "drawn_by",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_drawn(self, draw: SpotCheckDraw) -> list[int]:
        return [item.application_id for item in draw.items.order_by("position")]

    @extend_schema_field(CoverageOutput)
    def get_coverage(self, draw: SpotCheckDraw) -> dict[str, int]:
        return selectors.draw_coverage(draw).as_json()


class SpotCheckDrawInput(StrictInput):
    program = program_field()
    month_from = MonthField()
    month_to = MonthField()
    share = serializers.DecimalField(
        max_digits=5, decimal_places=4, required=False, allow_null=True, help_text="0–1; default: the terms'."
    )
    seed = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, help_text="Default: chosen at random and recorded."
    )


class RedrawOutput(serializers.Serializer):
    same = serializers.BooleanField()
    decisions_changed = serializers.BooleanField()
    stored = serializers.ListField(child=serializers.IntegerField())
    drawn = serializers.ListField(child=serializers.IntegerField())


class DrawnCheckInput(SpotCheckInput):
    application = serializers.IntegerField(min_value=1)


class SpotCheckDrawViewSet(StaffViewSet):
    """The county's random spot-check draws: list, draw, read with coverage, draw again and
    compare, record a drawn decision's check."""

    queryset = SpotCheckDraw.objects.none()
    permission_classes = [StaffWithArea, roles_may(SPOT_CHECK_READERS), roles_may_write(SPOT_CHECKERS)]

    @extend_schema(responses=SpotCheckDrawOutput(many=True))
    def list(self, request: Request) -> Response:
        draws = selectors.visible_draws(staff(request)).select_related("county", "drawn_by")
        page = self.paginate_queryset(draws)
        return self.get_paginated_response(SpotCheckDrawOutput(page, many=True).data)

    @extend_schema(responses=SpotCheckDrawOutput)
    def retrieve(self, request: Request, pk: int) -> Response:
        return Response(SpotCheckDrawOutput(selectors.draw_get(staff(request), pk)).data)

    @extend_schema(request=SpotCheckDrawInput, responses={201: SpotCheckDrawOutput})
    def create(self, request: Request) -> Response:
        user = staff(request)
        data = validated(SpotCheckDrawInput, request.data)
        county = county_of(cast(Area, user.area))
        draw = spot_check_draw(county=county, actor=user, **data)
        return Response(SpotCheckDrawOutput(draw).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=RedrawOutput, summary="Draw again with the recorded seed and compare")
    @action(detail=True, methods=["get"])
    def redraw(self, request: Request, pk: int) -> Response:
        draw = selectors.draw_get(staff(request), pk)
        return Response(RedrawOutput(spot_check_redraw(draw=draw).as_json()).data)

    @extend_schema(request=DrawnCheckInput, responses={201: SpotCheckOutput})
    @action(detail=True, methods=["post"])
    def checks(self, request: Request, pk: int) -> Response:
        user = staff(request)
        draw = selectors.draw_get(user, pk)
        data: dict[str, Any] = dict(validated(DrawnCheckInput, request.data))
        application = Application.objects.filter(pk=data.pop("application")).first()
        if application is None:
            raise NotFound()
        check = drawn_check_record(draw=draw, application=application, data=data, actor=user)  # type: ignore[arg-type]
        return Response(SpotCheckOutput(check).data, status=status.HTTP_201_CREATED)
