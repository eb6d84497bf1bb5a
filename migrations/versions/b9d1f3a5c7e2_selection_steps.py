"""recruitment: 体检 and 考察 per proposed hire, the round's settings for them (and its 合格分数线), the 公示
of a hire proposed after the round's 公示 began, and the day each 公示 was published

Rounds opened before: a 公开招聘 asks for both steps, a 内部竞聘 for neither (what a new round gets). A round
already in 公示 keeps its period; its publication day is taken as its first day (the notice's own date was
not kept). Hires proposed before now are on their round's 公示 (own_publicity false).

Revision ID: b9d1f3a5c7e2
Revises: d5a7c9e1f3b6
Create Date: 2026-12-10 12:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'b9d1f3a5c7e2'
down_revision = 'd5a7c9e1f3b6'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('recruitment_round', schema=None) as batch_op:
        batch_op.add_column(sa.Column('publicity_published_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('medical_check', sa.Boolean(), nullable=False, server_default=sa.true()))
        batch_op.add_column(sa.Column('inspection_check', sa.Boolean(), nullable=False, server_default=sa.true()))
        batch_op.add_column(sa.Column('score_floor', sa.Float(), nullable=True))
    with op.batch_alter_table('application', schema=None) as batch_op:
        batch_op.add_column(sa.Column('medical_result', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('medical_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('medical_reason', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('inspection_result', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('inspection_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('inspection_reason', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('own_publicity', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('publicity_start', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('publicity_end', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('publicity_published_on', sa.Date(), nullable=True))
    op.execute("UPDATE recruitment_round SET medical_check = false, inspection_check = false WHERE kind = 'internal'")
    op.execute("UPDATE recruitment_round SET publicity_published_on = publicity_start WHERE publicity_start IS NOT NULL")


def downgrade():
    with op.batch_alter_table('application', schema=None) as batch_op:
        for column in ('publicity_published_on', 'publicity_end', 'publicity_start', 'own_publicity',
                       'inspection_reason', 'inspection_on', 'inspection_result',
                       'medical_reason', 'medical_on', 'medical_result'):
            batch_op.drop_column(column)
    with op.batch_alter_table('recruitment_round', schema=None) as batch_op:
        for column in ('score_floor', 'inspection_check', 'medical_check', 'publicity_published_on'):
            batch_op.drop_column(column)
