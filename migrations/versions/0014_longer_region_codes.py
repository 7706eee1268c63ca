"""Region codes of up to 40 characters: the holidays package spells a few with more than 10
("São Paulo Capital", "South Canterbury")

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02 05:10:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('location', schema=None) as batch_op:
        batch_op.alter_column('subdivision', existing_type=sa.String(length=10),
                              type_=sa.String(length=40), existing_nullable=True)


def downgrade():
    # Codes longer than 10 characters would not fit again: those regions are left empty.
    op.execute(sa.text("UPDATE location SET subdivision = NULL WHERE length(subdivision) > 10"))
    with op.batch_alter_table('location', schema=None) as batch_op:
        batch_op.alter_column('subdivision', existing_type=sa.String(length=40),
                              type_=sa.String(length=10), existing_nullable=True)
