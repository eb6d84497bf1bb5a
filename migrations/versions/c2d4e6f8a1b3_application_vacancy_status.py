"""application: index on (vacancy_id, status) for the per-vacancy counts

Revision ID: c2d4e6f8a1b3
Revises: 9f745f6f5ea3
Create Date: 2026-11-25 17:40:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'c2d4e6f8a1b3'
down_revision = '9f745f6f5ea3'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_application_vacancy_status', 'application', ['vacancy_id', 'status'], unique=False)


def downgrade():
    op.drop_index('ix_application_vacancy_status', table_name='application')
