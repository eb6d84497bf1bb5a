"""calendar: the unit's own days off and days worked

Revision ID: a2d4f6b8c0e3
Revises: f1c3e5a7b9d2
Create Date: 2026-12-06 10:50:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'a2d4f6b8c0e3'
down_revision = 'f1c3e5a7b9d2'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'local_day',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('worked', sa.Boolean(), nullable=False),
        sa.Column('note', sa.String(length=100), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_local_day_created_by_id_user')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_local_day')),
        sa.UniqueConstraint('day', name=op.f('uq_local_day_day')),
    )


def downgrade():
    op.drop_table('local_day')
