""" "What if" (调标测算): every household the user may see in an area, now and under a new
standard. A GET form, since it writes nothing: the same address gives the page and its xlsx."""

import io
from decimal import Decimal
from itertools import islice
from typing import Any

from django.http import FileResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext as _

from dibao.accounts.staff import StaffRequest
from dibao.areas.selectors import area_for, visible_areas
from dibao.core.downloads import XLSX
from dibao.core.months import this_month
from dibao.core.page_access import page
from dibao.core.roles import POLICY_READERS
from dibao.registry.models import UrbanRural
from dibao.registry.selectors import visible_households

from ..forms import SimulateForm
from ..simulation import Change, Simulation, changed_rows_with_names, simulate, simulation_xlsx
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


def _xlsx(result: Simulation) -> FileResponse:
    label = _("what-if")  # outside the f-string, where makemessages finds it
    name = f"{label}-{result.area.code}-{result.kind}-{result.standard}-{result.month:%Y-%m}.xlsx"
    return FileResponse(
        io.BytesIO(simulation_xlsx(result)), as_attachment=True, filename=name, content_type=XLSX
    )


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
        if request.GET.get("format") == "xlsx":
            return _xlsx(result)
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
