import json
from typing import Any

from dibao.accounts.staff import actor_for
from dibao.areas.console import county_named
from dibao.core.console import ConsoleCommand, refusals
from dibao.core.months import parse_month

from ...services import labour_check


class Command(ConsoleCommand):
    help = (
        "Check a county's public-welfare labour for a month: a reminder to each person whose "
        "unexcused absences reached the county's count, and a review opened for each who had been "
        "reminded before and reached the count for a review. Run twice, it sends and opens nothing twice."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--county", required=True, help="the county's 6-digit code")
        parser.add_argument("--month", required=True, help="YYYY-MM")
        parser.add_argument("--as", dest="username", help="act as this user (their area and role apply)")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        county = county_named(options["county"])
        actor = actor_for(options["username"])
        with refusals("labour-check"):
            month = parse_month(options["month"])
            done = labour_check(area=county, month=month, actor=actor)
        if options["json"]:
            self.stdout.write(json.dumps(done.as_json(), ensure_ascii=False))
            return
        self.stdout.write(
            f"{county.name} {month:%Y-%m}: {done.counted} with unexcused absences, "
            f"{len(done.reminders)} reminders sent ({done.reminded_before} before), "
            f"{len(done.reviews)} reviews opened ({done.reviewed_before} before), "
            f"{done.not_receiving} no longer receiving"
        )
