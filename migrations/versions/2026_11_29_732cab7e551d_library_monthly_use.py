"""library monthly use: views and downloads of each item per month, for the staff dashboard

Revision ID: 732cab7e551d
Revises: 0eb20c645630
Create Date: 2026-11-29 21:34:40.164636

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "732cab7e551d"
down_revision = "0eb20c645630"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "library_monthly_use",
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("views", sa.Integer(), server_default="0", nullable=False),
        sa.Column("downloads", sa.Integer(), server_default="0", nullable=False),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["library_items.id"],
            name=op.f("fk_library_monthly_use_item_id_library_items"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("item_id", "month", name=op.f("pk_library_monthly_use")),
    )


def downgrade():
    op.drop_table("library_monthly_use")
