"""考场编排: exam rooms, the seat (and 准考证号) of each application, and the round's exam plan

Revision ID: d4e6f8a0b2c4
Revises: c3d5e7f9a1b2
Create Date: 2026-12-26 09:00:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = 'd4e6f8a0b2c4'
down_revision = 'c3d5e7f9a1b2'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('exam_plan',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('rules', sa.Text(), nullable=True),
    sa.Column('arranged_at', sa.DateTime(), nullable=True),
    sa.Column('tickets_released_at', sa.DateTime(), nullable=True),
    sa.Column('tickets_released_by_id', sa.Integer(), nullable=True),
    sa.Column('scores_published_at', sa.DateTime(), nullable=True),
    sa.Column('scores_published_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['round_id'], ['recruitment_round.id'], name=op.f('fk_exam_plan_round_id_recruitment_round')),
    sa.ForeignKeyConstraint(['scores_published_by_id'], ['user.id'], name=op.f('fk_exam_plan_scores_published_by_id_user')),
    sa.ForeignKeyConstraint(['tickets_released_by_id'], ['user.id'], name=op.f('fk_exam_plan_tickets_released_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_exam_plan')),
    sa.UniqueConstraint('round_id', name=op.f('uq_exam_plan_round_id'))
    )
    op.create_table('exam_room',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('place', sa.String(length=200), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=False),
    sa.Column('starts_at', sa.DateTime(), nullable=False),
    sa.Column('ends_at', sa.DateTime(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['round_id'], ['recruitment_round.id'], name=op.f('fk_exam_room_round_id_recruitment_round')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_exam_room')),
    sa.UniqueConstraint('round_id', 'number', name='uq_exam_room_round_number')
    )
    with op.batch_alter_table('exam_room', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_exam_room_round_id'), ['round_id'], unique=False)

    op.create_table('exam_seat',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('room_id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('seat', sa.Integer(), nullable=False),
    sa.Column('ticket_number', sa.String(length=20), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['application.id'], name=op.f('fk_exam_seat_application_id_application')),
    sa.ForeignKeyConstraint(['room_id'], ['exam_room.id'], name=op.f('fk_exam_seat_room_id_exam_room')),
    sa.ForeignKeyConstraint(['round_id'], ['recruitment_round.id'], name=op.f('fk_exam_seat_round_id_recruitment_round')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_exam_seat')),
    sa.UniqueConstraint('application_id', name=op.f('uq_exam_seat_application_id')),
    sa.UniqueConstraint('room_id', 'seat', name='uq_exam_seat_room_seat'),
    sa.UniqueConstraint('round_id', 'ticket_number', name='uq_exam_seat_round_ticket')
    )
    with op.batch_alter_table('exam_seat', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_exam_seat_room_id'), ['room_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_exam_seat_round_id'), ['round_id'], unique=False)



def downgrade():
    with op.batch_alter_table('exam_seat', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_exam_seat_round_id'))
        batch_op.drop_index(batch_op.f('ix_exam_seat_room_id'))

    op.drop_table('exam_seat')
    with op.batch_alter_table('exam_room', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_exam_room_round_id'))

    op.drop_table('exam_room')
    op.drop_table('exam_plan')
