import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError
from django.utils import translation

from dibao.accounts.staff import actor_for
from dibao.core.console import ConsoleCommand, month_named, output_file, refusals
from dibao.core.errors import NotFound
from dibao.core.scoping import CONSOLE

from ...return_files import monthly_return_xlsx
from ...returns import monthly_return, return_inputs


class Command(ConsoleCommand):
    help = (
        "The monthly return a county sends upward (民政统计月报) of one program: households and "
        "persons on the books in the month by urban and rural, the funds of the month and of the "
        "year to it, counted from the ledger; printed, as JSON, or written as the return's xlsx."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--county", required=True, help="the county's 6-digit code")
        parser.add_argument("--month", required=True, help="YYYY-MM: the month returned")
        parser.add_argument("--program", required=True, help="the program, by its code (e.g. dibao)")
        parser.add_argument("--json", action="store_true", help="print the return as JSON")
        parser.add_argument("--xlsx", type=output_file, help="the xlsx file to write")
        parser.add_argument("--as", dest="username", help="act as this user (their area and role apply)")
        parser.add_argument(
            "--language", default=settings.LANGUAGE_CODE, choices=[c for c, _ in settings.LANGUAGES]
        )

    def handle(self, *args: Any, **options: Any) -> None:
        out = Path(options["xlsx"]) if options["xlsx"] else None
        if out is not None and out.suffix.lower() != ".xlsx":
            raise CommandError("The return is written as .xlsx: name the file so.")
        month = month_named(options["month"])
        translation.activate(options["language"])
        actor = actor_for(options["username"])  # without --as: the operator, whom no area limits
        with refusals("statistics-return"):
            try:
                county, month, program = return_inputs(
                    actor or CONSOLE, options["county"], month, options["program"]
                )
            except NotFound:
                if actor is None:
                    raise CommandError(
                        f"No area with code {options['county']} (see `dibao areas`)."
                    ) from None
                raise
            result = monthly_return(county, month, program)
        if out is not None:
            partial = out.with_name(out.name + ".part")  # never a half-written file under the real name
            try:
                partial.write_bytes(monthly_return_xlsx(result))
            except BaseException:
                partial.unlink(missing_ok=True)
                raise
            partial.replace(out)
        if options["json"]:
            self.stdout.write(json.dumps(result.as_json(), ensure_ascii=False))
            return
        line = result.lines[0] if result.lines else result.total
        self.stdout.write(
            f"{county.name} {month:%Y-%m} {line.name}: "
            f"{line.total_households} households ({line.households['urban']} urban, "
            f"{line.households['rural']} rural), {line.total_persons} persons "
            f"({line.persons['urban']} urban, {line.persons['rural']} rural); "
            f"{line.month_amount} yuan this month, {line.year_amount_wan} ten thousand yuan this year"
        )
        if out is not None:
            self.stdout.write(f"written to {out}")
