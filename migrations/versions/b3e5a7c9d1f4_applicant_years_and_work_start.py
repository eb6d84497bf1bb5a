"""recruitment: years of work in decimals (2年6个月 is 2.5) and the date work started (参加工作时间)

Revision ID: b3e5a7c9d1f4
Revises: a2d4f6b8c0e3
Create Date: 2026-12-06 11:10:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'b3e5a7c9d1f4'
down_revision = 'a2d4f6b8c0e3'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('applicant', schema=None) as batch_op:
        batch_op.alter_column('years_experience', existing_type=sa.Integer(), type_=sa.Float(),
                              existing_nullable=True, postgresql_using='years_experience::double precision')
        batch_op.add_column(sa.Column('work_start', sa.Date(), nullable=True))


def downgrade():
    with op.batch_alter_table('applicant', schema=None) as batch_op:
        batch_op.drop_column('work_start')
        batch_op.alter_column('years_experience', existing_type=sa.Float(), type_=sa.Integer(),
                              existing_nullable=True, postgresql_using='round(years_experience)::integer')
