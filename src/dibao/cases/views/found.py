"""Found, not waited for: who qualifies for a categorical program and does not receive it, and who
receives one and no longer qualifies, in the user's area (`cases.discovery`)."""

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from dibao.accounts.staff import StaffRequest
from dibao.areas.selectors import area_for, visible_areas
from dibao.core.disclosure import id_number_for
from dibao.core.errors import DomainError
from dibao.core.form_errors import show_domain_errors
from dibao.core.page_access import page
from dibao.policy.forms import program_names

from ..discovery.forms import FoundFilterForm
from ..discovery.rules import DUE, DUE_RULES
from ..discovery.selectors import found
from .access import CASE_READERS, CASE_WRITERS
from .community import own_area

PER_PAGE = 50


@page(roles=CASE_READERS)
def found_list(request: StaffRequest) -> HttpResponse:
    user = request.user
    own = own_area(request)
    this_month = timezone.localdate().replace(day=1)
    form = FoundFilterForm(
        {"area": own.code, "month": f"{this_month:%Y-%m}", "direction": DUE, **request.GET.dict()},
        areas=visible_areas(user),
    )
    form.is_valid()  # a wrong input is shown beside itself; the defaults stand in for it
    data = getattr(form, "cleaned_data", {})
    area = area_for(user, data["area"]) if data.get("area") else own
    month = data.get("month") or this_month
    direction = data.get("direction") or DUE
    rows = []
    try:
        rows = found(area, month, program=data.get("program") or None, direction=direction)
    except DomainError as exc:
        show_domain_errors(exc, form)
    names = program_names(set(DUE_RULES))
    counts: dict[str, int] = {}
    for row in rows:
        counts[row.program] = counts.get(row.program, 0) + 1
    page_of = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    shown = [
        (row, names.get(row.program, row.program), id_number_for(user, row.id_number)) for row in page_of
    ]
    context = {
        "form": form,
        "area": area,
        "month": month,
        "direction": direction,
        "page": page_of,
        "rows": shown,
        "counts": [(names.get(code, code), n) for code, n in counts.items()],
        "total": len(rows),
        "may_apply": user.role in CASE_WRITERS,
        "query": request.GET.copy(),
    }
    return render(request, "cases/found.html", context)
