import json
from typing import Any

from django.core.management.base import CommandError

from dibao.accounts.staff import actor_for
from dibao.areas.models import Area, Level
from dibao.core.console import ConsoleCommand, refusals
from dibao.core.roles import Role

from ... import services
from ...models import RunState
from ..chosen_run import add_run_options, chosen_run, street_checks


class Command(ConsoleCommand):
    help = (
        "A street confirms its part of a draft run, as on the run's page: its street officer, or the "
        "county for any street. When every street with lines has, the run is checked."
    )

    def add_arguments(self, parser: Any) -> None:
        add_run_options(parser)
        parser.add_argument(
            "--street", help="the street's 12-digit code (default: the street of the --as user)"
        )
        parser.add_argument("--as", dest="username", help="act as this user (their area and role apply)")
        parser.add_argument("--json", action="store_true", help="print one JSON document")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = actor_for(options["username"])
        run = chosen_run(options, actor, "payroll-check")
        code = (options["street"] or "").strip()
        if not code:
            if actor is None or actor.role != Role.STREET or actor.area is None:
                raise CommandError("Name the street that checks: --street CODE.")
            code = actor.area.code
        street = Area.objects.filter(code=code, level=Level.STREET, parent=run.county).first()
        if street is None:
            raise CommandError(f"No street with code {code} in {run.county.code} (see `dibao areas`).")
        with refusals("payroll-check"):
            run = services.run_check(run=run, street=street, actor=actor)
        streets = street_checks(run)
        result = {
            "run": run.pk,
            "county": run.county.code,
            "month": f"{run.month:%Y-%m}",
            "program": run.program_id,
            "street": street.code,
            "state": run.state,
            "version": run.version,
            "streets": streets,
        }
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
            return
        done = sum(1 for s in streets if s["checked"])
        self.stdout.write(
            f"run {run.pk}: {street.code} {street.name} checked; {done} of {len(streets)} streets "
            f"have checked; the run is {run.get_state_display()}"
        )
        if run.state == RunState.CHECKED:
            self.stdout.write(
                f"every street has checked: approve it with `dibao payroll-approve --run {run.pk}`"
            )
