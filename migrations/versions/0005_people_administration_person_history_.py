"""People administration: person history, account links, checked imports

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 21:18:38.717330

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('account_link',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('employee_id', sa.Integer(), nullable=False),
    sa.Column('purpose', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['employee_id'], ['employee.id'], name=op.f('fk_account_link_employee_id_employee'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_account_link'))
    )
    with op.batch_alter_table('account_link', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_account_link_employee_id'), ['employee_id'], unique=False)

    op.create_table('people_import',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['employee.id'], name=op.f('fk_people_import_actor_id_employee'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_people_import'))
    )
    op.create_table('person_change',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('employee_id', sa.Integer(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('source', sa.String(length=20), nullable=False),
    sa.Column('source_name', sa.String(length=200), nullable=False),
    sa.Column('field', sa.String(length=40), nullable=False),
    sa.Column('old_value', sa.Text(), nullable=False),
    sa.Column('new_value', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['employee.id'], name=op.f('fk_person_change_actor_id_employee')),
    sa.ForeignKeyConstraint(['employee_id'], ['employee.id'], name=op.f('fk_person_change_employee_id_employee'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_person_change'))
    )
    with op.batch_alter_table('person_change', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_person_change_employee_id'), ['employee_id'], unique=False)

    with op.batch_alter_table('employee', schema=None) as batch_op:
        batch_op.alter_column('password_hash',
               existing_type=sa.VARCHAR(length=255),
               nullable=True)



def downgrade():
    # People invited but not yet signed in have no password: an empty hash matches nothing.
    op.execute("UPDATE employee SET password_hash = '' WHERE password_hash IS NULL")
    with op.batch_alter_table('employee', schema=None) as batch_op:
        batch_op.alter_column('password_hash',
               existing_type=sa.VARCHAR(length=255),
               nullable=False)

    with op.batch_alter_table('person_change', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_person_change_employee_id'))

    op.drop_table('person_change')
    op.drop_table('people_import')
    with op.batch_alter_table('account_link', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_account_link_employee_id'))

    op.drop_table('account_link')
