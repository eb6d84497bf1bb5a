"""recruitment: each vacancy's own 开考比例, the round's as its default

Vacancies opened before take their round's ratio, the one they were judged by until now.

Revision ID: c4e6a8b0d2f1
Revises: b9d1f3a5c7e2
Create Date: 2026-12-14 12:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'c4e6a8b0d2f1'
down_revision = 'b9d1f3a5c7e2'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('vacancy', schema=None) as batch_op:
        batch_op.add_column(sa.Column('exam_ratio', sa.Integer(), nullable=False, server_default='3'))
    op.execute("UPDATE vacancy SET exam_ratio = (SELECT recruitment_round.exam_ratio FROM recruitment_round"
               " WHERE recruitment_round.id = vacancy.round_id)")


def downgrade():
    with op.batch_alter_table('vacancy', schema=None) as batch_op:
        batch_op.drop_column('exam_ratio')
