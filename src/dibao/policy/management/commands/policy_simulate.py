import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError
from django.utils import translation

from dibao.areas.models import Area
from dibao.core.console import ConsoleCommand, output_file, refusals
from dibao.core.months import parse_month, this_month
from dibao.registry.models import Household

from ...simulation import Change, simulate, simulation_xlsx
from ...validation import parse_standard


class Command(ConsoleCommand):
    help = "What if: every registered household of an area now and under a new standard. Writes nothing."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--area", required=True, help="the area's code")
        parser.add_argument("--standard", required=True, help="the new monthly standard per person")
        parser.add_argument("--kind", default="urban", choices=["urban", "rural"])
        parser.add_argument("--month", help="YYYY-MM (default: this month)")
        parser.add_argument("--xlsx", type=output_file, help="also write the differences to this xlsx file")
        parser.add_argument("--json", action="store_true")
        parser.add_argument(
            "--language", default=settings.LANGUAGE_CODE, choices=[c for c, _ in settings.LANGUAGES]
        )

    def handle(self, *args: Any, **options: Any) -> None:
        translation.activate(options["language"])
        area = Area.objects.filter(code=options["area"].strip()).first()
        if area is None:
            raise CommandError(f"No area with code {options['area']} (see `dibao areas`).")
        with refusals("policy-simulate"):
            month = parse_month(options["month"]) if options["month"] else this_month()
            standard: Decimal = parse_standard(options["standard"])
        result = simulate(
            households=Household.objects.all(),
            area=area,
            kind=options["kind"],
            standard=standard,
            month=month,
        )
        if options["xlsx"]:
            Path(options["xlsx"]).write_bytes(simulation_xlsx(result))
        if options["json"]:
            self.stdout.write(json.dumps(result.as_json(), ensure_ascii=False))
            return
        self.stdout.write(
            f"{area.name} {month:%Y-%m}, standard {standard}: {len(result.rows)} households assessed; "
            f"monthly {result.total_now} → {result.total_new} ({result.monthly_change:+}), "
            f"annual change {result.annual_change:+}"
        )
        for key, tally in result.tallies.items():
            self.stdout.write(
                f"  {Change.LABELS[key]}: {tally.households} households, {tally.persons} persons"
            )
