"""Backups that restore: a populated database and its files go into an archive and come back,
into a fresh database, table for table, file for file; anything but an empty target is refused,
and a damaged archive writes nothing."""

import hashlib
import io
import json
import os
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.utils import translation

from dibao.core.backup import archive
from dibao.core.backup.database import PostgresDatabase, SqliteDatabase
from dibao.core.errors import DomainError
from dibao.core.models import AuditEntry
from tests.factories import make_household

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def in_english():
    """The refusals are matched by their English words (they are Chinese by default)."""
    with translation.override("en"):
        yield


def _counts_now() -> dict[str, int]:
    """Every table's row count, asked of the source database directly."""
    with connection.cursor() as cur:
        tables = [t for t in connection.introspection.table_names(cur) if not t.startswith("sqlite_")]
        counts = {}
        for table in tables:
            cur.execute(f'SELECT COUNT(*) FROM "{table}"')
            counts[table] = cur.fetchone()[0]
    return counts


@pytest.fixture
def populated(areas, users, media_root):
    for i in range(3):
        make_household(areas.haizhou, users.haizhou, members=i)
    files = {
        "cases/2026/11/申请书.pdf": b"%PDF-1.4 application form",
        "reviews/2026/12/photo.jpg": bytes(range(256)) * 40,
    }
    for name, data in files.items():
        path = Path(media_root) / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return files


@pytest.fixture
def fresh(tmp_path):
    """An empty database of the same engine as the tests', and an empty media folder."""
    media = tmp_path / "restored" / "media"
    if connection.vendor == "sqlite":
        yield SqliteDatabase({"NAME": tmp_path / "restored" / "dibao.sqlite3"}), media
        return
    import psycopg

    params = dict(connection.settings_dict)
    name = f"dibao_restore_{uuid.uuid4().hex[:10]}"
    admin = {k: v for k, v in PostgresDatabase(params).params.items() if v and k != "dbname"}
    with psycopg.connect(dbname="postgres", autocommit=True, **admin) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield PostgresDatabase({**params, "NAME": name}), media
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **admin) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _known() -> list[tuple[str, str]]:
    return list(MigrationLoader(None, ignore_no_migrations=True).graph.nodes)


def _backup(tmp_path: Path) -> Path:
    out = tmp_path / "dibao.backup"
    call_command("backup", "--out", str(out), stdout=io.StringIO())
    return out


def test_a_populated_database_and_its_files_come_back_whole(populated, fresh, tmp_path):
    expected = _counts_now()
    head = AuditEntry.objects.order_by("-seq").first()
    out = _backup(tmp_path)
    database, media = fresh

    done = archive.restore(out, database=database, media_root=media, known_migrations=_known())

    assert done.tables == expected
    assert done.tables["registry_household"] == 3
    assert done.manifest.tables == expected
    assert archive.differences(done.manifest, done.tables) == []
    assert done.audit_head == {"id": head.pk, "seq": head.seq, "hash": head.hash}
    assert done.audit_head == done.manifest.audit_head
    assert done.files == len(populated)
    for name, data in populated.items():
        restored = media / name
        assert hashlib.sha256(restored.read_bytes()).hexdigest() == hashlib.sha256(data).hexdigest()
    assert done.pending_migrations == []


def test_restore_refuses_a_database_that_is_not_empty(populated, tmp_path):
    out = _backup(tmp_path)
    live = PostgresDatabase(connection.settings_dict) if connection.vendor == "postgresql" else None
    if live is None:
        target = tmp_path / "used.sqlite3"
        target.write_bytes(b"")
        import sqlite3

        with sqlite3.connect(target) as conn:
            conn.execute("CREATE TABLE kept (x int)")
        live = SqliteDatabase({"NAME": target})
    with pytest.raises(DomainError, match="not empty"):
        archive.restore(out, database=live, media_root=tmp_path / "m", known_migrations=_known())


def test_restore_refuses_a_media_folder_that_is_not_empty(populated, fresh, tmp_path):
    out = _backup(tmp_path)
    database, media = fresh
    media.mkdir(parents=True)
    (media / "left.txt").write_text("x")
    with pytest.raises(DomainError, match="media folder"):
        archive.restore(out, database=database, media_root=media, known_migrations=_known())
    assert database.is_empty()


def _rewrite(source: Path, target: Path, change) -> None:
    with tarfile.open(source) as old, tarfile.open(target, "w") as new:
        for member in old.getmembers():
            data = old.extractfile(member).read()
            data = change(member.name, data)
            info = tarfile.TarInfo(member.name)
            info.size = len(data)
            new.addfile(info, io.BytesIO(data))


def test_a_damaged_file_is_found_before_anything_is_written(populated, fresh, tmp_path):
    out = _backup(tmp_path)
    damaged = tmp_path / "damaged.backup"
    _rewrite(out, damaged, lambda name, data: data[:-1] + b"!" if name.endswith("photo.jpg") else data)
    database, media = fresh
    with pytest.raises(DomainError, match=r"photo\.jpg is damaged"):
        archive.restore(damaged, database=database, media_root=media, known_migrations=_known())
    assert database.is_empty()
    assert not media.exists()


def test_a_damaged_database_copy_is_refused(populated, fresh, tmp_path):
    out = _backup(tmp_path)
    damaged = tmp_path / "damaged.backup"
    member = "database.dump" if connection.vendor == "postgresql" else "database.sqlite3"
    _rewrite(out, damaged, lambda name, data: data[:100] + b"\0" + data[101:] if name == member else data)
    database, media = fresh
    with pytest.raises(DomainError, match="database copy is damaged"):
        archive.restore(damaged, database=database, media_root=media, known_migrations=_known())
    assert database.is_empty()


def _with_manifest(out: Path, tmp_path: Path, edit) -> Path:
    changed = tmp_path / "edited.backup"

    def change(name, data):
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        edit(manifest)
        return json.dumps(manifest).encode()

    _rewrite(out, changed, change)
    return changed


def test_a_backup_from_a_newer_dibao_is_refused(populated, fresh, tmp_path):
    out = _with_manifest(
        _backup(tmp_path), tmp_path, lambda m: m["migrations"].append(["core", "9999_from_the_future"])
    )
    database, media = fresh
    with pytest.raises(DomainError, match="9999_from_the_future"):
        archive.restore(out, database=database, media_root=media, known_migrations=_known())
    assert database.is_empty()


def test_a_backup_of_the_other_engine_is_refused(populated, fresh, tmp_path):
    other = "sqlite" if connection.vendor == "postgresql" else "postgresql"
    out = _with_manifest(_backup(tmp_path), tmp_path, lambda m: m.update(vendor=other))
    database, media = fresh
    with pytest.raises(DomainError, match=f"backup is of a {other} database"):
        archive.restore(out, database=database, media_root=media, known_migrations=_known())


def test_a_file_not_in_the_manifest_is_refused(populated, fresh, tmp_path):
    out = _backup(tmp_path)
    smuggled = tmp_path / "smuggled.backup"
    with tarfile.open(out) as old, tarfile.open(smuggled, "w") as new:
        for member in old.getmembers():
            new.addfile(member, old.extractfile(member))
        info = tarfile.TarInfo("media/../../etc/evil")
        info.size = 1
        new.addfile(info, io.BytesIO(b"x"))
    database, media = fresh
    with pytest.raises(DomainError, match="does not list"):
        archive.restore(smuggled, database=database, media_root=media, known_migrations=_known())
    assert database.is_empty()


def test_something_that_is_not_a_backup_is_refused(fresh, tmp_path, db):
    junk = tmp_path / "notes.txt"
    junk.write_text("not an archive")
    database, media = fresh
    with pytest.raises(DomainError, match="not a dibao backup"):
        archive.restore(junk, database=database, media_root=media, known_migrations=_known())


def test_backup_will_not_overwrite_a_file_unless_told(populated, tmp_path):
    out = _backup(tmp_path)
    with pytest.raises(CommandError, match="exists"):
        call_command("backup", "--out", str(out), stdout=io.StringIO())
    call_command("backup", "--out", str(out), "--force", stdout=io.StringIO())
    assert archive.read_manifest(out).tables["registry_household"] == 3


def test_restore_into_the_running_database_is_refused_by_the_command(populated, tmp_path):
    out = _backup(tmp_path)
    before = _counts_now()
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(out), stdout=io.StringIO())
    assert _counts_now() == before


def test_the_restore_command_restores_into_a_new_database_and_prints_the_counts(populated, fresh, tmp_path):
    """End to end, as an IT office would: `dibao restore FILE` with the new database's address."""
    out = _backup(tmp_path)
    database, media = fresh
    if isinstance(database, SqliteDatabase):
        url = f"sqlite:///{database.path}"
    else:
        p = database.params
        where = f"{p['host'] or '127.0.0.1'}:{p['port'] or 5432}"
        url = f"postgres://{p['user'] or 'postgres'}@{where}/{p['dbname']}"
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DIBAO_VAR_DIR": str(media.parent),
        "DJANGO_SETTINGS_MODULE": "dibao.config.settings.development",
    }
    done = subprocess.run(
        [sys.executable, "-m", "dibao.config.cli", "restore", str(out), "--json"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["differences"] == []
    assert result["tables"]["registry_household"] == 3
    assert result["files"] == len(populated)
    assert (media / "cases/2026/11/申请书.pdf").read_bytes() == populated["cases/2026/11/申请书.pdf"]
