"""Reading the audit trail of an area: what the audit page lists."""

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from . import audit_labels
from .audit_verify import DayAnchor, anchors_by_day
from .models import AuditEntry
from .scoping import Viewer, within

ANCHOR_DAYS = 31


@dataclass(frozen=True)
class AuditFilters:
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None  # inclusive
    action: str = ""
    kind: str = ""  # an object type ("registry.member")
    household: str = ""  # a household's number
    person: str = ""  # a member's ID number or name: their household's trail


def _start_of(day: datetime.date) -> datetime.datetime:
    # Days are Asia/Shanghai days (TIME_ZONE), and the bounds are plain comparisons on the
    # indexed `at` column rather than a per-row date conversion.
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def audit_entries(user: Viewer, filters: AuditFilters) -> QuerySet[AuditEntry]:
    """Entries about things in the user's area and below, newest first."""
    entries = within(AuditEntry.objects.all(), user, "area_code")
    if filters.date_from:
        entries = entries.filter(at__gte=_start_of(filters.date_from))
    if filters.date_to:
        entries = entries.filter(at__lt=_start_of(filters.date_to + datetime.timedelta(days=1)))
    if filters.action:
        entries = entries.filter(action=filters.action)
    if filters.kind:
        entries = entries.filter(object_type=filters.kind)
    if filters.household or filters.person:
        named = audit_labels.households_named(number=filters.household, person=filters.person)
        entries = entries.filter(household_id__in=named) if named is not None else entries.none()
    return entries.select_related("actor").order_by("-at", "-id")


def audit_anchors(user: Viewer, days: int = ANCHOR_DAYS) -> list[DayAnchor]:
    """The chain's anchors of the last `days` days, newest first. The chain is one for the whole
    system, so its anchors are the same for every reader; how many of a day's entries lie in the
    user's area is counted through the same scoping as the trail."""
    return anchors_by_day(visible=within(AuditEntry.objects.all(), user, "area_code"), days=days)
