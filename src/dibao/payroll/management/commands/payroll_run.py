import json
from typing import Any

from dibao.accounts.staff import actor_for
from dibao.areas.console import county_named
from dibao.areas.models import Area
from dibao.core.console import ConsoleCommand, refusals
from dibao.core.months import parse_month

from ... import services, totals


class Command(ConsoleCommand):
    help = (
        "Draft a county's payroll run for a month, or draft it again while it is a draft: a line per "
        "entitlement of every paying program the county pays in its run (with --program, of that "
        "program's own run), with arrears and waiting adjustments; the figures of the run, of each "
        "program and of each street."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--county", required=True, help="the county's 6-digit code")
        parser.add_argument("--month", required=True, help="YYYY-MM")
        parser.add_argument(
            "--program",
            help="the own run of a program the county pays apart (its code; see `dibao programs`); "
            "without it, the county's run",
        )
        parser.add_argument("--as", dest="username", help="act as this user (their area and role apply)")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        county = county_named(options["county"])
        with refusals("payroll-run"):
            month = parse_month(options["month"])
            run = services.run_draft(
                county=county,
                month=month,
                actor=actor_for(options["username"]),
                program=(options["program"] or "").strip() or None,
            )
        names = dict(Area.objects.filter(parent=county).values_list("id", "code"))
        labels = dict(Area.objects.filter(parent=county).values_list("id", "name"))
        streets = [
            {"street": names.get(street_id, ""), "name": labels.get(street_id, ""), **figures.as_json()}
            for (street_id,), figures in totals.figures_by(run.lines.all(), "street_id")
        ]
        whole = totals.Figures(run.households, run.persons, run.total)
        programs = totals.programs_json(run.lines.all())
        result = {
            "run": run.pk,
            "county": county.code,
            "month": f"{run.month:%Y-%m}",
            "program": run.program_id,
            "state": run.state,
            "version": run.version,
            **whole.as_json(),
            "programs": programs,
            "streets": streets,
        }
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
            return
        own = f" [{run.program_id}]" if run.program_id else ""
        self.stdout.write(
            f"run {run.pk}: {county.name} {result['month']}{own} {run.get_state_display()} — "
            f"{run.households} households, {run.persons} persons, {run.total} yuan"
        )
        for code, figures in programs.items():
            self.stdout.write(
                f"  [{code}] {figures['households']} households, {figures['persons']} persons, "
                f"{figures['amount']} yuan"
            )
        for street in streets:
            self.stdout.write(
                f"  {street['street']} {street['name']}: {street['households']} households, "
                f"{street['persons']} persons, {street['total_amount']} yuan"
            )
