"""drop data_revision: every read goes to the database, no writer updates a shared row

Revision ID: c5f7a9b1d3e5
Revises: b8d4f0a2c6e3
Create Date: 2026-12-06 08:30:00

"""
import secrets

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'c5f7a9b1d3e5'
down_revision = 'b8d4f0a2c6e3'
branch_labels = None
depends_on = None


def upgrade():
    op.drop_table('data_revision')


def downgrade():
    table = op.create_table(
        'data_revision',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('n', sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_data_revision')),
    )
    op.bulk_insert(table, [{'id': 1, 'n': secrets.randbelow(2**52) + 2**52}])
