import json
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError
from django.utils import timezone, translation

from dibao.areas.models import Area
from dibao.core.console import ConsoleCommand, refusals
from dibao.core.months import parse_month

from ...programs import terms
from ...programs.in_force import ProgramInForce, display_name, programs_in_force
from ...selectors import programs


class Command(ConsoleCommand):
    help = (
        "List the programs: code, name, kind, who is paid and whether in use — the national catalogue, "
        "or as an area runs them in a month (its local names and terms)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--area", help="an area's code: the programs as this area runs them")
        parser.add_argument("--month", help="YYYY-MM (default: this month), with --area")
        parser.add_argument("--json", action="store_true", help="print one JSON document")
        parser.add_argument(
            "--language", default=settings.LANGUAGE_CODE, choices=[c for c, _ in settings.LANGUAGES]
        )

    def handle(self, *args: Any, **options: Any) -> None:
        translation.activate(options["language"])
        with refusals("programs"):
            month = parse_month(options["month"]) if options["month"] else timezone.localdate().replace(day=1)
        if options["area"]:
            area = Area.objects.filter(code=options["area"].strip()).first()
            if area is None:
                raise CommandError(f"No area with the code {options['area']}.")
            rows = programs_in_force(area, month)
        else:
            rows = [
                ProgramInForce(p, True, display_name(p), terms.defaults(p.code), None, None)
                for p in programs()
            ]
        if options["json"]:
            self.stdout.write(json.dumps([_as_json(r) for r in rows], ensure_ascii=False))
            return
        for r in rows:
            p = r.program
            state = "" if r.enabled else "  (not in use)"
            self.stdout.write(f"{p.code:<18} {r.name}  [{p.kind}, pays a {p.pays}]{state}")


def _as_json(row: ProgramInForce) -> dict[str, Any]:
    p = row.program
    return {
        "code": p.code,
        "name": row.name,
        "short_name": p.short_name,
        "kind": p.kind,
        "pays": p.pays,
        "test": p.test,
        "pays_cash": p.pays_cash,
        "funding_line": p.funding_line,
        "enabled": row.enabled,
        "terms": row.terms,
        "set_by": row.set_by,
    }
