import datetime
import json
from decimal import Decimal
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from dibao.areas.console import county_named
from dibao.areas.models import Area
from dibao.benefits.models import Entitlement, Movement, MovementKind
from dibao.benefits.services import gradual_exits_finish
from dibao.core.console import ConsoleCommand, refusals
from dibao.policy.programs.codes import DIBAO
from dibao.registry.models import Household, HouseholdStatus

from ...api.outputs import head_names


def ended(county: Area | None, today: datetime.date) -> QuerySet[Household]:
    """Receiving households whose last entitlement has run out (a gradual exit that has ended): the
    households `benefits.services.gradual_exits_finish` ends, with what the list shows."""
    month = today.replace(day=1)
    versions = Entitlement.objects.filter(household_id=OuterRef("pk"), program_id=DIBAO, member__isnull=True)
    still_paid = versions.filter(Q(month_to__isnull=True) | Q(month_to__gte=month))
    exit_reason = Movement.objects.filter(
        household_id=OuterRef("pk"), program_id=DIBAO, kind=MovementKind.GRADUAL_EXIT
    )
    rows = Household.objects.filter(status=HouseholdStatus.RECEIVING).filter(Exists(versions))
    if county is not None:
        rows = rows.filter(county=county)
    last = versions.order_by("-month_from", "-id")
    return (
        head_names(rows.exclude(Exists(still_paid)), "pk")
        .annotate(
            last_month=Subquery(last.values("month_to")[:1]),
            last_amount=Subquery(last.values("amount")[:1]),
            stop_reason=Subquery(exit_reason.order_by("-id").values("stop_reason")[:1]),
        )
        .select_related("community")
        .order_by("number")
    )


def _row(household: Any) -> dict[str, Any]:
    return {
        "household": household.pk,
        "number": household.number,
        "head": household.head_name or "",
        "community": household.community.code,
        "community_name": household.community.name,
        "last_month": f"{household.last_month:%Y-%m}" if household.last_month else None,
        # A subquery's decimal loses its places on SQLite: written to the fen here.
        "amount": f"{Decimal(household.last_amount):.2f}" if household.last_amount is not None else None,
        "stop_reason": household.stop_reason or "",
    }


class Command(ConsoleCommand):
    help = (
        "Receiving households whose gradual exit (渐退) has ended: their last entitlement has run out. "
        "With --finish, end them (terminated, with the movement the change report counts)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--county", help="the county's 6-digit code (all counties when not given)")
        parser.add_argument("--finish", action="store_true", help="end the households listed")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        county = None
        if options["county"]:
            county = county_named(options["county"])
        today = timezone.localdate()
        rows = [_row(h) for h in ended(county, today)]
        finished = None
        if options["finish"]:
            with refusals("gradual-exits"):
                finished = gradual_exits_finish(
                    county_id=county.pk if county is not None else None, today=today, actor=None
                )
        if options["json"]:
            body = {
                "county": county.code if county is not None else None,
                "today": today.isoformat(),
                "count": len(rows),
                "households": rows,
                "finished": finished,
            }
            self.stdout.write(json.dumps(body, ensure_ascii=False))
            return
        for row in rows:
            self.stdout.write(
                f"{row['number']}\t{row['community_name']}\t{row['head']}\t"
                f"last paid {row['last_month']}\t{row['amount']}\t{row['stop_reason']}"
            )
        if finished is None:
            self.stdout.write(f"{len(rows)} households whose gradual exit has ended; --finish ends them")
        else:
            self.stdout.write(f"{finished} households ended")
