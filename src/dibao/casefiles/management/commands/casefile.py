from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import translation

from dibao.accounts.staff import actor_for
from dibao.core.console import ConsoleCommand, output_file, refusals
from dibao.core.scoping import CONSOLE

from ...selectors import household_for_print
from ...services import casefile_print


class Command(ConsoleCommand):
    help = (
        "Print a household's whole case file (档案) as one PDF: contents, archive number (given the "
        "first time and kept), registration, applications and materials, investigations, appraisals, "
        "notices, decisions, reviews, notices of change and payments. Every printing is recorded."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--household", required=True, help="household number")
        parser.add_argument("--county", default="", help="county code, when the number is in more than one")
        parser.add_argument(
            "--out", type=output_file, help="file to write (default: the archive's file name)"
        )
        parser.add_argument("--as", dest="as_user", help="print as this user (their area and role)")
        parser.add_argument(
            "--language", default=settings.LANGUAGE_CODE, choices=[c for c, _ in settings.LANGUAGES]
        )

    def handle(self, *args: Any, **options: Any) -> None:
        translation.activate(options["language"])
        actor = actor_for(options["as_user"])
        with refusals("casefile"):
            household = household_for_print(actor or CONSOLE, options["household"], options["county"])
            printed = casefile_print(household=household, actor=actor)
        out = Path(options["out"] or printed.filename)
        out.write_bytes(printed.pdf)
        printing = printed.printing
        self.stdout.write(
            f"{printing.archive.number}: {printing.pages} pages written to {out} (sha256 {printing.sha256})"
        )
