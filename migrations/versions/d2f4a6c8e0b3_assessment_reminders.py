"""Reminders before the annual assessment's deadlines: one per cycle, step and user

Revision ID: d2f4a6c8e0b3
Revises: c8e2a4f6b0d1
Create Date: 2026-12-21 09:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'd2f4a6c8e0b3'
down_revision = 'c8e2a4f6b0d1'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('assessment_reminder',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cycle_id', sa.Integer(), nullable=False),
    sa.Column('step', sa.String(length=20), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('deadline', sa.Date(), nullable=False),
    sa.Column('mail_id', sa.Integer(), nullable=True),
    sa.Column('sent_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['cycle_id'], ['assessment_cycle.id'], name=op.f('fk_assessment_reminder_cycle_id_assessment_cycle')),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_assessment_reminder_user_id_user'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['mail_id'], ['outgoing_mail.id'], name=op.f('fk_assessment_reminder_mail_id_outgoing_mail'),
                            ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assessment_reminder')),
    sa.UniqueConstraint('cycle_id', 'step', 'user_id', name='uq_assessment_reminder_cycle_step_user')
    )
    with op.batch_alter_table('assessment_reminder', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_assessment_reminder_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('assessment_reminder', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_assessment_reminder_user_id'))
    op.drop_table('assessment_reminder')
