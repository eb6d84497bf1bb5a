"""data_revision: the number every writing transaction raises (hrflow.readcache)

Revision ID: b8d4f0a2c6e3
Revises: a7c3e9f1b5d2
Create Date: 2026-12-04 19:50:00

"""
from alembic import op
import sqlalchemy as sa

import secrets


# revision identifiers, used by Alembic.
revision = 'b8d4f0a2c6e3'
down_revision = 'a7c3e9f1b5d2'
branch_labels = None
depends_on = None


def upgrade():
    table = op.create_table(
        'data_revision',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('n', sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_data_revision')),
    )
    op.bulk_insert(table, [{'id': 1, 'n': secrets.randbelow(2**52) + 2**52}])


def downgrade():
    op.drop_table('data_revision')
