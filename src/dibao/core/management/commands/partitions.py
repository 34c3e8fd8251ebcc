import sys
from typing import Any

from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from dibao.core.console import ConsoleCommand, unmigrated_message
from dibao.core.months import FIRST_YEAR
from dibao.core.services import partitions


def _year(text: str) -> int:
    if not text.isdigit() or not FIRST_YEAR <= int(text) < timezone.localdate().year:
        raise CommandError(f"partitions: {text!r} is not a past year (YYYY, before this one).")
    return int(text)


class Command(ConsoleCommand):
    help = (
        "PostgreSQL's monthly partitions of payroll lines, benefit changes and audit entries. "
        "Without options: create this month's and the next months' partitions where missing (also "
        "done after migrate and before a run is drafted; from cron monthly does no harm). --archive "
        "YEAR detaches a past year's partitions (not the audit trail's) into the `archive` schema "
        "(`pg_dump -n archive` takes them away); --restore YEAR attaches them back. Both audited."
    )

    def add_arguments(self, parser: Any) -> None:
        what = parser.add_mutually_exclusive_group()
        what.add_argument("--archive", metavar="YEAR", help="detach this past year's partitions")
        what.add_argument("--restore", metavar="YEAR", help="attach this year's archived partitions back")

    def handle(self, *args: Any, **options: Any) -> None:
        archive = _year(options["archive"]) if options["archive"] is not None else None
        restore = _year(options["restore"]) if options["restore"] is not None else None
        unmigrated = unmigrated_message(sys.argv)
        if unmigrated is not None:  # the tables to partition are made by the migrations
            raise CommandError(unmigrated)
        if connection.vendor != "postgresql":
            raise CommandError("partitions: only PostgreSQL partitions its tables; SQLite keeps plain ones.")
        if archive is not None:
            moved = partitions.archive_year(connection, year=archive)
            for name, rows in moved:
                self.stdout.write(f"{name}: {rows} rows → {partitions.ARCHIVE_SCHEMA}")
            self.stdout.write(
                f"{len(moved)} partitions of {archive} archived, {sum(r for _, r in moved)} rows."
            )
            return
        if restore is not None:
            if restore not in partitions.archived_years(connection):
                raise CommandError(f"partitions: nothing of {restore} is archived.")
            restored = partitions.restore_year(connection, year=restore)
            for name, rows in restored:
                self.stdout.write(f"{name}: {rows} rows attached")
            self.stdout.write(f"{len(restored)} partitions of {restore} restored.")
            return
        made = partitions.ensure_months(connection)
        self.stdout.write(f"{len(made)} partitions made" + (f": {', '.join(made)}" if made else "."))
