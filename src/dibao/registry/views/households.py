"""Households: the searchable list, one household's page, creating, editing, status, audit trail."""

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from dibao.accounts.models import User
from dibao.accounts.staff import StaffRequest
from dibao.areas.selectors import community_for, visible_areas, visible_communities
from dibao.core import months
from dibao.core.audit_display import audit_rows
from dibao.core.errors import DomainError
from dibao.core.form_errors import show_domain_errors
from dibao.core.months import add_months
from dibao.core.page_access import page
from dibao.core.panels import HOUSEHOLD_PAGE
from dibao.core.roles import REGISTRY_WRITERS

from .. import selectors, services
from ..forms import HeadForm, HouseholdCreateForm, HouseholdEditForm, HouseholdFilterForm, StatusForm
from ..models import Household
from ..validation import HOUSEHOLD_FIELDS
from .editing import form_page

PER_PAGE = 20
AUDIT_PER_PAGE = 50


@page()
def household_list(request: StaffRequest) -> HttpResponse:
    form = HouseholdFilterForm(request.GET, areas=visible_areas(request.user))
    form.is_valid()  # a wrong choice is shown beside its input; the other filters still apply
    data = getattr(form, "cleaned_data", {})
    filters = selectors.HouseholdFilters(
        query=data.get("q") or "",
        area_code=data.get("area") or "",
        status=data.get("status") or "",
        urban_rural=data.get("urban_rural") or "",
    )
    listed = selectors.household_page(request.user, filters)
    # Pages within the bound; a page number past the last is the last page, as Django's get_page does.
    households = Paginator(listed, PER_PAGE).get_page(request.GET.get("page"))
    # A household found by a member other than its head says which member matched.
    matched = selectors.members_matching(request.user, filters.query, [h.pk for h in households])
    for household in households:
        household.matched = matched.get(household.pk, [])  # type: ignore[attr-defined]
    context = {"form": form, "households": households, "more": listed.more, "bound": selectors.LIST_BOUND}
    return render(request, "registry/household_list.html", context)


def detail_context(
    user: User, household: Household, revealed: dict[int, str] | None = None, month: str | None = None
) -> dict[str, Any]:
    """What the household page shows; `revealed` holds ID numbers just revealed, by member id;
    `month` (YYYY-MM, default this month) is the month of the panels apps above the register add
    (`core.panels.HOUSEHOLD_PAGE`), each also in the context under its name."""
    members = list(selectors.household_members(user, household))
    for member in members:
        member.revealed_id = (revealed or {}).get(member.pk)  # type: ignore[attr-defined]
    panels = HOUSEHOLD_PAGE.panels(user, household, month)
    this_month = months.this_month()
    # Every assessment, newest first; the first of each member's is the one that counts.
    care_assessments = list(selectors.household_care_assessments(user, household))
    seen: set[int] = set()
    for assessment in care_assessments:
        assessment.counts = assessment.member_id not in seen  # type: ignore[attr-defined]
        seen.add(assessment.member_id)
    return {
        "household": household,
        "members": members,
        "incomes": selectors.household_incomes(user, household),
        "assets": selectors.household_assets(user, household),
        "supporters": selectors.household_supporters(user, household),
        "care_assessments": care_assessments,
        "rigid_spending": selectors.household_rigid_spending(user, household),
        "rigid_spending_total": selectors.rigid_spending_total(user, household, this_month),
        "rigid_spending_from": add_months(this_month, -12),
        "panels": panels,
        **{panel.name: panel.content for panel in panels},
    }


@page()
def household_detail(request: StaffRequest, pk: int) -> HttpResponse:
    household = selectors.household_get(request.user, pk)
    context = detail_context(request.user, household, month=request.GET.get("month"))
    return render(request, "registry/household_detail.html", context)


@page(roles=REGISTRY_WRITERS)
def household_create(request: StaffRequest) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    form = HouseholdCreateForm(data, communities=visible_communities(request.user))
    head = HeadForm(data, prefix="head")
    if data is not None and all([form.is_valid(), head.is_valid()]):
        try:
            household = services.household_create(
                community=community_for(request.user, form.cleaned_data["community"]),
                data=form.values(*HOUSEHOLD_FIELDS, "category"),
                head=head.values(),
                actor=request.user,
            )
        except DomainError as exc:
            show_domain_errors(exc, form, {"head": head})
        else:
            messages.success(request, _("Household %(number)s registered.") % {"number": household.number})
            return redirect("registry:household-detail", household.pk)
    return render(request, "registry/household_create.html", {"form": form, "head": head})


@page(roles=REGISTRY_WRITERS)
def household_edit(request: StaffRequest, pk: int) -> HttpResponse:
    household = selectors.household_get(request.user, pk)
    form = HouseholdEditForm(request.POST or None, household=household, viewer=request.user)
    return form_page(
        request,
        household=household,
        form=form,
        title=_("Edit household"),
        save=lambda values: services.household_update(household=household, data=values, actor=request.user),
        success=lambda: _("Household %(number)s saved.") % {"number": household.number},
    )


@page(roles=REGISTRY_WRITERS)
def household_status(request: StaffRequest, pk: int) -> HttpResponse:
    household = selectors.household_get(request.user, pk)
    form = StatusForm(request.POST or None, initial={"status": household.status})
    return form_page(
        request,
        household=household,
        form=form,
        title=_("Change status"),
        save=lambda values: services.household_set_status(
            household=household, status=values["status"] or "", note=values["note"] or "", actor=request.user
        ),
        success=lambda: (
            _("Household %(number)s is now %(status)s.")
            % {"number": household.number, "status": household.get_status_display()}
        ),
    )


@page()
def household_audit(request: StaffRequest, pk: int) -> HttpResponse:
    household = selectors.household_get(request.user, pk)
    trail = selectors.household_audit_trail(request.user, household)
    entries = Paginator(trail, AUDIT_PER_PAGE).get_page(request.GET.get("page"))
    rows = audit_rows(entries)
    return render(
        request, "registry/household_audit.html", {"household": household, "entries": entries, "rows": rows}
    )
