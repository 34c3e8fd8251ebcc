from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import translation

from dibao.accounts.staff import actor_for
from dibao.core.console import ConsoleCommand, output_file, refusals
from dibao.core.jobs.terminal import terminal_progress, watched
from dibao.core.scoping import CONSOLE

from ...selectors import area_households
from ...services import casefiles_print


class Command(ConsoleCommand):
    help = (
        "Print the case file of every household of an area (and below) as a zip of PDFs, one per "
        "household named by its archive number. Every printing is recorded."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--area", required=True, help="area code: county, street or community")
        parser.add_argument("--out", required=True, type=output_file, help="the zip to write")
        parser.add_argument("--as", dest="as_user", help="print as this user (their area and role)")
        parser.add_argument(
            "--language", default=settings.LANGUAGE_CODE, choices=[c for c, _ in settings.LANGUAGES]
        )

    def handle(self, *args: Any, **options: Any) -> None:
        translation.activate(options["language"])
        actor = actor_for(options["as_user"])
        out = Path(options["out"])
        partial = out.with_name(out.name + ".part")  # never a half-written zip as `out`
        with refusals("casefiles"):
            area, households = area_households(actor or CONSOLE, options["area"])
            try:
                with (
                    terminal_progress("files printed", shown=watched()) as progress,
                    partial.open("wb") as handle,
                ):
                    count = casefiles_print(
                        households=list(households),
                        actor=actor,
                        out=handle,
                        progress=progress,
                    )
            except BaseException:
                partial.unlink(missing_ok=True)
                raise
        partial.replace(out)
        self.stdout.write(f"{count} case files of {area.name} written to {out}")
