import json
import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from dibao.accounts.models import User
from dibao.areas.models import Area, Level
from dibao.core.errors import DomainError, Forbidden, NotFound

from ...roster.importer import import_roster


class Command(BaseCommand):
    help = "Import a roster (xlsx or CSV, one row per member) into a community: all rows or none."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file")
        parser.add_argument("--community", required=True, help="the community's 12-digit code")
        parser.add_argument("--dry-run", action="store_true", help="check only; write nothing")
        parser.add_argument("--json", action="store_true", help="print one JSON document")
        parser.add_argument("--as", dest="username", help="act as this user (their area applies)")
        parser.add_argument(
            "--language",
            default=settings.LANGUAGE_CODE,
            choices=[c for c, _ in settings.LANGUAGES],
            help="language of the error reasons (default: simplified Chinese)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        translation.activate(options["language"])
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        community = Area.objects.filter(code=options["community"].strip(), level=Level.COMMUNITY).first()
        if community is None:
            raise CommandError(f"No community with code {options['community']} (see `dibao areas`).")
        actor = None
        if options["username"]:
            actor = (
                User.objects.filter(username=options["username"], is_active=True)
                .select_related("area")
                .first()
            )
            if actor is None:
                raise CommandError(f"No active user {options['username']}.")
        try:
            result = import_roster(
                filename=path.name,
                content=path.read_bytes(),
                community=community,
                actor=actor,
                dry_run=options["dry_run"],
            )
        except (NotFound, Forbidden):
            # The same refusal as the page's 404/403, worded for the operator at the console.
            raise CommandError(
                f"User {options['username']} may not import into {community.code} {community.name}."
            ) from None
        except DomainError as exc:
            raise CommandError(str(exc)) from None
        if options["json"]:
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False))
        elif result.errors:
            for e in result.errors:
                self.stdout.write(f"row {e.row}\t{e.column}\t{e.value}\t{e.reason}")
            self.stdout.write(f"refused: {len(result.errors)} errors; nothing imported")
        else:
            verb = "checked" if options["dry_run"] else "imported"
            self.stdout.write(
                f"{verb}: {result.record.rows} rows; {result.households} households, "
                f"{result.members} members written"
            )
        if result.errors:
            sys.exit(1)
