import json
from typing import Any

from dibao.accounts.staff import actor_for
from dibao.core.console import ConsoleCommand, refusals

from ... import services
from ..chosen_run import add_run_options, chosen_run


class Command(ConsoleCommand):
    help = (
        "The county approves a run every street has checked, as on the run's page; from then on "
        "neither the run nor its lines change."
    )

    def add_arguments(self, parser: Any) -> None:
        add_run_options(parser)
        parser.add_argument(
            "--if-version",
            dest="run_version",
            metavar="N",
            type=int,
            help="approve only if the run is still at this version (as `payroll-run --json` showed it)",
        )
        parser.add_argument("--as", dest="username", help="act as this user (their area and role apply)")
        parser.add_argument("--json", action="store_true", help="print one JSON document")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = actor_for(options["username"])
        run = chosen_run(options, actor, "payroll-approve")
        with refusals("payroll-approve"):
            run = services.run_approve(run=run, actor=actor, version=options["run_version"])
        result = {
            "run": run.pk,
            "county": run.county.code,
            "month": f"{run.month:%Y-%m}",
            "program": run.program_id,
            "state": run.state,
            "version": run.version,
            "households": run.households,
            "persons": run.persons,
            "total_amount": str(run.total),
        }
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
            return
        self.stdout.write(
            f"run {run.pk}: {run.county.name} {result['month']} {run.get_state_display()} — "
            f"{run.households} households, {run.persons} persons, {run.total} yuan"
        )
