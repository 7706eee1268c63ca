"""Feed links kept as digests: the token in a feed link is stored only as its SHA-256

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 23:00:00

"""
import hashlib

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

employee = sa.table('employee', sa.column('id', sa.Integer), sa.column('feed_token', sa.String))


def upgrade():
    # Every existing link keeps working: its token is replaced by the token's digest.
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(employee.c.id, employee.c.feed_token).where(employee.c.feed_token.is_not(None))
    ).all()
    for person_id, token in rows:
        connection.execute(
            employee.update().where(employee.c.id == person_id)
            .values(feed_token=hashlib.sha256(token.encode()).hexdigest())
        )


def downgrade():
    # A digest cannot be turned back into a token: the links stop working, and people make new
    # ones on their Settings page.
    op.execute(employee.update().values(feed_token=None))
