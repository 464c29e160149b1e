"""a session can be drop in: people just come along, with no need to book

Revision ID: 0655d6365485
Revises: a72f5b893ddc
Create Date: 2026-11-29 20:45:08.691033

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0655d6365485'
down_revision = 'a72f5b893ddc'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('drop_in', sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade():
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_column('drop_in')
