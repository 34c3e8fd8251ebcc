import json
from typing import Any

from django.core.management.base import CommandError
from django.utils import timezone

from dibao.areas.models import Area
from dibao.core.console import ConsoleCommand, actor_for, refusals
from dibao.core.scoping import covers

from ...report import months_between, report


class Command(ConsoleCommand):
    help = (
        "Complaints, reports and petitions of an area by month: received by channel and kind, "
        "transferred, handled on time or late, overdue, substantiated, reviews opened."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--area", required=True, help="the area's code")
        parser.add_argument("--month", required=True, help="YYYY-MM, the first month")
        parser.add_argument("--to", help="YYYY-MM, the last month (default: the first)")
        parser.add_argument("--as", dest="as_user", help="act as this user (their area limits the report)")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = actor_for(options.get("as_user"))
        code = str(options["area"]).strip()
        area = Area.objects.filter(code=code).first()
        if area is None or (actor is not None and not covers(actor, area.code)):
            raise CommandError(f"No area with code {code} (see `dibao areas`).")
        with refusals("complaints-report"):
            first, last = months_between(options["month"], options.get("to"))
        found = report(area, first, last, today=timezone.localdate())
        if options["json"]:
            self.stdout.write(json.dumps(found.as_dict(), ensure_ascii=False))
            return
        total = found.total
        self.stdout.write(
            f"{area.name} {found.months_text}: {total.received} received, {total.transferred} transferred, "
            f"{total.on_time} handled on time, {total.late} late, {total.overdue} overdue, "
            f"{total.substantiated} substantiated, {total.reviews} reviews opened"
        )
        for label, figures in found.rows:
            self.stdout.write(
                f"  {label}\t{figures.received}\t{figures.on_time}\t{figures.late}\t{figures.overdue}"
                f"\t{figures.substantiated}\t{figures.reviews}"
            )
