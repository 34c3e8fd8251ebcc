"""Holiday relief (节日慰问) over the API, read-only: the campaigns a user sees (their area's, and
those of the street and county above it), one campaign with its totals per community and street,
and its recipients — each limited to the user's area, as the pages are. ID numbers are masked."""

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from dibao.accounts.staff import staff
from dibao.core.api.fields import AmountField, NamedChoiceField
from dibao.core.api.permissions import StaffWithArea, roles_may
from dibao.core.api.views import StaffViewSet

from ..models import HolidayCampaign, HolidayItemKind, HolidayRecipient, RecipientState
from . import printing, selectors
from .views import READERS


class HolidayItemOutput(serializers.Serializer):
    criterion = serializers.CharField(help_text="Empty: everyone's package; else the criterion's own.")
    kind = NamedChoiceField(HolidayItemKind)
    name = serializers.CharField()
    quantity = serializers.IntegerField()
    unit_value = AmountField()


class HolidayCampaignOutput(serializers.ModelSerializer):
    area = serializers.CharField(source="area.code")
    area_name = serializers.CharField(source="area.name")
    criteria = serializers.ListField(child=serializers.CharField(), help_text="The criteria's codes.")

    class Meta:
        model = HolidayCampaign
        fields = ["id", "name", "held_on", "area", "area_name", "criteria", "created_at"]


class HolidayFiguresOutput(serializers.Serializer):
    households = serializers.IntegerField()
    persons = serializers.IntegerField()
    cash = AmountField()
    goods = AmountField(help_text="The value of the goods.")
    value = AmountField(help_text="Cash and goods together.")
    delivered = serializers.IntegerField(help_text="Households handed their package.")


class HolidayAreaFiguresOutput(HolidayFiguresOutput):
    code = serializers.CharField()
    name = serializers.CharField()


class HolidayTotalsOutput(serializers.Serializer):
    total = HolidayFiguresOutput()
    streets = HolidayAreaFiguresOutput(many=True)
    communities = HolidayAreaFiguresOutput(many=True)


class HolidayCampaignDetailOutput(HolidayCampaignOutput):
    items = HolidayItemOutput(many=True, read_only=True)
    totals = HolidayTotalsOutput(read_only=True, help_text="Of the recipients in the caller's area.")

    class Meta(HolidayCampaignOutput.Meta):
        fields = [*HolidayCampaignOutput.Meta.fields, "items", "totals"]


class HolidayRecipientOutput(serializers.Serializer):
    id = serializers.IntegerField()
    household = serializers.IntegerField()
    household_number = serializers.CharField()
    community = serializers.CharField(help_text="The community's code.")
    head = serializers.CharField(help_text="The head of the household.")
    id_number = serializers.CharField(help_text="The head's ID number, masked.")
    persons = serializers.IntegerField()
    criteria = serializers.ListField(child=serializers.CharField(), help_text="The criteria met (codes).")
    by_hand = serializers.BooleanField(help_text="Added by hand.")
    package = serializers.CharField(help_text="What the household receives.")
    cash = AmountField()
    goods_value = AmountField()
    value = AmountField()
    state = NamedChoiceField(RecipientState, enum_name="HolidayRecipientStateEnum")
    delivered_on = serializers.DateField(allow_null=True)


def _figures(figures: selectors.Figures) -> dict[str, Any]:
    return {
        "households": figures.households,
        "persons": figures.persons,
        "cash": figures.cash,
        "goods": figures.goods,
        "value": figures.value,
        "delivered": figures.delivered,
    }


def _totals(totals: selectors.Totals) -> dict[str, Any]:
    def areas(pairs: Any) -> list[dict[str, Any]]:
        return [{"code": area.code, "name": area.name, **_figures(f)} for area, f in pairs]

    return {
        "total": _figures(totals.total),
        "streets": areas(totals.streets),
        "communities": areas(totals.communities),
    }


class HolidayCampaignViewSet(StaffViewSet):
    """Holiday campaigns the caller sees, newest first; a campaign's totals and recipients are of
    the caller's area only."""

    queryset = HolidayCampaign.objects.none()
    permission_classes = [StaffWithArea, roles_may(READERS)]

    @extend_schema(responses=HolidayCampaignOutput(many=True))
    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(selectors.visible_campaigns(staff(request)))
        return self.get_paginated_response(HolidayCampaignOutput(page, many=True).data)

    @extend_schema(responses=HolidayCampaignDetailOutput)
    def retrieve(self, request: Request, pk: int) -> Response:
        user = staff(request)
        campaign = selectors.campaign_get(user, pk)
        body = HolidayCampaignOutput(campaign).data
        body["items"] = HolidayItemOutput(campaign.items.all(), many=True).data
        body["totals"] = HolidayTotalsOutput(
            _totals(selectors.totals(selectors.recipients(user, campaign)))
        ).data
        return Response(body)

    @extend_schema(
        responses=HolidayRecipientOutput(many=True),
        summary="The campaign's recipients in the caller's area, by community and household",
    )
    @action(detail=True, methods=["get"], url_path="recipients")
    def recipients(self, request: Request, pk: int) -> Response:
        user = staff(request)
        campaign = selectors.campaign_get(user, pk)
        page: list[HolidayRecipient] = self.paginate_queryset(selectors.recipients(user, campaign)) or []
        rows = printing.rows(campaign, page)
        body = [
            {
                "id": r.pk,
                "household": r.household_id,
                "household_number": r.household.number,
                "community": r.community.code,
                "head": row.head,
                "id_number": row.id_number,
                "persons": r.persons,
                "criteria": list(r.criteria),
                "by_hand": r.by_hand,
                "package": row.package,
                "cash": r.cash,
                "goods_value": r.goods_value,
                "value": r.value,
                "state": r.state,
                "delivered_on": r.delivered_on,
            }
            for r, row in zip(page, rows, strict=True)
        ]
        return self.get_paginated_response(HolidayRecipientOutput(body, many=True).data)
