"""A household's incomes and assets: the dated records the means test reads."""

from django.http import HttpResponse
from django.utils.translation import gettext as _

from dibao.accounts.staff import StaffRequest
from dibao.core.page_access import page
from dibao.core.roles import REGISTRY_WRITERS

from .. import selectors, services
from ..forms import AssetForm, IncomeForm
from .editing import delete_page, form_page


@page(roles=REGISTRY_WRITERS)
def income_add(request: StaffRequest, pk: int) -> HttpResponse:
    household = selectors.household_get(request.user, pk)
    return form_page(
        request,
        household=household,
        form=IncomeForm(request.POST or None, household=household),
        title=_("Add income"),
        save=lambda values: services.income_add(household=household, data=values, actor=request.user),
        success=lambda: _("Income recorded."),
    )


@page(roles=REGISTRY_WRITERS)
def income_edit(request: StaffRequest, pk: int) -> HttpResponse:
    income = selectors.income_get(request.user, pk)
    return form_page(
        request,
        household=income.household,
        form=IncomeForm(request.POST or None, household=income.household, income=income),
        title=_("Edit income"),
        save=lambda values: services.income_update(income=income, data=values, actor=request.user),
        success=lambda: _("Income saved."),
    )


@page(roles=REGISTRY_WRITERS)
def income_delete(request: StaffRequest, pk: int) -> HttpResponse:
    income = selectors.income_get(request.user, pk)
    return delete_page(
        request,
        household=income.household,
        title=_("Delete income"),
        description=_("Delete the income %(income)s (%(member)s)?")
        % {"income": income, "member": income.member or _("whole household")},
        delete=lambda: services.income_delete(income=income, actor=request.user),
        success=_("Income deleted."),
    )


@page(roles=REGISTRY_WRITERS)
def asset_add(request: StaffRequest, pk: int) -> HttpResponse:
    household = selectors.household_get(request.user, pk)
    return form_page(
        request,
        household=household,
        form=AssetForm(request.POST or None, household=household),
        title=_("Add asset"),
        save=lambda values: services.asset_add(household=household, data=values, actor=request.user),
        success=lambda: _("Asset recorded."),
    )


@page(roles=REGISTRY_WRITERS)
def asset_edit(request: StaffRequest, pk: int) -> HttpResponse:
    asset = selectors.asset_get(request.user, pk)
    return form_page(
        request,
        household=asset.household,
        form=AssetForm(request.POST or None, household=asset.household, asset=asset),
        title=_("Edit asset"),
        save=lambda values: services.asset_update(asset=asset, data=values, actor=request.user),
        success=lambda: _("Asset saved."),
    )


@page(roles=REGISTRY_WRITERS)
def asset_delete(request: StaffRequest, pk: int) -> HttpResponse:
    asset = selectors.asset_get(request.user, pk)
    return delete_page(
        request,
        household=asset.household,
        title=_("Delete asset"),
        description=_("Delete the asset %(asset)s (%(member)s)?")
        % {"asset": asset, "member": asset.member or _("whole household")},
        delete=lambda: services.asset_delete(asset=asset, actor=request.user),
        success=_("Asset deleted."),
    )
