"""Everyone takes part: leave and investigation records, paper self-summaries, late forms, refusals, the quota
base and approval date, per-department 优秀 places, initial passwords, time worked elsewhere

Revision ID: c8e2a4f6b0d1
Revises: a3c5e7f9b1d4
Create Date: 2026-12-20 09:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'c8e2a4f6b0d1'
down_revision = 'a3c5e7f9b1d4'
branch_labels = None
depends_on = None


def upgrade():
    # Cycles opened before keep the base they were counted on (only the graded); new ones follow 第十五条.
    with op.batch_alter_table('assessment_cycle', schema=None) as batch_op:
        batch_op.add_column(sa.Column('raised_approved_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('unit_accountable', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('quota_base', sa.String(length=20), nullable=False, server_default='graded'))
        batch_op.add_column(sa.Column('department_places', sa.JSON(), nullable=False, server_default='{}'))

    with op.batch_alter_table('assessment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('summary_on_paper', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('summary_entered_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('summary_entered_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('self_late', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('head_late', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('late_accepted_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('late_accepted_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('refused_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('refusal_note', sa.Text(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_assessment_summary_entered_by_id_user'), 'user',
                                    ['summary_entered_by_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_assessment_late_accepted_by_id_user'), 'user',
                                    ['late_accepted_by_id'], ['id'])

    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('must_change_password', sa.Boolean(), nullable=False, server_default=sa.false()))

    with op.batch_alter_table('employee', schema=None) as batch_op:
        batch_op.add_column(sa.Column('worked_elsewhere_since', sa.Date(), nullable=True))

    op.create_table('leave_record',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('employee_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('entered_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['employee_id'], ['employee.id'], name=op.f('fk_leave_record_employee_id_employee')),
    sa.ForeignKeyConstraint(['entered_by_id'], ['user.id'], name=op.f('fk_leave_record_entered_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_leave_record'))
    )
    with op.batch_alter_table('leave_record', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_leave_record_employee_id'), ['employee_id'], unique=False)

    op.create_table('investigation_record',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('employee_id', sa.Integer(), nullable=False),
    sa.Column('opened_on', sa.Date(), nullable=False),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('outcome', sa.String(length=20), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('entered_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['employee_id'], ['employee.id'], name=op.f('fk_investigation_record_employee_id_employee')),
    sa.ForeignKeyConstraint(['entered_by_id'], ['user.id'], name=op.f('fk_investigation_record_entered_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_investigation_record'))
    )
    with op.batch_alter_table('investigation_record', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_investigation_record_employee_id'), ['employee_id'], unique=False)


def downgrade():
    with op.batch_alter_table('investigation_record', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_investigation_record_employee_id'))
    op.drop_table('investigation_record')
    with op.batch_alter_table('leave_record', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_leave_record_employee_id'))
    op.drop_table('leave_record')
    with op.batch_alter_table('employee', schema=None) as batch_op:
        batch_op.drop_column('worked_elsewhere_since')
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('must_change_password')
    with op.batch_alter_table('assessment', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_assessment_late_accepted_by_id_user'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_assessment_summary_entered_by_id_user'), type_='foreignkey')
        for column in ('refusal_note', 'refused_on', 'late_accepted_at', 'late_accepted_by_id', 'head_late',
                       'self_late', 'summary_entered_at', 'summary_entered_by_id', 'summary_on_paper'):
            batch_op.drop_column(column)
    with op.batch_alter_table('assessment_cycle', schema=None) as batch_op:
        for column in ('department_places', 'quota_base', 'unit_accountable', 'raised_approved_on'):
            batch_op.drop_column(column)
