"""What the programs beside 低保 read of a household: members' legal supporters and self-care
assessments, and the household's rigid spending. Edited from the household page, as incomes are."""

from django.http import HttpResponse
from django.utils.translation import gettext as _

from dibao.accounts.staff import StaffRequest
from dibao.core import disclosure
from dibao.core.page_access import page
from dibao.core.roles import REGISTRY_WRITERS

from .. import selectors, services
from ..forms import CareAssessmentForm, RigidSpendingForm, SupporterForm
from .editing import delete_page, form_page


@page(roles=REGISTRY_WRITERS)
def supporter_add(request: StaffRequest, pk: int) -> HttpResponse:
    household = selectors.household_get(request.user, pk)
    return form_page(
        request,
        household=household,
        form=SupporterForm(request.POST or None, household=household),
        title=_("Add legal supporter"),
        save=lambda values: services.supporter_add(household=household, data=values, actor=request.user),
        success=lambda: _("Supporter recorded."),
    )


@page(roles=REGISTRY_WRITERS)
def supporter_edit(request: StaffRequest, pk: int) -> HttpResponse:
    supporter = selectors.supporter_get(request.user, pk)
    household = supporter.member.household
    return form_page(
        request,
        household=household,
        form=SupporterForm(request.POST or None, household=household, supporter=supporter),
        title=_("Edit legal supporter"),
        save=lambda values: services.supporter_update(supporter=supporter, data=values, actor=request.user),
        success=lambda: _("Supporter saved."),
    )


@page(roles=REGISTRY_WRITERS)
def supporter_delete(request: StaffRequest, pk: int) -> HttpResponse:
    supporter = selectors.supporter_get(request.user, pk)
    return delete_page(
        request,
        household=supporter.member.household,
        title=_("Delete legal supporter"),
        description=_("Delete %(name)s (%(number)s) as a supporter of %(member)s?")
        % {
            "name": supporter.name,
            "number": disclosure.mask_id_number(supporter.id_number),
            "member": supporter.member.name,
        },
        delete=lambda: services.supporter_delete(supporter=supporter, actor=request.user),
        success=_("Supporter deleted."),
    )


@page(roles=REGISTRY_WRITERS)
def care_assessment_add(request: StaffRequest, pk: int) -> HttpResponse:
    household = selectors.household_get(request.user, pk)
    return form_page(
        request,
        household=household,
        form=CareAssessmentForm(request.POST or None, household=household),
        title=_("Add self-care assessment"),
        save=lambda values: services.care_assessment_add(
            household=household, data=values, actor=request.user
        ),
        success=lambda: _("Assessment recorded."),
    )


@page(roles=REGISTRY_WRITERS)
def care_assessment_delete(request: StaffRequest, pk: int) -> HttpResponse:
    assessment = selectors.care_assessment_get(request.user, pk)
    return delete_page(
        request,
        household=assessment.member.household,
        title=_("Delete self-care assessment"),
        description=_("Delete the assessment of %(member)s on %(date)s (%(level)s)?")
        % {
            "member": assessment.member.name,
            "date": assessment.assessed_on.isoformat(),
            "level": assessment.get_level_display(),
        },
        delete=lambda: services.care_assessment_delete(assessment=assessment, actor=request.user),
        success=_("Assessment deleted."),
    )


@page(roles=REGISTRY_WRITERS)
def rigid_spending_add(request: StaffRequest, pk: int) -> HttpResponse:
    household = selectors.household_get(request.user, pk)
    return form_page(
        request,
        household=household,
        form=RigidSpendingForm(request.POST or None, household=household),
        title=_("Add rigid spending"),
        save=lambda values: services.rigid_spending_add(household=household, data=values, actor=request.user),
        success=lambda: _("Spending recorded."),
    )


@page(roles=REGISTRY_WRITERS)
def rigid_spending_edit(request: StaffRequest, pk: int) -> HttpResponse:
    spending = selectors.rigid_spending_get(request.user, pk)
    return form_page(
        request,
        household=spending.household,
        form=RigidSpendingForm(request.POST or None, household=spending.household, spending=spending),
        title=_("Edit rigid spending"),
        save=lambda values: services.rigid_spending_update(
            spending=spending, data=values, actor=request.user
        ),
        success=lambda: _("Spending saved."),
    )


@page(roles=REGISTRY_WRITERS)
def rigid_spending_delete(request: StaffRequest, pk: int) -> HttpResponse:
    spending = selectors.rigid_spending_get(request.user, pk)
    return delete_page(
        request,
        household=spending.household,
        title=_("Delete rigid spending"),
        description=_("Delete the spending %(spending)s of %(date)s?")
        % {"spending": spending, "date": spending.spent_on.isoformat()},
        delete=lambda: services.rigid_spending_delete(spending=spending, actor=request.user),
        success=_("Spending deleted."),
    )
