"""What the two roster import commands share: the file, the area it goes into, acting as a user,
the language of the reasons, and one way of reporting a refused file."""

import json
import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError
from django.utils import translation

from dibao.accounts.models import User
from dibao.accounts.staff import actor_for
from dibao.areas.models import Area
from dibao.core.console import ConsoleCommand
from dibao.core.errors import DomainError, Forbidden, NotFound
from dibao.core.jobs.progress import Progress
from dibao.core.jobs.terminal import terminal_progress, watched


class RosterImportCommand(ConsoleCommand):
    area_option = "community"  # the option naming the area, and its level
    area_help = "the community's 12-digit code"
    any_level = False  # True: the option may name an area of any level
    what = "import"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file")
        parser.add_argument(f"--{self.area_option}", required=True, help=self.area_help)
        parser.add_argument("--dry-run", action="store_true", help="check only; write nothing")
        parser.add_argument("--json", action="store_true", help="print one JSON document")
        parser.add_argument("--as", dest="username", help="act as this user (their area applies)")
        parser.add_argument(
            "--language",
            default=settings.LANGUAGE_CODE,
            choices=[c for c, _ in settings.LANGUAGES],
            help="language of the error reasons (default: simplified Chinese)",
        )

    def run_import(
        self, *, path: Path, area: Area, actor: User | None, dry_run: bool, progress: Progress
    ) -> Any:
        raise NotImplementedError

    def report_success(self, result: Any, *, dry_run: bool) -> None:
        raise NotImplementedError

    def handle(self, *args: Any, **options: Any) -> None:
        translation.activate(options["language"])
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        code = options[self.area_option].strip()
        found = Area.objects.filter(code=code)
        area = (found if self.any_level else found.filter(level=self.area_option)).first()
        if area is None:
            what = "area" if self.any_level else self.area_option
            raise CommandError(f"No {what} with code {code} (see `dibao areas`).")
        actor = actor_for(options["username"])
        try:
            with terminal_progress("rows checked", shown=watched(json=options["json"])) as progress:
                result = self.run_import(
                    path=path, area=area, actor=actor, dry_run=options["dry_run"], progress=progress
                )
        except (NotFound, Forbidden):
            # The same refusal as the page's 404/403, worded for the operator at the console.
            raise CommandError(
                f"User {options['username']} may not {self.what} into {area.code} {area.name}."
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
            self.report_success(result, dry_run=options["dry_run"])
        if result.errors:
            sys.exit(1)
