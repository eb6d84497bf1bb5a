"""assessment: 平时考核 quarterly results and 民主测评 ballots (codes kept as hashes, votes with no link to them)

Revision ID: e5b7d9f1a3c6
Revises: c4e6a8b0d2f1
Create Date: 2026-12-15 12:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'e5b7d9f1a3c6'
down_revision = 'c4e6a8b0d2f1'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'quarterly_result',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('cycle_id', sa.Integer(), nullable=False),
        sa.Column('employee_id', sa.Integer(), nullable=False),
        sa.Column('quarter', sa.Integer(), nullable=False),
        sa.Column('result', sa.String(length=20), nullable=False),
        sa.Column('note', sa.Text(), nullable=True),
        sa.Column('recorded_by_id', sa.Integer(), nullable=True),
        sa.Column('recorded_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['cycle_id'], ['assessment_cycle.id'],
                                name=op.f('fk_quarterly_result_cycle_id_assessment_cycle')),
        sa.ForeignKeyConstraint(['employee_id'], ['employee.id'], name=op.f('fk_quarterly_result_employee_id_employee')),
        sa.ForeignKeyConstraint(['recorded_by_id'], ['user.id'], name=op.f('fk_quarterly_result_recorded_by_id_user')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_quarterly_result')),
        sa.UniqueConstraint('cycle_id', 'employee_id', 'quarter', name='uq_quarterly_result_cycle_employee_quarter'),
    )
    with op.batch_alter_table('quarterly_result', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quarterly_result_employee_id'), ['employee_id'], unique=False)

    op.create_table(
        'ballot',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('cycle_id', sa.Integer(), nullable=False),
        sa.Column('department_id', sa.Integer(), nullable=True),
        sa.Column('title', sa.String(length=200), nullable=False),
        sa.Column('dimensions', sa.Boolean(), nullable=False),
        sa.Column('min_votes', sa.Integer(), nullable=False),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('opened_at', sa.DateTime(), nullable=False),
        sa.Column('opened_by_id', sa.Integer(), nullable=True),
        sa.Column('closed_at', sa.DateTime(), nullable=True),
        sa.Column('closed_by_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['cycle_id'], ['assessment_cycle.id'], name=op.f('fk_ballot_cycle_id_assessment_cycle')),
        sa.ForeignKeyConstraint(['department_id'], ['department.id'], name=op.f('fk_ballot_department_id_department')),
        sa.ForeignKeyConstraint(['opened_by_id'], ['user.id'], name=op.f('fk_ballot_opened_by_id_user')),
        sa.ForeignKeyConstraint(['closed_by_id'], ['user.id'], name=op.f('fk_ballot_closed_by_id_user')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_ballot')),
    )
    with op.batch_alter_table('ballot', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ballot_cycle_id'), ['cycle_id'], unique=False)

    op.create_table(
        'ballot_code',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('ballot_id', sa.Integer(), nullable=False),
        sa.Column('code_hash', sa.String(length=64), nullable=False),
        sa.Column('used', sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(['ballot_id'], ['ballot.id'], name=op.f('fk_ballot_code_ballot_id_ballot')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_ballot_code')),
        sa.UniqueConstraint('code_hash', name=op.f('uq_ballot_code_code_hash')),
    )
    with op.batch_alter_table('ballot_code', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ballot_code_ballot_id'), ['ballot_id'], unique=False)

    # SQLite without its rowid: that hidden counter would number the votes in the order they were written.
    op.create_table(
        'ballot_vote',
        sa.Column('id', sa.String(length=32), nullable=False),
        sa.Column('ballot_id', sa.Integer(), nullable=False),
        sa.Column('subject_id', sa.Integer(), nullable=False),
        sa.Column('rating', sa.String(length=20), nullable=False),
        sa.Column('dimension_ratings', sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(['ballot_id'], ['ballot.id'], name=op.f('fk_ballot_vote_ballot_id_ballot')),
        sa.ForeignKeyConstraint(['subject_id'], ['employee.id'], name=op.f('fk_ballot_vote_subject_id_employee')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_ballot_vote')),
        sqlite_with_rowid=False,
    )
    with op.batch_alter_table('ballot_vote', schema=None) as batch_op:
        batch_op.create_index('ix_ballot_vote_ballot_subject', ['ballot_id', 'subject_id'], unique=False)


def downgrade():
    op.drop_table('ballot_vote')
    op.drop_table('ballot_code')
    op.drop_table('ballot')
    op.drop_table('quarterly_result')
