import json
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError

from dibao.areas.console import county_named
from dibao.core.console import ConsoleCommand, actor_for, refusals
from dibao.core.months import parse_month
from dibao.core.sheets import bounds

from ...medical.settlement import Refused, import_settlement


class Command(ConsoleCommand):
    help = (
        "Import a hospital's or the medical-insurance bureau's one-stop settlement file (医疗救助 "
        "一站式结算, xlsx or CSV) for a county and month: all or nothing with errors by row and column; "
        "each row re-computed by the rules, matched or listed as disputed; the matched total is what "
        "the county pays the hospital."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file")
        parser.add_argument("--county", required=True, help="county code (6 digits)")
        parser.add_argument("--month", required=True, help="YYYY-MM, the month settled")
        parser.add_argument("--as", dest="as_user", help="username to act as (default: the operator)")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        with refusals("import-settlement"):
            month = parse_month(options["month"])
        county = county_named(options["county"])
        actor = actor_for(options["as_user"])
        path = Path(options["file"])
        with path.open("rb") as handle:
            content = handle.read(bounds.Limits.current().upload_bytes + 1)
        try:
            with refusals("import-settlement"):
                record = import_settlement(
                    county=county,
                    month=month,
                    file_name=path.name,
                    content=content,
                    actor=actor,  # type: ignore[arg-type]
                )
        except Refused as refused:
            if options["json"]:
                errors = [e.as_dict() for e in refused.errors]
                self.stdout.write(json.dumps({"imported": False, "errors": errors}, ensure_ascii=False))
            first = refused.errors[0]
            raise CommandError(
                f"import-settlement: refused, {len(refused.errors)} errors; row {first.row} "
                f"{first.column}: {first.reason}"
            ) from None
        document = {
            "imported": True,
            "id": record.pk,
            "rows": record.rows,
            "matched": record.matched,
            "matched_total": f"{record.matched_total:.2f}",
            "disputed": record.disputed,
            "disputed_total": f"{record.disputed_total:.2f}",
        }
        if options["json"]:
            self.stdout.write(json.dumps(document, ensure_ascii=False))
            return
        self.stdout.write(
            f"{record.rows} rows: {record.matched} matched ({document['matched_total']} yuan to pay), "
            f"{record.disputed} disputed ({document['disputed_total']} yuan)."
        )
