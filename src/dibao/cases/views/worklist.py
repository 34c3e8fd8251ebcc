"""What waits for me (the worklist) and what is due or overdue in my area."""

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from dibao.accounts.staff import StaffRequest
from dibao.core.page_access import page

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
    found = Paginator(applications, PER_PAGE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    soon = services.due_soon_limit(today)
    rows = [Row(a, urgency(a, today, soon)) for a in found]
    return render(
        request, "cases/worklist.html", {"form": form, "applications": found, "rows": rows, "soon": soon}
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
