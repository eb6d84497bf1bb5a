"""A special case's reason keeps its wording beside the Chinese text, so it reads in the reader's language

Revision ID: c3d5e7f9a1b2
Revises: b8e1c4f7a2d9
Create Date: 2026-12-24 09:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'c3d5e7f9a1b2'
down_revision = 'b8e1c4f7a2d9'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('assessment') as batch_op:
        batch_op.add_column(sa.Column('special_reason_said', sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table('assessment') as batch_op:
        batch_op.drop_column('special_reason_said')
