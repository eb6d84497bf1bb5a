"""drop application_tally: applications are counted where they are, on the (vacancy_id, status) index

Revision ID: d6a8c0e2f4b6
Revises: c5f7a9b1d3e5
Create Date: 2026-12-08 09:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'd6a8c0e2f4b6'
down_revision = 'c5f7a9b1d3e5'
branch_labels = None
depends_on = None


def upgrade():
    op.drop_table('application_tally')


def downgrade():
    op.create_table(
        'application_tally',
        sa.Column('vacancy_id', sa.Integer(), nullable=False),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('n', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['vacancy_id'], ['vacancy.id'], name=op.f('fk_application_tally_vacancy_id_vacancy'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('vacancy_id', 'status', name=op.f('pk_application_tally')),
    )
    op.execute("INSERT INTO application_tally (vacancy_id, status, n) "
               "SELECT vacancy_id, status, count(*) FROM application GROUP BY vacancy_id, status")
