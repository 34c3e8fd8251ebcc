import json
from typing import Any

from django.core.management.base import CommandError

from dibao.accounts.staff import actor_for
from dibao.core.console import ConsoleCommand, refusals

from ...models import User
from ...selectors import live_tokens
from ...services import tokens_revoke


class Command(ConsoleCommand):
    help = (
        "List a user's API tokens that have not expired (id, issued, expires). "
        "With --revoke, revoke all of them: whoever holds one is logged out of the API."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--user", required=True, help="the username whose tokens to list")
        parser.add_argument("--revoke", action="store_true", help="revoke every token of the user")
        parser.add_argument("--as", dest="as_user", help="act as this user (default: the server's operator)")
        parser.add_argument("--json", action="store_true", help="print one JSON document")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.select_related("area").filter(username=options["user"]).first()
        if user is None:
            raise CommandError(f"No user {options['user']}.")
        tokens = [
            {
                "id": token.pk,
                "issued": token.created.isoformat(),
                "expires": token.expiry.isoformat() if token.expiry else None,
            }
            for token in live_tokens(user)
        ]
        if options["revoke"]:
            with refusals(f"revoking the tokens of {user.username}"):
                revoked = tokens_revoke(user=user, actor=actor_for(options["as_user"]))
            if options["json"]:
                self.stdout.write(json.dumps({"user": user.username, "revoked": revoked}))
            else:
                self.stdout.write(f"revoked {revoked} token(s) of {user.username}")
            return
        if options["json"]:
            self.stdout.write(json.dumps({"user": user.username, "tokens": tokens}))
            return
        if not tokens:
            self.stdout.write(f"{user.username} has no API token in force")
        for token in tokens:
            expires = token["expires"] or "never"
            self.stdout.write(f"#{token['id']}  issued {token['issued']}  expires {expires}")
