"""films: other formats, posters made from a frame, a sensory note

Revision ID: 6b6349f16493
Revises: 5c1d7e9a0b42
Create Date: 2026-11-29 20:59:33.297632

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '6b6349f16493'
down_revision = '5c1d7e9a0b42'
branch_labels = None
depends_on = None


OLD_ROLES = "role IN ('main', 'captions', 'poster', 'alternative')"
NEW_ROLES = "role IN ('main', 'captions', 'poster', 'alternative', 'encoding')"


def upgrade():
    with op.batch_alter_table('library_files', schema=None) as batch_op:
        batch_op.add_column(sa.Column('generated', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.drop_constraint('role_is_known', type_='check')
        batch_op.create_check_constraint('role_is_known', NEW_ROLES)

    with op.batch_alter_table('library_items', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sensory_note', sa.String(length=300), server_default='', nullable=False))



def downgrade():
    with op.batch_alter_table('library_items', schema=None) as batch_op:
        batch_op.drop_column('sensory_note')

    op.execute("DELETE FROM library_files WHERE role = 'encoding'")
    with op.batch_alter_table('library_files', schema=None) as batch_op:
        batch_op.drop_constraint('role_is_known', type_='check')
        batch_op.create_check_constraint('role_is_known', OLD_ROLES)
        batch_op.drop_column('generated')

