"""Reading applications, limited to the user's area: lists, the worklist, due and overdue cases."""

import datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from dibao.areas.models import Area
from dibao.core.errors import NotFound
from dibao.core.roles import Role

from .models import OPEN_STATES, Application, CaseEvent, State


def visible_applications(user: Any) -> QuerySet[Application]:
    return Application.objects.filter(community__code__startswith=user.area.scope_prefix).select_related(
        "community", "household"
    )


def application_get(user: Any, pk: int) -> Application:
    found = visible_applications(user).filter(pk=pk).first()
    if found is None:
        raise NotFound()
    return found


def timeline(application: Application) -> QuerySet[CaseEvent]:
    return application.events.select_related("actor").order_by("at", "id")


# What waits for whom: the states in which each role takes the next step.
WAITING_FOR = {
    Role.COMMUNITY: [
        State.DRAFT,
        State.RETURNED,
        State.SUBMITTED,
        State.ACCEPTED,
        State.INVESTIGATED,
        State.APPRAISED,
        State.UNDER_NOTICE,
    ],
    Role.STREET: [State.SUBMITTED, State.NOTICE_CLOSED, State.UNDER_NOTICE, State.REVIEWED],
    Role.COUNTY: [State.REVIEWED],
}


def worklist(user: Any) -> QuerySet[Application]:
    """Open applications waiting for a step the user's role takes, the most urgent first."""
    states = WAITING_FOR.get(user.role, [])
    return visible_applications(user).filter(state__in=states).order_by("due_on", "created_at")


def due_cases(
    area: Area, *, today: datetime.date | None = None, soon: datetime.date
) -> dict[str, list[Application]]:
    """Open accepted cases of an area: overdue (due before today) and due soon (by `soon`)."""
    today = today or timezone.localdate()
    open_cases = (
        Application.objects.filter(
            community__code__startswith=area.scope_prefix, state__in=OPEN_STATES, due_on__isnull=False
        )
        .select_related("community", "household")
        .order_by("due_on", "id")
    )
    return {
        "overdue": list(open_cases.filter(due_on__lt=today)),
        "due_soon": list(open_cases.filter(Q(due_on__gte=today) & Q(due_on__lte=soon))),
    }
