"""library search: words prepared alike for SQLite and PostgreSQL, in four ranked fields

The index now holds words Python prepared (stop words dropped, stemmed; kind, topics, audience,
other formats, credits and language included), stored as they are by both databases: SQLite's
FTS5 table gets four fields and the plain tokenizer; PostgreSQL's generated column becomes a
plain one the app writes. Every existing item is indexed again here.

Revision ID: 5c1d7e9a0b42
Revises: 53650b3197c1
Create Date: 2026-11-29 21:10:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '5c1d7e9a0b42'
down_revision = '53650b3197c1'
branch_labels = None
depends_on = None

# What revision 8e41c0a7b2d9 made, for the way down.
OLD_DOCUMENT = (
    "to_tsvector('english', coalesce(title, '') || ' ' || coalesce(summary, '') || ' ' "
    "|| coalesce(body, '') || ' ' || coalesce(transcript, ''))"
)


def upgrade():
    # The words are made by the app's own code, on purpose: what is stored must be what the app
    # searches with. `reindex` reads library_items and library_files with plain SQL.
    from portal.library.search import reindex

    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS library_search")
        op.execute(
            "CREATE VIRTUAL TABLE library_search USING fts5("
            "heading, about, text, transcript, tokenize='unicode61')"
        )
    else:
        op.execute("DROP INDEX IF EXISTS ix_library_items_search_words")
        op.execute("ALTER TABLE library_items DROP COLUMN IF EXISTS search_words")
        op.execute("ALTER TABLE library_items ADD COLUMN search_words tsvector")
        op.execute(
            "CREATE INDEX ix_library_items_search_words ON library_items USING gin (search_words)"
        )
    reindex(op.get_bind())


def downgrade():
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS library_search")
        op.execute(
            "CREATE VIRTUAL TABLE library_search USING fts5("
            "title, summary, body, transcript, tokenize='porter unicode61')"
        )
        op.execute(
            "INSERT INTO library_search (rowid, title, summary, body, transcript) "
            "SELECT id, title, summary, body, transcript FROM library_items"
        )
    else:
        op.execute("DROP INDEX ix_library_items_search_words")
        op.execute("ALTER TABLE library_items DROP COLUMN search_words")
        op.execute(
            "ALTER TABLE library_items ADD COLUMN search_words tsvector "
            f"GENERATED ALWAYS AS ({OLD_DOCUMENT}) STORED"
        )
        op.execute(
            "CREATE INDEX ix_library_items_search_words ON library_items USING gin (search_words)"
        )
