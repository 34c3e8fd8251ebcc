import json
from typing import Any

from django.core.management.base import CommandError

from dibao.areas.models import Area
from dibao.core.console import ConsoleCommand
from dibao.core.errors import DomainError

from ...holiday.inputs import HolidayItemData
from ...holiday.selectors import recipients, totals
from ...holiday.services import holiday_campaign_create
from ...models import HolidayCampaign


def _item(text: str) -> HolidayItemData:
    """`[CRITERION/]KIND:UNIT_VALUE[xQUANTITY]`, e.g. `cash:200`, `rice:40x2`, `80plus/cash:300`."""
    criterion, _, rest = text.rpartition("/")
    kind, sep, value = rest.partition(":")
    if not sep:
        raise CommandError(f"--item {text}: write KIND:VALUE, e.g. cash:200 or rice:40x2.")
    unit, _, quantity = value.partition("x")
    return {"criterion": criterion, "kind": kind, "unit_value": unit, "quantity": quantity or 1}


class Command(ConsoleCommand):
    help = (
        "Create a holiday relief campaign (节日慰问) of a county or street, select who is visited by "
        "criteria and print the totals per community and street."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--area", required=True, help="the county's or street's code")
        parser.add_argument("--name", required=True, help="e.g. 2026年春节慰问")
        parser.add_argument("--date", required=True, help="YYYY-MM-DD: the date the criteria are read on")
        parser.add_argument(
            "--criteria",
            required=True,
            help="comma-separated: dibao,extreme_poverty,80plus,disability2,military,…",
        )
        parser.add_argument(
            "--item",
            action="append",
            default=[],
            help="[CRITERION/]KIND:VALUE[xQTY], e.g. cash:200 rice:40x2",
        )
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        area = Area.objects.filter(code=str(options["area"]).strip()).first()
        if area is None:
            raise CommandError(f"No area with code {options['area']} (see `dibao areas`).")
        items = [_item(text) for text in options["item"]]
        try:
            campaign = holiday_campaign_create(
                area=area,
                data={
                    "name": options["name"],
                    "held_on": options["date"],
                    "criteria": options["criteria"],
                    "items": items,
                },
                actor=None,
            )
        except DomainError as exc:
            raise CommandError(str(exc)) from None
        self._print(campaign, options["json"])

    def _print(self, campaign: HolidayCampaign, as_json: bool) -> None:
        from dibao.core.scoping import CONSOLE

        found = totals(recipients(CONSOLE, campaign))

        def figures(f: Any) -> dict[str, Any]:
            return {
                "households": f.households,
                "persons": f.persons,
                "cash": str(f.cash),
                "goods": str(f.goods),
                "value": str(f.value),
            }

        if as_json:
            out = {
                "campaign": campaign.pk,
                "name": campaign.name,
                "date": campaign.held_on.isoformat(),
                "area": campaign.area.code,
                "criteria": campaign.criteria,
                "total": figures(found.total),
                "streets": {a.code: figures(f) for a, f in found.streets},
                "communities": {a.code: figures(f) for a, f in found.communities},
            }
            self.stdout.write(json.dumps(out, ensure_ascii=False))
            return
        t = found.total
        self.stdout.write(
            f"{campaign.area.name} {campaign.name} {campaign.held_on}: "
            f"{t.households} 户, {t.persons} 人, {t.value} 元"
        )
        for area, f in found.streets + found.communities:
            self.stdout.write(f"  {area.code}\t{area.name}\t{f.households}\t{f.persons}\t{f.value}")
