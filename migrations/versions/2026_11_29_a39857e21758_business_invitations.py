"""business invitations: a colleague joins a business only by accepting an emailed link

Revision ID: a39857e21758
Revises: 5bdc389c7c18
Create Date: 2026-11-29 17:59:01.335007

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a39857e21758'
down_revision = '5bdc389c7c18'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('business_invitations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('business_id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('invited_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.Column('accepted_at', sa.DateTime(), nullable=True),
    sa.Column('accepted_by_id', sa.Integer(), nullable=True),
    sa.Column('declined_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint('accepted_at IS NULL OR declined_at IS NULL', name=op.f('ck_business_invitations_answered_once')),
    sa.CheckConstraint('expires_at > created_at', name=op.f('ck_business_invitations_expires_after_it_is_made')),
    sa.ForeignKeyConstraint(['accepted_by_id'], ['users.id'], name=op.f('fk_business_invitations_accepted_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['business_id'], ['businesses.id'], name=op.f('fk_business_invitations_business_id_businesses'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['invited_by_id'], ['users.id'], name=op.f('fk_business_invitations_invited_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_business_invitations')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_business_invitations_token_hash'))
    )
    with op.batch_alter_table('business_invitations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_business_invitations_business_id'), ['business_id'], unique=False)



def downgrade():
    with op.batch_alter_table('business_invitations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_business_invitations_business_id'))

    op.drop_table('business_invitations')
