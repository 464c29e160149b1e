"""Dumping and restoring the database, for each kind the portal runs on.

PostgreSQL: `pg_dump --format=custom`, run inside a REPEATABLE READ transaction whose snapshot it
shares (`--snapshot`), so the row counts in the manifest are those of the dump itself; restored
with `pg_restore --no-owner --no-privileges --exit-on-error --single-transaction`, all or nothing.
The password goes to the tools in PGPASSWORD, never on their command line (which `ps` shows).

SQLite: the online backup API (`sqlite3.Connection.backup`), never a copy of the live file,
which could catch a write half done; restored the same way into the target file.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, Connection
from sqlalchemy.pool import NullPool

from portal.backups import BackupError

DUMP_NAMES = {"postgresql": "portal.dump", "sqlite": "portal.sqlite3"}
# Connection settings a DATABASE_URL may carry in its query string, and the libpq variables
# pg_dump and pg_restore read them from.
LIBPQ_QUERY = {
    "host": "PGHOST",
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "connect_timeout": "PGCONNECT_TIMEOUT",
}


@dataclass(frozen=True)
class Snapshot:
    """What a dump holds, for the manifest."""

    kind: str
    server_version: str
    migration_head: str | None
    row_counts: dict[str, int]


def database_kind(url: URL) -> str:
    kind = url.get_backend_name()
    if kind not in DUMP_NAMES:
        raise BackupError(f"Backups work with PostgreSQL and SQLite, not {kind}.")
    return kind


def _engine(url: URL):
    return create_engine(url, poolclass=NullPool)


def _quote(connection: Connection, name: str) -> str:
    return connection.dialect.identifier_preparer.quote(name)


def table_names(connection: Connection) -> list[str]:
    """Every table in the portal's schema (SQLite: every table but SQLite's own)."""
    if connection.dialect.name == "postgresql":
        query = "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
    else:
        query = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    return sorted(connection.scalars(text(query)))


def row_counts(connection: Connection) -> dict[str, int]:
    return {
        name: connection.scalar(text(f"SELECT count(*) FROM {_quote(connection, name)}"))  # noqa: S608
        for name in table_names(connection)
    }


def migration_head(connection: Connection) -> str | None:
    """The revision Alembic recorded (None for a database made without migrations)."""
    if "alembic_version" not in table_names(connection):
        return None
    heads = sorted(connection.scalars(text("SELECT version_num FROM alembic_version")))
    return ",".join(heads) or None


def _describe(connection: Connection, kind: str, version: str) -> Snapshot:
    return Snapshot(kind, version, migration_head(connection), row_counts(connection))


# PostgreSQL ------------------------------------------------------------------------------


def postgres_tool(name: str, bin_dir: str) -> str:
    found = shutil.which(name, path=bin_dir or None)
    if not found:
        where = f"in {bin_dir} (POSTGRES_BIN_DIR)" if bin_dir else "on the PATH"
        raise BackupError(
            f"{name} was not found {where}. Install the PostgreSQL client tools (the same "
            "major version as the server, or newer), or set POSTGRES_BIN_DIR to their folder."
        )
    return found


def libpq_arguments(url: URL) -> tuple[list[str], dict[str, str]]:
    """The connection arguments and environment for pg_dump/pg_restore: the password only in
    the environment (PGPASSWORD), never in the arguments."""
    arguments = [f"--dbname={url.database}"]
    if url.host:
        arguments.append(f"--host={url.host}")
    if url.port:
        arguments.append(f"--port={url.port}")
    if url.username:
        arguments.append(f"--username={url.username}")
    environment = {**os.environ}
    environment.pop("PGPASSWORD", None)
    if url.password is not None:
        environment["PGPASSWORD"] = str(url.password)
    for key, variable in LIBPQ_QUERY.items():
        value = url.query.get(key)
        if value:
            environment[variable] = value if isinstance(value, str) else value[0]
    return arguments, environment


def _run(command: list[str], environment: dict[str, str], what: str) -> None:
    result = subprocess.run(  # noqa: S603 - our arguments, no shell
        command, env=environment, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip()
        raise BackupError(f"{what} failed: {detail}")


def dump_postgres(url: URL, target: Path, bin_dir: str) -> Snapshot:
    pg_dump = postgres_tool("pg_dump", bin_dir)
    arguments, environment = libpq_arguments(url)
    engine = _engine(url)
    try:
        with engine.connect() as connection:
            connection = connection.execution_options(isolation_level="REPEATABLE READ")
            with connection.begin():
                snapshot_id = connection.scalar(text("SELECT pg_export_snapshot()"))
                version = connection.scalar(text("SHOW server_version"))
                snapshot = _describe(connection, "postgresql", version)
                # pg_dump reads the same snapshot while this transaction stays open.
                _run(
                    [
                        pg_dump,
                        "--format=custom",
                        f"--snapshot={snapshot_id}",
                        f"--file={target}",
                        *arguments,
                    ],
                    environment,
                    "pg_dump",
                )
    finally:
        engine.dispose()
    return snapshot


def restore_postgres(dump: Path, url: URL, bin_dir: str) -> None:
    pg_restore = postgres_tool("pg_restore", bin_dir)
    arguments, environment = libpq_arguments(url)
    _run(
        [
            pg_restore,
            # The tables belong to whoever restores them, and grants to roles this server may
            # not have are left out: a restore onto another server must still work.
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            *arguments,
            str(dump),
        ],
        environment,
        "pg_restore",
    )


def empty_postgres(url: URL) -> None:
    """Drop every table, view, sequence and enum type in the portal's schema (for --force)."""
    engine = _engine(url)
    try:
        with engine.begin() as connection:
            drops = [
                ("VIEW", "SELECT viewname FROM pg_views WHERE schemaname = current_schema()"),
                (
                    "MATERIALIZED VIEW",
                    "SELECT matviewname FROM pg_matviews WHERE schemaname = current_schema()",
                ),
                ("TABLE", "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"),
                (
                    "SEQUENCE",
                    "SELECT sequence_name FROM information_schema.sequences "
                    "WHERE sequence_schema = current_schema()",
                ),
                (
                    "TYPE",
                    "SELECT t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace "
                    "WHERE n.nspname = current_schema() AND t.typtype = 'e'",
                ),
            ]
            for kind, query in drops:
                for name in connection.scalars(text(query)).all():
                    connection.execute(
                        text(f"DROP {kind} IF EXISTS {_quote(connection, name)} CASCADE")
                    )
    finally:
        engine.dispose()


# SQLite ----------------------------------------------------------------------------------


def sqlite_path(url: URL) -> Path:
    if not url.database or url.database == ":memory:" or url.database.startswith("file:"):
        raise BackupError("Backups need the SQLite database in a file, not in memory.")
    return Path(url.database)


def _sqlite_copy(source: Path, target: Path) -> None:
    """Copy one SQLite database into another with the online backup API (writers may carry on;
    the copy is of one moment)."""
    source_connection = sqlite3.connect(source)
    target_connection = sqlite3.connect(target)
    try:
        source_connection.backup(target_connection)
    finally:
        target_connection.close()
        source_connection.close()


def dump_sqlite(url: URL, target: Path) -> Snapshot:
    path = sqlite_path(url)
    if not path.is_file():
        raise BackupError(f"There is no SQLite database at {path}.")
    _sqlite_copy(path, target)
    # Counted in the copy, so the manifest describes exactly what was backed up.
    engine = _engine(URL.create("sqlite", database=str(target)))
    try:
        with engine.connect() as connection:
            return _describe(connection, "sqlite", sqlite3.sqlite_version)
    finally:
        engine.dispose()


def restore_sqlite(dump: Path, url: URL) -> None:
    path = sqlite_path(url)
    path.parent.mkdir(parents=True, exist_ok=True)
    # The backup API replaces every page of the target, so what was there before is gone.
    _sqlite_copy(dump, path)


# Both --------------------------------------------------------------------------------------


def contents(url: URL) -> dict[str, int]:
    """The tables the target database has now, with their row counts (empty: {})."""
    if database_kind(url) == "sqlite" and not sqlite_path(url).exists():
        return {}
    engine = _engine(url)
    try:
        with engine.connect() as connection:
            return row_counts(connection)
    finally:
        engine.dispose()


def restored_snapshot(url: URL) -> tuple[str | None, dict[str, int]]:
    """The migration head and row counts of the database just restored."""
    engine = _engine(url)
    try:
        with engine.connect() as connection:
            return migration_head(connection), row_counts(connection)
    finally:
        engine.dispose()
