"""Leave requests, their details, plans, revisions, history and outbox

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 18:50:32.505710

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():

    op.create_table('outbox_message',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('recipient', sa.String(length=254), nullable=False),
    sa.Column('subject', sa.String(length=200), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox_message'))
    )
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outbox_message_sent_at'), ['sent_at'], unique=False)

    op.create_table('leave_request',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('employee_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=32), nullable=False),
    sa.Column('change_pending', sa.Boolean(), nullable=False),
    sa.Column('start', sa.Date(), nullable=False),
    sa.Column('end', sa.Date(), nullable=False),
    sa.Column('return_date', sa.Date(), nullable=False),
    sa.Column('policy_id', sa.String(length=60), nullable=False),
    sa.Column('submission_key', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['employee_id'], ['employee.id'], name=op.f('fk_leave_request_employee_id_employee')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_leave_request')),
    sa.UniqueConstraint('employee_id', 'submission_key', name=op.f('uq_leave_request_employee_id'))
    )
    with op.batch_alter_table('leave_request', schema=None) as batch_op:
        batch_op.create_index('ix_leave_request_dates', ['start', 'end'], unique=False)
        batch_op.create_index(batch_op.f('ix_leave_request_employee_id'), ['employee_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_leave_request_status'), ['status'], unique=False)

    op.create_table('plan_block',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('start', sa.Date(), nullable=False),
    sa.Column('end', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['request_id'], ['leave_request.id'], name=op.f('fk_plan_block_request_id_leave_request'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_block'))
    )
    with op.batch_alter_table('plan_block', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_block_request_id'), ['request_id'], unique=False)

    op.create_table('request_details',
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('event', sa.String(length=20), nullable=False),
    sa.Column('event_date', sa.Date(), nullable=False),
    sa.Column('expected_date', sa.Date(), nullable=True),
    sa.Column('event_has_happened', sa.Boolean(), nullable=False),
    sa.Column('nicu_days', sa.Integer(), nullable=False),
    sa.Column('gestation_weeks', sa.Integer(), nullable=True),
    sa.Column('babies', sa.Integer(), nullable=False),
    sa.Column('child_number', sa.Integer(), nullable=False),
    sa.Column('note_to_hr', sa.Text(), nullable=False),
    sa.Column('entitlement', sa.JSON(), nullable=False),
    sa.Column('extra_days', sa.Integer(), nullable=False),
    sa.Column('extra_days_reason', sa.Text(), nullable=False),
    sa.Column('extra_days_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['extra_days_by_id'], ['employee.id'], name=op.f('fk_request_details_extra_days_by_id_employee')),
    sa.ForeignKeyConstraint(['request_id'], ['leave_request.id'], name=op.f('fk_request_details_request_id_leave_request'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('request_id', name=op.f('pk_request_details'))
    )
    op.create_table('request_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('from_status', sa.String(length=32), nullable=True),
    sa.Column('to_status', sa.String(length=32), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['employee.id'], name=op.f('fk_request_event_actor_id_employee')),
    sa.ForeignKeyConstraint(['request_id'], ['leave_request.id'], name=op.f('fk_request_event_request_id_leave_request'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_request_event'))
    )
    with op.batch_alter_table('request_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_request_event_request_id'), ['request_id'], unique=False)

    op.create_table('request_revision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('case', sa.JSON(), nullable=False),
    sa.Column('entitlement', sa.JSON(), nullable=False),
    sa.Column('blocks', sa.JSON(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['employee.id'], name=op.f('fk_request_revision_created_by_id_employee')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['employee.id'], name=op.f('fk_request_revision_decided_by_id_employee')),
    sa.ForeignKeyConstraint(['request_id'], ['leave_request.id'], name=op.f('fk_request_revision_request_id_leave_request'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_request_revision'))
    )
    with op.batch_alter_table('request_revision', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_request_revision_request_id'), ['request_id'], unique=False)




def downgrade():

    with op.batch_alter_table('request_revision', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_request_revision_request_id'))

    op.drop_table('request_revision')
    with op.batch_alter_table('request_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_request_event_request_id'))

    op.drop_table('request_event')
    op.drop_table('request_details')
    with op.batch_alter_table('plan_block', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_block_request_id'))

    op.drop_table('plan_block')
    with op.batch_alter_table('leave_request', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_leave_request_status'))
        batch_op.drop_index(batch_op.f('ix_leave_request_employee_id'))
        batch_op.drop_index('ix_leave_request_dates')

    op.drop_table('leave_request')
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbox_message_sent_at'))

    op.drop_table('outbox_message')

