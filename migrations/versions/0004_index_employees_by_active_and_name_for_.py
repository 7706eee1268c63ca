"""Index employees by active and name for the organisation calendar

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 19:14:59.972998

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('employee', schema=None) as batch_op:
        batch_op.create_index('ix_employee_active_name', ['active', 'name'], unique=False)


def downgrade():
    with op.batch_alter_table('employee', schema=None) as batch_op:
        batch_op.drop_index('ix_employee_active_name')
