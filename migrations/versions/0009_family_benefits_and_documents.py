"""Family benefits and documents: claims, their history, exchange rates, and the documents
attached to claims and leave requests (the files themselves live in the document store)

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 01:05:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('benefit_claim',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('employee_id', sa.Integer(), nullable=False),
    sa.Column('programme_id', sa.String(length=60), nullable=False),
    sa.Column('journey_kind', sa.String(length=20), nullable=False),
    sa.Column('journey_label', sa.String(length=120), nullable=False),
    sa.Column('expense_kind', sa.String(length=40), nullable=False),
    sa.Column('amount_minor', sa.BigInteger(), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('expense_date', sa.Date(), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=24), nullable=False),
    sa.Column('approved_minor', sa.BigInteger(), nullable=True),
    sa.Column('approved_currency', sa.String(length=3), nullable=True),
    sa.Column('rate_used', sa.String(length=40), nullable=True),
    sa.Column('rate_date', sa.Date(), nullable=True),
    sa.Column('rate_source', sa.String(length=10), nullable=True),
    sa.Column('payment_reference', sa.String(length=120), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('paid_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['decided_by_id'], ['employee.id'], name=op.f('fk_benefit_claim_decided_by_id_employee')),
    sa.ForeignKeyConstraint(['employee_id'], ['employee.id'], name=op.f('fk_benefit_claim_employee_id_employee')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_benefit_claim'))
    )
    with op.batch_alter_table('benefit_claim', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_benefit_claim_employee_id'), ['employee_id'], unique=False)
        batch_op.create_index('ix_benefit_claim_person_programme', ['employee_id', 'programme_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_benefit_claim_programme_id'), ['programme_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_benefit_claim_status'), ['status'], unique=False)

    op.create_table('exchange_rate',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('per_euro', sa.String(length=40), nullable=False),
    sa.Column('source', sa.String(length=10), nullable=False),
    sa.Column('loaded_by_id', sa.Integer(), nullable=True),
    sa.Column('loaded_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['loaded_by_id'], ['employee.id'], name=op.f('fk_exchange_rate_loaded_by_id_employee')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_exchange_rate')),
    sa.UniqueConstraint('day', 'currency', name=op.f('uq_exchange_rate_day'))
    )
    op.create_table('claim_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('claim_id', sa.Integer(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['employee.id'], name=op.f('fk_claim_event_actor_id_employee')),
    sa.ForeignKeyConstraint(['claim_id'], ['benefit_claim.id'], name=op.f('fk_claim_event_claim_id_benefit_claim')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_claim_event'))
    )
    with op.batch_alter_table('claim_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_claim_event_claim_id'), ['claim_id'], unique=False)

    op.create_table('document',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('employee_id', sa.Integer(), nullable=False),
    sa.Column('leave_request_id', sa.Integer(), nullable=True),
    sa.Column('claim_id', sa.Integer(), nullable=True),
    sa.Column('storage_key', sa.String(length=64), nullable=False),
    sa.Column('original_name', sa.String(length=255), nullable=False),
    sa.Column('content_type', sa.String(length=40), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('released_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('purged_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['claim_id'], ['benefit_claim.id'], name=op.f('fk_document_claim_id_benefit_claim'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['employee_id'], ['employee.id'], name=op.f('fk_document_employee_id_employee')),
    sa.ForeignKeyConstraint(['leave_request_id'], ['leave_request.id'], name=op.f('fk_document_leave_request_id_leave_request'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['employee.id'], name=op.f('fk_document_uploaded_by_id_employee')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_document')),
    sa.UniqueConstraint('storage_key', name=op.f('uq_document_storage_key'))
    )
    with op.batch_alter_table('document', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_document_claim_id'), ['claim_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_document_employee_id'), ['employee_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_document_leave_request_id'), ['leave_request_id'], unique=False)



def downgrade():
    with op.batch_alter_table('document', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_document_leave_request_id'))
        batch_op.drop_index(batch_op.f('ix_document_employee_id'))
        batch_op.drop_index(batch_op.f('ix_document_claim_id'))

    op.drop_table('document')
    with op.batch_alter_table('claim_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_claim_event_claim_id'))

    op.drop_table('claim_event')
    op.drop_table('exchange_rate')
    with op.batch_alter_table('benefit_claim', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_benefit_claim_status'))
        batch_op.drop_index(batch_op.f('ix_benefit_claim_programme_id'))
        batch_op.drop_index('ix_benefit_claim_person_programme')
        batch_op.drop_index(batch_op.f('ix_benefit_claim_employee_id'))

    op.drop_table('benefit_claim')
