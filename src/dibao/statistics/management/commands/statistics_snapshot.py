import json
from typing import Any

from dibao.areas.console import county_named
from dibao.core.console import ConsoleCommand, month_named, refusals

from ...services import snapshot_write


class Command(ConsoleCommand):
    help = (
        "Keep a county's month of statistics as a snapshot, counted now from the ledger (replacing "
        "the month's snapshot if there is one). Closing the month's payroll run does it too."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--county", required=True, help="the county's six-digit code")
        parser.add_argument("--month", required=True, help="YYYY-MM")
        parser.add_argument("--json", action="store_true", help="print one JSON document")

    def handle(self, *args: Any, **options: Any) -> None:
        county = county_named(options["county"])
        month = month_named(options["month"])
        with refusals("statistics-snapshot"):
            snapshot = snapshot_write(county=county, month=month, actor=None)
        if options["json"]:
            self.stdout.write(
                json.dumps({"county": county.code, "month": f"{month:%Y-%m}", "rows": snapshot.size})
            )
            return
        self.stdout.write(f"{county.code} {month:%Y-%m}: {snapshot.size} rows kept.")
