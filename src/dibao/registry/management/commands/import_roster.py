from pathlib import Path
from typing import Any

from dibao.accounts.models import User
from dibao.areas.models import Area
from dibao.core.jobs.progress import Progress

from ...roster.command import RosterImportCommand
from ...roster.importer import ImportResult, import_roster


class Command(RosterImportCommand):
    help = (
        "Import a roster (xlsx or CSV, one row per member) into a community, or into a street or "
        "county whose communities the rows' 社区 column names (as its export writes them): all rows or none."
    )
    area_help = "the community's 12-digit code, or a street's or the county's code"
    any_level = True

    def run_import(
        self, *, path: Path, area: Area, actor: User | None, dry_run: bool, progress: Progress
    ) -> ImportResult:
        return import_roster(
            filename=path.name,
            content=path.read_bytes(),
            area=area,
            actor=actor,
            dry_run=dry_run,
            progress=progress,
        )

    def report_success(self, result: Any, *, dry_run: bool) -> None:
        verb = "checked" if dry_run else "imported"
        self.stdout.write(
            f"{verb}: {result.record.rows} rows; {result.households} households, "
            f"{result.members} members written"
        )
