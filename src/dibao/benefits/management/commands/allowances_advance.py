import json
from typing import Any

from dibao.accounts.staff import actor_for
from dibao.areas.console import county_named
from dibao.core.console import ConsoleCommand, refusals
from dibao.core.months import parse_month

from ...services import allowances_advance


class Command(ConsoleCommand):
    help = (
        "Move a county's 80+ allowances (高龄津贴) to the age band each person has reached, or to the "
        "amount the county now pays for it, from a month; and end the person-paid benefits of "
        "persons whose household has ended. Payroll drafting does this by itself for its month."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--county", required=True, help="the county's 6-digit code")
        parser.add_argument("--month", required=True, help="YYYY-MM, a month no approved payroll has paid")
        parser.add_argument("--as", dest="username", help="act as this user (their area and role apply)")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        county = county_named(options["county"])
        actor = actor_for(options["username"])
        with refusals("allowances-advance"):
            month = parse_month(options["month"])
            done = allowances_advance(county=county, month=month, actor=actor)
        if options["json"]:
            self.stdout.write(
                json.dumps({"county": county.code, "month": f"{month:%Y-%m}", **done.as_json()})
            )
            return
        self.stdout.write(
            f"{county.name} {month:%Y-%m}: {done.moved} moved to a higher age band, "
            f"{done.repriced} paid their band's new amount, {done.ended} ended"
        )
