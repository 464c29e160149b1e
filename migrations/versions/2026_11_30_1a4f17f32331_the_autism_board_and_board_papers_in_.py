"""the autism board and board papers in the library

Revision ID: 1a4f17f32331
Revises: 1ef4568c7dfd
Create Date: 2026-11-30 00:11:03.068178

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '1a4f17f32331'
down_revision = '1ef4568c7dfd'
branch_labels = None
depends_on = None

OLD_KINDS = "kind IN ('leaflet', 'film', 'guide', 'visual-story')"
NEW_KINDS = "kind IN ('leaflet', 'film', 'guide', 'visual-story', 'board-paper', 'minutes')"


def upgrade():
    # Board papers and minutes are library items, so the library's search finds them.
    with op.batch_alter_table('library_items', schema=None) as batch_op:
        batch_op.drop_constraint('kind_is_known', type_='check')
        batch_op.create_check_constraint('kind_is_known', NEW_KINDS)

    op.create_table('board_meetings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('starts_at', sa.DateTime(), nullable=False),
    sa.Column('place', sa.String(length=300), nullable=False),
    sa.Column('online', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('agenda', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_board_meetings'))
    )
    with op.batch_alter_table('board_meetings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_board_meetings_starts_at'), ['starts_at'], unique=False)

    op.create_table('board_members',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('role', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('about', sa.Text(), nullable=False),
    sa.Column('is_chair', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('left_on', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("kind IN ('parent-carer', 'autistic-adult', 'young-person', 'council', 'health', 'education', 'voluntary')", name=op.f('ck_board_members_kind_is_known')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_board_members'))
    )
    op.create_table('board_decisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('decided_on', sa.Date(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=True),
    sa.Column('decision', sa.Text(), nullable=False),
    sa.Column('why', sa.Text(), nullable=False),
    sa.Column('who_acts', sa.String(length=200), nullable=False),
    sa.Column('theme', sa.String(length=20), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("status IN ('agreed', 'in-progress', 'done', 'stopped')", name=op.f('ck_board_decisions_status_is_known')),
    sa.ForeignKeyConstraint(['meeting_id'], ['board_meetings.id'], name=op.f('fk_board_decisions_meeting_id_board_meetings'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_board_decisions'))
    )
    with op.batch_alter_table('board_decisions', schema=None) as batch_op:
        batch_op.create_index('ix_board_decisions_log', ['decided_on', 'id'], unique=False)

    op.create_table('board_meeting_papers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['item_id'], ['library_items.id'], name=op.f('fk_board_meeting_papers_item_id_library_items'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['meeting_id'], ['board_meetings.id'], name=op.f('fk_board_meeting_papers_meeting_id_board_meetings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_board_meeting_papers')),
    sa.UniqueConstraint('meeting_id', 'item_id', name='one_link_per_item')
    )
    with op.batch_alter_table('board_meeting_papers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_board_meeting_papers_meeting_id'), ['meeting_id'], unique=False)

    op.create_table('board_questions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('theme', sa.String(length=20), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('show_name', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('answer', sa.Text(), server_default='', nullable=False),
    sa.Column('reject_reason', sa.String(length=300), server_default='', nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('answered_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint("kind IN ('question', 'issue')", name=op.f('ck_board_questions_kind_is_known')),
    sa.CheckConstraint("status != 'published' OR answer != ''", name=op.f('ck_board_questions_published_has_answer')),
    sa.CheckConstraint("status IN ('waiting', 'published', 'rejected')", name=op.f('ck_board_questions_status_is_known')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_board_questions_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_board_questions'))
    )
    with op.batch_alter_table('board_questions', schema=None) as batch_op:
        batch_op.create_index('ix_board_questions_listing', ['status', 'answered_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_board_questions_user_id'), ['user_id'], unique=False)

    op.create_table('board_decision_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('decision_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('note', sa.String(length=300), nullable=False),
    sa.Column('changed_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("status IN ('agreed', 'in-progress', 'done', 'stopped')", name=op.f('ck_board_decision_changes_status_is_known')),
    sa.ForeignKeyConstraint(['decision_id'], ['board_decisions.id'], name=op.f('fk_board_decision_changes_decision_id_board_decisions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_board_decision_changes'))
    )
    with op.batch_alter_table('board_decision_changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_board_decision_changes_decision_id'), ['decision_id'], unique=False)



def downgrade():
    with op.batch_alter_table('board_decision_changes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_board_decision_changes_decision_id'))

    op.drop_table('board_decision_changes')
    with op.batch_alter_table('board_questions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_board_questions_user_id'))
        batch_op.drop_index('ix_board_questions_listing')

    op.drop_table('board_questions')
    with op.batch_alter_table('board_meeting_papers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_board_meeting_papers_meeting_id'))

    op.drop_table('board_meeting_papers')
    with op.batch_alter_table('board_decisions', schema=None) as batch_op:
        batch_op.drop_index('ix_board_decisions_log')

    op.drop_table('board_decisions')
    op.drop_table('board_members')
    with op.batch_alter_table('board_meetings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_board_meetings_starts_at'))

    op.drop_table('board_meetings')

    op.execute(
        "DELETE FROM library_files WHERE item_id IN "
        "(SELECT id FROM library_items WHERE kind IN ('board-paper', 'minutes'))"
    )
    op.execute("DELETE FROM library_items WHERE kind IN ('board-paper', 'minutes')")
    with op.batch_alter_table('library_items', schema=None) as batch_op:
        batch_op.drop_constraint('kind_is_known', type_='check')
        batch_op.create_check_constraint('kind_is_known', OLD_KINDS)
