"""job: outcome (what a job that makes no file did) and upload (the file it reads)

Revision ID: d7e1b5c9a2f4
Revises: c2d4e6f8a1b3
Create Date: 2026-11-26 09:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd7e1b5c9a2f4'
down_revision = 'c2d4e6f8a1b3'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('job', schema=None) as batch_op:
        batch_op.add_column(sa.Column('outcome', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('upload', sa.LargeBinary(), nullable=True))


def downgrade():
    with op.batch_alter_table('job', schema=None) as batch_op:
        batch_op.drop_column('upload')
        batch_op.drop_column('outcome')
