"""Where the test databases live: a SQLite file per run, and PostgreSQL when one answers."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from portal.config import normalise_database_url
from portal.extensions import db
from portal.search import search_indexes

DEFAULT_POSTGRES_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
# One database per test run, so two runs on one machine (a developer and CI) never collide.
TEST_DATABASE_NAME = f"portal_test_{os.getpid()}"


def postgres_admin_url() -> str:
    return normalise_database_url(
        os.environ.get("TEST_POSTGRES_ADMIN_URL", DEFAULT_POSTGRES_ADMIN_URL)
    )


def _unavailable(reason: str):
    message = f"PostgreSQL tests need a server: {reason}"
    if os.environ.get("REQUIRE_POSTGRES") == "1":
        pytest.fail(message + " (REQUIRE_POSTGRES=1, so this is an error)", pytrace=False)
    pytest.skip(message + ". Set TEST_DATABASE_URL or start PostgreSQL on 127.0.0.1:5432.")


def postgres_url(name: str = TEST_DATABASE_NAME) -> str:
    """A fresh, empty PostgreSQL database for this run, created through the admin connection.

    With TEST_DATABASE_URL set, that database is used as it is (the caller must let us empty it).
    """
    if os.environ.get("TEST_DATABASE_URL") and name == TEST_DATABASE_NAME:
        return normalise_database_url(os.environ["TEST_DATABASE_URL"])
    admin_url = postgres_admin_url()
    try:
        engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        engine.dispose()
    except OperationalError as error:
        _unavailable(str(error.orig).strip().splitlines()[0])
    return make_url(admin_url).set(database=name).render_as_string(hide_password=False)


def drop_postgres_database(name: str) -> None:
    engine = create_engine(postgres_admin_url(), isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


def delete_all_rows() -> None:
    """Delete every row the tests made, table by table, and commit: quick on a few rows.

    Row ids carry on from where they were; `empty_all_tables` starts them again from 1.
    """
    for table in reversed(db.metadata.sorted_tables):
        db.session.execute(table.delete())
    if db.engine.dialect.name == "sqlite":
        # SQLite's full-text indexes are not model tables: empty them too, or old rows linger.
        for index in search_indexes():
            db.session.execute(text(f"DELETE FROM {index.sqlite_table}"))  # noqa: S608 - ours
    db.session.commit()


def empty_all_tables() -> None:
    """Delete every row the tests made (the schema stays), ids starting again from 1."""
    if db.engine.dialect.name != "postgresql":
        delete_all_rows()  # SQLite starts ids again once a table is empty
        return
    names = ", ".join(f'"{table.name}"' for table in reversed(db.metadata.sorted_tables))
    db.session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    db.session.commit()
