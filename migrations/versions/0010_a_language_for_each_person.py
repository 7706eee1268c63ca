"""A language for each person: the Settings page's "Language" (none: the browser's)

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 01:35:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('employee', schema=None) as batch_op:
        batch_op.add_column(sa.Column('language', sa.String(length=8), nullable=True))



def downgrade():
    # SQLite drops a column by copying the table, and cannot copy an index on an expression:
    # the lower(userName) index is taken off first and put back after.
    op.drop_index('uq_employee_scim_user_name_lower', table_name='employee')
    with op.batch_alter_table('employee', schema=None) as batch_op:
        batch_op.drop_column('language')
    op.create_index(
        'uq_employee_scim_user_name_lower', 'employee', [sa.text('lower(scim_user_name)')],
        unique=True,
    )

