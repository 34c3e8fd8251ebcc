import getpass
import json
from typing import Any

from django.core.management.base import CommandError

from dibao.areas.models import Area
from dibao.core.console import ConsoleCommand
from dibao.core.errors import DomainError
from dibao.core.roles import Role

from ...services import user_create


class Command(ConsoleCommand):
    help = "Create a user with one role and one area."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--username", required=True)
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--area", required=True, help="the area's code (6 digits for a county, else 12)")
        parser.add_argument("--password", help="asked for when not given")
        parser.add_argument("--full-name", default="")
        parser.add_argument("--json", action="store_true", help="print one JSON document")

    def handle(self, *args: Any, **options: Any) -> None:
        area = Area.objects.filter(code=options["area"].strip()).first()
        if area is None:
            raise CommandError(f"No area with code {options['area']} (see `dibao areas`).")
        password = options["password"]
        if password is None:
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                raise CommandError("The passwords differ.")
        try:
            user = user_create(
                username=options["username"],
                role=options["role"],
                area=area,
                password=password,
                full_name=options["full_name"],
                actor=None,
            )
        except DomainError as exc:
            raise CommandError(str(exc)) from None
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    {"id": user.pk, "username": user.username, "role": user.role, "area": area.code},
                    ensure_ascii=False,
                )
            )
        else:
            self.stdout.write(f"created {user.username} ({Role(user.role).label}, {area.code} {area.name})")
