"""Mail claimed once, feeds cached per change

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 22:45:38.072158

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('feed_cache',
    sa.Column('key', sa.String(length=100), nullable=False),
    sa.Column('scope', sa.String(length=80), nullable=False),
    sa.Column('window_start', sa.Date(), nullable=False),
    sa.Column('leave_version', sa.Integer(), nullable=False),
    sa.Column('etag', sa.String(length=64), nullable=False),
    sa.Column('body', sa.LargeBinary(), nullable=False),
    sa.Column('body_gzip', sa.LargeBinary(), nullable=False),
    sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('built_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_feed_cache'))
    )
    with op.batch_alter_table('feed_cache', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_feed_cache_scope'), ['scope'], unique=False)

    op.create_table('leave_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_leave_version'))
    )
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.add_column(sa.Column('failing_since', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('given_up_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('claimed_by', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('claimed_until', sa.DateTime(timezone=True), nullable=True))

    # Messages parked under the old "given up" sentinel date are given up now, and the failing
    # ones keep failing from when they were written.
    op.execute(
        "UPDATE outbox_message SET given_up_at = CURRENT_TIMESTAMP, failing_since = created_at, "
        "next_attempt_at = created_at WHERE sent_at IS NULL AND next_attempt_at >= '9999-01-01'"
    )
    op.execute(
        "UPDATE outbox_message SET failing_since = created_at "
        "WHERE sent_at IS NULL AND given_up_at IS NULL AND attempts > 0"
    )



def downgrade():
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.drop_column('claimed_until')
        batch_op.drop_column('claimed_by')
        batch_op.drop_column('given_up_at')
        batch_op.drop_column('failing_since')

    op.drop_table('leave_version')
    with op.batch_alter_table('feed_cache', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_feed_cache_scope'))

    op.drop_table('feed_cache')
