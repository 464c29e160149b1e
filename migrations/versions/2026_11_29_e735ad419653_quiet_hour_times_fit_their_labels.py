"""quiet hour times fit their labels: "10:30am" has 7 characters, the columns held 5

Revision ID: e735ad419653
Revises: e40c3c8fdcdb
Create Date: 2026-11-29 18:37:36.260550

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e735ad419653'
down_revision = 'e40c3c8fdcdb'
branch_labels = None
depends_on = None

COLUMNS = ('quiet_hour_start', 'quiet_hour_end')


def upgrade():
    with op.batch_alter_table('pledges', schema=None) as batch_op:
        for name in COLUMNS:
            batch_op.alter_column(
                name,
                existing_type=sa.VARCHAR(length=5),
                type_=sa.String(length=7),
                existing_nullable=False,
            )


def downgrade():
    # A longer label cannot go back whole: it keeps its first 5 characters ("10:30").
    for name in COLUMNS:
        op.execute(
            f"UPDATE pledges SET {name} = substr({name}, 1, 5) WHERE length({name}) > 5"
        )
    with op.batch_alter_table('pledges', schema=None) as batch_op:
        for name in COLUMNS:
            batch_op.alter_column(
                name,
                existing_type=sa.String(length=7),
                type_=sa.VARCHAR(length=5),
                existing_nullable=False,
            )
