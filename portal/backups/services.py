"""Make a backup, and restore one: the two services `flask --app wsgi backup ...` calls.

Both take explicit arguments (the database URL the app uses, its file storage, the migrations
folder) and never read the Flask app, so a test can back up one database and restore into
another. They raise BackupError or one of its named kinds, with a message fit to print.

A restore checks everything it can before it changes anything: that the target is empty (or
`force`), that every file in the archive matches the manifest's checksum, that the backup is of
the same kind of database and not from newer code. After restoring it checks again: the
database's row counts and migration head must be the manifest's.
"""

from __future__ import annotations

import mimetypes
import os
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
from portal.storage import KeyRefused, NotStored, Storage, StorageError, checked_key

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
    """The database or file storage to restore into already holds something."""


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


def staged_files(folder: Path) -> list[Path]:
    """Every file unpacked under `folder` (relative paths)."""
    if not folder.is_dir():
        return []
    found = []
    for root, dirs, names in os.walk(folder):
        dirs.sort()
        for name in sorted(names):
            path = Path(root) / name
            if not path.is_symlink() and path.is_file():
                found.append(path.relative_to(folder))
    return found


def _storage_keys(staged: list[Path]) -> list[str]:
    """The keys the unpacked files will have; ArchiveRefused if any is not one storage takes."""
    keys = [relative.as_posix() for relative in staged]
    for key in keys:
        try:
            checked_key(key)
        except KeyRefused as error:
            raise ArchiveRefused(
                f"The archive holds media/{key}, which is not a name the portal stores files "
                "under. Nothing was restored."
            ) from error
    return keys


def _stored_keys(storage: Storage) -> list[str]:
    try:
        return storage.keys()
    except StorageError as error:
        raise BackupError(f"The file storage could not be listed: {error}") from error


def code_heads(migrations: Path) -> list[str]:
    return sorted(ScriptDirectory(str(migrations)).get_heads())


def create_backup(
    destination: Path,
    *,
    database_url: URL,
    storage: Storage,
    migrations: Path,
    portal_version: str,
    now: datetime,
    postgres_bin_dir: str = "",
) -> BackupReport:
    """Write one archive at `destination` holding a dump of the database, every file in
    `storage` (a folder or an S3 bucket) and a manifest (versions, migration head, row counts,
    checksums).

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
        files, skipped = _write_archive(partial, dump, storage, manifest)
        os.replace(partial, destination)
    return BackupReport(destination, {**manifest, "files": files}, skipped)


def _write_archive(
    path: Path, dump: Path, storage: Storage, manifest: dict
) -> tuple[dict[str, dict], list[str]]:
    """Write the archive (readable by its owner only); return its files and those skipped."""
    skipped = []
    raw = os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb")
    with raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
        writer = ArchiveWriter(tar)
        writer.add_file(f"{DATABASE_FOLDER}/{dump.name}", dump)
        for key in _stored_keys(storage):
            try:
                info = storage.info(key)
                with storage.open(key) as stream:
                    writer.add_stream(
                        f"{MEDIA_FOLDER}/{key}", stream, info.size, info.modified.timestamp()
                    )
            except NotStored:
                skipped.append(key)
            except StorageError as error:
                raise BackupError(f"The stored file {key} could not be read: {error}") from error
        writer.add_manifest(manifest)
    return writer.files, skipped


def _describe_target(database_url: URL, storage: Storage) -> list[str]:
    problems = []
    tables = dbs.contents(database_url)
    if tables:
        rows = sum(tables.values())
        names = ", ".join(list(tables)[:5]) + (", ..." if len(tables) > 5 else "")
        problems.append(
            f"The database already has {len(tables)} table(s) ({names}) holding {rows} row(s)."
        )
    keys = _stored_keys(storage)
    if keys:
        problems.append(
            f"The file storage ({storage!r}) already holds {len(keys)} file(s), such as {keys[0]}."
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


def _empty_storage(storage: Storage) -> None:
    for key in _stored_keys(storage):
        try:
            storage.delete(key)
        except StorageError as error:
            raise BackupError(f"The stored file {key} could not be deleted: {error}") from error


def restore_backup(
    archive: Path,
    *,
    database_url: URL,
    storage: Storage,
    migrations: Path,
    force: bool = False,
    postgres_bin_dir: str = "",
) -> RestoreReport:
    """Restore the archive at `archive` into the database at `database_url` and `storage`.

    Both must be empty unless `force`, which deletes what is there first. Nothing is changed
    until the archive has been checked whole. Raises TargetNotEmpty, ArchiveRefused (damaged,
    changed, or holding unsafe paths), BackupNewerThanCode, or BackupError.
    """
    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(f"There is no backup file at {archive}.")
    kind = dbs.database_kind(database_url)
    problems = _describe_target(database_url, storage)
    if problems and not force:
        raise TargetNotEmpty(
            " ".join(problems) + " A backup is restored only into an empty database and file "
            "storage. Use --force to delete what is there and restore over it."
        )
    # Unpacked into a temporary folder (TMPDIR) first, checked whole, then stored.
    with tempfile.TemporaryDirectory(prefix="portal-restore-") as work:
        staging = Path(work)
        manifest = unpack(archive, staging)
        backup_kind = manifest["database"]["kind"]
        if backup_kind != kind:
            raise BackupError(
                f"This backup is of a {backup_kind} database, but DATABASE_URL is {kind}. "
                "Restore it into the same kind of database. Nothing was restored."
            )
        migrations_state = _compare_migrations(manifest["migration_head"], migrations)
        staged_media = staging / MEDIA_FOLDER
        keys = _storage_keys(staged_files(staged_media))
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
        if force:
            _empty_storage(storage)
        files = 0
        for key in keys:
            content_type = mimetypes.guess_type(key)[0] or "application/octet-stream"
            try:
                with open(staged_media / key, "rb") as stream:
                    storage.save(key, stream, content_type)
            except StorageError as error:
                raise BackupError(
                    f"The file {key} could not be stored: {error}. The database is restored "
                    "but the files are not all there: fix the storage and restore again with "
                    "--force."
                ) from error
            files += 1
    return RestoreReport(
        manifest=manifest,
        tables=len(counts),
        rows=sum(counts.values()),
        files=files,
        migrations=migrations_state,
    )
