"""portal: when a 报名表's photo and proof were deleted at the end of the retention period

Revision ID: 2cacc99d0f01
Revises: 9d4198c313e3
Create Date: 2026-12-07 10:10:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '2cacc99d0f01'
down_revision = '9d4198c313e3'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('portal_entry', schema=None) as batch_op:
        batch_op.add_column(sa.Column('files_deleted_at', sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('portal_entry', schema=None) as batch_op:
        batch_op.drop_column('files_deleted_at')
