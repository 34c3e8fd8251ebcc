"""The database half of an archive, for each engine dibao runs on.

A backup must be one consistent moment: the row counts in the manifest are counted in the same
snapshot the dump is taken from. On PostgreSQL a REPEATABLE READ transaction exports its snapshot
and `pg_dump --snapshot` dumps exactly that; on SQLite the online backup API copies the database
page by page under a read lock, and the counts are taken from the copy.

A restore goes into an empty database only: nothing of a running county is ever overwritten.
"""

import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.utils.translation import gettext_lazy as _

from dibao.core.errors import DomainError

SQLITE_INTERNAL = "sqlite_"


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _counts(cursor: Any, tables: list[str]) -> dict[str, int]:
    counts = {}
    for table in sorted(tables):
        cursor.execute(f"SELECT COUNT(*) FROM {_quote(table)}")
        counts[table] = int(cursor.fetchone()[0])
    return counts


def _migrations(cursor: Any) -> list[tuple[str, str]]:
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY id")
    return [(str(app), str(name)) for app, name in cursor.fetchall()]


def _audit_head(cursor: Any) -> dict[str, Any] | None:
    """The audit chain's last entry: a restore that brings back the same seq and hash brought
    back the whole trail unaltered (`dibao audit-verify` then checks every link)."""
    cursor.execute("SELECT id, seq, hash FROM core_auditentry ORDER BY seq DESC LIMIT 1")
    row = cursor.fetchone()
    return None if row is None else {"id": int(row[0]), "seq": int(row[1]), "hash": str(row[2])}


class Snapshot:
    """What the backup read from the database at its one moment."""

    def __init__(self, tables: dict[str, int], migrations: list[tuple[str, str]], audit_head: Any) -> None:
        self.tables = tables
        self.migrations = migrations
        self.audit_head = audit_head


# --- PostgreSQL -------------------------------------------------------------------------------


def _pg_env(params: dict[str, Any]) -> dict[str, str]:
    """The libpq environment for pg_dump/pg_restore: the password never appears in a process list."""
    env = dict(os.environ)
    for key, var in (("host", "PGHOST"), ("port", "PGPORT"), ("user", "PGUSER"), ("password", "PGPASSWORD")):
        if params.get(key):
            env[var] = str(params[key])
    return env


def _pg_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise DomainError(
            _("%(tool)s is not installed: install the PostgreSQL client (Debian: postgresql-client).")
            % {"tool": name}
        )
    return path


def _pg_tables(cursor: Any) -> list[str]:
    """The schema's tables, a partitioned one once: its partitions' rows are counted in it (as
    Django's introspection lists them)."""
    cursor.execute(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
        " WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND NOT c.relispartition"
    )
    return [str(r[0]) for r in cursor.fetchall()]


def _run(command: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()
        raise DomainError(
            _("%(tool)s failed: %(detail)s")
            % {"tool": Path(command[0]).name, "detail": detail[-1] if detail else done.returncode}
        )


class PostgresDatabase:
    vendor = "postgresql"
    member = "database.dump"

    def __init__(self, params: dict[str, Any]) -> None:
        # Django's connection settings (NAME, HOST, …) as libpq keywords.
        self.params = {
            "dbname": params["NAME"],
            "host": params.get("HOST") or "",
            "port": str(params.get("PORT") or ""),
            "user": params.get("USER") or "",
            "password": params.get("PASSWORD") or "",
        }

    def _connect(self) -> Any:
        import psycopg

        return psycopg.connect(**{k: v for k, v in self.params.items() if v})

    def dump(self, path: Path) -> Snapshot:
        tool = _pg_tool("pg_dump")
        with self._connect() as conn:
            conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            snapshot_id = conn.execute("SELECT pg_export_snapshot()").fetchone()[0]
            with conn.cursor() as cur:
                snap = Snapshot(_counts(cur, _pg_tables(cur)), _migrations(cur), _audit_head(cur))
            # pg_dump sees the very snapshot counted above, while this transaction holds it open.
            _run(
                [
                    tool,
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    f"--snapshot={snapshot_id}",
                    f"--file={path}",
                    self.params["dbname"],
                ],
                _pg_env(self.params),
            )
            conn.rollback()
        return snap

    def is_empty(self) -> bool:
        with self._connect() as conn, conn.cursor() as cur:
            return not _pg_tables(cur)

    def load(self, path: Path) -> None:
        # One transaction: a dump that fails half-way leaves the database as empty as it was.
        _run(
            [
                _pg_tool("pg_restore"),
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                f"--dbname={self.params['dbname']}",
                str(path),
            ],
            _pg_env(self.params),
        )

    def counts(self) -> dict[str, int]:
        with self._connect() as conn, conn.cursor() as cur:
            return _counts(cur, _pg_tables(cur))

    def audit_head(self) -> Any:
        with self._connect() as conn, conn.cursor() as cur:
            return _audit_head(cur)


# --- SQLite -----------------------------------------------------------------------------------


def _sqlite_tables(cursor: Any) -> list[str]:
    cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    return [str(r[0]) for r in cursor.fetchall() if not str(r[0]).startswith(SQLITE_INTERNAL)]


@contextmanager
def _sqlite(path: Path | str) -> Iterator[sqlite3.Connection]:
    conn = sqlite3.connect(path)
    try:
        yield conn
    finally:
        conn.close()


class SqliteDatabase:
    vendor = "sqlite"
    member = "database.sqlite3"

    def __init__(self, params: dict[str, Any], live: Any = None) -> None:
        self.path = str(params["NAME"])
        # The open Django connection, when the database is one only it can reach (tests keep
        # theirs in memory); otherwise the file is opened afresh.
        self.live = live

    def dump(self, path: Path) -> Snapshot:
        with _sqlite(path) as copy:
            if self.live is not None:
                self.live.backup(copy)
            else:
                with _sqlite(self.path) as source:
                    source.backup(copy)
            cur = copy.cursor()
            return Snapshot(_counts(cur, _sqlite_tables(cur)), _migrations(cur), _audit_head(cur))

    def is_empty(self) -> bool:
        if not Path(self.path).exists():
            return True
        with _sqlite(self.path) as conn:
            return not _sqlite_tables(conn.cursor())

    def load(self, path: Path) -> None:
        Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        with _sqlite(path) as source, _sqlite(self.path) as target:
            source.backup(target)

    def counts(self) -> dict[str, int]:
        with _sqlite(self.path) as conn:
            cur = conn.cursor()
            return _counts(cur, _sqlite_tables(cur))

    def audit_head(self) -> Any:
        with _sqlite(self.path) as conn:
            return _audit_head(conn.cursor())


Database = PostgresDatabase | SqliteDatabase


def database_for(params: dict[str, Any], live: Any = None) -> Database:
    """The engine-specific half for Django connection settings `params`."""
    engine = str(params.get("ENGINE", ""))
    if engine.endswith("postgresql"):
        return PostgresDatabase(params)
    if engine.endswith("sqlite3"):
        return SqliteDatabase(params, live)
    raise DomainError(
        _("Backups are made of PostgreSQL or SQLite databases, not %(engine)s.") % {"engine": engine}
    )
