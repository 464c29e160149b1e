"""Make a backup, and restore one: the two services `flask --app wsgi backup ...` calls.

Both take explicit arguments (the database URL the app uses, the media folder, the migrations
folder) and never read the Flask app, so a test can back up one database and restore into
another. They raise BackupError or one of its named kinds, with a message fit to print.

A restore checks everything it can before it changes anything: that the target is empty (or
`force`), that every file in the archive matches the manifest's checksum, that the backup is of
the same kind of database and not from newer code. After restoring it checks again: the
database's row counts and migration head must be the manifest's.
"""

from __future__ import annotations

import os
import shutil
import tarfile
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy.engine import URL

from portal.backups import BackupError
from portal.backups import databases as dbs
from portal.backups.archive import (
    DATABASE_FOLDER,
    MEDIA_FOLDER,
    ArchiveRefused,
    ArchiveWriter,
    unpack,
)

__all__ = [
    "ArchiveRefused",
    "BackupError",
    "BackupNewerThanCode",
    "TargetNotEmpty",
    "create_backup",
    "restore_backup",
]
MANIFEST_FORMAT = 1


class TargetNotEmpty(BackupError):
    """The database or media folder to restore into already holds something."""


class BackupNewerThanCode(BackupError):
    """The backup's database is at a migration this code does not know."""


@dataclass(frozen=True)
class BackupReport:
    path: Path
    manifest: dict
    skipped: list[str]


@dataclass(frozen=True)
class RestoreReport:
    manifest: dict
    tables: int
    rows: int
    files: int
    # "current", "older" (run `flask db upgrade`) or "unknown" (no migration head recorded).
    migrations: str


def media_files(folder: Path) -> list[Path]:
    """Every file under the media folder (relative paths), leaving out files being written."""
    if not folder.is_dir():
        return []
    found = []
    for root, dirs, names in os.walk(folder):
        dirs.sort()
        for name in sorted(names):
            path = Path(root) / name
            # write_whole's temporary files (".name.xxxx.partial") are uploads not finished.
            if path.is_symlink() or not path.is_file() or name.endswith(".partial"):
                continue
            found.append(path.relative_to(folder))
    return found


def code_heads(migrations: Path) -> list[str]:
    return sorted(ScriptDirectory(str(migrations)).get_heads())


def create_backup(
    destination: Path,
    *,
    database_url: URL,
    media_folder: Path,
    migrations: Path,
    portal_version: str,
    now: datetime,
    postgres_bin_dir: str = "",
) -> BackupReport:
    """Write one archive at `destination` holding a dump of the database, every file under
    `media_folder` and a manifest (versions, migration head, row counts, checksums).

    The database is dumped first, then the files copied, so every file the dump names is there
    unless it was deleted meanwhile (listed in `skipped`). The archive is written beside
    `destination` and takes its name only when complete, readable only by its owner.

    Raises BackupError (the destination exists, the database cannot be dumped).
    """
    destination = Path(destination)
    if destination.exists():
        raise BackupError(f"{destination} already exists. Choose a new name for the backup.")
    kind = dbs.database_kind(database_url)
    destination.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".backup-", dir=destination.parent) as work:
        dump = Path(work) / dbs.DUMP_NAMES[kind]
        if kind == "postgresql":
            snapshot = dbs.dump_postgres(database_url, dump, postgres_bin_dir)
        else:
            snapshot = dbs.dump_sqlite(database_url, dump)
        manifest = {
            "format": MANIFEST_FORMAT,
            "created_at": now.isoformat(),
            "portal_version": portal_version,
            "database": {
                "kind": snapshot.kind,
                "server_version": snapshot.server_version,
                "file": f"{DATABASE_FOLDER}/{dump.name}",
            },
            "migration_head": snapshot.migration_head,
            "row_counts": snapshot.row_counts,
        }
        partial = Path(work) / "archive.tar.gz"
        files, skipped = _write_archive(partial, dump, media_folder, manifest)
        os.replace(partial, destination)
    return BackupReport(destination, {**manifest, "files": files}, skipped)


def _write_archive(
    path: Path, dump: Path, media_folder: Path, manifest: dict
) -> tuple[dict[str, dict], list[str]]:
    """Write the archive (readable by its owner only); return its files and those skipped."""
    skipped = []
    raw = os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb")
    with raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
        writer = ArchiveWriter(tar)
        writer.add_file(f"{DATABASE_FOLDER}/{dump.name}", dump)
        for relative in media_files(media_folder):
            name = f"{MEDIA_FOLDER}/{relative.as_posix()}"
            if not writer.add_file(name, media_folder / relative):
                skipped.append(relative.as_posix())
        writer.add_manifest(manifest)
    return writer.files, skipped


def _describe_target(database_url: URL, media_folder: Path) -> list[str]:
    problems = []
    tables = dbs.contents(database_url)
    if tables:
        rows = sum(tables.values())
        names = ", ".join(list(tables)[:5]) + (", ..." if len(tables) > 5 else "")
        problems.append(
            f"The database already has {len(tables)} table(s) ({names}) holding {rows} row(s)."
        )
    files = media_files(media_folder)
    if files:
        problems.append(
            f"The media folder {media_folder} already holds {len(files)} file(s), such as "
            f"{files[0].as_posix()}."
        )
    return problems


def _compare_migrations(backup_head: str | None, migrations: Path) -> str:
    if backup_head is None:
        return "unknown"
    heads = code_heads(migrations)
    if backup_head.split(",") == heads:
        return "current"
    script = ScriptDirectory(str(migrations))
    try:
        for revision in backup_head.split(","):
            if script.get_revision(revision) is None:
                raise CommandError(revision)
    except CommandError as error:
        raise BackupNewerThanCode(
            f"The backup's database is at migration {backup_head}, which this version of the "
            f"portal does not know (its latest is {', '.join(heads)}): the backup was made by "
            "newer code. Deploy that version to restore it. Nothing was restored."
        ) from error
    return "older"


def _empty_media_folder(folder: Path) -> None:
    for child in folder.iterdir():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()


def restore_backup(
    archive: Path,
    *,
    database_url: URL,
    media_folder: Path,
    migrations: Path,
    force: bool = False,
    postgres_bin_dir: str = "",
) -> RestoreReport:
    """Restore the archive at `archive` into the database at `database_url` and `media_folder`.

    Both must be empty unless `force`, which deletes what is there first. Nothing is changed
    until the archive has been checked whole. Raises TargetNotEmpty, ArchiveRefused (damaged,
    changed, or holding unsafe paths), BackupNewerThanCode, or BackupError.
    """
    archive, media_folder = Path(archive), Path(media_folder)
    if not archive.is_file():
        raise BackupError(f"There is no backup file at {archive}.")
    kind = dbs.database_kind(database_url)
    problems = _describe_target(database_url, media_folder)
    if problems and not force:
        raise TargetNotEmpty(
            " ".join(problems) + " A backup is restored only into an empty database and media "
            "folder. Use --force to delete what is there and restore over it."
        )
    media_folder.parent.mkdir(parents=True, exist_ok=True)
    # Unpacked beside the media folder, so its files move into place without copying.
    with tempfile.TemporaryDirectory(prefix=".restore-", dir=media_folder.parent) as work:
        staging = Path(work)
        manifest = unpack(archive, staging)
        backup_kind = manifest["database"]["kind"]
        if backup_kind != kind:
            raise BackupError(
                f"This backup is of a {backup_kind} database, but DATABASE_URL is {kind}. "
                "Restore it into the same kind of database. Nothing was restored."
            )
        migrations_state = _compare_migrations(manifest["migration_head"], migrations)
        dump = staging / manifest["database"]["file"]
        if force and kind == "postgresql":
            dbs.empty_postgres(database_url)
        if kind == "postgresql":
            dbs.restore_postgres(dump, database_url, postgres_bin_dir)
        else:
            dbs.restore_sqlite(dump, database_url)
        head, counts = dbs.restored_snapshot(database_url)
        if head != manifest["migration_head"] or counts != manifest["row_counts"]:
            raise BackupError(
                "The restored database does not match the backup's manifest (its tables, row "
                "counts or migration head differ). Do not use it: restore again into an empty "
                "database."
            )
        media_folder.mkdir(parents=True, exist_ok=True)
        if force:
            _empty_media_folder(media_folder)
        files = 0
        staged_media = staging / MEDIA_FOLDER
        for relative in media_files(staged_media):
            target = media_folder / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staged_media / relative, target)
            files += 1
    return RestoreReport(
        manifest=manifest,
        tables=len(counts),
        rows=sum(counts.values()),
        files=files,
        migrations=migrations_state,
    )
