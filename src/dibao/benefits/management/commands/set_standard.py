import json
from typing import Any

from django.core.management.base import CommandError

from dibao.accounts.staff import actor_for
from dibao.areas.models import Area
from dibao.benefits.services import standard_change
from dibao.core.console import ConsoleCommand, refusals
from dibao.policy.inputs import StandardData


class Command(ConsoleCommand):
    help = (
        "Set the dibao standard of an area from a month. Receiving households it reaches get a "
        "recalculation to confirm (`dibao recalculation`); no amount changes before that."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--area", required=True, help="the area's code")
        parser.add_argument("--kind", required=True, choices=["urban", "rural"])
        parser.add_argument("--amount", required=True, help="monthly amount per person, in yuan")
        parser.add_argument("--from", dest="valid_from", required=True, help="first month, YYYY-MM")
        parser.add_argument("--note", default="")
        parser.add_argument("--as", dest="username", help="act as this user (their area and role apply)")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        area = Area.objects.filter(code=options["area"].strip()).first()
        if area is None:
            raise CommandError(f"No area with code {options['area']} (see `dibao areas`).")
        data: StandardData = {
            "kind": options["kind"],
            "amount": options["amount"],
            "valid_from": options["valid_from"],
            "note": options["note"],
        }
        with refusals("set-standard"):
            standard, batch = standard_change(area=area, data=data, actor=actor_for(options["username"]))
        result = {
            "standard": standard.pk,
            "area": area.code,
            "kind": standard.kind,
            "amount": str(standard.amount),
            "from": f"{standard.valid_from:%Y-%m}",
            "recalculation": batch.pk if batch else None,
            "households_changing": batch.households if batch else 0,
            "monthly_total_before": str(batch.total_before) if batch else "0.00",
            "monthly_total_after": str(batch.total_after) if batch else "0.00",
        }
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
            return
        head = f"{area.name} {standard.get_kind_display()} standard {standard.amount} from {result['from']}"
        if batch is None:
            self.stdout.write(f"{head}; no receiving household's amount changes.")
            return
        self.stdout.write(
            f"{head}; recalculation {batch.pk}: {batch.households} receiving households change "
            f"({batch.total_before} → {batch.total_after} a month). "
            f"Confirm with `dibao recalculation --confirm {batch.pk}`."
        )
