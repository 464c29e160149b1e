"""outbox bodies deleted after a time: when an email's text was deleted (its metadata stays)

Revision ID: a27d665bd6b0
Revises: a39857e21758
Create Date: 2026-11-29 17:57:13.113702

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a27d665bd6b0'
down_revision = 'a39857e21758'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('body_deleted_at', sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.drop_column('body_deleted_at')
