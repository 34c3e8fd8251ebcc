"""Writing an archive and restoring one (the layout is in this package's docstring)."""

import dataclasses
import hashlib
import io
import os
import shutil
import tarfile
import tempfile
from collections.abc import Iterable
from pathlib import Path, PurePosixPath
from typing import Any

from django.utils.translation import gettext_lazy as _

from dibao.core.errors import DomainError
from dibao.core.jobs.progress import NO_PROGRESS, Progress

from .database import Database
from .manifest import Manifest

MANIFEST = "manifest.json"
MEDIA = "media"
CHUNK = 1 << 20


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _media_files(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink())


def backup(out: Path, *, database: Database, media_root: Path, progress: Progress = NO_PROGRESS) -> Manifest:
    """Write the archive `out`: the database at one moment, then every uploaded file.

    Files are only ever added under new names (uploads never overwrite), so a file uploaded
    after the database's moment is at worst an extra file no row points to."""
    with tempfile.TemporaryDirectory(prefix="dibao-backup-", dir=out.parent) as work:
        dump = Path(work) / database.member
        files = _media_files(media_root)
        progress.start(len(files) + 1)
        snap = database.dump(dump)
        progress.advance(1)
        listed: dict[str, dict[str, Any]] = {}
        for i, path in enumerate(files, 1):
            listed[path.relative_to(media_root).as_posix()] = {
                "size": path.stat().st_size,
                "sha256": sha256_of(path),
            }
            progress.advance(i + 1)
        manifest = Manifest(
            vendor=database.vendor,
            database_file=database.member,
            database_sha256=sha256_of(dump),
            migrations=snap.migrations,
            tables=snap.tables,
            files=listed,
            audit_head=snap.audit_head,
        )
        partial = out.with_name(out.name + ".partial")
        with tarfile.open(partial, "w") as tar:
            _add_bytes(tar, MANIFEST, manifest.to_json().encode())
            tar.add(dump, arcname=database.member)
            for path in files:
                tar.add(path, arcname=f"{MEDIA}/{path.relative_to(media_root).as_posix()}")
        # The archive appears under its name only once it is whole.
        os.replace(partial, out)
    return manifest


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mode = 0o644
    tar.addfile(info, io.BytesIO(data))


def read_manifest(path: Path) -> Manifest:
    try:
        with tarfile.open(path, "r") as tar:
            member = tar.extractfile(MANIFEST)
            if member is None:
                raise KeyError(MANIFEST)
            return Manifest.from_json(member.read())
    except (tarfile.TarError, KeyError):
        raise DomainError(
            _("%(file)s is not a dibao backup (no manifest.json).") % {"file": path.name}
        ) from None


@dataclasses.dataclass
class Restored:
    manifest: Manifest
    tables: dict[str, int]
    files: int
    audit_head: Any
    pending_migrations: list[tuple[str, str]]


def _check_target(database: Database, media_root: Path) -> None:
    if not database.is_empty():
        raise DomainError(
            _(
                "The database is not empty: a backup is restored only into an empty database "
                "(create a new one)."
            )
        )
    if media_root.exists() and any(media_root.iterdir()):
        raise DomainError(
            _("The media folder %(folder)s is not empty: a backup is restored only into an empty one.")
            % {"folder": media_root}
        )


def _check_migrations(manifest: Manifest, known: Iterable[tuple[str, str]]) -> None:
    unknown = [m for m in manifest.migrations if m not in set(known)]
    if unknown:
        app, name = unknown[0]
        raise DomainError(
            _(
                "The backup was made by a newer dibao (%(version)s): this one does not know its "
                "migration %(app)s.%(name)s. Install that version or a later one to restore it."
            )
            % {"version": manifest.dibao, "app": app, "name": name}
        )


def _safe_media_name(name: str) -> str | None:
    """The path under MEDIA_ROOT of an archive member, or None when it is not a plain file there."""
    parts = PurePosixPath(name).parts
    if len(parts) < 2 or parts[0] != MEDIA or any(p in ("..", "") for p in parts) or name.startswith("/"):
        return None
    return "/".join(parts[1:])


def restore(
    path: Path,
    *,
    database: Database,
    media_root: Path,
    known_migrations: Iterable[tuple[str, str]],
    progress: Progress = NO_PROGRESS,
) -> Restored:
    """Check the archive whole, then restore it into an empty database and media folder.

    Every checksum is verified before anything is written; the database is restored in one
    transaction; the files are moved into place only after it; every table is counted again."""
    manifest = read_manifest(path)
    if manifest.vendor != database.vendor:
        raise DomainError(
            _("The backup is of a %(theirs)s database; this server runs on %(ours)s.")
            % {"theirs": manifest.vendor, "ours": database.vendor}
        )
    known = list(known_migrations)
    _check_migrations(manifest, known)
    _check_target(database, media_root)
    staging_parent = media_root.parent
    staging_parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="dibao-restore-", dir=staging_parent) as work:
        staged = Path(work) / MEDIA
        staged.mkdir()
        dump = Path(work) / manifest.database_file
        seen: set[str] = set()
        with tarfile.open(path, "r") as tar:
            members = tar.getmembers()
            progress.start(len(members) + 1)
            for i, member in enumerate(members, 1):
                progress.advance(i)
                if member.name in (MANIFEST,):
                    continue
                if member.name == manifest.database_file and member.isfile():
                    _extract(tar, member, dump)
                    if sha256_of(dump) != manifest.database_sha256:
                        raise DomainError(_("The archive's database copy is damaged (checksum differs)."))
                    continue
                rel = _safe_media_name(member.name)
                if rel is None or not member.isfile() or rel not in manifest.files:
                    raise DomainError(
                        _("The archive holds %(name)s, which its manifest does not list.")
                        % {"name": member.name}
                    )
                target = staged / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                _extract(tar, member, target)
                if sha256_of(target) != manifest.files[rel]["sha256"]:
                    raise DomainError(
                        _("The archive's file %(name)s is damaged (checksum differs).") % {"name": rel}
                    )
                seen.add(rel)
        missing = sorted(set(manifest.files) - seen)
        if missing:
            raise DomainError(
                _("The archive lacks the file %(name)s its manifest lists.") % {"name": missing[0]}
            )
        if not dump.exists():
            raise DomainError(_("The archive holds no database copy."))
        database.load(dump)
        progress.advance(len(members) + 1)
        if media_root.exists():
            media_root.rmdir()  # empty: checked above
        shutil.move(str(staged), str(media_root))
    tables = database.counts()
    audit_head = database.audit_head()
    restored_keys = set(manifest.migrations)
    return Restored(
        manifest=manifest,
        tables=tables,
        files=len(seen),
        audit_head=audit_head,
        pending_migrations=[m for m in known if m not in restored_keys],
    )


def _extract(tar: tarfile.TarFile, member: tarfile.TarInfo, target: Path) -> None:
    source = tar.extractfile(member)
    if source is None:
        raise DomainError(_("The archive's member %(name)s cannot be read.") % {"name": member.name})
    with source, open(target, "wb") as out:
        shutil.copyfileobj(source, out, CHUNK)


def differences(manifest: Manifest, tables: dict[str, int]) -> list[str]:
    """Tables whose restored row count is not the manifest's, in words."""
    found = []
    for table in sorted(set(manifest.tables) | set(tables)):
        want, got = manifest.tables.get(table), tables.get(table)
        if want != got:
            found.append(f"{table}: {got} rows, the backup had {want}")
    return found
