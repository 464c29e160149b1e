"""board meetings say how to join

Revision ID: ef69438a4520
Revises: 01624a810de8
Create Date: 2026-11-30 00:53:41.745630

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "ef69438a4520"
down_revision = "01624a810de8"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("board_meetings", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("how_to_join", sa.Text(), server_default="", nullable=False)
        )


def downgrade():
    with op.batch_alter_table("board_meetings", schema=None) as batch_op:
        batch_op.drop_column("how_to_join")
