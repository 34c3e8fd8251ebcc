import json
import time
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError
from django.utils import timezone, translation

from dibao.areas.models import Area, Level
from dibao.core.console import ConsoleCommand, month_named, refusals
from dibao.core.errors import DomainError
from dibao.core.months import parse_month

from ...discovery.selectors import DUE, found, searched_programs
from ...services.found import found_recount


class Command(ConsoleCommand):
    help = (
        "The persons the register shows to qualify for a categorical program and who hold none of "
        "it (应享未享), or with --stop those who hold one and no longer qualify (应退未退), each with "
        "the reason in words."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--area",
            help="the area's code (a county, street or community); with --recount, default every county",
        )
        parser.add_argument("--month", help="YYYY-MM (default: this month)")
        parser.add_argument("--program", help="one program's code (default: every categorical program)")
        parser.add_argument(
            "--stop",
            action="store_const",
            const="stop",
            dest="direction",
            default=DUE,
            help="those who hold a program and no longer qualify",
        )
        parser.add_argument("--json", action="store_true", help="print one JSON document")
        parser.add_argument(
            "--recount",
            action="store_true",
            help="count again the found lists the desk shows (from cron, every night) and print the counts",
        )
        parser.add_argument(
            "--language", default=settings.LANGUAGE_CODE, choices=[c for c, _ in settings.LANGUAGES]
        )

    def handle(self, *args: Any, **options: Any) -> None:
        translation.activate(options["language"])
        if options["recount"]:
            self._recount(options)
            return
        if not options["area"]:
            raise CommandError("discover: give --area (a county, street or community's code).")
        area = _area_named(options["area"])
        try:
            searched_programs(options["program"])
        except DomainError as exc:
            raise CommandError(f"discover: {exc}") from None
        with refusals("discover"):
            month = parse_month(options["month"]) if options["month"] else timezone.localdate().replace(day=1)
            rows = found(area, month, program=options["program"], direction=options["direction"])
        if options["json"]:
            by_program: dict[str, int] = {}
            for row in rows:
                by_program[row.program] = by_program.get(row.program, 0) + 1
            document = {
                "area": area.code,
                "month": f"{month:%Y-%m}",
                "direction": options["direction"],
                "count": len(rows),
                "by_program": by_program,
                "found": [row.as_dict() for row in rows],
            }
            self.stdout.write(json.dumps(document, ensure_ascii=False))
            return
        for row in rows:
            self.stdout.write(
                f"{row.program}\t{row.community}\t{row.household_number}\t{row.name}\t{row.reason}"
            )
        self.stdout.write(f"{len(rows)} found")

    def _recount(self, options: dict[str, Any]) -> None:
        if options["program"] or options["direction"] != DUE or options["json"]:
            raise CommandError(
                "discover: --recount counts every program's 应享未享 list; give only --area and --month."
            )
        if options["area"]:
            areas = [_area_named(options["area"])]
        else:
            areas = list(Area.objects.filter(level=Level.COUNTY).order_by("code"))
        month = month_named(options["month"]) if options["month"] else timezone.localdate().replace(day=1)
        for area in areas:
            started = time.monotonic()
            found = found_recount(area, month)
            seconds = time.monotonic() - started
            self.stdout.write(f"{area.code} {area.name} {month:%Y-%m}: {found} found ({seconds:.1f} s)")


def _area_named(code: str) -> Area:
    area = Area.objects.filter(code=code.strip()).first()
    if area is None:
        raise CommandError(f"No area with the code {code} (see `dibao areas`).")
    return area
