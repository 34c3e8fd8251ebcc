import json
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError

from dibao.core.console import ConsoleCommand
from dibao.demo import county


class Command(ConsoleCommand):
    help = (
        "Create the demo county (once) with a year of its history, and add households to it "
        "(to a county that exists already: households only, brought in from this month)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--households", type=int, default=300, help="households to add (default 300)")
        parser.add_argument("--seed", type=int, default=1, help="random seed: the same seed, the same people")
        parser.add_argument(
            "--once",
            action="store_true",
            help="do nothing if the demo county already exists (used by `make run`)",
        )
        parser.add_argument("--json", action="store_true", help="print one JSON document")
        parser.add_argument(
            "--force",
            action="store_true",
            help="create it where the settings do not allow it (a server: its users' password is public)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO_DATA_ALLOWED and not options["force"]:
            raise CommandError(
                f"These settings ({settings.SETTINGS_MODULE}) are not for a demo: it would create users "
                f"({', '.join(u[0] for u in county.USERS)}) whose password is {county.DEMO_PASSWORD}. "
                "Give --force to create it all the same."
            )
        if options["households"] < 0:
            raise CommandError(f"--households must be 0 or more, not {options['households']}.")
        if options["once"] and county.demo_exists():
            result = county.DemoResult(created_areas=False, households=0, members=0)
        else:
            result = county.build(households=options["households"], seed=options["seed"], story=True)
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    {
                        "created_areas": result.created_areas,
                        "households": result.households,
                        "members": result.members,
                        "entitlements": result.entitlements,
                        "story": result.story,
                    }
                )
            )
            return
        self.stdout.write(
            f"demo county {county.COUNTY[0]} {county.COUNTY[1]}: "
            f"{result.households} households, {result.members} members added, "
            f"{result.entitlements} receiving households given their entitlement"
        )
        if result.story:
            self.stdout.write(
                "a year of history: " + ", ".join(f"{key} {value}" for key, value in result.story.items())
            )
        self.stdout.write(f"log-ins (password: {county.DEMO_PASSWORD}):")
        for username, role, area_code, full_name in county.USERS:
            self.stdout.write(f"  {username:<10} {role.label:<24} {area_code}  {full_name}")
