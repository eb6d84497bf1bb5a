"""recruitment: each vacancy's exam settings (weights, full marks, 合格分数线, interview shortlist, tie-break,
panel extremes) and 加分 (bonus types of a round, bonuses granted to applications, a cap per person)

Revision ID: d5a7c9e1f3b6
Revises: a7c3e9b1d5f8
Create Date: 2026-12-08 10:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'd5a7c9e1f3b6'
down_revision = 'a7c3e9b1d5f8'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('vacancy', schema=None) as batch_op:
        batch_op.add_column(sa.Column('written_weight', sa.Float(), nullable=False, server_default='0.5'))
        batch_op.add_column(sa.Column('written_full', sa.Integer(), nullable=False, server_default='100'))
        batch_op.add_column(sa.Column('interview_full', sa.Integer(), nullable=False, server_default='100'))
        batch_op.add_column(sa.Column('written_pass', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('interview_pass', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('shortlist_ratio', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('tie_break', sa.String(length=40), nullable=False,
                                      server_default='interview,written'))
        batch_op.add_column(sa.Column('drop_extremes', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('settings_reason', sa.Text(), nullable=True))
    # Vacancies opened before took their round's settings: keep them.
    op.execute("UPDATE vacancy SET written_weight = (SELECT r.written_weight FROM recruitment_round r "
               "WHERE r.id = vacancy.round_id), drop_extremes = (SELECT r.drop_extremes FROM recruitment_round r "
               "WHERE r.id = vacancy.round_id)")
    with op.batch_alter_table('recruitment_round', schema=None) as batch_op:
        batch_op.add_column(sa.Column('bonus_cap', sa.Float(), nullable=False, server_default='5'))
    op.create_table(
        'bonus_type',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('round_id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=50), nullable=False),
        sa.Column('points', sa.Float(), nullable=False),
        sa.Column('proof_required', sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(['round_id'], ['recruitment_round.id'], name=op.f('fk_bonus_type_round_id_recruitment_round')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_bonus_type')),
        sa.UniqueConstraint('round_id', 'name', name='uq_bonus_type_round_name'),
    )
    with op.batch_alter_table('bonus_type', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_bonus_type_round_id'), ['round_id'], unique=False)
    op.create_table(
        'application_bonus',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('application_id', sa.Integer(), nullable=False),
        sa.Column('bonus_type_id', sa.Integer(), nullable=False),
        sa.Column('points', sa.Float(), nullable=False),
        sa.Column('proof', sa.String(length=200), nullable=True),
        sa.Column('recorded_by_id', sa.Integer(), nullable=True),
        sa.Column('recorded_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['application_id'], ['application.id'], name=op.f('fk_application_bonus_application_id_application')),
        sa.ForeignKeyConstraint(['bonus_type_id'], ['bonus_type.id'], name=op.f('fk_application_bonus_bonus_type_id_bonus_type')),
        sa.ForeignKeyConstraint(['recorded_by_id'], ['user.id'], name=op.f('fk_application_bonus_recorded_by_id_user')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_application_bonus')),
        sa.UniqueConstraint('application_id', 'bonus_type_id', name='uq_application_bonus_type'),
    )
    with op.batch_alter_table('application_bonus', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_application_bonus_application_id'), ['application_id'], unique=False)


def downgrade():
    with op.batch_alter_table('application_bonus', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_application_bonus_application_id'))
    op.drop_table('application_bonus')
    with op.batch_alter_table('bonus_type', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_bonus_type_round_id'))
    op.drop_table('bonus_type')
    with op.batch_alter_table('recruitment_round', schema=None) as batch_op:
        batch_op.drop_column('bonus_cap')
    with op.batch_alter_table('vacancy', schema=None) as batch_op:
        for column in ('settings_reason', 'drop_extremes', 'tie_break', 'shortlist_ratio', 'interview_pass',
                       'written_pass', 'interview_full', 'written_full', 'written_weight'):
            batch_op.drop_column(column)
