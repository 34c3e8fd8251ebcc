import json
from typing import Any

from django.core.management.base import CommandError

from dibao.accounts.staff import actor_for
from dibao.areas.models import Area, Level
from dibao.core.console import ConsoleCommand, refusals

from ...models import HouseholdCategory
from ...services import household_category_create


class Command(ConsoleCommand):
    help = (
        "A county's household categories (人员类别), which statistics break figures down by: "
        "list them, or add one with --add NAME."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--county", required=True, help="the county's 6-digit code")
        parser.add_argument("--add", metavar="NAME", help="add a category of this name")
        parser.add_argument("--json", action="store_true", help="print the list as JSON")
        parser.add_argument("--as", dest="username", help="act as this user (a county officer)")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = actor_for(options["username"])
        county = Area.objects.filter(code=options["county"].strip(), level=Level.COUNTY).first()
        if county is None:
            raise CommandError(f"No county with code {options['county']} (see `dibao areas`).")
        if options["add"] is not None:
            with refusals("household-categories"):
                household_category_create(county=county, name=options["add"], actor=actor)
        rows = list(HouseholdCategory.objects.filter(county=county).order_by("name"))
        if options["json"]:
            self.stdout.write(json.dumps([{"id": c.pk, "name": c.name} for c in rows], ensure_ascii=False))
            return
        for category in rows:
            self.stdout.write(f"{category.pk}  {category.name}")
