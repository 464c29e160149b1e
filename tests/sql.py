"""Counting the SQL statements a request issues, for the queries-per-page budgets."""

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event

from portal.extensions import db


@contextmanager
def recorded_statements() -> Iterator[list[str]]:
    """Every statement sent to the database inside the block, in order."""
    statements: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", record)


def queries_for(client, url: str, *, status: int = 200) -> tuple[int, str]:
    """How many statements a GET of `url` issues, and the page it returns."""
    with recorded_statements() as statements:
        response = client.get(url)
    assert response.status_code == status, url
    return len(statements), response.get_data(as_text=True)
