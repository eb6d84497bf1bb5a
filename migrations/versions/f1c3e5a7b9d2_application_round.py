"""recruitment: each application carries its vacancy's round, so a round's applications are one index range

Revision ID: f1c3e5a7b9d2
Revises: e8b2d4f6a0c1
Create Date: 2026-12-06 10:40:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'f1c3e5a7b9d2'
down_revision = 'e8b2d4f6a0c1'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('vacancy', schema=None) as batch_op:
        batch_op.create_unique_constraint('uq_vacancy_id_round', ['id', 'round_id'])
    with op.batch_alter_table('application', schema=None) as batch_op:
        batch_op.add_column(sa.Column('round_id', sa.Integer(), nullable=True))
    op.execute("UPDATE application SET round_id = (SELECT vacancy.round_id FROM vacancy WHERE vacancy.id = application.vacancy_id)")
    with op.batch_alter_table('application', schema=None) as batch_op:
        batch_op.alter_column('round_id', existing_type=sa.Integer(), nullable=False)
        batch_op.create_foreign_key(batch_op.f('fk_application_round_id_recruitment_round'), 'recruitment_round',
                                    ['round_id'], ['id'])
        batch_op.create_foreign_key('fk_application_vacancy_round', 'vacancy', ['vacancy_id', 'round_id'],
                                    ['id', 'round_id'])
        batch_op.create_index('ix_application_round_status', ['round_id', 'status', 'id'], unique=False)
        batch_op.create_index('ix_application_round_id', ['round_id', 'id'], unique=False)


def downgrade():
    with op.batch_alter_table('application', schema=None) as batch_op:
        batch_op.drop_index('ix_application_round_id')
        batch_op.drop_index('ix_application_round_status')
        batch_op.drop_constraint('fk_application_vacancy_round', type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_application_round_id_recruitment_round'), type_='foreignkey')
        batch_op.drop_column('round_id')
    with op.batch_alter_table('vacancy', schema=None) as batch_op:
        batch_op.drop_constraint('uq_vacancy_id_round', type_='unique')
