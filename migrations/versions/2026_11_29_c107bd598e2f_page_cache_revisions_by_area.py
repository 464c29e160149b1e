"""page cache revisions by area: a booking drops the pages that show places, not the library

Revision ID: c107bd598e2f
Revises: 0655d6365485
Create Date: 2026-11-29 21:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c107bd598e2f'
down_revision = '0655d6365485'
branch_labels = None
depends_on = None

AREAS = ("sessions", "pledges", "library", "other")


def upgrade():
    # The table holds only counters: it is made again, one row per area.
    op.drop_table('content_revision')
    op.create_table(
        'content_revision',
        sa.Column('area', sa.String(length=20), nullable=False),
        sa.Column('revision', sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint('area', name=op.f('pk_content_revision')),
    )
    for area in AREAS:
        op.execute(f"INSERT INTO content_revision (area, revision) VALUES ('{area}', 0)")


def downgrade():
    op.drop_table('content_revision')
    op.create_table(
        'content_revision',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('revision', sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_content_revision')),
    )
    op.execute("INSERT INTO content_revision (id, revision) VALUES (1, 0)")
