"""Reads of complaints, limited to the user's area (`core.scoping`, through the complaint's area),
and never showing anyone a complaint about themself: the worker complained about does not learn
of it, or of who complained, through a page, the API, the desk or a search."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dibao.accounts.models import User
from dibao.areas.models import Area
from dibao.cases.models import Application
from dibao.core.errors import DomainError, NotFound
from dibao.core.scoping import Operator, areas_above, county_code_of, within, within_area
from dibao.registry.models import Household
from dibao.reviews.models import Review

from .access import OWNERS
from .models import OPEN_STATES, Complaint, State

Viewer = User | Operator


def visible_complaints(user: Viewer) -> QuerySet[Complaint]:
    rows = within(Complaint.objects.all(), user, "area__code")
    if isinstance(user, User):
        rows = rows.exclude(worker_id=user.pk)
    return rows.select_related("area", "owner", "worker", "household")


def complaints(
    user: Viewer,
    *,
    area: Area | None = None,
    state: str = "",
    channel: str = "",
    kind: str = "",
    overdue: bool = False,
    mine: bool = False,
    household_id: int | None = None,
    today: datetime.date | None = None,
) -> QuerySet[Complaint]:
    """Complaints the user may see, narrowed to an area the caller found through
    `areas.selectors.area_for`, a state, a channel, a kind, the overdue ones (still open past their
    deadline) or the user's own to handle."""
    rows = visible_complaints(user)
    if area is not None:
        rows = within_area(rows, area, "area__code")
    if state:
        rows = rows.filter(state=state)
    if channel:
        rows = rows.filter(channel=channel)
    if kind:
        rows = rows.filter(kind=kind)
    if overdue:
        rows = rows.filter(state__in=OPEN_STATES, due_on__lt=today)
    if mine and isinstance(user, User):
        rows = rows.filter(owner=user)
    if household_id is not None:
        rows = rows.filter(household_id=household_id)
    return rows.order_by("-received_on", "-id")


def complaint_get(user: Viewer, pk: Any) -> Complaint:
    found = visible_complaints(user).select_related("application", "review", "resulting_review").filter(pk=pk)
    complaint = found.first()
    if complaint is None:
        raise NotFound()
    return complaint


# The name of each step on the timeline, as `services` writes its events.
ACTIONS = {
    "receive": _("Received"),
    "accept": _("Accepted"),
    "transfer": _("Transferred"),
    "assign": _("Given to handle"),
    "investigate": _("Investigation begun"),
    "extend": _("Deadline extended"),
    "find": _("Finding"),
    "reply": _("Reply"),
    "review": _("Review opened"),
    "correct": _("Correction"),
    "close": pgettext_lazy("complaint", "Closed"),
    "note": _("Investigation note"),
}


@dataclass(frozen=True)
class Step:
    pk: int  # the event's or the note's
    at: datetime.datetime
    action: str
    label: str
    actor: User | None
    from_state: str
    to_state: str
    note: str
    file: Any = None  # a note's evidence file (a FieldFile), if any


def timeline(complaint: Complaint) -> list[Step]:
    """The complaint's steps and its notes, in the order they happened (two queries)."""
    states = dict(State.choices)
    steps = [
        Step(
            pk=e.pk,
            at=e.at,
            action=e.action,
            label=str(ACTIONS.get(e.action, e.action)),
            actor=e.actor,
            from_state=str(states.get(e.from_state, e.from_state)),
            to_state=str(states.get(e.to_state, e.to_state)),
            note=e.note,
        )
        for e in complaint.events.select_related("actor")
    ]
    steps += [
        Step(
            pk=n.pk,
            at=n.added_at,
            action="note",
            label=str(ACTIONS["note"]),
            actor=n.added_by,
            from_state="",
            to_state="",
            note=n.text,
            file=n.file or None,
        )
        for n in complaint.notes.select_related("added_by")
    ]
    return sorted(steps, key=lambda step: step.at)


def household_for(user: Viewer, *, pk: Any = None, number: Any = None, field: str = "household") -> Household:
    """A household of the user's area by its id (the API) or its number (a page), or an error on
    the field: one elsewhere reads as one that does not exist."""
    rows = within(Household.objects.all(), user, "community__code").select_related("community")
    if pk not in (None, ""):
        found = rows.filter(pk=pk).first() if str(pk).strip().isdigit() else None
    else:
        text = str(number or "").strip()
        found = rows.filter(number=text).first() if text else None
    if found is None:
        raise DomainError(_("Nothing of that number in your area."), field=field)
    return found


def staff_of_county(user: Viewer) -> QuerySet[User]:
    """Staff of the user's county, whom a complaint may be about: a citizen may complain to the
    community about the street's officer, whom the community does not otherwise see."""
    county = county_code_of(user)
    rows = User.objects.filter(is_active=True, area__isnull=False).select_related("area")
    if county:
        rows = rows.filter(area__code__prefix=county)
    return rows.order_by("area__code", "username")


def worker_for(user: Viewer, username: Any, field: str = "worker") -> User:
    found = staff_of_county(user).filter(username=str(username or "").strip()).first()
    if found is None:
        raise DomainError(_("No member of staff of your county has this user name."), field=field)
    return found


def owners_for(user: Viewer, complaint: Complaint) -> QuerySet[User]:
    """Who the complaint may be given to: staff who keep cases, of the user's area, whose area
    covers the complaint's, other than the worker it is about (`services.owner_check` decides)."""
    code = complaint.area.code
    covering = {code, *areas_above(code)}
    rows = within(User.objects.filter(is_active=True, role__in=OWNERS), user, "area__code").filter(
        area__code__in=covering
    )
    if complaint.worker_id is not None:
        rows = rows.exclude(pk=complaint.worker_id)
    return rows.select_related("area").order_by("area__code", "username")


def owner_for(user: Viewer, username: Any, field: str = "owner") -> User:
    found = (
        within(User.objects.filter(is_active=True), user, "area__code")
        .select_related("area")
        .filter(username=str(username or "").strip())
        .first()
    )
    if found is None:
        raise DomainError(_("No member of staff of your area has this user name."), field=field)
    return found


def application_for(user: Viewer, pk: Any, field: str = "application") -> Application:
    found = (
        within(Application.objects.all(), user).select_related("household", "community").filter(pk=pk).first()
        if str(pk or "").strip().isdigit()
        else None
    )
    if found is None:
        raise DomainError(_("Nothing of that number in your area."), field=field)
    return found


def review_for(user: Viewer, pk: Any, field: str = "review") -> Review:
    found = (
        within(Review.objects.all(), user).select_related("household", "community").filter(pk=pk).first()
        if str(pk or "").strip().isdigit()
        else None
    )
    if found is None:
        raise DomainError(_("Nothing of that number in your area."), field=field)
    return found
