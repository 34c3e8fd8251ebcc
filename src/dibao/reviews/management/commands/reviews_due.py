import json
from typing import Any

from django.core.management.base import CommandError
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from dibao.areas.models import Area
from dibao.core.console import ConsoleCommand
from dibao.core.scoping import CONSOLE
from dibao.policy.models import ManagementClass

from ...api.outputs import due_report
from ...selectors import DUE_SOON_DAYS, reviews_due


class Command(ConsoleCommand):
    help = (
        "Receiving households of an area whose review (by their management class) is overdue or due "
        "within --days days, the most overdue first, with whether a review is already open."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--area", required=True, help="the area's code (county, street or community)")
        parser.add_argument(
            "--days", type=int, default=DUE_SOON_DAYS, help=f"the horizon in days (default {DUE_SOON_DAYS})"
        )
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        area = Area.objects.filter(code=options["area"].strip()).first()
        if area is None:
            raise CommandError(f"No area with code {options['area']} (see `dibao areas`).")
        days = options["days"]
        if not 0 <= days <= 366:  # as the API: a horizon past a year overflows no date
            raise CommandError(f"--days must be 0 to 366, not {days}.")
        today = timezone.localdate()
        report = due_report(reviews_due(CONSOLE, area, today=today, horizon_days=days), area, today, days)
        if options["json"]:
            self.stdout.write(json.dumps(report, ensure_ascii=False, cls=DjangoJSONEncoder))
            return
        classes = dict(ManagementClass.choices)
        for row in report["households"]:
            self.stdout.write(
                "\t".join(
                    [
                        "OVERDUE" if row["overdue"] else "due",
                        row["next_review"].isoformat(),
                        f"{row['days']:+d}",
                        row["community_name"],
                        row["number"],
                        row["head"],
                        str(classes.get(row["management_class"], "-")),
                        "review open" if row["has_open_review"] else "",
                    ]
                ).rstrip("\t")
            )
        self.stdout.write(
            f"{report['overdue']} overdue, {report['due_soon']} due within {days} days, "
            f"{report['with_open_review']} with a review open"
        )
