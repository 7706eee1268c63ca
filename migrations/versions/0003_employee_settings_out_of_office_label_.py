"""Employee settings: out-of-office label and calendar feed token

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 18:54:58.488777

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('employee', schema=None) as batch_op:
        batch_op.add_column(sa.Column('show_as_out_of_office', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('feed_token', sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_employee_feed_token'), ['feed_token'])


def downgrade():
    with op.batch_alter_table('employee', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_employee_feed_token'), type_='unique')
        batch_op.drop_column('feed_token')
        batch_op.drop_column('show_as_out_of_office')
