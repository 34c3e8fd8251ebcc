"""The complaints report of an area over months: what the street and the county count each month
(the seeds' "无一例因低保引发的上访事件" is its zero of petitions).

The complaints counted are those received in the months, in the area or below it. For each month,
for each area one level below (the county's streets, the street's communities; a complaint lying
at the area itself is the area's own row), and for the whole:

- received, by channel and by kind;
- transferred;
- handled on time: transferred by the accept deadline, or accepted by it and replied to by the
  handling deadline (an extension counted); handled late: replied or transferred after them;
- overdue: still open today past its deadline;
- substantiated (wholly or partly), and the reviews of households they led to.

One grouped query: the counting is the database's, whatever the number of complaints.
"""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, Q
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext_lazy as _

from dibao.areas.models import Area, Level
from dibao.core.errors import DomainError
from dibao.core.months import add_months, parse_month
from dibao.core.scoping import STREET_DIGITS, within_area

from .models import OPEN_STATES, SUBSTANTIATED, Channel, Complaint, Kind


@dataclass
class Figures:
    received: int = 0
    by_channel: dict[str, int] = field(default_factory=lambda: dict.fromkeys(Channel.values, 0))
    by_kind: dict[str, int] = field(default_factory=lambda: dict.fromkeys(Kind.values, 0))
    transferred: int = 0
    on_time: int = 0
    late: int = 0
    overdue: int = 0
    substantiated: int = 0
    reviews: int = 0

    def add(self, other: "Figures") -> None:
        self.received += other.received
        for key, n in other.by_channel.items():
            self.by_channel[key] += n
        for key, n in other.by_kind.items():
            self.by_kind[key] += n
        self.transferred += other.transferred
        self.on_time += other.on_time
        self.late += other.late
        self.overdue += other.overdue
        self.substantiated += other.substantiated
        self.reviews += other.reviews

    @property
    def channel_counts(self) -> list[int]:
        return [self.by_channel[c] for c in Channel.values]

    @property
    def kind_counts(self) -> list[int]:
        return [self.by_kind[k] for k in Kind.values]

    def as_dict(self) -> dict[str, Any]:
        return {
            "received": self.received,
            "by_channel": dict(self.by_channel),
            "by_kind": dict(self.by_kind),
            "transferred": self.transferred,
            "handled_on_time": self.on_time,
            "handled_late": self.late,
            "overdue": self.overdue,
            "substantiated": self.substantiated,
            "resulting_reviews": self.reviews,
        }


@dataclass
class Report:
    area: Area
    first: datetime.date  # the first month's first day
    last: datetime.date  # the last month's first day
    months: list[tuple[datetime.date, Figures]] = field(default_factory=list)
    areas: list[tuple[Area, Figures]] = field(default_factory=list)
    total: Figures = field(default_factory=Figures)

    @property
    def rows(self) -> list[tuple[str, Figures]]:
        """Each month, then each area one level below, as a table lists them."""
        return [(f"{m:%Y-%m}", f) for m, f in self.months] + [(a.name, f) for a, f in self.areas]

    @property
    def months_text(self) -> str:
        return f"{self.first:%Y-%m}" if self.first == self.last else f"{self.first:%Y-%m}~{self.last:%Y-%m}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "area": self.area.code,
            "area_name": self.area.name,
            "from": f"{self.first:%Y-%m}",
            "to": f"{self.last:%Y-%m}",
            "total": self.total.as_dict(),
            "by_month": [{"month": f"{m:%Y-%m}", **f.as_dict()} for m, f in self.months],
            "by_area": [{"area": a.code, "area_name": a.name, **f.as_dict()} for a, f in self.areas],
        }


def _row_code(area: Area, code: str) -> str:
    """The area one level below `area` that the complaint lying at `code` counts under."""
    if area.level == Level.COUNTY and len(code) > STREET_DIGITS:
        return code[:STREET_DIGITS] + "000"
    if area.level == Level.STREET:
        return code
    return area.code


def report(area: Area, first: datetime.date, last: datetime.date, *, today: datetime.date) -> Report:
    """`area` found through `areas.selectors.area_for` (the user may see it); `first` and `last`
    the first days of the first and last months (`last` not before `first`)."""
    end = add_months(last, 1)
    rows = within_area(
        Complaint.objects.filter(received_on__gte=first, received_on__lt=end), area, "area__code"
    )
    replied_on_time = (
        Q(replied_on__isnull=False)
        & Q(accepted_on__lte=F("accept_due_on"))
        & Q(replied_on__lte=F("handle_due_on"))
    )
    transferred_on_time = Q(transferred_on__isnull=False) & Q(transferred_on__lte=F("accept_due_on"))
    handled = Q(replied_on__isnull=False) | Q(transferred_on__isnull=False)
    grouped = (
        rows.annotate(month=TruncMonth("received_on"))
        .values("month", "area__code", "channel", "kind")
        .annotate(
            n=Count("id"),
            n_transferred=Count("id", filter=Q(transferred_on__isnull=False)),
            n_on_time=Count("id", filter=replied_on_time | transferred_on_time),
            n_handled=Count("id", filter=handled),
            n_overdue=Count("id", filter=Q(state__in=OPEN_STATES, due_on__lt=today)),
            n_substantiated=Count("id", filter=Q(finding__in=SUBSTANTIATED)),
            n_reviews=Count("id", filter=Q(resulting_review__isnull=False)),
        )
        .order_by()
    )
    by_month: dict[datetime.date, Figures] = {}
    by_area: dict[str, Figures] = {}
    out = Report(area=area, first=first, last=last)
    for row in grouped:
        month = row["month"]
        month = month.date() if isinstance(month, datetime.datetime) else month
        one = Figures(
            received=row["n"],
            transferred=row["n_transferred"],
            on_time=row["n_on_time"],
            late=row["n_handled"] - row["n_on_time"],
            overdue=row["n_overdue"],
            substantiated=row["n_substantiated"],
            reviews=row["n_reviews"],
        )
        one.by_channel[row["channel"]] += row["n"]
        one.by_kind[row["kind"]] += row["n"]
        by_month.setdefault(month, Figures()).add(one)
        by_area.setdefault(_row_code(area, row["area__code"]), Figures()).add(one)
        out.total.add(one)
    month = first
    while month <= last:  # every month, a quiet one too: its zeros are what is reported
        out.months.append((month, by_month.get(month, Figures())))
        month = add_months(month, 1)
    names = {a.code: a for a in Area.objects.filter(code__in=list(by_area))}
    out.areas = [(names[code], by_area[code]) for code in sorted(by_area) if code in names]
    return out


MAX_MONTHS = 60


def months_between(month: object, to: object = None) -> tuple[datetime.date, datetime.date]:
    """The first and last months of a report, as typed ("2026-03", "2026年3月"); `to` empty: the
    one month. Refused, on its field, when `to` is before the first or the span is over five years."""
    first = parse_month(month, "month")
    last = parse_month(to, "to") if to not in (None, "") else first
    if last < first:
        raise DomainError(_("The last month is before the first."), field="to")
    if (last.year - first.year) * 12 + last.month - first.month >= MAX_MONTHS:
        raise DomainError(_("At most %(n)s months at once.") % {"n": MAX_MONTHS}, field="to")
    return first, last
