"""recruitment: the basic conditions a round checks whatever the post asks (age, retirement)

Revision ID: c4f6b8d0e2a5
Revises: b3e5a7c9d1f4
Create Date: 2026-12-06 11:20:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'c4f6b8d0e2a5'
down_revision = 'b3e5a7c9d1f4'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('recruitment_round', schema=None) as batch_op:
        batch_op.add_column(sa.Column('min_age', sa.Integer(), nullable=False, server_default='18'))
        batch_op.add_column(sa.Column('retirement_check', sa.Boolean(), nullable=False, server_default=sa.true()))


def downgrade():
    with op.batch_alter_table('recruitment_round', schema=None) as batch_op:
        batch_op.drop_column('retirement_check')
        batch_op.drop_column('min_age')
