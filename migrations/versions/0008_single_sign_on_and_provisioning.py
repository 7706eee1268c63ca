"""Single sign-on and provisioning: integration tokens, the identity provider's names for a
person, "may use a password", and the default location for provisioned people

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 00:45:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('integration_token',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('digest', sa.String(length=64), nullable=False),
    sa.Column('scopes', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_used_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_integration_token')),
    sa.UniqueConstraint('digest', name=op.f('uq_integration_token_digest')),
    sa.UniqueConstraint('kind', 'name', name=op.f('uq_integration_token_kind'))
    )
    with op.batch_alter_table('employee', schema=None) as batch_op:
        batch_op.add_column(sa.Column('may_use_password', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('scim_user_name', sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column('scim_external_id', sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column('scim_address', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('location_to_check', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.create_unique_constraint(batch_op.f('uq_employee_scim_user_name'), ['scim_user_name'])
        batch_op.create_index(batch_op.f('ix_employee_location_to_check'), ['location_to_check'], unique=False)
    # userName is not case-exact in SCIM: one name whatever its case.
    op.create_index('uq_employee_scim_user_name_lower', 'employee', [sa.text('lower(scim_user_name)')], unique=True)

    with op.batch_alter_table('location', schema=None) as batch_op:
        batch_op.add_column(sa.Column('is_default', sa.Boolean(), server_default=sa.false(), nullable=False))



def downgrade():
    with op.batch_alter_table('location', schema=None) as batch_op:
        batch_op.drop_column('is_default')

    op.drop_index('uq_employee_scim_user_name_lower', table_name='employee')

    with op.batch_alter_table('employee', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_employee_location_to_check'))
        batch_op.drop_constraint(batch_op.f('uq_employee_scim_user_name'), type_='unique')
        batch_op.drop_column('location_to_check')
        batch_op.drop_column('scim_address')
        batch_op.drop_column('scim_external_id')
        batch_op.drop_column('scim_user_name')
        batch_op.drop_column('may_use_password')

    op.drop_table('integration_token')
