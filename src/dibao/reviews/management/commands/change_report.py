import datetime
import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError
from django.utils import translation

from dibao.accounts.staff import actor_for
from dibao.core.console import ConsoleCommand, output_file, refusals
from dibao.core.errors import NotFound
from dibao.core.scoping import CONSOLE
from dibao.policy.programs.codes import DIBAO

from ...report.selectors import change_report, report_area
from ...report.workbook import change_report_xlsx


def _date(text: str, option: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text.strip())
    except ValueError:
        raise CommandError(f"{option} must be a date written YYYY-MM-DD, not {text!r}.") from None


class Command(ConsoleCommand):
    help = (
        "The change report (变更情况) of an area for a period and a program (低保 by default): "
        "opening, every kind of change and closing, per community and benefit class, as xlsx "
        "(--out) and/or JSON totals (--json)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--area", required=True, help="the area's code (county, street or community)")
        parser.add_argument(
            "--program",
            default=DIBAO,
            help="the program whose ledger is reported, by its code (default: dibao)",
        )
        parser.add_argument("--from", dest="date_from", required=True, help="YYYY-MM-DD, included")
        parser.add_argument("--to", dest="date_to", required=True, help="YYYY-MM-DD, included")
        parser.add_argument("--out", type=output_file, help="the xlsx file to write")
        parser.add_argument("--json", action="store_true", help="print the totals as JSON")
        parser.add_argument("--as", dest="username", help="act as this user (their area and role apply)")
        parser.add_argument(
            "--language", default=settings.LANGUAGE_CODE, choices=[c for c, _ in settings.LANGUAGES]
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["out"] and not options["json"]:
            raise CommandError("Give --out FILE.xlsx, --json, or both.")
        out = Path(options["out"]) if options["out"] else None
        if out is not None and out.suffix.lower() != ".xlsx":
            raise CommandError("The report is written as .xlsx: name the file so.")
        date_from = _date(options["date_from"], "--from")
        date_to = _date(options["date_to"], "--to")
        if date_from > date_to:
            raise CommandError(f"--from ({date_from}) is after --to ({date_to}): the period would be empty.")
        translation.activate(options["language"])
        # Without --as, the server's operator, whom no area limits.
        actor = actor_for(options["username"])
        with refusals("change-report"):
            try:
                area = report_area(actor or CONSOLE, options["area"])
            except NotFound:
                if actor is None:
                    raise CommandError(f"No area with code {options['area']} (see `dibao areas`).") from None
                raise
            report = change_report(
                area, date_from, date_to, program=options["program"], movements=out is not None
            )
        if out is not None:
            partial = out.with_name(out.name + ".part")  # never a half-written file under the real name
            try:
                partial.write_bytes(change_report_xlsx(report))
            except BaseException:
                partial.unlink(missing_ok=True)
                raise
            partial.replace(out)
        total = report.total
        if options["json"]:
            body = {
                "area": area.code,
                "area_name": area.name,
                "program": report.program,
                "program_name": report.program_name,
                "from": date_from.isoformat(),
                "to": date_to.isoformat(),
                **total.as_json(),
                "movements": report.movement_count,
                "communities": len(report.communities),
                "balanced": report.balances(),
                "file": str(out) if out is not None else None,
            }
            self.stdout.write(json.dumps(body, ensure_ascii=False))
            return
        self.stdout.write(
            f"{area.name} {report.program_name} {date_from} – {date_to}: {report.movement_count} changes; "
            "households "
            f"{total.opening.households} + {total.brought_in.households} brought in + "
            f"{total.new.households} new − {total.terminated.households} "
            f"terminated = {total.closing.households}; amount {total.opening.amount} → "
            f"{total.closing.amount}; written to {out}"
        )
