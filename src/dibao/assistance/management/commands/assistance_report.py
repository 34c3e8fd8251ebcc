import json
from typing import Any

from django.core.management.base import CommandError

from dibao.areas.models import Area
from dibao.core.console import ConsoleCommand
from dibao.core.counts import parse_count
from dibao.core.errors import DomainError
from dibao.policy.models import Program, ProgramKind

from ...models import OneOffGrant
from ...reports import report

_COL = OneOffGrant._meta.get_field("id")


class Command(ConsoleCommand):
    help = (
        "One-off assistance of an area in a year or month: 人次, households, amount in 元 and 万元, "
        "by program, kind and category."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--area", required=True, help="the area's code")
        parser.add_argument("--year", required=True)
        parser.add_argument("--month")
        parser.add_argument("--program", help="a one-off program's code; empty: all of them")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        area = Area.objects.filter(code=str(options["area"]).strip()).first()
        if area is None:
            raise CommandError(f"No area with code {options['area']} (see `dibao areas`).")
        try:
            year = parse_count(options["year"], column=_COL, field="year", minimum=1900, maximum=2100)
            month = (
                parse_count(options["month"], column=_COL, field="month", minimum=1, maximum=12)
                if options["month"]
                else None
            )
        except DomainError as exc:
            raise CommandError(str(exc)) from None
        program = options["program"]
        if program and not Program.objects.filter(code=program, kind=ProgramKind.ONE_OFF).exists():
            raise CommandError(f"'{program}' is not a one-off program.")
        found = report(area, year=year, month=month, program=program or None)
        if options["json"]:
            self.stdout.write(json.dumps(found, ensure_ascii=False))
            return
        total = found["total"]
        self.stdout.write(
            f"{area.name} {year}{f'-{month:02d}' if month else ''}: {total['times']} 人次, "
            f"{total['households']} 户, {total['amount']} 元 ({total['amount_wan']} 万元)"
        )
        for group in ("by_program", "by_kind", "by_category", "by_form"):
            for key, fig in found[group].items():
                self.stdout.write(f"  {key}\t{fig['times']}\t{fig['households']}\t{fig['amount']}")
