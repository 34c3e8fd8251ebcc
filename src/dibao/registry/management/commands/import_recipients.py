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

from ...roster.recipients.importer import import_recipients


class Command(BaseCommand):
    help = (
        "Take over a county's households already receiving dibao from its roster (xlsx or CSV, one "
        "row per member; 社区, 保障类别, 月保障金 and 起始年月 on each head's row): all or none."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file")
        parser.add_argument("--county", required=True, help="the county's 6-digit code")
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
        county = Area.objects.filter(code=options["county"].strip(), level=Level.COUNTY).first()
        if county is None:
            raise CommandError(f"No county with code {options['county']} (see `dibao areas`).")
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
            result = import_recipients(
                filename=path.name,
                content=path.read_bytes(),
                county=county,
                actor=actor,
                dry_run=options["dry_run"],
            )
        except (NotFound, Forbidden):
            # The same refusal as the page's 404/403, worded for the operator at the console.
            raise CommandError(
                f"User {options['username']} may not import recipients into {county.code} {county.name}."
            ) from None
        except DomainError as exc:
            raise CommandError(str(exc)) from None
        if options["json"]:
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False))
        elif result.errors:
            for e in result.errors:
                self.stdout.write(f"row {e.row}\t{e.column}\t{e.value}\t{e.reason}")
            self.stdout.write(f"refused: {len(result.errors)} errors; nothing imported")
        elif options["dry_run"]:
            self.stdout.write(f"checked: {result.record.rows} rows; every row is correct; nothing written")
        else:
            summary = result.summary
            self.stdout.write(
                f"imported: {result.record.rows} rows; {result.households} households receiving, "
                f"{result.members} members, {summary.entitlements} entitlements of "
                f"{summary.monthly_total} yuan a month in all; {summary.assessed} assessed under the "
                f"county's policy ({summary.not_eligible} not eligible now, {summary.other_amount} "
                f"another amount: they keep the roster's)"
            )
        if result.errors:
            sys.exit(1)
