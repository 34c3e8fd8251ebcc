"""Holiday relief pages: the campaigns (a street or county creates one), a campaign with its totals
and the recipients the user may see, a recipient's delivery, the signed list of a community (PDF)
and the totals (xlsx). Writes go through `holiday.services`; reads through `holiday.selectors`."""

from typing import cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dibao.accounts.staff import StaffRequest
from dibao.areas.models import Area, Level
from dibao.areas.selectors import visible_areas
from dibao.core.downloads import XLSX, download_name, file_response, pdf_response
from dibao.core.errors import DomainError, NotFound
from dibao.core.form_errors import show_domain_errors, show_domain_messages
from dibao.core.page_access import page
from dibao.core.roles import CAMPAIGN_OPENERS, REGISTRY_WRITERS, Role
from dibao.registry.selectors import visible_households

from . import printing, selectors, services
from .forms import AddForm, CampaignForm, DeliverForm, RemoveForm

READERS = frozenset({Role.COMMUNITY, Role.STREET, Role.COUNTY, Role.AUDITOR})
LIST_LIMIT = 300


@page(roles=READERS)
def campaign_list(request: StaffRequest) -> HttpResponse:
    user = request.user
    form = CampaignForm(request.POST or None) if user.role in CAMPAIGN_OPENERS else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                campaign = services.holiday_campaign_create(
                    area=cast(Area, user.area), data=form.values(), actor=user
                )
            except DomainError as exc:
                show_domain_errors(exc, form)
            else:
                messages.success(
                    request,
                    _("Campaign created: %(n)s households to visit.") % {"n": campaign.recipients.count()},
                )
                return redirect("assistance:holiday-detail", campaign=campaign.pk)
    context = {
        "section": "assistance",
        "campaigns": selectors.visible_campaigns(request.user)[:100],
        "form": form,
    }
    return render(request, "assistance/holiday/campaign_list.html", context)


@page(roles=READERS)
def campaign_detail(request: StaffRequest, campaign: int) -> HttpResponse:
    user = request.user
    found = selectors.campaign_get(user, campaign)
    form = AddForm(request.POST or None) if user.role in REGISTRY_WRITERS else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            household = visible_households(user).filter(number=form.cleaned_data["household"].strip()).first()
            try:
                if household is None:
                    raise DomainError(_("No such household in your area."), field="household")
                services.holiday_recipient_add(
                    campaign=found, household=household, reason=form.cleaned_data["reason"], actor=user
                )
            except DomainError as exc:
                show_domain_errors(exc, form)
            else:
                messages.success(request, _("The household was added."))
                return redirect("assistance:holiday-detail", campaign=found.pk)
    scoped = selectors.recipients(user, found)
    shown = list(scoped[:LIST_LIMIT])
    context = {
        "section": "assistance",
        "campaign": found,
        "totals": selectors.totals(scoped),
        "listed": list(zip(printing.rows(found, shown), shown, strict=True)),
        "removed": selectors.recipients(user, found, listed=False).filter(state="removed")[:LIST_LIMIT],
        "form": form,
        "criteria": [printing.criteria.label(c) for c in found.criteria],
        "packages": printing.package_texts(found),
    }
    return render(request, "assistance/holiday/campaign_detail.html", context)


def _community(request: StaffRequest, community: int) -> Area:
    area = visible_areas(request.user).filter(pk=community, level=Level.COMMUNITY).first()
    if area is None:
        raise NotFound()
    return area


@page(roles=READERS)
def signed_list(request: StaffRequest, campaign: int, community: int) -> HttpResponse:
    found = selectors.campaign_get(request.user, campaign)
    area = _community(request, community)
    if not found.area.contains(area):
        raise NotFound()
    rows = selectors.recipients(request.user, found, community=area)
    pdf = printing.community_list_pdf(found, area, rows)
    return pdf_response(pdf, download_name("节日慰问签收名单", area.name, found.held_on, "pdf"))


@page(roles=READERS)
def totals_xlsx(request: StaffRequest, campaign: int) -> HttpResponseBase:
    found = selectors.campaign_get(request.user, campaign)
    data = printing.totals_xlsx(found, selectors.totals(selectors.recipients(request.user, found)))
    return file_response(data, download_name("节日慰问汇总", found.area.name, found.held_on, "xlsx"), XLSX)


@page(roles=READERS)
def recipient_detail(request: StaffRequest, pk: int) -> HttpResponse:
    recipient = selectors.recipient_get(request.user, pk)
    writer = request.user.role in REGISTRY_WRITERS
    context = {
        "section": "assistance",
        "recipient": recipient,
        "row": printing.rows(
            recipient.campaign,
            selectors.recipients(request.user, recipient.campaign, listed=False).filter(pk=pk),
        )[0],
        "deliver_form": DeliverForm() if writer else None,
        "remove_form": RemoveForm(prefix="remove") if writer else None,
    }
    return render(request, "assistance/holiday/recipient_detail.html", context)


@require_POST
@page(roles=REGISTRY_WRITERS)
def recipient_deliver(request: StaffRequest, pk: int) -> HttpResponse:
    recipient = selectors.recipient_get(request.user, pk)
    form = DeliverForm(request.POST)
    if form.is_valid():
        try:
            services.holiday_recipient_deliver(
                recipient=recipient,
                delivered=form.cleaned_data["delivered"] == "yes",
                delivered_on=form.cleaned_data["delivered_on"],
                delivered_by=form.cleaned_data["delivered_by"],
                reason=form.cleaned_data["reason"],
                actor=request.user,
            )
        except DomainError as exc:
            show_domain_messages(request, exc)
        else:
            messages.success(request, _("Recorded."))
    else:
        messages.error(request, _("Check the form."))
    return redirect("assistance:holiday-recipient", pk=recipient.pk)


@require_POST
@page(roles=REGISTRY_WRITERS)
def recipient_remove(request: StaffRequest, pk: int) -> HttpResponse:
    recipient = selectors.recipient_get(request.user, pk)
    form = RemoveForm(request.POST, prefix="remove")
    try:
        services.holiday_recipient_remove(
            recipient=recipient, reason=form.data.get("remove-reason", ""), actor=request.user
        )
    except DomainError as exc:
        show_domain_messages(request, exc)
    else:
        messages.success(request, _("The household was taken off the list."))
    return redirect("assistance:holiday-recipient", pk=recipient.pk)
