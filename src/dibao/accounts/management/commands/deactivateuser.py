import json
from typing import Any

from django.core.management.base import CommandError

from dibao.accounts.staff import actor_for
from dibao.core.console import ConsoleCommand, refusals

from ...models import User
from ...services import user_deactivate


class Command(ConsoleCommand):
    help = "Deactivate a user: they can no longer log in, and their API tokens are revoked."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--username", required=True)
        parser.add_argument("--as", dest="as_user", help="act as this user (default: the server's operator)")
        parser.add_argument("--json", action="store_true", help="print one JSON document")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.select_related("area").filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"No user {options['username']}.")
        with refusals(f"deactivating {user.username}"):
            user_deactivate(user=user, actor=actor_for(options["as_user"]))
        if options["json"]:
            self.stdout.write(json.dumps({"username": user.username, "active": user.is_active}))
        else:
            self.stdout.write(f"deactivated {user.username}")
