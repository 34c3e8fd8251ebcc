"""What a run changes since the county's run before it, as its approver sees it before approving:
households paid now and not then (new), paid then and not now (stopped), paid both times a
different amount (changed), and the difference in the total.

Households are compared on their recurring lines (a one-off grant paid once is not a household
joining or leaving the roll); the totals are the runs' own, one-off lines included. Three grouped
counts in fen, whatever the size of the run, as `payroll.totals` sums.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import F, IntegerField, Q, Sum
from django.db.models.functions import Cast, Round

from .models import Line, Run


@dataclass(frozen=True)
class SinceLast:
    previous: Run | None
    new: int
    stopped: int
    changed: int
    total: Decimal
    previous_total: Decimal

    @property
    def difference(self) -> Decimal:
        return self.total - self.previous_total


def previous_run(run: Run) -> Run | None:
    """The county's latest earlier run of the same kind: its shared run before a shared run, a
    program's own run before that program's (a program paid apart is compared with itself)."""
    return (
        Run.objects.filter(county_id=run.county_id, month__lt=run.month)
        .filter(Q(program_id=run.program_id) if run.program_id else Q(program__isnull=True))
        .order_by("-month")
        .first()
    )


def since_last(run: Run) -> SinceLast:
    previous = previous_run(run)
    recurring = Line.objects.filter(grant__isnull=True)
    if previous is None:
        households = recurring.filter(run=run).values("household_id").distinct().count()
        return SinceLast(None, households, 0, 0, run.total, Decimal("0.00"))
    fen = Cast(Round(F("total") * 100), IntegerField())
    per_household = (
        recurring.filter(run_id__in=[run.pk, previous.pk])
        .values("household_id")
        .annotate(now=Sum(fen, filter=Q(run_id=run.pk)), before=Sum(fen, filter=Q(run_id=previous.pk)))
        .order_by()
    )
    both = per_household.filter(now__isnull=False, before__isnull=False)
    return SinceLast(
        previous=previous,
        new=per_household.filter(before__isnull=True).count(),
        stopped=per_household.filter(now__isnull=True).count(),
        changed=both.exclude(now=F("before")).count(),
        total=run.total,
        previous_total=previous.total,
    )
