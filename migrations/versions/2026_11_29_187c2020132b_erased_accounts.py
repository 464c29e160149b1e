"""erased accounts: when a person's account was erased at their request

Revision ID: 187c2020132b
Revises: a27d665bd6b0
Create Date: 2026-11-29 17:57:43.001296

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '187c2020132b'
down_revision = 'a27d665bd6b0'
branch_labels = None
depends_on = None


def upgrade():
    # Nullable: no account has been erased before this column exists.
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('erased_at', sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('erased_at')
