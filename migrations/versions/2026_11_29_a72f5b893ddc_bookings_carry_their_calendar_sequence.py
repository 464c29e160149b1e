"""Bookings carry their calendar sequence: each calendar file sent again for a booking (a change
to the party, a change to the session) has a higher SEQUENCE, so calendars take the newest.

Revision ID: a72f5b893ddc
Revises: 6b6349f16493
Create Date: 2026-11-29 20:45:52.810304

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a72f5b893ddc'
down_revision = '6b6349f16493'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('bookings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('calendar_sequence', sa.Integer(), server_default='0', nullable=False))


def downgrade():
    with op.batch_alter_table('bookings', schema=None) as batch_op:
        batch_op.drop_column('calendar_sequence')
