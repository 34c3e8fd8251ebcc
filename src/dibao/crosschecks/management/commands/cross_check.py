import json
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError

from dibao.areas.models import Area, Level
from dibao.core.console import ConsoleCommand, actor_for, file_problem, refusals
from dibao.core.sheets import bounds

from ...models import SourceKind
from ...reading import Refused
from ...services import crosscheck_import


class Command(ConsoleCommand):
    help = (
        "Match another department's file (信息比对: deaths, vehicles, property, businesses, pensions, "
        "social insurance, housing fund, public servants; xlsx or CSV) against the county's "
        "households holding or applying for a program. Every row is checked first (all or nothing, "
        "errors by row and column); a match is flagged when it trips a rule the county sets. "
        "Exits non-zero when the file is refused."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file")
        parser.add_argument("--source", required=True, choices=SourceKind.values, help="the kind of file")
        parser.add_argument("--county", help="county code (6 digits); the only county when there is one")
        parser.add_argument("--as", dest="as_user", help="username to act as (default: the operator)")
        parser.add_argument("--json", action="store_true")

    def _county(self, code: str | None) -> Area:
        counties = Area.objects.filter(level=Level.COUNTY)
        if code:
            county = counties.filter(code=code.strip()).first()
            if county is None:
                raise CommandError(f"cross-check: no county {code} (see `dibao areas`).")
            return county
        found = list(counties[:2])
        if len(found) != 1:
            raise CommandError("cross-check: name the county with --county CODE.")
        return found[0]

    def handle(self, *args: Any, **options: Any) -> None:
        county = self._county(options["county"])
        actor = actor_for(options["as_user"])
        path = Path(options["file"])
        try:
            with path.open("rb") as handle:
                content = handle.read(bounds.Limits.current().upload_bytes + 1)
        except OSError as exc:
            raise CommandError(f"cross-check: {file_problem(exc)}") from None
        try:
            with refusals("cross-check"):
                done = crosscheck_import(
                    county=county,
                    kind=options["source"],
                    file_name=path.name,
                    content=content,
                    actor=actor,  # type: ignore[arg-type]
                )
        except Refused as refused:
            if options["json"]:
                errors = [e.as_dict() for e in refused.errors]
                self.stdout.write(json.dumps({"imported": False, "errors": errors}, ensure_ascii=False))
            else:
                # Every reason on the output, the first one on the one line of the error.
                for e in refused.errors:
                    self.stdout.write(f"row {e.row} {e.column}: {e.reason}")
            first = refused.errors[0]
            raise CommandError(
                f"cross-check: refused, {len(refused.errors)} errors; row {first.row} "
                f"{first.column}: {first.reason}"
            ) from None
        document = done.as_json()
        if options["json"]:
            self.stdout.write(json.dumps({"imported": True, **document}, ensure_ascii=False))
            return
        self.stdout.write(
            f"{document['rows']} rows, {document['matched']} matched, {len(document['flags'])} flagged "
            f"({document['flagged_before']} flagged before)."
        )
        for flag in document["flags"]:
            self.stdout.write(f"  {flag['household']} {flag['name']}: {flag['rule']}")
