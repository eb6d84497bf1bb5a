"""网上报名: applicant accounts, the portal HR opens for a round, 报名表 and their files

Revision ID: b8e1c4f7a2d9
Revises: a7c3e9b1d5f2
Create Date: 2026-12-23 09:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'b8e1c4f7a2d9'
down_revision = 'a7c3e9b1d5f2'
branch_labels = None
depends_on = None


def _fk(table, column, target):
    return sa.ForeignKeyConstraint([column], [f'{target}.id'], name=op.f(f'fk_{table}_{column}_{target}'))


def upgrade():
    op.create_table('applicant_account',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=True),
    sa.Column('locale', sa.String(length=10), nullable=True),
    sa.Column('confirmed_at', sa.DateTime(), nullable=True),
    sa.Column('consent_at', sa.DateTime(), nullable=False),
    sa.Column('consent_version', sa.String(length=20), nullable=False),
    sa.Column('session_token', sa.String(length=64), nullable=False),
    sa.Column('code_hash', sa.String(length=128), nullable=True),
    sa.Column('code_sent_at', sa.DateTime(), nullable=True),
    sa.Column('code_tries', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_applicant_account')),
    sa.UniqueConstraint('email', name=op.f('uq_applicant_account_email'))
    )
    op.create_table('portal_opening',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('opens_at', sa.DateTime(), nullable=False),
    sa.Column('closes_at', sa.DateTime(), nullable=False),
    sa.Column('notice', sa.Text(), nullable=False),
    sa.Column('published', sa.Boolean(), nullable=False),
    sa.Column('opened_by_id', sa.Integer(), nullable=True),
    sa.Column('opened_at', sa.DateTime(), nullable=False),
    _fk('portal_opening', 'round_id', 'recruitment_round'),
    _fk('portal_opening', 'opened_by_id', 'user'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_portal_opening')),
    sa.UniqueConstraint('round_id', name=op.f('uq_portal_opening_round_id'))
    )
    op.create_table('portal_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('vacancy_id', sa.Integer(), nullable=True),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=50), nullable=True),
    sa.Column('gender', sa.String(length=4), nullable=True),
    sa.Column('birth_date', sa.Date(), nullable=True),
    sa.Column('id_number', sa.String(length=18), nullable=True),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=True),
    sa.Column('submitted_at', sa.DateTime(), nullable=True),
    sa.Column('return_reason', sa.Text(), nullable=True),
    sa.Column('returned_at', sa.DateTime(), nullable=True),
    sa.Column('result', sa.String(length=20), nullable=True),
    sa.Column('result_reason', sa.Text(), nullable=True),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    _fk('portal_entry', 'account_id', 'applicant_account'),
    _fk('portal_entry', 'round_id', 'recruitment_round'),
    _fk('portal_entry', 'vacancy_id', 'vacancy'),
    _fk('portal_entry', 'application_id', 'application'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_portal_entry')),
    sa.UniqueConstraint('account_id', 'round_id', name='uq_portal_entry_account_round'),
    sa.UniqueConstraint('round_id', 'id_number', name='uq_portal_entry_round_id_number'),
    sa.UniqueConstraint('application_id', name=op.f('uq_portal_entry_application_id'))
    )
    with op.batch_alter_table('portal_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_portal_entry_account_id'), ['account_id'], unique=False)
    op.create_table('portal_file',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('stored_name', sa.String(length=64), nullable=False),
    sa.Column('media_type', sa.String(length=40), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=100), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    _fk('portal_file', 'entry_id', 'portal_entry'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_portal_file')),
    sa.UniqueConstraint('stored_name', name=op.f('uq_portal_file_stored_name'))
    )
    with op.batch_alter_table('portal_file', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_portal_file_entry_id'), ['entry_id'], unique=False)


def downgrade():
    with op.batch_alter_table('portal_file', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_portal_file_entry_id'))
    op.drop_table('portal_file')
    with op.batch_alter_table('portal_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_portal_entry_account_id'))
    op.drop_table('portal_entry')
    op.drop_table('portal_opening')
    op.drop_table('applicant_account')
