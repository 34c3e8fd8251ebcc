"""The monthly posting of 临时救助 (公开公示) per community: the page, and the sheet for the board as
a PDF. Names masked as on a 低保 notice; the amount and the reason category, nothing else."""

import datetime

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from dibao.accounts.staff import StaffRequest
from dibao.areas.forms import area_choices
from dibao.areas.models import Level
from dibao.areas.selectors import area_for, visible_communities
from dibao.core.downloads import download_name, pdf_response
from dibao.core.errors import NotFound
from dibao.core.page_access import page
from dibao.core.pdf import render_pdf

from .. import selectors
from ..forms import PostingForm
from .access import READERS


def _month(request: StaffRequest) -> tuple[PostingForm, datetime.date]:
    form = PostingForm(request.GET or None)
    month = timezone.localdate().replace(day=1)
    if form.is_bound and form.is_valid() and form.cleaned_data.get("month"):
        month = form.cleaned_data["month"]
    return form, month


@page(roles=READERS)
def posting_choose(request: StaffRequest) -> HttpResponse:
    """A community worker goes straight to their own; others choose a community."""
    form, month = _month(request)
    form.fields["community"].choices = [("", "—"), *area_choices(list(visible_communities(request.user)))]  # type: ignore[attr-defined]
    area = request.user.area
    code = request.GET.get("community") or (
        area.code if area is not None and area.level == Level.COMMUNITY else ""
    )
    if code:
        return posting_page(request, code)
    return render(request, "assistance/temporary/posting.html", {"form": form, "month": month, "lines": None})


@page(roles=READERS)
def posting_page(request: StaffRequest, code: str) -> HttpResponse:
    form, month = _month(request)
    form.fields["community"].choices = [("", "—"), *area_choices(list(visible_communities(request.user)))]  # type: ignore[attr-defined]
    community, lines = selectors.posting(request.user, code, month)
    return render(
        request,
        "assistance/temporary/posting.html",
        {"form": form, "month": month, "community": community, "lines": lines},
    )


@page(roles=READERS)
def posting_pdf(request: StaffRequest, code: str) -> HttpResponse:
    if area_for(request.user, code).level != Level.COMMUNITY:
        raise NotFound()
    _form, month = _month(request)
    community, lines = selectors.posting(request.user, code, month)
    pdf = render_pdf(
        "assistance/temporary/posting_pdf.html", {"community": community, "month": month, "lines": lines}
    )
    return pdf_response(pdf, download_name("临时救助公示", community.name, month, "pdf"))
