from pathlib import Path
from typing import Any

from dibao.accounts.models import User
from dibao.areas.models import Area
from dibao.core.jobs.progress import Progress
from dibao.registry.roster.command import RosterImportCommand

from ...recipients.importer import import_recipients


class Command(RosterImportCommand):
    help = (
        "Take over a county's households already receiving dibao from its roster (xlsx or CSV, one "
        "row per member; 社区, 保障类别, 月保障金 and 起始年月 on each head's row): all or none."
    )
    area_option = "county"
    area_help = "the county's 6-digit code"
    what = "import recipients"

    def run_import(
        self, *, path: Path, area: Area, actor: User | None, dry_run: bool, progress: Progress
    ) -> Any:
        return import_recipients(
            filename=path.name, content=path.read_bytes(), county=area, actor=actor, dry_run=dry_run
        )

    def report_success(self, result: Any, *, dry_run: bool) -> None:
        if dry_run:
            self.stdout.write(f"checked: {result.record.rows} rows; every row is correct; nothing written")
            return
        summary = result.summary
        self.stdout.write(
            f"imported: {result.record.rows} rows; {result.households} households receiving, "
            f"{result.members} members, {summary.entitlements} entitlements of "
            f"{summary.monthly_total} yuan a month in all; {summary.assessed} assessed under the "
            f"county's policy ({summary.not_eligible} not eligible now, {summary.other_amount} "
            f"another amount: they keep the roster's)"
        )
