"""Examiner panels of the 面试: the round's rule, each post's 测评要素, panels, members, seats, 回避, mark
sheets and drawings of lots

Revision ID: a7c3e9b1d5f2
Revises: d2f4a6c8e0b3
Create Date: 2026-12-22 09:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'a7c3e9b1d5f2'
down_revision = 'd2f4a6c8e0b3'
branch_labels = None
depends_on = None


def _fk(table, column, target):
    return sa.ForeignKeyConstraint([column], [f'{target}.id'], name=op.f(f'fk_{table}_{column}_{target}'))


def upgrade():
    op.create_table('interview_rule',
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('drop', sa.String(length=20), nullable=False),
    sa.Column('rounding', sa.String(length=20), nullable=False),
    _fk('interview_rule', 'round_id', 'recruitment_round'),
    sa.PrimaryKeyConstraint('round_id', name=op.f('pk_interview_rule'))
    )
    op.create_table('interview_element',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('vacancy_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=50), nullable=False),
    sa.Column('weight', sa.Float(), nullable=False),
    sa.Column('full_marks', sa.Integer(), nullable=False),
    _fk('interview_element', 'vacancy_id', 'vacancy'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_interview_element'))
    )
    op.create_table('panel',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('vacancy_id', sa.Integer(), nullable=False),
    sa.Column('room', sa.String(length=50), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    _fk('panel', 'vacancy_id', 'vacancy'),
    _fk('panel', 'created_by_id', 'user'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_panel')),
    sa.UniqueConstraint('vacancy_id', 'room', name='uq_panel_vacancy_room')
    )
    op.create_table('panel_member',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('panel_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('duty', sa.String(length=20), nullable=False),
    sa.Column('invited_at', sa.DateTime(), nullable=True),
    _fk('panel_member', 'panel_id', 'panel'),
    _fk('panel_member', 'user_id', 'user'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_panel_member')),
    sa.UniqueConstraint('panel_id', 'user_id', name='uq_panel_member_user')
    )
    op.create_table('panel_seat',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('panel_id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    _fk('panel_seat', 'panel_id', 'panel'),
    _fk('panel_seat', 'application_id', 'application'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_panel_seat')),
    sa.UniqueConstraint('application_id', name=op.f('uq_panel_seat_application_id'))
    )
    op.create_table('panel_recusal',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.String(length=200), nullable=True),
    sa.Column('declared_at', sa.DateTime(), nullable=False),
    _fk('panel_recusal', 'member_id', 'panel_member'),
    _fk('panel_recusal', 'application_id', 'application'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_panel_recusal')),
    sa.UniqueConstraint('member_id', 'application_id', name='uq_panel_recusal')
    )
    op.create_table('panel_mark_sheet',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('marks', sa.JSON(), nullable=False),
    sa.Column('submitted_at', sa.DateTime(), nullable=False),
    sa.Column('override_reason', sa.Text(), nullable=True),
    sa.Column('overridden_by_id', sa.Integer(), nullable=True),
    sa.Column('overridden_at', sa.DateTime(), nullable=True),
    _fk('panel_mark_sheet', 'member_id', 'panel_member'),
    _fk('panel_mark_sheet', 'application_id', 'application'),
    _fk('panel_mark_sheet', 'overridden_by_id', 'user'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_panel_mark_sheet')),
    sa.UniqueConstraint('member_id', 'application_id', name='uq_panel_mark_sheet')
    )
    op.create_table('panel_lot_draw',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('vacancy_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('seed', sa.String(length=64), nullable=False),
    sa.Column('result', sa.JSON(), nullable=False),
    sa.Column('drawn_at', sa.DateTime(), nullable=False),
    sa.Column('drawn_by_id', sa.Integer(), nullable=True),
    _fk('panel_lot_draw', 'vacancy_id', 'vacancy'),
    _fk('panel_lot_draw', 'drawn_by_id', 'user'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_panel_lot_draw'))
    )
    for table, columns in (('interview_element', ['vacancy_id']), ('panel', ['vacancy_id']),
                           ('panel_member', ['panel_id', 'user_id']), ('panel_seat', ['panel_id']),
                           ('panel_recusal', ['member_id']), ('panel_mark_sheet', ['member_id', 'application_id']),
                           ('panel_lot_draw', ['vacancy_id'])):
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in columns:
                batch_op.create_index(batch_op.f(f'ix_{table}_{column}'), [column], unique=False)


def downgrade():
    for table in ('panel_lot_draw', 'panel_mark_sheet', 'panel_recusal', 'panel_seat', 'panel_member', 'panel',
                  'interview_element', 'interview_rule'):
        op.drop_table(table)
