"""Members of a household: adding, editing, removing, and revealing an ID number in full."""

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dibao.accounts.staff import StaffRequest
from dibao.core.page_access import page
from dibao.core.roles import ID_REVEALERS, REGISTRY_WRITERS

from .. import selectors, services
from ..forms import MemberEditForm, MemberForm
from .editing import delete_page, form_page
from .households import detail_context


@page(roles=REGISTRY_WRITERS)
def member_add(request: StaffRequest, pk: int) -> HttpResponse:
    household = selectors.household_get(request.user, pk)
    form = MemberForm(request.POST or None)
    return form_page(
        request,
        household=household,
        form=form,
        title=_("Add member"),
        save=lambda values: services.member_add(household=household, data=values, actor=request.user),
        success=lambda: _("%(name)s added to the household.") % {"name": form.cleaned_data["name"]},
    )


@page(roles=REGISTRY_WRITERS)
def member_edit(request: StaffRequest, pk: int) -> HttpResponse:
    member = selectors.member_get(request.user, pk)
    form = MemberEditForm(request.POST or None, member=member)
    return form_page(
        request,
        household=member.household,
        form=form,
        title=_("Edit member %(name)s") % {"name": member.name},
        save=lambda values: services.member_update(member=member, data=values, actor=request.user),
        success=lambda: _("%(name)s saved.") % {"name": member.name},
    )


@page(roles=REGISTRY_WRITERS)
def member_remove(request: StaffRequest, pk: int) -> HttpResponse:
    member = selectors.member_get(request.user, pk)
    return delete_page(
        request,
        household=member.household,
        title=_("Remove member"),
        description=_("Remove %(name)s (%(relation)s) from household %(number)s?")
        % {"name": member.name, "relation": member.get_relation_display(), "number": member.household.number},
        delete=lambda: services.member_remove(member=member, actor=request.user),
        success=_("%(name)s removed from the household.") % {"name": member.name},
    )


@page(roles=ID_REVEALERS)
@require_POST
def member_reveal_id(request: StaffRequest, pk: int) -> HttpResponse:
    """The whole number, after the audited reveal. htmx swaps it into the row; without
    JavaScript the household page comes back with this one number shown."""
    member = selectors.member_get(request.user, pk)
    number = services.id_number_reveal(member=member, actor=request.user)
    if request.headers.get("HX-Request"):
        return render(request, "registry/includes/revealed_id.html", {"number": number})
    household = selectors.household_get(request.user, member.household_id)
    context = detail_context(request.user, household, revealed={member.pk: number})
    return render(request, "registry/household_detail.html", context)
