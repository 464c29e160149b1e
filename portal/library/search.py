"""Full-text search over the library, behind one interface.

SQLite uses an FTS5 table (porter stemming, so "films" finds "film"); PostgreSQL uses its own
full-text search with the English configuration. `matching(query)` gives a WHERE clause on
library item ids either way. A test checks both answer a shared set of queries the same.
"""

from __future__ import annotations

import re

from sqlalchemy import Integer, column, func, literal_column, text
from sqlalchemy.engine import Connection

from portal.extensions import db
from portal.library.models import LibraryItem

SQLITE_TABLE = "library_search"
POSTGRES_COLUMN = "search_words"
POSTGRES_INDEX = "ix_library_items_search_words"
WORD = re.compile(r"\w+", re.UNICODE)


def is_search_table(name: str) -> bool:
    """FTS5's own tables, which migrations create by hand and autogenerate must ignore."""
    return name == SQLITE_TABLE or name.startswith(SQLITE_TABLE + "_")


def made_by_hand(type_: str, name: str | None) -> bool:
    """The search tables, words column and index: migrations make them, not autogenerate."""
    if (type_, name) in {("index", POSTGRES_INDEX), ("column", POSTGRES_COLUMN)}:
        return True
    return type_ == "table" and bool(name) and is_search_table(name)


# PostgreSQL keeps each item's words in a stored generated column with a GIN index, so a
# search reads stored words instead of re-reading every transcript (50 ms at 1,000 items).
POSTGRES_DOCUMENT = (
    "to_tsvector('english', coalesce(title, '') || ' ' || coalesce(summary, '') || ' ' "
    "|| coalesce(body, '') || ' ' || coalesce(transcript, ''))"
)


def create_index(connection: Connection) -> None:
    """Make the search index (SQLite's FTS5 table; PostgreSQL's words column and GIN index).

    The migrations make the same (they never import this module); `db.create_all` does not.
    """
    if connection.dialect.name == "sqlite":
        connection.execute(
            text(
                f"CREATE VIRTUAL TABLE IF NOT EXISTS {SQLITE_TABLE} USING fts5("
                "title, summary, body, transcript, tokenize='porter unicode61')"
            )
        )
    elif connection.dialect.name == "postgresql":
        connection.execute(
            text(
                f"ALTER TABLE library_items ADD COLUMN IF NOT EXISTS {POSTGRES_COLUMN} tsvector "
                f"GENERATED ALWAYS AS ({POSTGRES_DOCUMENT}) STORED"
            )
        )
        connection.execute(
            text(
                f"CREATE INDEX IF NOT EXISTS {POSTGRES_INDEX} ON library_items "
                f"USING gin ({POSTGRES_COLUMN})"
            )
        )


def index_item(item: LibraryItem) -> None:
    """Keep the index in step with an item (call after flushing it)."""
    fields = {key: getattr(item, key) for key in ("title", "summary", "body", "transcript")}
    index_rows([{"id": item.id, **fields}])


def index_rows(rows: list[dict]) -> None:
    """Index items given as dicts of id, title, summary, body and transcript, replacing any
    row already there under the same id. PostgreSQL needs nothing: it keeps its own words."""
    if not rows or db.session.get_bind().dialect.name != "sqlite":
        return
    db.session.execute(text(f"DELETE FROM {SQLITE_TABLE} WHERE rowid = :id"), rows)  # noqa: S608
    db.session.execute(
        text(
            f"INSERT INTO {SQLITE_TABLE} (rowid, title, summary, body, transcript) "  # noqa: S608
            "VALUES (:id, :title, :summary, :body, :transcript)"
        ),
        rows,
    )


def _words(query: str) -> list[str]:
    return WORD.findall(query.lower())[:10]


def matching(query: str):
    """A WHERE clause selecting items that contain every word of the query."""
    words = _words(query)
    if not words:
        return None
    if db.session.get_bind().dialect.name == "sqlite":
        # Each word quoted, so nothing a person types is read as FTS5 query syntax.
        fts_query = " ".join(f'"{word}"' for word in words)
        ids = text("SELECT rowid FROM library_search WHERE library_search MATCH :q")
        return LibraryItem.id.in_(ids.bindparams(q=fts_query).columns(column("rowid", Integer)))
    words_column = literal_column(f"library_items.{POSTGRES_COLUMN}")
    return words_column.op("@@")(func.plainto_tsquery("english", " ".join(words)))
