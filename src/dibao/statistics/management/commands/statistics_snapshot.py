import json
from typing import Any

from django.core.management.base import CommandError

from dibao.areas.models import Area, Level
from dibao.core.console import ConsoleCommand, refusals
from dibao.core.errors import DomainError
from dibao.core.months import parse_month

from ...services import snapshot_write


def county_option(code: str) -> Area:
    county = Area.objects.filter(code=str(code).strip(), level=Level.COUNTY).first()
    if county is None:
        raise CommandError(f"No county with code {code} (see `dibao areas`).")
    return county


def month_option(text: str) -> Any:
    try:
        return parse_month(text, field="--month")
    except DomainError:
        raise CommandError(f"--month must be a month written YYYY-MM, not {text!r}.") from None


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
        county = county_option(options["county"])
        month = month_option(options["month"])
        with refusals("statistics-snapshot"):
            snapshot = snapshot_write(county=county, month=month, actor=None)
        if options["json"]:
            self.stdout.write(
                json.dumps({"county": county.code, "month": f"{month:%Y-%m}", "rows": snapshot.size})
            )
            return
        self.stdout.write(f"{county.code} {month:%Y-%m}: {snapshot.size} rows kept.")
