"""Incomes and assets: the dated records the means test reads. Both work alike: list (by
household), read, add to a household, replace (PUT) or change (PATCH), delete."""

from typing import Any, ClassVar, Generic, TypeVar, cast

from django.db.models import Model, QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from dibao.accounts.models import User
from dibao.accounts.staff import staff
from dibao.core.api.fields import AmountField, IdField, MonthField
from dibao.core.api.permissions import StaffWithArea, roles_may_write
from dibao.core.api.references import resolve
from dibao.core.api.serializers import StrictInput
from dibao.core.api.views import StaffViewSet, validated
from dibao.core.roles import REGISTRY_WRITERS

from .. import selectors, services
from ..inputs import AssetData, IncomeData, RigidSpendingData, SupporterData
from ..models import Asset, AssetKind, Household, Income, IncomeItem, IncomeKind
from .members import NO_SUCH_HOUSEHOLD, HouseholdFilterQuery


class IncomeOutput(serializers.ModelSerializer):
    amount = AmountField(read_only=True)
    month_from = MonthField(read_only=True)
    month_to = MonthField(read_only=True, allow_null=True)

    class Meta:
        model = Income
        fields = [
            "id",
            "household",
            "member",
            "kind",
            "item",
            "amount",
            "source",
            "month_from",
            "month_to",
            "notes",
        ]
        read_only_fields = fields


class IncomeInput(StrictInput):
    member = IdField(
        required=False, allow_null=True, min_value=1, help_text="Empty for the household as a whole."
    )
    kind = serializers.ChoiceField(
        choices=IncomeKind.choices, required=False, help_text="Empty: the item's kind."
    )
    item = serializers.ChoiceField(
        choices=IncomeItem.choices,
        required=False,
        allow_blank=True,
        help_text="What the income is; the county's policy decides which items are counted.",
    )
    amount = AmountField(
        column=Income._meta.get_field("amount"), help_text="Monthly amount in yuan, to the fen."
    )
    # `source` and `parent` are attributes of every DRF field too, which the type stubs see.
    source = serializers.CharField(required=False, allow_blank=True)  # type: ignore[assignment]
    month_from = MonthField()
    month_to = MonthField(required=False, allow_null=True, allow_blank=True, help_text="Empty: open-ended.")
    notes = serializers.CharField(required=False, allow_blank=True)


class IncomeCreateInput(IncomeInput):
    household = IdField()


class AssetOutput(serializers.ModelSerializer):
    value = AmountField(read_only=True)

    class Meta:
        model = Asset
        fields = ["id", "household", "member", "kind", "value", "recorded_on", "notes"]
        read_only_fields = fields


class AssetInput(StrictInput):
    member = IdField(
        required=False, allow_null=True, min_value=1, help_text="Empty for the household as a whole."
    )
    kind = serializers.ChoiceField(choices=AssetKind.choices)
    value = AmountField(column=Asset._meta.get_field("value"), help_text="Value in yuan, to the fen.")
    recorded_on = serializers.DateField(required=False, allow_null=True, help_text="Empty: today.")
    notes = serializers.CharField(required=False, allow_blank=True)


class AssetCreateInput(AssetInput):
    household = IdField()


Data = TypeVar("Data", IncomeData, AssetData, SupporterData, RigidSpendingData)


class DatedRecordViewSet(StaffViewSet, Generic[Data]):
    # What incomes, assets, supporters and rigid spending share (a comment, not a docstring:
    # docstrings become the schema's descriptions). A subclass names its serializers, selectors
    # and services; the services validate every value and write the audit entry.

    permission_classes = [StaffWithArea, roles_may_write(REGISTRY_WRITERS)]
    output: ClassVar[type[serializers.ModelSerializer]]
    record_input: ClassVar[type[StrictInput]]
    create_input: ClassVar[type[StrictInput]]

    def visible(self, user: User) -> QuerySet[Any]:
        raise NotImplementedError

    def get_one(self, user: User, pk: Any) -> Any:
        raise NotImplementedError

    def add(self, household: Household, data: Data, user: User) -> Model:
        raise NotImplementedError

    def change(self, record: Any, data: Data, user: User) -> Model:
        raise NotImplementedError

    def remove(self, record: Any, user: User) -> None:
        raise NotImplementedError

    def filtered(self, records: QuerySet[Any], household: int) -> QuerySet[Any]:
        return records.filter(household_id=household)

    def list(self, request: Request) -> Response:
        query = validated(HouseholdFilterQuery, request.query_params)
        records = self.visible(staff(request))
        if query.get("household"):
            records = self.filtered(records, query["household"])
        page = self.paginate_queryset(records)
        return self.get_paginated_response(self.output(page, many=True).data)

    def retrieve(self, request: Request, pk: int) -> Response:
        return Response(self.output(self.get_one(staff(request), pk)).data)

    def create(self, request: Request) -> Response:
        user = staff(request)
        data = validated(self.create_input, request.data)
        household_id = data.pop("household")
        household = resolve(
            "household", lambda: selectors.household_get(user, household_id), NO_SUCH_HOUSEHOLD
        )
        return Response(self.output(self.add(household, data, user)).data, status=status.HTTP_201_CREATED)

    def update(self, request: Request, pk: int) -> Response:
        user = staff(request)
        record = self.get_one(user, pk)
        data = validated(self.record_input, request.data)
        return Response(self.output(self.change(record, data, user)).data)

    def partial_update(self, request: Request, pk: int) -> Response:
        user = staff(request)
        record = self.get_one(user, pk)
        # The services check a record whole (a last month against the first), so the fields not
        # sent keep their stored values and the record is checked as it will be.
        stored = {name: getattr(record, name) for name, _field in self.record_input().fields.items()}
        data = validated(self.record_input, request.data, partial=True)
        return Response(self.output(self.change(record, cast(Data, {**stored, **data}), user)).data)

    def destroy(self, request: Request, pk: int) -> Response:
        user = staff(request)
        self.remove(self.get_one(user, pk), user)
        return Response(status=status.HTTP_204_NO_CONTENT)


def _documented(
    output: type[serializers.Serializer],
    record_input: type[serializers.Serializer],
    create_input: type[serializers.Serializer],
) -> Any:
    return extend_schema_view(
        list=extend_schema(parameters=[HouseholdFilterQuery], responses=output(many=True)),
        retrieve=extend_schema(responses=output),
        create=extend_schema(request=create_input, responses={201: output}),
        update=extend_schema(request=record_input, responses=output),
        partial_update=extend_schema(request=record_input(partial=True), responses=output),
        destroy=extend_schema(responses={204: None}),
    )


@_documented(IncomeOutput, IncomeInput, IncomeCreateInput)
class IncomeViewSet(DatedRecordViewSet[IncomeData]):
    """Monthly incomes of a household or one of its members, over a period of months."""

    queryset = Income.objects.none()  # for the schema's path parameter only
    output = IncomeOutput
    record_input = IncomeInput
    create_input = IncomeCreateInput

    def visible(self, user: User) -> QuerySet[Income]:
        return selectors.visible_incomes(user)

    def get_one(self, user: User, pk: Any) -> Income:
        return selectors.income_get(user, pk)

    def add(self, household: Household, data: IncomeData, user: User) -> Income:
        return services.income_add(household=household, data=data, actor=user)

    def change(self, record: Income, data: IncomeData, user: User) -> Income:
        return services.income_update(income=record, data=data, actor=user)

    def remove(self, record: Income, user: User) -> None:
        services.income_delete(income=record, actor=user)


@_documented(AssetOutput, AssetInput, AssetCreateInput)
class AssetViewSet(DatedRecordViewSet[AssetData]):
    """Assets of a household or one of its members: deposits, vehicles, real estate …"""

    queryset = Asset.objects.none()  # for the schema's path parameter only
    output = AssetOutput
    record_input = AssetInput
    create_input = AssetCreateInput

    def visible(self, user: User) -> QuerySet[Asset]:
        return selectors.visible_assets(user)

    def get_one(self, user: User, pk: Any) -> Asset:
        return selectors.asset_get(user, pk)

    def add(self, household: Household, data: AssetData, user: User) -> Asset:
        return services.asset_add(household=household, data=data, actor=user)

    def change(self, record: Asset, data: AssetData, user: User) -> Asset:
        return services.asset_update(asset=record, data=data, actor=user)

    def remove(self, record: Asset, user: User) -> None:
        services.asset_delete(asset=record, actor=user)
