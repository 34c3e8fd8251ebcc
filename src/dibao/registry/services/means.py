"""Incomes and assets: the dated records the means test reads."""

from typing import Any

from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from dibao.accounts.models import User
from dibao.core import audit
from dibao.core.errors import DomainError

from ..inputs import AssetData, AssetFields, IncomeData, IncomeFields
from ..models import Asset, Household, Income, Member
from ..validation import clean_asset, clean_income
from .access import require_writer


def member_of(household: Household, member: Any) -> Member | None:
    if member in (None, ""):
        return None
    member_id = member.pk if isinstance(member, Member) else member
    found = household.members.filter(pk=member_id).first()
    if found is None:
        raise DomainError(_("That person is not a member of this household."), field="member")
    return found


def _add(
    model: type[models.Model], household: Household, values: IncomeFields | AssetFields, actor: User | None
) -> Any:
    with transaction.atomic():
        obj = model._default_manager.create(household=household, **values)
        audit.record(
            actor=actor,
            action=audit.Action.CREATE,
            obj=obj,
            area_code=household.community.code,
            household_id=household.pk,
            after=audit.snapshot(obj),
        )
    return obj


def _update(obj: Any, values: IncomeFields | AssetFields, actor: User | None) -> Any:
    household = obj.household
    with transaction.atomic():
        before = audit.snapshot(obj)
        for field, value in values.items():
            setattr(obj, field, value)
        obj.save()
        audit.record_update(
            actor=actor, obj=obj, before=before, area_code=household.community.code, household_id=household.pk
        )
    return obj


def _delete(obj: Any, actor: User) -> None:
    household = obj.household
    require_writer(actor, household.community)
    with transaction.atomic():
        audit.record(
            actor=actor,
            action=audit.Action.DELETE,
            obj=obj,
            area_code=household.community.code,
            household_id=household.pk,
            before=audit.snapshot(obj),
        )
        obj.delete()


def income_add(*, household: Household, data: IncomeData, actor: User) -> Income:
    require_writer(actor, household.community)
    values = clean_income(data)
    values["member"] = member_of(household, data.get("member"))
    return _add(Income, household, values, actor)


def income_update(*, income: Income, data: IncomeData, actor: User) -> Income:
    require_writer(actor, income.household.community)
    values = clean_income(data)
    values["member"] = member_of(income.household, data.get("member"))
    return _update(income, values, actor)


def income_delete(*, income: Income, actor: User) -> None:
    _delete(income, actor)


def asset_add(*, household: Household, data: AssetData, actor: User) -> Asset:
    require_writer(actor, household.community)
    values = clean_asset(data)
    values["member"] = member_of(household, data.get("member"))
    return _add(Asset, household, values, actor)


def asset_update(*, asset: Asset, data: AssetData, actor: User) -> Asset:
    require_writer(actor, asset.household.community)
    values = clean_asset(data)
    values["member"] = member_of(asset.household, data.get("member"))
    return _update(asset, values, actor)


def asset_delete(*, asset: Asset, actor: User) -> None:
    _delete(asset, actor)
