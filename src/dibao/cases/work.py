"""What applications ask of a user today, for the desk (`core.work`): applications at the user's
step, notices ending, and people found to qualify (应享未享) for whom nobody has applied yet.

Each source counts in SQL and reads the first `limit` rows with their household head's name in
the same query, so the desk costs the same for a community of ten cases and a county of ten
thousand. An application whose help was given first (先行救助) is not listed here: assistance
lists it with the day its paperwork is due, so that nothing is counted twice.
"""

import datetime
from typing import Any

from django.db.models import F, OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext_lazy

from dibao.core.roles import Role
from dibao.core.work import WORK, WorkBatch, WorkItem
from dibao.registry.selectors import with_head_name

from .discovery.selectors import Counted, counted_first, due_communities
from .models import Kind, Notice, State
from .selectors import WAITING_FOR, visible_applications, worklist
from .services import due_soon_limit
from .tasks import recount_found, recount_waiting
from .views.access import CASE_WRITERS

APPLICATION, NOTICE, FOUND = "application", "notice", "found"

# What the user does next, by the state an application waits in.
NEXT: dict[str, Any] = {
    State.DRAFT: pgettext_lazy("desk", "Submit the draft"),
    State.RETURNED: pgettext_lazy("desk", "Returned: complete the materials"),
    State.SUBMITTED: pgettext_lazy("desk", "Accept or return"),
    State.ACCEPTED: pgettext_lazy("desk", "Investigate at home"),
    State.INVESTIGATED: pgettext_lazy("desk", "Appraise or post the notice"),
    State.APPRAISED: pgettext_lazy("desk", "Post the public notice"),
    State.NOTICE_CLOSED: pgettext_lazy("desk", "Street review"),
    State.REVIEWED: pgettext_lazy("desk", "Decide"),
}


def _item(kind: str, app: Any, title: str, due: datetime.date | None, today: datetime.date) -> WorkItem:
    return WorkItem(
        kind=kind,
        title=title,
        url=reverse("cases:case-detail", args=[app.pk]),
        program=str(app.program_id),
        household=app.household.number,
        head_name=app.head_name or app.applicant_name,
        community=app.community.name,
        due=due,
        overdue=due is not None and due < today,
    )


def applications_at_my_step(user: Any, today: datetime.date, limit: int) -> WorkBatch:
    """Open applications of every program waiting for the step the user's role takes, the
    nearest deadline first (those with none last)."""
    label = gettext_lazy("Applications at my step")
    if user.role not in WAITING_FOR:
        return WorkBatch(APPLICATION, str(label), 0)
    waiting = worklist(user).exclude(state=State.UNDER_NOTICE).exclude(kind=Kind.FAST_TRACK)
    first = with_head_name(waiting).order_by(F("due_on").asc(nulls_last=True), "created_at", "id")[:limit]
    items = [
        _item(APPLICATION, a, str(NEXT.get(a.state, a.get_state_display())), a.due_on, today) for a in first
    ]
    return WorkBatch(APPLICATION, str(label), waiting.count(), items)


def notices_ending(user: Any, today: datetime.date, limit: int) -> WorkBatch:
    """Applications under public notice whose notice ends within five working days or has ended:
    the notice is then closed (by the community or the street), or an objection recorded."""
    label = gettext_lazy("Notices ending")
    if user.role not in (Role.COMMUNITY, Role.STREET):
        return WorkBatch(NOTICE, str(label), 0)
    last_notice = (
        Notice.objects.filter(applications=OuterRef("pk")).order_by("-ends_on").values("ends_on")[:1]
    )
    ending = (
        visible_applications(user)
        .filter(state=State.UNDER_NOTICE)
        .annotate(ends_on=Subquery(last_notice))
        .filter(ends_on__lte=due_soon_limit(today))
    )
    first = with_head_name(ending).order_by("ends_on", "id")[:limit]
    items = []
    for app in first:
        if app.ends_on < today:
            title = _("Notice ended: close it")
        else:
            title = _("Notice ends on %(day)s") % {"day": f"{app.ends_on:%Y-%m-%d}"}
        items.append(_item(NOTICE, app, title, app.ends_on, today))
    return WorkBatch(NOTICE, str(label), ending.count(), items)


def _prefilled(household: int, program: str, member: int) -> dict[str, str]:
    """The application form's query for a found person (as the found page's "Apply")."""
    return {"household": str(household), "program": program, "member": str(member)}


def found_not_applied(user: Any, today: datetime.date, limit: int) -> WorkBatch:
    """People the register shows to qualify for a categorical program this month who neither
    receive it nor have applied (`cases.discovery`), as last counted in the background
    (`services.found`): a list due to be counted again is queued for the worker (the one write
    this GET makes, like the health check's heartbeat), and the desk says when it was counted."""
    label = gettext_lazy("Found: qualify, not receiving (应享未享)")
    if user.role not in CASE_WRITERS or user.area is None:
        return WorkBatch(FOUND, str(label), 0)
    month = today.replace(day=1)
    if due_communities(user.area, month) and not recount_waiting():
        # The worker counts; the immediate backend of the tests counts here and now.
        recount_found.enqueue(month.isoformat())
    counted = counted_first(user.area, month, limit)
    create = reverse("cases:application-create")
    items = [
        WorkItem(
            kind=FOUND,
            title=_("%(name)s: %(reason)s") % {"name": found.name, "reason": found.reason},
            url=f"{create}?" + urlencode(_prefilled(found.household_id, found.program, found.member_id)),
            program=found.program,
            household=found.household_number,
            head_name=head,
            community=found.community,
        )
        for found, head in counted.first
    ]
    return WorkBatch(FOUND, str(label), counted.count, items, note=_counted_note(counted))


def _counted_note(counted: Counted) -> str:
    """When the lists were counted; nothing for lists counted and empty, so the desk leaves the kind
    out, and that some are still being counted, so it shows the kind before its count is there."""
    if counted.pending:
        return ngettext(
            "%(n)d community is still being counted; look again in a minute.",
            "%(n)d communities are still being counted; look again in a minute.",
            counted.pending,
        ) % {"n": counted.pending}
    if counted.as_of is None or not counted.count:
        return ""
    return _("As counted at %(time)s.") % {"time": f"{timezone.localtime(counted.as_of):%Y-%m-%d %H:%M}"}


def register() -> None:
    WORK.register(APPLICATION, applications_at_my_step)
    WORK.register(NOTICE, notices_ending)
    WORK.register(FOUND, found_not_applied)
