"""assessment: a partial index of the forms with a special case

Revision ID: a7c3e9f1b5d2
Revises: f4b8d2a6c0e1
Create Date: 2026-12-04 19:35:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a7c3e9f1b5d2'
down_revision = 'f4b8d2a6c0e1'
branch_labels = None
depends_on = None

HAS_SPECIAL_CASE = sa.text("special_case != 'none'")


def upgrade():
    with op.batch_alter_table('assessment', schema=None) as batch_op:
        batch_op.create_index('ix_assessment_cycle_special', ['cycle_id'], unique=False,
                              sqlite_where=HAS_SPECIAL_CASE, postgresql_where=HAS_SPECIAL_CASE)


def downgrade():
    with op.batch_alter_table('assessment', schema=None) as batch_op:
        batch_op.drop_index('ix_assessment_cycle_special')
