"""Setting a standard, which opens a recalculation (调标复核) of the receiving households it reaches;
recalculations: the list, one recalculation with its households, and the county's confirmation or
discarding of it. Reads go through benefits.selectors, writes through
benefits.services; a street or community sees only its own households' lines."""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dibao.accounts.models import User
from dibao.accounts.staff import StaffRequest
from dibao.areas.selectors import area_for, visible_areas
from dibao.core.errors import DomainError
from dibao.core.form_errors import show_domain_errors, show_domain_messages
from dibao.core.months import next_month
from dibao.core.page_access import page
from dibao.core.roles import POLICY_EDITORS, POLICY_READERS
from dibao.policy.engine.explanation import Line
from dibao.policy.engine.explanation import render as render_lines
from dibao.policy.forms import StandardForm
from dibao.policy.views.editing import asked_area, in_force_url
from dibao.registry.models import Relation, UrbanRural
from dibao.registry.selectors import visible_members

from . import services
from .jobs import recalculation_confirm_start
from .models import Recalculation, RecalculationLine
from .selectors import recalculation_get, recalculation_lines, visible_recalculations

LIST_PER_PAGE = 50
LINES_PER_PAGE = 100


@dataclass(frozen=True)
class LineRow:
    line: RecalculationLine
    head: str
    difference: Decimal
    explanation: list[str]


@page(roles=POLICY_READERS)
def recalculation_list(request: StaffRequest) -> HttpResponse:
    recalculations = Paginator(visible_recalculations(request.user), LIST_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "benefits/recalculation_list.html", {"recalculations": recalculations})


def _rows(user: User, lines: Any) -> list[LineRow]:
    """The page's lines with the head's name (one query) and the explanation rendered."""
    ids = [line.household_id for line in lines]
    heads = dict(
        visible_members(user)
        .filter(household_id__in=ids, relation=Relation.SELF)
        .values_list("household_id", "name")
    )
    return [
        LineRow(
            line=line,
            head=heads.get(line.household_id, ""),
            difference=line.amount_after - line.amount_before,
            explanation=render_lines([Line.from_json(item) for item in line.explanation]),
        )
        for line in lines
    ]


@page(roles=POLICY_READERS)
def recalculation_detail(request: StaffRequest, pk: int) -> HttpResponse:
    recalculation = recalculation_get(request.user, pk)
    lines = Paginator(recalculation_lines(request.user, recalculation), LINES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {
        "recalculation": recalculation,
        "lines": lines,
        "rows": _rows(request.user, lines),
        "change": recalculation.total_after - recalculation.total_before,
        "draft": recalculation.state == Recalculation.State.DRAFT,
    }
    return render(request, "benefits/recalculation_detail.html", context)


def _decide(
    request: StaffRequest,
    pk: int,
    decide: Callable[..., Recalculation],
    success: Callable[[Recalculation], str],
) -> HttpResponse:
    recalculation = recalculation_get(request.user, pk)
    try:
        done = decide(recalculation=recalculation, actor=request.user)
    except DomainError as exc:
        # Already decided, or entitlements changed since: the service says which, and nothing moved.
        show_domain_messages(request, exc)
    else:
        messages.success(request, success(done))
    return redirect("benefits:recalculation-detail", pk)


@page(roles=POLICY_EDITORS)
@require_POST
def recalculation_confirm(request: StaffRequest, pk: int) -> HttpResponse:
    """Queued as a job; its page shows it working, then this recalculation with what it did."""
    recalculation = recalculation_get(request.user, pk)
    try:
        job = recalculation_confirm_start(recalculation=recalculation, actor=request.user)
    except DomainError as exc:
        show_domain_messages(request, exc)
        return redirect("benefits:recalculation-detail", pk)
    return redirect("jobs:detail", job_id=job.pk)


@page(roles=POLICY_EDITORS)
@require_POST
def recalculation_discard(request: StaffRequest, pk: int) -> HttpResponse:
    return _decide(
        request,
        pk,
        services.recalculation_discard,
        lambda done: _("Discarded: no household's amount changed."),
    )


@page(roles=POLICY_EDITORS)
def standard_add(request: StaffRequest) -> HttpResponse:
    user = request.user
    initial = {"area": asked_area(request).code, "valid_from": f"{next_month():%Y-%m}"}
    form = StandardForm(request.POST or None, areas=visible_areas(user), initial=initial)
    if request.method == "POST" and form.is_valid():
        area = area_for(user, form.cleaned_data["area"])
        try:
            standard, recalculation = services.standard_change(
                area=area, data=form.values(*StandardForm.SERVICE_INPUTS), actor=user
            )
        except DomainError as exc:
            show_domain_errors(exc, form)
        else:
            params = {
                "kind": UrbanRural(standard.kind).label,
                "area": area.name,
                "amount": standard.amount,
                "month": f"{standard.valid_from:%Y-%m}",
            }
            said = _("The %(kind)s standard of %(area)s is %(amount)s yuan from %(month)s.") % params
            if recalculation is not None:
                messages.success(
                    request,
                    said
                    + " "
                    + _(
                        "%(n)s receiving households' amounts would change: "
                        "check the recalculation and confirm or discard it."
                    )
                    % {"n": recalculation.households},
                )
                return redirect("benefits:recalculation-detail", recalculation.pk)
            messages.success(request, said + " " + _("No receiving household's amount changes."))
            return redirect(in_force_url(area, standard.valid_from))
    return render(request, "benefits/standard_form.html", {"form": form})
