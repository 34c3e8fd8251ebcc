import json
from typing import Any

from django.core.management.base import CommandError
from django.db.models import Count

from dibao.accounts.staff import actor_for
from dibao.areas.console import county_named
from dibao.areas.models import Area
from dibao.core.console import ConsoleCommand, refusals

from ...models import HouseholdCategory
from ...services import household_category_create, household_category_delete, household_category_rename


def _named(county: Area, name: str, option: str, actor: Any) -> HouseholdCategory:
    found = HouseholdCategory.objects.filter(county=county, name=" ".join(name.split())).first()
    if found is None:
        if actor is not None and (actor.area is None or not actor.area.contains(county)):
            raise CommandError("household-categories: not found in your area.")
        names = ", ".join(HouseholdCategory.objects.filter(county=county).values_list("name", flat=True))
        raise CommandError(
            f"{option}: {county.name} has no category {name!r}; its categories are: {names or '(none)'}."
        )
    return found


class Command(ConsoleCommand):
    help = (
        "A county's household categories (人员类别), which statistics break figures down by: "
        "list them with the number of households holding each; add one with --add NAME; rename one "
        "with --rename OLD NEW (every household keeps it); delete one with --delete NAME, moving its "
        "households to another with --move-to OTHER (a category households hold is not deleted "
        "without it)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--county", required=True, help="the county's 6-digit code")
        change = parser.add_mutually_exclusive_group()
        change.add_argument("--add", metavar="NAME", help="add a category of this name")
        change.add_argument("--rename", nargs=2, metavar=("OLD", "NEW"), help="rename a category")
        change.add_argument("--delete", metavar="NAME", help="delete a category")
        parser.add_argument(
            "--move-to", metavar="OTHER", help="with --delete: the category its households take"
        )
        parser.add_argument("--json", action="store_true", help="print the list as JSON")
        parser.add_argument("--as", dest="username", help="act as this user (a county officer)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["move_to"] is not None and options["delete"] is None:
            raise CommandError("--move-to goes with --delete NAME.")
        actor = actor_for(options["username"])
        county = county_named(options["county"])
        with refusals("household-categories"):
            if options["add"] is not None:
                household_category_create(county=county, name=options["add"], actor=actor)
            elif options["rename"] is not None:
                old, new = options["rename"]
                household_category_rename(
                    category=_named(county, old, "--rename", actor), name=new, actor=actor
                )
            elif options["delete"] is not None:
                category = _named(county, options["delete"], "--delete", actor)
                other = _named(county, options["move_to"], "--move-to", actor) if options["move_to"] else None
                moved = household_category_delete(category=category, actor=actor, move_to=other)
                if moved and other is not None and not options["json"]:
                    self.stdout.write(f"{moved} households moved to {other.name}")
        rows = list(
            HouseholdCategory.objects.filter(county=county)
            .annotate(held=Count("households"))
            .order_by("name")
        )
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    [{"id": c.pk, "name": c.name, "households": c.held} for c in rows], ensure_ascii=False
                )
            )
            return
        for category in rows:
            self.stdout.write(f"{category.pk}  {category.name}  ({category.held} households)")
