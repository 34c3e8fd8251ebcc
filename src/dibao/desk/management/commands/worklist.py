import json
from typing import Any

from django.core.management.base import CommandError
from django.utils import timezone

from dibao.accounts.models import User
from dibao.core.console import ConsoleCommand

from ...worklist import LIMIT, worklist


class Command(ConsoleCommand):
    help = (
        "What waits for a user today, as their landing page shows it: the count of each kind of work "
        f"and its first {LIMIT} items, most urgent first (--json: as GET /api/v1/worklist/)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--user", required=True, help="the username whose work to list")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        username = options["user"].strip()
        user = User.objects.filter(username=username, is_active=True).select_related("area").first()
        if user is None:
            raise CommandError(f"No active user {username} (see `dibao createuser`).")
        if user.area is None:
            raise CommandError(f"{username} has no area; an administrator must assign one first.")
        work = worklist(user, timezone.localdate())
        if options["json"]:
            self.stdout.write(json.dumps(work.as_json(), ensure_ascii=False))
            return
        if not work.batches:
            self.stdout.write(f"Nothing waits for {username} today.")
            return
        for batch in work.batches:
            self.stdout.write(f"{batch.label} ({batch.count})")
            for item in batch.items:
                due = item.due.isoformat() if item.due else ""
                flag = "OVERDUE" if item.overdue else ""
                cells = [flag, due, item.title, item.head_name, item.household, item.community, item.program]
                self.stdout.write("  " + "\t".join(cells).rstrip("\t"))
            if batch.count > len(batch.items):
                self.stdout.write(f"  … {batch.count - len(batch.items)} more")
        self.stdout.write(f"{work.total} in all")
