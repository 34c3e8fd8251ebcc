"""What waits for me (the worklist) and what is due or overdue in my area."""

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from dibao.accounts.staff import StaffRequest
from dibao.core.page_access import page
from dibao.policy.forms import program_names

from .. import selectors, services
from ..forms import WorklistFilterForm
from ..models import Application
from ..selectors import WAITING_FOR
from .access import CASE_READERS
from .community import own_area
from .urgency import urgency

PER_PAGE = 25


@dataclass
class Row:
    application: Application
    urgency: str
    program: str = ""  # its name, where the list holds more than one program


@page(roles=CASE_READERS)
def worklist(request: StaffRequest) -> HttpResponse:
    user = request.user
    # Nothing ever waits for an auditor: they read every application of their area instead.
    default = WorklistFilterForm.WAITING if user.role in WAITING_FOR else WorklistFilterForm.ALL
    form = WorklistFilterForm({"show": default, **request.GET.dict()})
    form.is_valid()  # a wrong choice is shown beside its input; the other filters still apply
    data = getattr(form, "cleaned_data", {})
    if (data.get("show") or default) == WorklistFilterForm.WAITING:
        applications = selectors.worklist(user)
    else:
        applications = selectors.visible_applications(user).order_by("-created_at", "-id")
    if data.get("state"):
        applications = applications.filter(state=data["state"])
    if data.get("kind"):
        applications = applications.filter(kind=data["kind"])
    if data.get("program"):
        applications = applications.filter(program_id=data["program"])
    found = Paginator(applications, PER_PAGE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    soon = services.due_soon_limit(today)
    shown = {str(a.program_id) for a in found}
    names = program_names(shown) if len(shown) > 1 else {}
    rows = [Row(a, urgency(a, today, soon), names.get(str(a.program_id), "")) for a in found]
    return render(
        request,
        "cases/worklist.html",
        {"form": form, "applications": found, "rows": rows, "soon": soon, "programs": bool(names)},
    )


@page(roles=CASE_READERS)
def due(request: StaffRequest) -> HttpResponse:
    soon = services.due_soon_limit()
    cases = selectors.due_cases(own_area(request), soon=soon)
    return render(
        request,
        "cases/due.html",
        {
            "overdue": cases["overdue"],
            "due_soon": cases["due_soon"],
            "soon": soon,
            "today": timezone.localdate(),
        },
    )
