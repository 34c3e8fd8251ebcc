import json
import sys
from typing import Any

from dibao.areas.console import county_named
from dibao.core.console import ConsoleCommand, month_named

from ...models import Snapshot
from ...snapshots import differences


class Command(ConsoleCommand):
    help = (
        "Compare a county's snapshots (of every month kept, or of --month) with the ledger counted "
        "now, and list every difference: the row's key, the figure, the snapshot's and the ledger's "
        "value. Exits with status 1 when there is one; `dibao statistics-snapshot` re-derives a month."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--county", required=True, help="the county's six-digit code")
        parser.add_argument("--month", help="YYYY-MM: one month (default: every month kept)")
        parser.add_argument("--json", action="store_true", help="print one JSON document")

    def handle(self, *args: Any, **options: Any) -> None:
        county = county_named(options["county"])
        kept = Snapshot.objects.filter(county=county).select_related("county").order_by("month")
        if options["month"]:
            kept = kept.filter(month=month_named(options["month"]))
        months, found = [], []
        for snapshot in kept:
            months.append(f"{snapshot.month:%Y-%m}")
            found.extend(differences(snapshot))
        if options["json"]:
            self.stdout.write(json.dumps({"county": county.code, "months": months, "differences": found}))
        else:
            for d in found:
                key = " ".join(f"{k}={v}" for k, v in d["key"].items() if v not in (None, ""))
                self.stdout.write(
                    f"{d['month']} {key} {d['figure']}: snapshot {d['snapshot']}, ledger {d['ledger']}"
                )
            self.stdout.write(f"{county.code}: {len(months)} months checked, {len(found)} differences.")
        if found:
            sys.exit(1)
