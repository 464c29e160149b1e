"""page cache revision and library search index

Revision ID: 8e41c0a7b2d9
Revises: 3fbdcb6f3236
Create Date: 2026-11-26 07:05:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '8e41c0a7b2d9'
down_revision = '3fbdcb6f3236'
branch_labels = None
depends_on = None

# As portal/library/search.py makes for tests: each item's words, stored, with a GIN index.
SEARCH_DOCUMENT = (
    "to_tsvector('english', coalesce(title, '') || ' ' || coalesce(summary, '') || ' ' "
    "|| coalesce(body, '') || ' ' || coalesce(transcript, ''))"
)


def upgrade():
    op.create_table('content_revision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('revision', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_content_revision'))
    )
    op.execute("INSERT INTO content_revision (id, revision) VALUES (1, 0)")
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "ALTER TABLE library_items ADD COLUMN search_words tsvector "
            f"GENERATED ALWAYS AS ({SEARCH_DOCUMENT}) STORED"
        )
        op.execute(
            "CREATE INDEX ix_library_items_search_words ON library_items USING gin (search_words)"
        )


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX ix_library_items_search_words")
        op.execute("ALTER TABLE library_items DROP COLUMN search_words")
    op.drop_table('content_revision')
