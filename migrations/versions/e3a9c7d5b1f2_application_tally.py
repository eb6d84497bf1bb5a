"""application_tally: applications per vacancy and review status, counted from what is there

Revision ID: e3a9c7d5b1f2
Revises: d7e1b5c9a2f4
Create Date: 2026-12-03 13:30:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = 'e3a9c7d5b1f2'
down_revision = 'd7e1b5c9a2f4'
branch_labels = None
depends_on = None


def upgrade():
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


def downgrade():
    op.drop_table('application_tally')
