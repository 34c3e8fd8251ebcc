""" "What if" (调标测算): every household the user may see in an area, now and under a new
standard. A GET form, since it writes nothing; its xlsx is a job, posted from the page."""

from decimal import Decimal
from itertools import islice
from typing import Any
from urllib.parse import urlencode

from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dibao.accounts.staff import StaffRequest
from dibao.areas.selectors import area_for, visible_areas
from dibao.core.months import this_month
from dibao.core.page_access import page
from dibao.core.roles import POLICY_READERS
from dibao.registry.models import UrbanRural
from dibao.registry.selectors import visible_households

from ..forms import SimulateForm
from ..jobs import simulation_xlsx_start
from ..simulation import Change, Simulation, changed_rows_with_names, simulate
from .charts import Chart, chart
from .in_force import own_area

SHOWN_ROWS = 200


def _charts(result: Simulation) -> list[Chart]:
    return [
        chart(
            _("Households by change"),
            [(Change.LABELS[key], tally.households) for key, tally in result.tallies.items()],
        ),
        chart(
            _("Monthly total (yuan)"),
            [(_("Monthly total now"), result.total_now), (_("Monthly total new"), result.total_new)],
        ),
    ]


@page(roles=POLICY_READERS)
def simulate_page(request: StaffRequest) -> HttpResponseBase:
    user = request.user
    asked = "standard" in request.GET
    initial = {"area": own_area(request).code, "kind": UrbanRural.URBAN, "month": f"{this_month():%Y-%m}"}
    form = SimulateForm(request.GET if asked else None, areas=visible_areas(user), initial=initial)
    context: dict[str, Any] = {"form": form, "result": None}
    if asked and form.is_valid():
        data = form.cleaned_data
        standard: Decimal = data["standard"]
        result = simulate(
            households=visible_households(user),
            area=area_for(user, data["area"]),
            kind=data["kind"],
            standard=standard,
            month=data["month"] or this_month(),
        )
        changed = len(result.changed)
        context.update(
            result=result,
            tallies=[(Change.LABELS[key], tally) for key, tally in result.tallies.items()],
            changed=changed,
            rows=[
                (row, head, community, Change.LABELS[row.change])
                for row, head, community in islice(changed_rows_with_names(result), SHOWN_ROWS)
            ],
            kind_label=UrbanRural(result.kind).label,
            shown=min(changed, SHOWN_ROWS),
            charts=_charts(result),
        )
    return render(request, "policy/simulate.html", context)


@page(roles=POLICY_READERS)
@require_POST
def simulate_xlsx(request: StaffRequest) -> HttpResponseBase:
    """The workbook of every changed household is written by a job, whose page offers the file.
    Wrong values go back to the page, which says what is wrong with them."""
    user = request.user
    form = SimulateForm(request.POST, areas=visible_areas(user))
    if not form.is_valid():
        query = urlencode({name: request.POST.get(name, "") for name in form.fields})
        return redirect(f"{reverse('policy:simulate')}?{query}")
    data = form.cleaned_data
    job = simulation_xlsx_start(
        area=area_for(user, data["area"]),
        kind=data["kind"],
        standard=data["standard"],
        month=data["month"] or this_month(),
        actor=user,
    )
    return redirect("jobs:detail", job_id=job.pk)
