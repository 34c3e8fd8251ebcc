import json
from typing import Any

from dibao.core.console import ConsoleCommand
from dibao.core.jobs.services import job_files_expire


class Command(ConsoleCommand):
    help = (
        "Remove the files jobs produced (exports) that were finished more than JOB_FILES_KEPT_FOR "
        "ago; their jobs stay. Each job started also does this; run it from cron on a quiet server."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--json", action="store_true", help="print one JSON document")

    def handle(self, *args: Any, **options: Any) -> None:
        removed = job_files_expire()
        if options["json"]:
            self.stdout.write(json.dumps({"removed": removed}))
        else:
            self.stdout.write(f"removed {removed} expired job files")
