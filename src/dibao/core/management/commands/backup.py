import json
import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError
from django.db import connection

from dibao.core.backup import archive
from dibao.core.backup.database import database_for
from dibao.core.console import ConsoleCommand, output_file, refusals, unmigrated_message
from dibao.core.jobs.terminal import terminal_progress, watched


def live_database() -> Any:
    """The server's database, as the backup reads it. An in-memory SQLite database (the tests')
    is reachable only through Django's own open connection."""
    live = None
    if connection.vendor == "sqlite" and connection.is_in_memory_db():  # type: ignore[attr-defined]
        connection.ensure_connection()
        live = connection.connection
    return database_for(connection.settings_dict, live)


class Command(ConsoleCommand):
    help = (
        "Write one consistent archive of the database (pg_dump on PostgreSQL, the online backup on "
        "SQLite) and the uploaded files, with a manifest of versions, migrations, row counts, file "
        "checksums and the audit trail's head. `dibao restore FILE` restores it into an empty database."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--out", required=True, type=output_file, metavar="FILE", help="the archive to write"
        )
        parser.add_argument("--force", action="store_true", help="replace FILE if it exists")
        parser.add_argument("--json", action="store_true", help="print the manifest's summary as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        out = Path(options["out"])
        unmigrated = unmigrated_message(sys.argv)
        if unmigrated is not None:  # a backup of a database dibao cannot read is no backup
            raise CommandError(unmigrated)
        if out.exists() and not options["force"]:
            raise CommandError(f"{out} exists; give another name or --force to replace it.")
        with refusals("backup"), terminal_progress("backing up", shown=watched(json=options["json"])) as bar:
            manifest = archive.backup(
                out, database=live_database(), media_root=Path(settings.MEDIA_ROOT), progress=bar
            )
        summary = {
            "file": str(out),
            "bytes": out.stat().st_size,
            "vendor": manifest.vendor,
            "tables": len(manifest.tables),
            "rows": manifest.total_rows,
            "files": len(manifest.files),
            "migrations": len(manifest.migrations),
            "audit_head": manifest.audit_head,
        }
        if options["json"]:
            self.stdout.write(json.dumps(summary, ensure_ascii=False))
            return
        self.stdout.write(
            f"{out}: {summary['bytes']:,} bytes — {manifest.vendor}, {summary['tables']} tables, "
            f"{summary['rows']:,} rows, {summary['files']} files, {summary['migrations']} migrations applied"
        )
