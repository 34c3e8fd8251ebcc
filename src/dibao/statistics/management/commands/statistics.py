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

from ...fields import FIELDS, LABELS
from ...selectors import statistics, statistics_area
from ...workbook import statistics_xlsx


class Command(ConsoleCommand):
    help = (
        "Statistics of an area for a month or a range of months: households, persons, amount, "
        "person-times and the flows (new, stopped, raised, lowered, class changed), counted from the "
        "ledger by the month each takes effect, broken down by any of: " + ", ".join(FIELDS) + "."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--area", required=True, help="the area's code (county, street or community)")
        parser.add_argument("--month", required=True, help="YYYY-MM: the (first) month")
        parser.add_argument("--to", help="YYYY-MM: the last month of a range (included)")
        parser.add_argument("--program", help="one program, by its code (default: every program)")
        parser.add_argument("--by", default="", help="breakdowns, comma-separated: " + ",".join(FIELDS))
        parser.add_argument("--json", action="store_true", help="print rows and total as JSON")
        parser.add_argument("--xlsx", type=output_file, help="the xlsx file to write")
        parser.add_argument("--as", dest="username", help="act as this user (their area and role apply)")
        parser.add_argument(
            "--language", default=settings.LANGUAGE_CODE, choices=[c for c, _ in settings.LANGUAGES]
        )

    def handle(self, *args: Any, **options: Any) -> None:
        out = Path(options["xlsx"]) if options["xlsx"] else None
        if out is not None and out.suffix.lower() != ".xlsx":
            raise CommandError("The workbook is written as .xlsx: name the file so.")
        month_from = month_named(options["month"], "--month")
        month_to = month_named(options["to"], "--to") if options["to"] else month_from
        if month_to < month_from:
            raise CommandError(f"--to ({options['to']}) is before --month ({options['month']}).")
        translation.activate(options["language"])
        actor = actor_for(options["username"])  # without --as: the operator, whom no area limits
        with refusals("statistics"):
            try:
                area = statistics_area(actor or CONSOLE, options["area"])
            except NotFound:
                if actor is None:
                    raise CommandError(f"No area with code {options['area']} (see `dibao areas`).") from None
                raise
            result = statistics(area, month_from, month_to, program=options["program"], by=options["by"])
        if out is not None:
            partial = out.with_name(out.name + ".part")  # never a half-written file under the real name
            try:
                partial.write_bytes(statistics_xlsx(result))
            except BaseException:
                partial.unlink(missing_ok=True)
                raise
            partial.replace(out)
        if options["json"]:
            self.stdout.write(json.dumps(result.as_json(), ensure_ascii=False))
            return
        headings = [str(LABELS[name]) for name in result.by]
        for row in result.rows:
            f = row.figures
            keys = " · ".join(f"{h} {k.label}" for h, k in zip(headings, row.keys, strict=True))
            self.stdout.write(
                f"{keys}: {f.households} households, {f.persons} persons, {f.amount} yuan, "
                f"{f.person_times} person-times"
            )
        t = result.total
        self.stdout.write(
            f"{area.name} {result.program_name}: {t.households} households, {t.persons} persons, "
            f"{t.amount} yuan, {t.person_times} person-times"
            + (f"; written to {out}" if out is not None else "")
        )
