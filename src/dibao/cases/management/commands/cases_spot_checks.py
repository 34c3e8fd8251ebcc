import json
from typing import Any

from django.core.management.base import CommandError

from dibao.accounts.staff import actor_for
from dibao.areas.models import Area, Level
from dibao.core.console import ConsoleCommand, refusals
from dibao.core.errors import DomainError
from dibao.core.months import parse_month
from dibao.core.scoping import CONSOLE

from ... import selectors


class Command(ConsoleCommand):
    help = (
        "The county's spot-check share of 特困 cases: of the cases it decided in the months given, "
        "how many it visited itself (入户抽查), and whether that is below the share its terms ask for."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--county", required=True, help="the county's 6-digit code")
        parser.add_argument("--from", dest="month_from", required=True, metavar="YYYY-MM")
        parser.add_argument("--to", dest="month_to", required=True, metavar="YYYY-MM")
        parser.add_argument("--as", dest="username", help="ask as this user (their area applies)")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        county = Area.objects.filter(code=options["county"].strip(), level=Level.COUNTY).first()
        if county is None:
            raise CommandError(f"No county with code {options['county']} (see `dibao areas`).")
        months = {}
        for key, flag in (("month_from", "--from"), ("month_to", "--to")):
            try:
                months[key] = parse_month(options[key], key)
            except DomainError:
                raise CommandError(f"{flag}: not a month: {options[key]} (YYYY-MM)") from None
        viewer = actor_for(options["username"]) or CONSOLE
        with refusals("cases-spot-checks"):
            report = selectors.spot_check_share(viewer, county, months["month_from"], months["month_to"])
        if options["json"]:
            self.stdout.write(json.dumps(report.as_json()))
            return
        share = "—" if report.share is None else f"{report.share * 100:.1f}%"
        self.stdout.write(
            f"{county.name} {report.month_from:%Y-%m}–{report.month_to:%Y-%m}: {report.decided} 特困 cases "
            f"decided by the county, {report.checked} spot-checked ({share}); the terms ask for "
            f"{report.required * 100:.0f}%" + (" — BELOW the share" if report.below else "")
        )
