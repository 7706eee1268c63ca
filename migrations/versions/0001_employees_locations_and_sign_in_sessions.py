"""Employees, locations and sign-in sessions

Revision ID: 0001
Revises:
Create Date: 2026-11-25 18:31:43.518403

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    
    op.create_table('location',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('country', sa.String(length=2), nullable=False),
    sa.Column('subdivision', sa.String(length=10), nullable=True),
    sa.Column('timezone', sa.String(length=64), nullable=False),
    sa.Column('weekend_days', sa.String(length=7), nullable=False),
    sa.CheckConstraint('country = upper(country)', name=op.f('ck_location_country_upper')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_location')),
    sa.UniqueConstraint('name', name=op.f('uq_location_name'))
    )
    op.create_table('employee',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('is_hr', sa.Boolean(), nullable=False),
    sa.Column('manager_id', sa.Integer(), nullable=True),
    sa.Column('location_id', sa.Integer(), nullable=False),
    sa.Column('timezone', sa.String(length=64), nullable=False),
    sa.Column('hire_date', sa.Date(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('email = lower(email)', name=op.f('ck_employee_email_lower')),
    sa.ForeignKeyConstraint(['location_id'], ['location.id'], name=op.f('fk_employee_location_id_location')),
    sa.ForeignKeyConstraint(['manager_id'], ['employee.id'], name=op.f('fk_employee_manager_id_employee')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_employee')),
    sa.UniqueConstraint('email', name=op.f('uq_employee_email'))
    )
    with op.batch_alter_table('employee', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_employee_location_id'), ['location_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_employee_manager_id'), ['manager_id'], unique=False)

    op.create_table('auth_session',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('employee_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['employee_id'], ['employee.id'], name=op.f('fk_auth_session_employee_id_employee'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_auth_session'))
    )
    with op.batch_alter_table('auth_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_auth_session_employee_id'), ['employee_id'], unique=False)




def downgrade():
    
    with op.batch_alter_table('auth_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_auth_session_employee_id'))

    op.drop_table('auth_session')
    with op.batch_alter_table('employee', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_employee_manager_id'))
        batch_op.drop_index(batch_op.f('ix_employee_location_id'))

    op.drop_table('employee')
    op.drop_table('location')

