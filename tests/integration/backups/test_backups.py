"""Backups proved by restoring them: demo data (with photos and library files) is backed up,
restored into a fresh database and media folder, and every table's rows and every file's
checksum compared, on SQLite and on PostgreSQL. Then the refusals: a target that is not empty,
an archive changed since it was made, paths that climb out, a backup from newer code."""

from __future__ import annotations

import hashlib
import io
import itertools
import json
import os
import stat
import tarfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import create_engine, inspect, make_url, text
from sqlalchemy.pool import NullPool

from portal import create_app
from portal.backups.services import (
    ArchiveRefused,
    BackupError,
    BackupNewerThanCode,
    TargetNotEmpty,
    create_backup,
    restore_backup,
)
from portal.config import PROJECT_ROOT
from portal.dates import utcnow
from portal.demo import load_demo_data
from portal.extensions import db
from tests.conftest import make_config
from tests.databases import drop_postgres_database, postgres_url

pytestmark = pytest.mark.slow
MIGRATIONS = PROJECT_ROOT / "migrations"
NAMES = itertools.count()


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def fresh_database(request, tmp_path_factory):
    """Makes fresh, empty databases of one kind (SQLite files, or PostgreSQL databases)."""
    made, folder = [], tmp_path_factory.mktemp("databases")

    def _fresh() -> str:
        name = f"portal_backup_{os.getpid()}_{next(NAMES)}"
        if request.param == "sqlite":
            return f"sqlite:///{folder / name}.db"
        made.append(name)
        return postgres_url(name)

    yield _fresh
    for name in made:
        drop_postgres_database(name)


def portal(database_url: str, folder: Path) -> Flask:
    return create_app(
        make_config(database_url, folder / "instance", MEDIA_FOLDER=str(folder / "media"))
    )


def where(app: Flask) -> dict:
    """The database and file storage of `app`, as the command line passes them."""
    with app.app_context():
        url = db.engine.url
        db.engine.dispose()
    return {
        "database_url": url,
        "storage": app.extensions["storage"],
        "migrations": MIGRATIONS,
    }


def back_up(app: Flask, archive: Path):
    return create_backup(archive, portal_version="test", now=utcnow(), **where(app))


@dataclass
class Source:
    app: Flask
    archive: Path
    manifest: dict


@pytest.fixture(scope="module")
def source(fresh_database, tmp_path_factory) -> Source:
    """A migrated database with the demo data (venue and business photos, library files),
    and its backup."""
    folder = tmp_path_factory.mktemp("source")
    app = portal(fresh_database(), folder)
    with app.app_context():
        upgrade()
        list(load_demo_data())
        db.session.remove()
        db.engine.dispose()
    report = back_up(app, folder / "backup.tar.gz")
    return Source(app, report.path, report.manifest)


@pytest.fixture
def target(fresh_database, tmp_path) -> Flask:
    """A portal on a fresh, empty database and a media folder that does not exist yet."""
    return portal(fresh_database(), tmp_path / "target")


def every_row(app: Flask) -> dict[str, list[tuple]]:
    """Every table's rows, all columns, ordered by primary key (or by every column)."""
    with app.app_context():
        engine = create_engine(db.engine.url, poolclass=NullPool)
        db.engine.dispose()
    tables = {}
    with engine.connect() as connection:
        quote = connection.dialect.identifier_preparer.quote
        inspector = inspect(connection)
        for table in inspector.get_table_names():
            columns = [column["name"] for column in inspector.get_columns(table)]
            key = inspector.get_pk_constraint(table)["constrained_columns"] or columns
            query = (
                f"SELECT {', '.join(map(quote, columns))} FROM {quote(table)} "  # noqa: S608
                f"ORDER BY {', '.join(map(quote, key))}"
            )
            tables[table] = [tuple(row) for row in connection.execute(text(query))]
        if connection.dialect.name == "postgresql":
            # The next id each table hands out must carry on from the backup's.
            tables["(sequences)"] = [
                tuple(row)
                for row in connection.execute(
                    text(
                        "SELECT sequencename, last_value FROM pg_sequences "
                        "WHERE schemaname = current_schema() ORDER BY sequencename"
                    )
                )
            ]
    engine.dispose()
    return tables


def checksums(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def target_is_untouched(app: Flask) -> bool:
    with app.app_context():
        tables = inspect(db.engine).get_table_names()
        db.engine.dispose()
    media = Path(app.config["MEDIA_FOLDER"])
    return tables == [] and not (media.exists() and any(media.rglob("*")))


def copy_archive(archive: Path, out: Path, *, replace=None, add=()) -> Path:
    """A copy of `archive` with some members' contents replaced and extra members added."""
    replace = replace or {}
    with tarfile.open(archive, "r:gz") as old, tarfile.open(out, "w:gz") as new:
        for member in old:
            data = old.extractfile(member).read()
            if member.name in replace:
                data = replace[member.name](data)
            info = tarfile.TarInfo(member.name)
            info.size = len(data)
            new.addfile(info, io.BytesIO(data))
        for name, data in add:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            new.addfile(info, io.BytesIO(data))
    return out


def test_a_restored_backup_has_every_row_and_every_file_of_the_original(source, target):
    report = restore_backup(source.archive, **where(target))

    original, restored = every_row(source.app), every_row(target)
    assert len(original) >= 20
    for table in (
        "users",
        "events",
        "bookings",
        "visual_story_photos",
        "library_files",
        "businesses",
    ):
        assert original[table], f"the demo data should fill {table}"
    assert restored == original
    original_files = checksums(Path(source.app.config["MEDIA_FOLDER"]))
    assert any(name.startswith("library/") for name in original_files)
    assert any(name.endswith(".png") and "/" not in name for name in original_files)
    assert checksums(Path(target.config["MEDIA_FOLDER"])) == original_files
    assert report.files == len(original_files)
    assert report.migrations == "current"


def test_the_manifest_has_versions_migration_head_row_counts_and_every_files_checksum(source):
    with tarfile.open(source.archive, "r:gz") as archive:
        manifest = json.load(archive.extractfile("manifest.json"))
        contents = {
            member.name: hashlib.sha256(archive.extractfile(member).read()).hexdigest()
            for member in archive
            if member.isfile() and member.name != "manifest.json"
        }

    assert manifest == source.manifest
    assert manifest["portal_version"] == "test"
    kind = make_url(source.app.config["SQLALCHEMY_DATABASE_URI"]).get_backend_name()
    assert manifest["database"]["kind"] == kind
    assert manifest["database"]["server_version"]
    assert manifest["migration_head"] == ScriptDirectory(str(MIGRATIONS)).get_heads()[0]
    rows = every_row(source.app)
    assert manifest["row_counts"]["users"] == len(rows["users"]) >= 4
    assert manifest["row_counts"]["bookings"] == len(rows["bookings"]) > 0
    assert {name: entry["sha256"] for name, entry in manifest["files"].items()} == contents
    media = {
        f"media/{name}": digest
        for name, digest in checksums(Path(source.app.config["MEDIA_FOLDER"])).items()
    }
    assert media.items() <= contents.items()
    assert contents.keys() - media.keys() == {manifest["database"]["file"]}


def test_the_archive_is_readable_by_its_owner_only(source):
    assert stat.S_IMODE(source.archive.stat().st_mode) == 0o600


def test_backing_up_over_an_existing_file_is_refused(source):
    with pytest.raises(BackupError, match="already exists"):
        back_up(source.app, source.archive)


def test_restore_refuses_a_database_that_has_tables_and_says_what_is_there(source, target):
    with target.app_context():
        upgrade()
        db.engine.dispose()
    before = every_row(target)

    with pytest.raises(TargetNotEmpty) as refused:
        restore_backup(source.archive, **where(target))

    assert "The database already has" in str(refused.value)
    assert "alembic_version" in str(refused.value)
    assert "--force" in str(refused.value)
    assert every_row(target) == before


def test_restore_refuses_a_media_folder_that_holds_files(source, target):
    media = Path(target.config["MEDIA_FOLDER"])
    (media / "library").mkdir(parents=True)
    (media / "library" / "kept.pdf").write_bytes(b"%PDF-1.4 someone's leaflet")

    with pytest.raises(
        TargetNotEmpty, match=r"already holds 1 file\(s\), such as library/kept.pdf"
    ):
        restore_backup(source.archive, **where(target))

    assert checksums(media) == {
        "library/kept.pdf": hashlib.sha256(b"%PDF-1.4 someone's leaflet").hexdigest()
    }


def test_restore_with_force_replaces_what_was_there(source, target):
    with target.app_context():
        upgrade()
        db.engine.dispose()
    media = Path(target.config["MEDIA_FOLDER"])
    media.mkdir(parents=True)
    (media / "stray.png").write_bytes(b"not from the backup")

    restore_backup(source.archive, force=True, **where(target))

    assert every_row(target) == every_row(source.app)
    assert checksums(media) == checksums(Path(source.app.config["MEDIA_FOLDER"]))


def test_a_changed_file_is_refused_by_its_checksum_and_nothing_is_restored(
    source, target, tmp_path
):
    photo = next(name for name in source.manifest["files"] if name.endswith(".png"))
    changed = copy_archive(
        source.archive, tmp_path / "changed.tar.gz", replace={photo: lambda data: data[:-1] + b"!"}
    )

    with pytest.raises(ArchiveRefused, match="does not match its checksum"):
        restore_backup(changed, **where(target))

    assert target_is_untouched(target)


def test_a_changed_database_dump_is_refused_too(source, target, tmp_path):
    dump = source.manifest["database"]["file"]
    changed = copy_archive(
        source.archive, tmp_path / "changed.tar.gz", replace={dump: lambda data: data + b"\0"}
    )

    with pytest.raises(ArchiveRefused, match="does not match its checksum"):
        restore_backup(changed, **where(target))

    assert target_is_untouched(target)


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("../escaped.txt", "climbs out"),
        ("media/../../escaped.txt", "climbs out"),
        ("ABSOLUTE", "absolute path"),
    ],
)
def test_an_archive_with_a_path_outside_its_folders_is_refused(
    source, target, tmp_path, name, reason
):
    absolute = tmp_path / "outside" / "escaped.txt"
    name = str(absolute) if name == "ABSOLUTE" else name
    unsafe = copy_archive(
        source.archive, tmp_path / "unsafe.tar.gz", add=[(name, b"written where it should not be")]
    )

    with pytest.raises(ArchiveRefused, match=reason):
        restore_backup(unsafe, **where(target))

    media = Path(target.config["MEDIA_FOLDER"])
    assert not (media.parent / "escaped.txt").exists()
    assert not (media.parent.parent / "escaped.txt").exists()
    assert not absolute.exists()
    assert target_is_untouched(target)


def test_a_link_in_the_archive_is_refused(source, target, tmp_path):
    linked = tmp_path / "linked.tar.gz"
    with tarfile.open(linked, "w:gz") as archive:
        link = tarfile.TarInfo("media/passwd")
        link.type, link.linkname = tarfile.SYMTYPE, "/etc/passwd"
        archive.addfile(link)

    with pytest.raises(ArchiveRefused, match="link or special file"):
        restore_backup(linked, **where(target))

    assert target_is_untouched(target)


def test_a_backup_from_newer_code_is_refused_before_anything_changes(source, target, tmp_path):
    def newer(data: bytes) -> bytes:
        return json.dumps({**json.loads(data), "migration_head": "f00df00df00d"}).encode()

    newer_archive = copy_archive(
        source.archive, tmp_path / "newer.tar.gz", replace={"manifest.json": newer}
    )

    with pytest.raises(BackupNewerThanCode, match="made by newer code"):
        restore_backup(newer_archive, **where(target))

    assert target_is_untouched(target)


def test_a_backup_of_an_older_database_restores_and_says_to_run_db_upgrade(tmp_path):
    scripts = ScriptDirectory(str(MIGRATIONS))
    previous = scripts.get_revision(scripts.get_heads()[0]).down_revision
    older = portal(f"sqlite:///{tmp_path / 'older.db'}", tmp_path / "older")
    with older.app_context():
        upgrade(revision=previous)
        db.engine.dispose()
    assert (
        older.test_cli_runner()
        .invoke(args=["backup", "create", str(tmp_path / "old.tar.gz")])
        .exit_code
        == 0
    )
    fresh = portal(f"sqlite:///{tmp_path / 'fresh.db'}", tmp_path / "fresh")

    result = fresh.test_cli_runner().invoke(
        args=["backup", "restore", str(tmp_path / "old.tar.gz")]
    )

    assert result.exit_code == 0, result.output
    assert "Every checksum matched" in result.output
    assert "run `flask --app wsgi db upgrade`" in result.output


def test_the_command_line_backs_up_restores_and_refuses_a_second_restore(source, target, tmp_path):
    archive = tmp_path / "nightly.tar.gz"
    made = source.app.test_cli_runner().invoke(args=["backup", "create", str(archive)])
    assert made.exit_code == 0, made.output
    assert "media files to" in made.output

    restored = target.test_cli_runner().invoke(args=["backup", "restore", str(archive)])
    again = target.test_cli_runner().invoke(args=["backup", "restore", str(archive)])

    assert restored.exit_code == 0, restored.output
    assert "Every checksum matched" in restored.output
    assert every_row(target) == every_row(source.app)
    assert again.exit_code == 1
    assert "The database already has" in again.output
    assert "Use --force" in again.output
