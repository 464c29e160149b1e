"""100-day challenges: the challenge and its closing report, team, actions, outputs, weekly
updates and followers

Revision ID: 1a51ad54491a
Revises: 1a4f17f32331
Create Date: 2026-11-30 00:11:43.691500

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "1a51ad54491a"
down_revision = "1a4f17f32331"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "challenges",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=100), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("goal", sa.Text(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("what_was_made", sa.Text(), nullable=False),
        sa.Column("what_changed", sa.Text(), nullable=False),
        sa.Column("what_comes_next", sa.Text(), nullable=False),
        sa.Column("report_published_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "(status = 'closed') = (report_published_at IS NOT NULL)",
            name=op.f("ck_challenges_closed_has_report"),
        ),
        sa.CheckConstraint(
            "status IN ('draft', 'running', 'closed')", name=op.f("ck_challenges_status_is_known")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_challenges")),
        sa.UniqueConstraint("slug", name=op.f("uq_challenges_slug")),
    )
    op.create_table(
        "challenge_actions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("challenge_id", sa.Integer(), nullable=False),
        sa.Column("what", sa.String(length=300), nullable=False),
        sa.Column("who", sa.String(length=200), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.CheckConstraint(
            "status IN ('to-do', 'doing', 'done')",
            name=op.f("ck_challenge_actions_status_is_known"),
        ),
        sa.ForeignKeyConstraint(
            ["challenge_id"],
            ["challenges.id"],
            name=op.f("fk_challenge_actions_challenge_id_challenges"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_challenge_actions")),
    )
    with op.batch_alter_table("challenge_actions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_challenge_actions_challenge_id"), ["challenge_id"], unique=False
        )

    op.create_table(
        "challenge_followers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("challenge_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("followed_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["challenge_id"],
            ["challenges.id"],
            name=op.f("fk_challenge_followers_challenge_id_challenges"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_challenge_followers_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_challenge_followers")),
        sa.UniqueConstraint("challenge_id", "user_id", name="uq_challenge_followers"),
    )
    with op.batch_alter_table("challenge_followers", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_challenge_followers_user_id"), ["user_id"], unique=False
        )

    op.create_table(
        "challenge_outputs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("challenge_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["challenge_id"],
            ["challenges.id"],
            name=op.f("fk_challenge_outputs_challenge_id_challenges"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_challenge_outputs")),
        sa.UniqueConstraint("challenge_id", "kind", "target_id", name="uq_challenge_outputs"),
    )
    op.create_table(
        "challenge_team",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("challenge_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("bringing", sa.String(length=20), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "bringing IN ('parent', 'professional', 'young-person')",
            name=op.f("ck_challenge_team_bringing_is_known"),
        ),
        sa.ForeignKeyConstraint(
            ["challenge_id"],
            ["challenges.id"],
            name=op.f("fk_challenge_team_challenge_id_challenges"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_challenge_team_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_challenge_team")),
        sa.UniqueConstraint("challenge_id", "user_id", name="uq_challenge_team_account"),
    )
    with op.batch_alter_table("challenge_team", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_challenge_team_user_id"), ["user_id"], unique=False)

    op.create_table(
        "challenge_updates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("challenge_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("week", sa.Integer(), nullable=False),
        sa.Column("posted_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["users.id"],
            name=op.f("fk_challenge_updates_author_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["challenge_id"],
            ["challenges.id"],
            name=op.f("fk_challenge_updates_challenge_id_challenges"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_challenge_updates")),
    )
    with op.batch_alter_table("challenge_updates", schema=None) as batch_op:
        batch_op.create_index(
            "ix_challenge_updates_challenge", ["challenge_id", "posted_at"], unique=False
        )



def downgrade():
    with op.batch_alter_table("challenge_updates", schema=None) as batch_op:
        batch_op.drop_index("ix_challenge_updates_challenge")

    op.drop_table("challenge_updates")
    with op.batch_alter_table("challenge_team", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_challenge_team_user_id"))

    op.drop_table("challenge_team")
    op.drop_table("challenge_outputs")
    with op.batch_alter_table("challenge_followers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_challenge_followers_user_id"))

    op.drop_table("challenge_followers")
    with op.batch_alter_table("challenge_actions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_challenge_actions_challenge_id"))

    op.drop_table("challenge_actions")
    op.drop_table("challenges")
