"""recruitment: an application's id (its 报名号) is never given again on SQLite (AUTOINCREMENT)

SQLite gives a table without AUTOINCREMENT max(rowid) + 1: after 改报 removed the newest application, the
next one took its number. PostgreSQL's sequences never go back, so only SQLite's table is rebuilt.

Revision ID: 9d4198c313e3
Revises: d4e6f8a0b2c4
Create Date: 2026-12-07 10:00:00

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = '9d4198c313e3'
down_revision = 'd4e6f8a0b2c4'
branch_labels = None
depends_on = None


def _rebuild(autoincrement: bool) -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    with op.batch_alter_table('application', recreate='always',
                              table_kwargs={'sqlite_autoincrement': autoincrement}):
        pass


def upgrade():
    _rebuild(True)


def downgrade():
    _rebuild(False)
