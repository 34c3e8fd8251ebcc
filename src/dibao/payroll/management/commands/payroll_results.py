import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError
from django.utils import translation

from dibao.accounts.staff import actor_for
from dibao.core.console import ConsoleCommand, refusals
from dibao.core.ids import id_argument

from ...models import Run
from ...results import Refused, import_results


class Command(ConsoleCommand):
    help = (
        "Import the bank's results for a run sent to it: all rows or none. Failed payments are "
        "reissued by the next run; when every payment has its result the run is paid."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file")
        parser.add_argument("--run", required=True, type=id_argument, help="the run's id")
        parser.add_argument("--as", dest="username", help="act as this user (their area and role apply)")
        parser.add_argument("--json", action="store_true", help="print one JSON document")
        parser.add_argument(
            "--language",
            default=settings.LANGUAGE_CODE,
            choices=[c for c, _ in settings.LANGUAGES],
            help="language of the error reasons (default: simplified Chinese)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        translation.activate(options["language"])
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        run = Run.objects.select_related("county").filter(pk=options["run"]).first()
        if run is None:
            raise CommandError(f"No payroll run {options['run']}.")
        with refusals("payroll-results"):
            try:
                outcome = import_results(
                    run=run,
                    filename=path.name,
                    content=path.read_bytes(),
                    actor=actor_for(options["username"]),
                )
            except Refused as refused:  # a wrong file: its report, not a bare refusal
                outcome = refused.outcome
        result = outcome.as_dict()
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
        elif outcome.refused:
            for e in outcome.errors:
                self.stdout.write(f"row {e.row}\t{e.column}\t{e.value}\t{e.reason}")
        else:
            paid, failed, left = result["paid"], result["failed"], result["outstanding"]
            self.stdout.write(
                f"run {run.pk} is {outcome.run.state}: paid {paid['count']} ({paid['amount']} yuan), "
                f"failed {failed['count']} ({failed['amount']} yuan, reissued next run), "
                f"outstanding {left['count']} ({left['amount']} yuan)"
            )
        if outcome.refused:
            raise CommandError(f"refused: {len(outcome.errors)} errors; nothing written")
