"""posts: a post's category may be unknown (NULL), and so may a vacancy's 工勤 flag taken from it

Until now every imported post got 专业技术 (the column's default) whatever it was, and a vacancy took its
工勤 flag (which picks women's retirement age, 50 or 55) from that guess. Which stored values are guesses:

- posts are only created by an import, which wrote 'professional'; the category changes only when HR edits it
  (an import copies the previous version's). So a post whose versions are all 'professional' has never had its
  category set by anyone: its versions become NULL (unknown). A post with any other category in its history
  had its category chosen by HR, and every version keeps what it says, 'professional' included. (An HR officer
  who looked at a guessed 专业技术 and kept it cannot be told from one who never looked; asking again costs one
  edit, a wrong women's retirement age costs a wrong verdict.)
- a vacancy whose post version is now unknown gets worker_post NULL, so applications judged from now on
  send a woman's retirement verdict to HR instead of assuming 55; verdicts already stored are kept.

Downgrade writes the old default back ('professional', not 工勤).

Revision ID: a7c3e9b1d5f8
Revises: c4f6b8d0e2a5
Create Date: 2026-12-10 10:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'a7c3e9b1d5f8'
down_revision = 'c4f6b8d0e2a5'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('post_version', schema=None) as batch_op:
        batch_op.alter_column('category', existing_type=sa.String(length=20), nullable=True)
    with op.batch_alter_table('vacancy', schema=None) as batch_op:
        batch_op.alter_column('worker_post', existing_type=sa.Boolean(), nullable=True)
    op.execute(
        "UPDATE post_version SET category = NULL WHERE post_id NOT IN "
        "(SELECT post_id FROM post_version WHERE category <> 'professional')"
    )
    op.execute(
        "UPDATE vacancy SET worker_post = NULL WHERE post_version_id IN "
        "(SELECT id FROM post_version WHERE category IS NULL)"
    )


def downgrade():
    op.execute(sa.text("UPDATE vacancy SET worker_post = :no WHERE worker_post IS NULL").bindparams(no=False))
    op.execute("UPDATE post_version SET category = 'professional' WHERE category IS NULL")
    with op.batch_alter_table('vacancy', schema=None) as batch_op:
        batch_op.alter_column('worker_post', existing_type=sa.Boolean(), nullable=False)
    with op.batch_alter_table('post_version', schema=None) as batch_op:
        batch_op.alter_column('category', existing_type=sa.String(length=20), nullable=False)
