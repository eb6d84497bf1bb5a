"""assessment: an index holding what the progress counts read

Revision ID: f4b8d2a6c0e1
Revises: e3a9c7d5b1f2
Create Date: 2026-12-03 15:40:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'f4b8d2a6c0e1'
down_revision = 'e3a9c7d5b1f2'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('assessment', schema=None) as batch_op:
        batch_op.create_index('ix_assessment_cycle_progress',
                              ['cycle_id', 'department_id', 'form_status', 'special_case', 'grade',
                               'acknowledgement', 'appealed_on', 'appeal_outcome'], unique=False)


def downgrade():
    with op.batch_alter_table('assessment', schema=None) as batch_op:
        batch_op.drop_index('ix_assessment_cycle_progress')
