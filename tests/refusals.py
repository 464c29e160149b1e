"""Making the database itself refuse one row, so a test can see a batch carry on past a real
failure (the database's own error, on SQLite and PostgreSQL alike), never a mock."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import text

from portal.extensions import db

TRIGGER = "test_refusal"


@contextmanager
def database_refuses(table: str, *, on: str, when: str) -> Iterator[None]:
    """Inside the block, the database raises an error for each `on` ("INSERT" or "DELETE") of
    a row of `table` matching `when` (SQL on NEW or OLD, valid on both databases)."""
    db.session.commit()  # nothing of the test's own is held open while the trigger is made
    postgres = db.engine.dialect.name == "postgresql"
    with db.engine.begin() as connection:
        if postgres:
            connection.execute(
                text(
                    f"CREATE FUNCTION {TRIGGER}() RETURNS trigger LANGUAGE plpgsql AS "
                    "$$ BEGIN RAISE EXCEPTION 'refused by the test'; END $$"
                )
            )
            connection.execute(
                text(
                    f"CREATE TRIGGER {TRIGGER} BEFORE {on} ON {table} FOR EACH ROW "
                    f"WHEN ({when}) EXECUTE FUNCTION {TRIGGER}()"
                )
            )
        else:
            connection.execute(
                text(
                    f"CREATE TRIGGER {TRIGGER} BEFORE {on} ON {table} FOR EACH ROW WHEN {when} "
                    "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END"
                )
            )
    try:
        yield
    finally:
        db.session.rollback()
        with db.engine.begin() as connection:
            if postgres:
                connection.execute(text(f"DROP TRIGGER IF EXISTS {TRIGGER} ON {table}"))
                connection.execute(text(f"DROP FUNCTION IF EXISTS {TRIGGER}()"))
            else:
                connection.execute(text(f"DROP TRIGGER IF EXISTS {TRIGGER}"))
