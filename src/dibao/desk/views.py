"""The landing page: what waits for the user today, counts first, then each kind's first items,
each one click from where it is done; for a street or a county, the chart strip of the year."""

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from dibao.accounts.staff import StaffRequest
from dibao.cases.services import due_soon_limit
from dibao.core.page_access import page
from dibao.core.work import WorkItem
from dibao.policy.forms import program_names

from .charts import chart_data, chart_rows
from .worklist import PAGE_LIMIT, worklist


def _who(item: WorkItem, names: dict[str, str]) -> str:
    """Whose work it is, in one line: head and household number, community, program."""
    person = " ".join(part for part in (item.head_name, item.household) if part)
    program = names.get(item.program, item.program)
    return " · ".join(part for part in (person, item.community, program) if part)


@page()
def home(request: StaffRequest) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    work = worklist(user, today, PAGE_LIMIT)
    names = program_names({item.program for batch in work.batches for item in batch.items if item.program})
    charts = chart_data(user, today)
    sections = [(batch, [(item, _who(item, names)) for item in batch.items]) for batch in work.batches]
    context = {
        "work": work,
        "sections": sections,
        "today": today,
        "soon": due_soon_limit(today),
        "charts": charts,
        "chart_rows": chart_rows(charts) if charts else [],
        "chart_labels": {
            "households": _("Households paid"),
            "amount": _("Amount (yuan)"),
            "received": _("Applications received"),
            "decided": _("Applications decided"),
        },
    }
    return render(request, "desk/home.html", context)
