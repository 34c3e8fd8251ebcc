import argparse
import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from dibao.core.backup import archive
from dibao.core.backup.database import database_for
from dibao.core.console import ConsoleCommand, refusals
from dibao.core.jobs.terminal import terminal_progress, watched


def archive_file(value: str) -> Path:
    path = Path(value)
    if not path.is_file():
        raise argparse.ArgumentTypeError(f"no file {value}")
    return path


class Command(ConsoleCommand):
    help = (
        "Restore an archive `dibao backup` wrote into an EMPTY database and media folder (anything "
        "else is refused), after checking its manifest and every checksum; then count every table "
        "against the manifest and print the counts."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", type=archive_file, metavar="FILE", help="the archive")
        parser.add_argument(
            "--check", action="store_true", help="only read the manifest and say what it holds"
        )
        parser.add_argument("--json", action="store_true", help="print the counts as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if options["check"]:
            with refusals("restore"):
                manifest = archive.read_manifest(path)
            self.stdout.write(
                f"{path}: dibao {manifest.dibao}, {manifest.vendor}, made {manifest.created_at}; "
                f"{len(manifest.tables)} tables, {manifest.total_rows:,} rows, {len(manifest.files)} files"
            )
            return
        # The migrations this code knows, read from disk: the database is empty, there is no table.
        known = list(MigrationLoader(None, ignore_no_migrations=True).graph.nodes)
        connection.close()  # nothing of Django's must hold the empty database open while it is filled
        with refusals("restore"), terminal_progress("restoring", shown=watched(json=options["json"])) as bar:
            done = archive.restore(
                path,
                database=database_for(connection.settings_dict),
                media_root=Path(settings.MEDIA_ROOT),
                known_migrations=known,
                progress=bar,
            )
        wrong = archive.differences(done.manifest, done.tables)
        if done.audit_head != done.manifest.audit_head:
            wrong.append(f"audit trail head: {done.audit_head}, the backup had {done.manifest.audit_head}")
        result = {
            "tables": done.tables,
            "rows": sum(done.tables.values()),
            "files": done.files,
            "audit_head": done.audit_head,
            "pending_migrations": [f"{app}.{name}" for app, name in done.pending_migrations],
            "differences": wrong,
        }
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
        else:
            width = max((len(t) for t in done.tables), default=0)
            for table, count in done.tables.items():
                self.stdout.write(f"{table:<{width}}  {count:>12,}")
            self.stdout.write(
                f"restored {len(done.tables)} tables, {result['rows']:,} rows and {done.files} files "
                f"from {path} (made {done.manifest.created_at} by dibao {done.manifest.dibao})"
            )
            if done.pending_migrations:
                self.stdout.write("the backup is older than this dibao: run `dibao migrate` next")
        if wrong:
            raise CommandError("restore: the restored database differs from the backup: " + "; ".join(wrong))
