"""Accounts without an email address, with a phone number: staff book by phone for families
who have no email address (they get nothing by email and cannot sign in).

The UNIQUE constraint on users.email stays: SQLite and PostgreSQL both treat NULLs as distinct
in it, so any number of accounts may have no address while an address still has one account.

Revision ID: f8b2727d03b1
Revises: 732cab7e551d
Create Date: 2026-11-29 21:06:08.284846

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "f8b2727d03b1"
down_revision = "732cab7e551d"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("phone", sa.String(length=20), nullable=True))
        batch_op.alter_column("email", existing_type=sa.VARCHAR(length=254), nullable=True)


def downgrade():
    # An address that cannot receive mail, as an erased account has, so NOT NULL holds again.
    op.execute(
        "UPDATE users SET email = 'no-email-' || CAST(id AS VARCHAR(20)) || '@invalid' "
        "WHERE email IS NULL"
    )
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.alter_column("email", existing_type=sa.VARCHAR(length=254), nullable=False)
        batch_op.drop_column("phone")
