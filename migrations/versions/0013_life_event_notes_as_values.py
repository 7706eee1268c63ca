"""What a life event did to a request, kept as a value on its history row and worded in the
reader's language where it is shown (notes written before stay as they were written)

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02 05:00:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('request_event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('note_data', sa.JSON(), nullable=True))


def downgrade():
    # Plain DROP COLUMN (SQLite has it since 3.35), as in 0012.
    op.drop_column('request_event', 'note_data')
