"""The county's random spot-check draws: drawing one, the drawn list with each check's result, and
the coverage (drawn, checked, outstanding, findings)."""

from typing import cast

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dibao.accounts.staff import StaffRequest
from dibao.areas.models import Area
from dibao.areas.selectors import county_of
from dibao.core.errors import DomainError, Forbidden, NotFound
from dibao.core.form_errors import show_domain_errors
from dibao.core.page_access import page

from .. import selectors
from ..forms import SpotCheckDrawForm, SpotCheckForm
from ..models import Application
from ..services.spot_check_draws import drawn_check_record, spot_check_draw
from .access import SPOT_CHECK_READERS, SPOT_CHECKERS

PER_PAGE = 20


@page(roles=SPOT_CHECK_READERS)
def draw_list(request: StaffRequest) -> HttpResponseBase:
    county = county_of(cast(Area, request.user.area))
    drawer = request.user.role in SPOT_CHECKERS
    this_month = timezone.localdate().replace(day=1)
    form = None
    if drawer:
        form = SpotCheckDrawForm(
            request.POST or None,
            initial={"month_from": f"{this_month.replace(month=1):%Y-%m}", "month_to": f"{this_month:%Y-%m}"},
        )
    if request.method == "POST":
        if form is None:
            raise Forbidden()
        if form.is_valid():
            data = form.cleaned_data
            try:
                draw = spot_check_draw(
                    county=county,
                    program=data["program"],
                    month_from=data["month_from"],
                    month_to=data["month_to"],
                    share=data.get("share"),
                    seed=data.get("seed"),
                    actor=request.user,
                )
            except DomainError as exc:
                show_domain_errors(exc, form)
            else:
                messages.success(request, _("%(n)d decisions drawn.") % {"n": draw.items.count()})
                return redirect("cases:spot-check-draw", pk=draw.pk)
    draws = selectors.visible_draws(request.user).select_related("program", "drawn_by")
    found = Paginator(draws, PER_PAGE).get_page(request.GET.get("page"))
    rows = [(d, selectors.draw_coverage(d)) for d in found]
    return render(
        request, "cases/spot_check_draws.html", {"county": county, "draws": found, "rows": rows, "form": form}
    )


def _detail(
    request: StaffRequest, pk: int, bound: SpotCheckForm | None = None, bound_for: int = 0
) -> HttpResponse:
    draw = selectors.draw_get(request.user, pk)
    items = list(selectors.drawn_items(draw))
    may_check = request.user.role in SPOT_CHECKERS
    today = timezone.localdate()
    forms = {}
    if may_check:
        for item in items:
            if not hasattr(item.application, "spot_check"):
                forms[item.pk] = (
                    bound
                    if bound is not None and bound_for == item.application_id
                    else SpotCheckForm(prefix=f"check-{item.application_id}", initial={"checked_on": today})
                )
    return render(
        request,
        "cases/spot_check_draw.html",
        {
            "draw": draw,
            "coverage": selectors.draw_coverage(draw),
            "rows": [(item, forms.get(item.pk)) for item in items],
        },
    )


@page(roles=SPOT_CHECK_READERS)
def draw_detail(request: StaffRequest, pk: int) -> HttpResponse:
    return _detail(request, pk)


@page(roles=SPOT_CHECKERS)
@require_POST
def draw_check(request: StaffRequest, pk: int, application: int) -> HttpResponseBase:
    draw = selectors.draw_get(request.user, pk)
    case = Application.objects.filter(pk=application).first()
    if case is None:
        raise NotFound()
    form = SpotCheckForm(request.POST, prefix=f"check-{application}")
    if form.is_valid():
        try:
            drawn_check_record(draw=draw, application=case, data=form.values(), actor=request.user)
        except DomainError as exc:
            show_domain_errors(exc, form)
        else:
            messages.success(request, _("Spot check recorded."))
            return redirect("cases:spot-check-draw", pk=draw.pk)
    return _detail(request, pk, form, application)
