"""Reading applications and the records around them, limited to the user's area: lists, the
worklist, due and overdue cases, notices, panels and their meetings, objections, close relatives."""

import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from dibao.accounts.models import User
from dibao.areas.models import Area
from dibao.core.errors import NotFound
from dibao.core.roles import Role
from dibao.core.scoping import Operator, within, within_area

from .models import (
    OPEN_STATES,
    Application,
    AppraisalMeeting,
    CaseEvent,
    CloseRelative,
    Notice,
    Objection,
    PanelMember,
    State,
)


def visible_applications(user: User | Operator) -> QuerySet[Application]:
    return within(Application.objects.all(), user).select_related("community", "household")


def application_get(user: User | Operator, pk: int) -> Application:
    found = visible_applications(user).filter(pk=pk).first()
    if found is None:
        raise NotFound()
    return found


def visible_notices(user: User | Operator) -> QuerySet[Notice]:
    return within(Notice.objects.all(), user)


def visible_panel_members(user: User | Operator) -> QuerySet[PanelMember]:
    return within(PanelMember.objects.all(), user)


def visible_meetings(user: User | Operator) -> QuerySet[AppraisalMeeting]:
    return within(AppraisalMeeting.objects.all(), user)


def visible_objections(user: User | Operator) -> QuerySet[Objection]:
    return within(Objection.objects.all(), user, "application__community__code")


def visible_close_relatives(user: User | Operator) -> QuerySet[CloseRelative]:
    """The county's register: a filing is seen within its county (auditors and the county read it)."""
    return within(CloseRelative.objects.all(), user, "county__code")


def timeline(application: Application) -> QuerySet[CaseEvent]:
    return application.events.select_related("actor").order_by("at", "id")


# What waits for whom: the states in which each role takes the next step.
WAITING_FOR: dict[str, list[str]] = {
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


def worklist(user: User) -> QuerySet[Application]:
    """Open applications waiting for a step the user's role takes, the most urgent first."""
    states = WAITING_FOR.get(user.role, [])
    return visible_applications(user).filter(state__in=states).order_by("due_on", "created_at")


def due_cases(
    area: Area, *, today: datetime.date | None = None, soon: datetime.date
) -> dict[str, list[Application]]:
    """Open accepted cases of an area: overdue (due before today) and due soon (by `soon`)."""
    today = today or timezone.localdate()
    open_cases = (
        within_area(Application.objects.all(), area)
        .filter(state__in=OPEN_STATES, due_on__isnull=False)
        .select_related("community", "household")
        .order_by("due_on", "id")
    )
    return {
        "overdue": list(open_cases.filter(due_on__lt=today)),
        "due_soon": list(open_cases.filter(Q(due_on__gte=today) & Q(due_on__lte=soon))),
    }
