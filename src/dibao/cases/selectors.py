"""Reading applications and the records around them, limited to the user's area: lists, the
worklist, due and overdue cases, notices, panels and their meetings, objections, close relatives."""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dibao.accounts.models import User
from dibao.areas.models import Area, Level
from dibao.core.errors import DomainError, NotFound
from dibao.core.months import add_months
from dibao.core.roles import Role
from dibao.core.scoping import Operator, within, within_area
from dibao.policy.programs import codes
from dibao.policy.programs.in_force import program_in_force

from .models import (
    OPEN_STATES,
    Application,
    AppraisalMeeting,
    CaseEvent,
    CloseRelative,
    Notice,
    Objection,
    PanelMember,
    RelativeFiling,
    SpotCheck,
    SpotCheckDraw,
    SpotCheckDrawItem,
    Staff,
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


@dataclass(frozen=True)
class SpotCheckShare:
    """Of the 特困 cases a county decided in a period, how many it spot-checked, against the share
    its terms ask for (POLICY.md §4)."""

    county: Area
    month_from: datetime.date
    month_to: datetime.date
    decided: int
    checked: int
    required: Decimal

    @property
    def share(self) -> Decimal | None:
        if not self.decided:
            return None
        return (Decimal(self.checked) / Decimal(self.decided)).quantize(Decimal("0.0001"), ROUND_HALF_UP)

    @property
    def below(self) -> bool:
        return self.share is not None and self.share < self.required

    def as_json(self) -> dict[str, Any]:
        return {
            "county": self.county.code,
            "from": f"{self.month_from:%Y-%m}",
            "to": f"{self.month_to:%Y-%m}",
            "decided": self.decided,
            "checked": self.checked,
            "share": None if self.share is None else f"{self.share:.4f}",
            "required": f"{self.required:.2f}",
            "below": self.below,
        }


def spot_check_share(
    user: User | Operator, county: Area, month_from: datetime.date, month_to: datetime.date
) -> SpotCheckShare:
    """The county's share for the months `month_from`..`month_to`: 特困 applications approved or
    rejected by the county (or at the console) in those months, and those with a spot check. The
    share asked for is the county's terms' in the last month. Seen by users of the county or above."""
    if county.level != Level.COUNTY:
        raise DomainError(_("The spot-check share is counted for a county."), field="county")
    if not isinstance(user, Operator) and (user.area is None or not user.area.contains(county)):
        raise NotFound()
    month_from, month_to = month_from.replace(day=1), month_to.replace(day=1)
    if month_to < month_from:
        raise DomainError(_("The period ends before it begins."), field="month_to")
    decided = within_area(Application.objects.all(), county).filter(
        Q(decided_by__isnull=True) | Q(decided_by__role=Role.COUNTY),
        program_id=codes.EXTREME_POVERTY,
        state__in=[State.APPROVED, State.REJECTED],
        decided_on__gte=month_from,
        decided_on__lt=add_months(month_to, 1),
    )
    terms = program_in_force(county, month_to, codes.EXTREME_POVERTY)
    required = Decimal(terms.terms["spot_check_share"]) if terms else Decimal("0.30")
    return SpotCheckShare(
        county=county,
        month_from=month_from,
        month_to=month_to,
        decided=decided.count(),
        checked=decided.filter(spot_check__isnull=False).count(),
        required=required,
    )


def applications_by_month(
    user: User | Operator, first: datetime.date, last: datetime.date
) -> dict[datetime.date, tuple[int, int]]:
    """For each month from `first` to the end of `last`'s month, the applications of the user's
    area received (submitted) and decided (approved or rejected): two grouped queries."""
    end = add_months(last.replace(day=1), 1) - datetime.timedelta(days=1)
    scoped = within(Application.objects.all(), user).order_by()
    received = (
        scoped.filter(submitted_on__gte=first, submitted_on__lte=end)
        .annotate(month=TruncMonth("submitted_on"))
        .values("month")
        .annotate(n=Count("id"))
    )
    decided = (
        scoped.filter(state__in=[State.APPROVED, State.REJECTED], decided_on__gte=first, decided_on__lte=end)
        .annotate(month=TruncMonth("decided_on"))
        .values("month")
        .annotate(n=Count("id"))
    )
    months: dict[datetime.date, list[int]] = {}
    for index, rows in enumerate((received, decided)):
        for row in rows:
            month = row["month"]
            month = month.date() if isinstance(month, datetime.datetime) else month
            months.setdefault(month, [0, 0])[index] = row["n"]
    return {month: (n[0], n[1]) for month, n in months.items()}


# ---- the register of staff and cadres, its filings, and the spot-check draws ---------------------


def visible_staff(user: User | Operator) -> QuerySet[Staff]:
    """The register of staff and cadres, read within the county (like the manual register)."""
    return within(Staff.objects.all(), user, "county__code")


def visible_relative_filings(user: User | Operator) -> QuerySet[RelativeFiling]:
    """The automatic filings: a county's register reaches across its streets, so a filing is read
    by whoever sees its household's community (a street its own) — and by the county."""
    return within(RelativeFiling.objects.all(), user, "household__community__code")


@dataclass(frozen=True)
class FilingLine:
    """A line of the filing report: an automatic filing or a manual one, said the same way."""

    source: str  # "register" or "manual"
    staff_name: str
    staff_post: str
    relation: str  # as words
    person_name: str
    id_number: str
    household_id: int | None
    household_number: str
    application_id: int | None
    filed_at: datetime.datetime
    lapsed: bool


def filing_report(user: User | Operator, *, limit: int | None = None) -> list[FilingLine]:
    """The filings the user sees, automatic and manual together, the newest first: two queries."""
    lines = [
        FilingLine(
            source="register",
            staff_name=f.staff_name,
            staff_post=f.staff_post,
            relation=str(f.get_relation_display()),
            person_name=f.person_name,
            id_number=f.id_number,
            household_id=f.household_id,
            household_number=f.household.number,
            application_id=f.application_id,
            filed_at=f.filed_at,
            lapsed=f.lapsed_at is not None,
        )
        for f in visible_relative_filings(user)
        .select_related("household")
        .order_by("-filed_at", "-id")[:limit]
    ]
    lines += [
        FilingLine(
            source="manual",
            staff_name=c.staff_name,
            staff_post=c.staff_position,
            relation=str(c.get_relation_display()),
            person_name=c.relative_name,
            id_number=c.relative_id_number,
            household_id=None,
            household_number="",
            application_id=None,
            filed_at=c.recorded_at,
            lapsed=False,
        )
        for c in visible_close_relatives(user).order_by("-recorded_at", "-id")[:limit]
    ]
    lines.sort(key=lambda line: line.filed_at, reverse=True)
    return lines[:limit] if limit is not None else lines


def visible_draws(user: User | Operator) -> QuerySet[SpotCheckDraw]:
    return within(SpotCheckDraw.objects.all(), user, "county__code")


def draw_get(user: User | Operator, pk: int) -> SpotCheckDraw:
    found = visible_draws(user).select_related("county", "program", "drawn_by").filter(pk=pk).first()
    if found is None:
        raise NotFound()
    return found


@dataclass(frozen=True)
class Coverage:
    """How far the checks of a draw have got."""

    drawn: int
    checked: int
    confirmed: int
    not_confirmed: int

    @property
    def outstanding(self) -> int:
        return self.drawn - self.checked

    def as_json(self) -> dict[str, int]:
        return {
            "drawn": self.drawn,
            "checked": self.checked,
            "outstanding": self.outstanding,
            "confirmed": self.confirmed,
            "not_confirmed": self.not_confirmed,
        }


def draw_coverage(draw: SpotCheckDraw) -> Coverage:
    """One aggregate query over the drawn list and the cases' checks (a check recorded on the case
    before the draw counts too: the case was visited)."""
    finding = "application__spot_check__finding"
    counts = draw.items.aggregate(
        drawn=Count("id"),
        checked=Count("id", filter=Q(application__spot_check__isnull=False)),
        confirmed=Count("id", filter=Q(**{finding: SpotCheck.Finding.CONFIRMED})),
        not_confirmed=Count("id", filter=Q(**{finding: SpotCheck.Finding.NOT_CONFIRMED})),
    )
    return Coverage(**counts)


def drawn_items(draw: SpotCheckDraw) -> QuerySet[SpotCheckDrawItem]:
    return draw.items.select_related(
        "application__household", "application__community", "application__spot_check"
    ).order_by("position")
